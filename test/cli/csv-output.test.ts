// Issue 10 §3: CSV outputs neutralise text that a spreadsheet would run as a formula; numbers stay numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv } from "../../src/engine/ingest/csv";
import { csvNumber, csvText, looksLikeFormula } from "../../src/cli/csv-out";
import { longCsv, runCli, wideCsv } from "./helpers";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "trendcast-csv-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const EVIL = ['=HYPERLINK("http://example.invalid","click")', "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "line\rbreak"];

test("csvText neutralises formula starts, quotes separators and CR, and leaves plain text and numbers alone", () => {
  assert.equal(csvText('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvText("+A"), `"'+A"`);
  assert.equal(csvText("-A"), `"'-A"`);
  assert.equal(csvText("@A"), `"'@A"`);
  assert.equal(csvText("\tA"), `"'\tA"`);
  assert.equal(csvText("\rA"), `"'\rA"`);
  assert.equal(csvText("a\rb"), `"a\rb"`);
  assert.equal(csvText("a,b"), `"a,b"`);
  assert.equal(csvText("SKU-001"), "SKU-001");
  assert.equal(csvText("-5"), "-5"); // a plain number is read as that number: nothing runs
  assert.equal(looksLikeFormula("-1.5e3"), false);
  assert.equal(looksLikeFormula("-1+2"), true);
  assert.equal(csvNumber(-2.5), "-2.5"); // numeric columns keep their sign
  assert.equal(csvNumber(Number.NaN), "");
});

function assertSafe(file: string, idColumn: number): string[] {
  const rows = parseCsv(readFileSync(file, "utf8"), ",").slice(1);
  assert.ok(rows.length > 0);
  const ids = new Set<string>();
  for (const row of rows) {
    ids.add(row[idColumn]);
    for (const cell of row) assert.ok(!looksLikeFormula(cell), `${path.basename(file)}: ${JSON.stringify(cell)}`);
    for (const cell of row.slice(3)) assert.ok(cell === "" || Number.isFinite(Number(cell)), `not a number: ${cell}`);
  }
  return [...ids];
}

test("forecast, backtest and simulate CSVs neutralise SKU names; normal ids and numbers are unchanged", async () => {
  const names = [...EVIL, "SKU-001", "-7"];
  const wide = path.join(dir, "wide.csv");
  writeFileSync(wide, wideCsv(names));
  const f = await runCli(["forecast", wide, "--model", "snaive", "--no-backtest", "--horizon", "7", "--out", path.join(dir, "f.csv")]);
  assert.equal(f.code, 0, f.err);
  const fIds = assertSafe(path.join(dir, "f.csv"), 0);
  assert.ok(fIds.includes("SKU-001") && fIds.includes("-7") && fIds.includes(`'${EVIL[0]}`), fIds.join(" | "));

  const long = path.join(dir, "long.csv");
  writeFileSync(long, longCsv([...names, "X1"]));
  const b = await runCli(["backtest", long, "--horizon", "7", "--windows", "2", "--model", "snaive", "--out", path.join(dir, "b.csv")]);
  assert.equal(b.code, 0, b.err);
  const bIds = assertSafe(path.join(dir, "b.csv"), 0);
  assert.ok(bIds.includes("X1") && bIds.includes("SKU-001") && bIds.includes("'@SUM(A1)"), bIds.join(" | "));

  const s = await runCli(["simulate", long, "--periods", "7", "--lead-time", "1", "--model", "snaive", "--out", path.join(dir, "s.csv")]);
  assert.equal(s.code, 0, s.err);
  const sIds = assertSafe(path.join(dir, "s.csv"), 0);
  assert.ok(sIds.includes("X1") && sIds.includes("'+1+2"), sIds.join(" | "));
});

test("the backtest CSV of normal ids is still scored by shared/eval/score.py", async (t) => {
  const scorePy = path.resolve(ROOT, "..", "shared", "eval", "score.py");
  if (!existsSync(scorePy) || spawnSync("python3", ["--version"]).status !== 0) {
    t.skip("shared/eval/score.py or python3 not here");
    return;
  }
  const long = path.join(dir, "plain.csv");
  writeFileSync(long, longCsv(["A-1", "B_2", "C3"]));
  const out = path.join(dir, "plain-fc.csv");
  const b = await runCli(["backtest", long, "--horizon", "7", "--windows", "2", "--model", "snaive", "--out", out]);
  assert.equal(b.code, 0, b.err);
  const s = spawnSync("python3", [scorePy, "--truth", long, "--forecasts", out, "--h", "7", "--windows", "2", "--season", "7"], { encoding: "utf8" });
  assert.equal(s.status, 0, s.stdout + s.stderr);
});
