import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isOwnDemoOutput } from "../../src/cli/demo";
import { main } from "../../src/cli/main";
import { readXlsx, writeXlsx, type WriteValue } from "../../src/cli/xlsx";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "trendcast-cli-"));

/** Runs the CLI in-process, capturing stdout and stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  // The CLI writes strings; the test runner's own reports (binary) pass through, so no result is swallowed.
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === "string" ? ((out += s), true) : o(s, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === "string" ? ((err += s), true) : e(s, ...rest))) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const iso = (d: number) => new Date(d * 86400000).toISOString().slice(0, 10);
const DAY0 = Date.UTC(2024, 0, 1) / 86400000;

function longCsv(): string {
  const lines = ["series_id,date,value,promo"];
  for (const id of ["X1", "X2", "X3"]) {
    for (let t = 0; t < 84; t++) {
      const promo = t % 9 < 2 ? 1 : 0;
      const v = id === "X3" ? (t % 6 === 0 ? 2 : 0) : Math.round(([5, 5, 6, 7, 9, 12, 8][t % 7] + (id === "X2" ? 3 : 0)) * (promo ? 2 : 1));
      lines.push(`${id},${iso(DAY0 + t)},${v},${promo}`);
    }
  }
  return lines.join("\n") + "\n";
}

test("backtest writes the protocol's rows and prints the score table", async () => {
  const input = path.join(dir, "long.csv");
  const out = path.join(dir, "fc.csv");
  writeFileSync(input, longCsv());
  const r = await run("backtest", input, "--horizon", "7", "--windows", "3", "--model", "ets", "--out", out);
  assert.equal(r.code, 0, r.err);
  const lines = readFileSync(out, "utf8").trim().split("\n");
  assert.equal(lines[0], "series_id,cutoff,date,q0.1,q0.2,q0.3,q0.4,q0.5,q0.6,q0.7,q0.8,q0.9");
  assert.equal(lines.length, 1 + 3 * 3 * 7);
  // T = day 83; cutoffs 83 - 21, 83 - 14, 83 - 7
  assert.ok(lines[1].startsWith(`X1,${iso(DAY0 + 62)},${iso(DAY0 + 63)},`), lines[1]);
  assert.ok(lines[lines.length - 1].startsWith(`X3,${iso(DAY0 + 76)},${iso(DAY0 + 83)},`));
  assert.match(r.out, /\| ets +\| +0\.\d{4} \|/);
  const scorePy = path.resolve(ROOT, "..", "shared", "eval", "score.py");
  if (existsSync(scorePy) && spawnSync("python3", ["--version"]).status === 0) {
    const s = spawnSync("python3", [scorePy, "--truth", input, "--forecasts", out, "--h", "7", "--windows", "3", "--season", "7"], { encoding: "utf8" });
    assert.equal(s.status, 0, s.stdout + s.stderr);
  }
});

test("usage errors exit 2 with a message saying what to do", async () => {
  assert.equal((await run()).code, 2);
  const unknown = await run("fly");
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command "fly"/);
  const noHorizon = await run("backtest", "x.csv", "--windows", "2", "--out", "y.csv");
  assert.equal(noHorizon.code, 2);
  assert.match(noHorizon.err, /--horizon is required/);
  const badOpt = await run("forecast", "x.csv", "--horizn", "3");
  assert.equal(badOpt.code, 2);
  assert.match(badOpt.err, /Unknown option --horizn/);
  const badLevel = await run("forecast", "x.csv", "--level", "80");
  assert.equal(badLevel.code, 2);
  assert.match(badLevel.err, /--level 80 must be a number between 0 and 1/);
  const missing = await run("forecast", path.join(dir, "nope.xlsx"));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Cannot read/);
  assert.doesNotMatch(missing.err + badLevel.err, /\n\s+at /); // no stack trace
});

test("--help documents every command", async () => {
  for (const cmd of ["forecast", "backtest", "demo"]) {
    const r = await run(cmd, "--help");
    assert.equal(r.code, 0);
    assert.match(r.out, new RegExp(`Usage: trendcast ${cmd}`));
  }
  assert.match((await run("--help")).out, /Commands:/);
});

test("a bad long CSV is reported with its line", async () => {
  const input = path.join(dir, "bad.csv");
  writeFileSync(input, "series_id,date,value\nA,2024-01-01,1\nA,2024-01-02,abc\n");
  const r = await run("backtest", input, "--horizon", "1", "--windows", "1", "--out", path.join(dir, "o.csv"));
  assert.equal(r.code, 1);
  assert.match(r.err, /line 3: the value "abc" is not a number/);
});

test("forecast reads a workbook with a promotion plan and writes Forecast, Restock and Model sheets", async () => {
  const salesRows: WriteValue[][] = [["Date", "Apples", "Pears"]];
  const promoRows: WriteValue[][] = [["Date", "Apples", "Pears"]];
  const n = 140;
  const promo = (t: number) => (t % 10 < 2 ? 1 : 0);
  for (let t = 0; t < n; t++) {
    salesRows.push([new Date((DAY0 + t) * 86400000), Math.round([10, 10, 11, 12, 15, 20, 14][t % 7] * (promo(t) ? 2 : 1)), t % 5 === 0 ? 3 : 0]);
  }
  for (let t = 0; t < n + 14; t++) promoRows.push([new Date((DAY0 + t) * 86400000), promo(t), 0]);
  salesRows[19][1] = "oops"; // B20
  const input = path.join(dir, "shop.xlsx");
  writeFileSync(input, writeXlsx([{ name: "Sales", rows: salesRows }, { name: "Promotions", rows: promoRows }], { unmarked: true }));
  const out = path.join(dir, "shop-forecast.xlsx");
  const r = await run("forecast", input, "--horizon", "14", "--model", "ets", "--out", out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /B20/); // the text cell is reported with its address
  const res = readXlsx(readFileSync(out));
  const sheet = (name: string) => res.sheets.find((x) => x.name === name);
  const f = sheet("Forecast");
  assert.ok(f && sheet("Restock") && sheet("Model"));
  assert.equal(f.values.length, 1 + 2 * 14);
  assert.deepEqual(f.values[0].slice(0, 6), ["SKU", "Date", "Model", "P50", "Lower 80%", "Upper 80%"]);
  const p50 = (h: number) => Number(f.values[1 + h][3]);
  assert.equal(f.numberFormats[1][1], "yyyy-mm-dd");
  assert.equal(iso(Number(f.values[1][1]) - 25569), iso(DAY0 + n));
  // horizon step h is day n + h; promo days (t % 10 < 2) should be lifted about 2x versus the same weekday without
  const promoSteps = Array.from({ length: 14 }, (_, h) => h).filter((h) => promo(n + h) === 1);
  assert.ok(promoSteps.length > 0);
  for (const h of promoSteps) {
    const twin = h + 7 < 14 && promo(n + h + 7) === 0 ? h + 7 : h - 7;
    if (twin < 0 || twin >= 14 || promo(n + twin) === 1) continue;
    const ratio = p50(h) / p50(twin);
    assert.ok(ratio > 1.5 && ratio < 2.6, `promo step ${h}: ${p50(h)} vs ${p50(twin)}`);
  }
  assert.equal(sheet("Restock")?.values.length, 3);
  const csvOut = path.join(dir, "shop.csv");
  const c = await run("forecast", input, "--horizon", "7", "--model", "snaive", "--no-backtest", "--out", csvOut);
  assert.equal(c.code, 0, c.err);
  const csv = readFileSync(csvOut, "utf8").trim().split("\n");
  assert.equal(csv[0], "sku,date,model,p50,lower80,upper80,q0.1,q0.2,q0.3,q0.4,q0.5,q0.6,q0.7,q0.8,q0.9");
  assert.equal(csv.length, 1 + 2 * 7);
  for (const line of csv.slice(1)) assert.doesNotMatch(line, /NaN|undefined/);
});

test("demo forecasts the bundled sample workbook, reports its planted data problems and prints the backtest", async () => {
  const out = path.join(dir, "demo.xlsx");
  const r = await run("demo", "--model", "ets", "--out", out);
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(out));
  assert.match(r.err, /D120/); // the text cell
  assert.match(r.err, /H350/); // the #N/A cell
  assert.match(r.out, /Forecast 36 SKUs x 28 days with ets/);
  for (const m of ["classical", "ets", "croston", "snaive"]) assert.match(r.out, new RegExp(`\\| ${m} +\\| +0\\.\\d{4} \\|`));
  assert.equal(readXlsx(readFileSync(out)).sheets.find((x) => x.name === "Forecast")?.values.length, 1 + 36 * 28);
  assert.equal(isOwnDemoOutput(out), true); // so the next demo run may replace it
  const again = await run("demo", "--model", "snaive", "--out", path.join(dir, "nested", "folder", "demo.xlsx"));
  assert.equal(again.code, 0, again.err);
});
