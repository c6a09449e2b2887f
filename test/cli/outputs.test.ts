// Issue 10 §4: the CLI never writes over its input, replaces an existing output only with --force, checks the
// output folder before the long run, and writes through a temporary file and a rename.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isOwnDemoOutput } from "../../src/cli/demo";
import { prepareOutput, writeOutput } from "../../src/cli/output";
import { writeXlsx } from "../../src/cli/xlsx";
import { longCsv, runCli, wideCsv } from "./helpers";

const dir = mkdtempSync(path.join(tmpdir(), "trendcast-out-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = (folder: string) => readdirSync(folder).filter((n) => n.endsWith(".tmp"));

test("forecast, backtest and simulate refuse an output that is their input, however the path is spelled", async () => {
  const sales = path.join(dir, "sales.csv");
  const text = longCsv(["A", "B"]);
  writeFileSync(sales, text);
  mkdirSync(path.join(dir, "sub"), { recursive: true });
  symlinkSync(sales, path.join(dir, "link.csv"));
  const spellings = [sales, path.join(dir, "sub", "..", "sales.csv"), path.join(dir, "link.csv")];
  for (const out of spellings) {
    for (const force of [[], ["--force"]]) {
      const f = await runCli(["forecast", sales, "--model", "snaive", "--no-backtest", "--out", out, ...force]);
      assert.equal(f.code, 2, f.err);
      assert.match(f.err, /is the input file .*never writes over its input/);
    }
  }
  const b = await runCli(["backtest", sales, "--horizon", "7", "--windows", "1", "--model", "snaive", "--out", spellings[1], "--force"]);
  assert.equal(b.code, 2);
  assert.match(b.err, /is the input file/);
  const s = await runCli(["simulate", sales, "--periods", "7", "--lead-time", "1", "--model", "snaive", "--out", spellings[2], "--force"]);
  assert.equal(s.code, 2);
  assert.match(s.err, /is the input file/);
  const state = path.join(dir, "state.csv");
  writeFileSync(state, "series_id,on_hand\nA,3\n");
  const s2 = await runCli(["simulate", sales, "--periods", "7", "--lead-time", "1", "--model", "snaive", "--initial", state, "--out", state]);
  assert.equal(s2.code, 2);
  assert.match(s2.err, /is the input file .*state\.csv/);
  assert.equal(readFileSync(sales, "utf8"), text);
  assert.equal(readFileSync(state, "utf8"), "series_id,on_hand\nA,3\n");
});

test("an existing output is replaced only with --force, and whole", async () => {
  const sales = path.join(dir, "wide.csv");
  writeFileSync(sales, wideCsv(["Apples", "Pears"]));
  const folder = path.join(dir, "force");
  mkdirSync(folder);
  for (const [cmd, extra] of [
    ["forecast", ["--model", "snaive", "--no-backtest"]],
    ["backtest", ["--horizon", "7", "--windows", "1", "--model", "snaive"]],
    ["simulate", ["--periods", "7", "--lead-time", "1", "--model", "snaive"]],
  ] as const) {
    const input = cmd === "forecast" ? sales : path.join(dir, "sales-long.csv");
    writeFileSync(path.join(dir, "sales-long.csv"), longCsv(["A", "B"]));
    const out = path.join(folder, `${cmd}.csv`);
    writeFileSync(out, "my own notes\n");
    const refused = await runCli([cmd, input, ...extra, "--out", out]);
    assert.equal(refused.code, 2, `${cmd}: ${refused.err}`);
    assert.match(refused.err, /already exists\. Add --force to replace it/);
    assert.equal(readFileSync(out, "utf8"), "my own notes\n");
    const forced = await runCli([cmd, input, ...extra, "--out", out, "--force"]);
    assert.equal(forced.code, 0, `${cmd}: ${forced.err}`);
    assert.notEqual(readFileSync(out, "utf8"), "my own notes\n");
    assert.deepEqual(leftovers(folder), []);
  }
});

test("an output folder that cannot be written is reported before the input is even read", async () => {
  const sales = path.join(dir, "problem.csv");
  // A text cell in the numbers: ingest would report it on stderr if the run got that far.
  writeFileSync(sales, wideCsv(["Apples"]).replace(/\n(2024-01-05),\d+/, "\n$1,oops"));
  const notAFolder = path.join(dir, "plain-file");
  writeFileSync(notAFolder, "x");
  const r = await runCli(["forecast", sales, "--model", "snaive", "--out", path.join(notAFolder, "sub", "f.xlsx")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Cannot make the output folder .* \(ENOTDIR\)/);
  assert.doesNotMatch(r.err, /oops|data problem/);
  assert.equal(r.out, "");
  // A missing input is reported before any output folder is made.
  const fresh = path.join(dir, "never-made");
  for (const cmd of [["forecast"], ["backtest", "--horizon", "7", "--windows", "1"], ["simulate", "--periods", "7", "--lead-time", "1"]]) {
    const m = await runCli([cmd[0], path.join(dir, "missing.csv"), ...cmd.slice(1), "--out", path.join(fresh, "x.csv")]);
    assert.equal(m.code, 2);
    assert.match(m.err, /Cannot read .*missing\.csv/);
    assert.equal(existsSync(fresh), false);
  }
  const b = await runCli(["backtest", sales, "--horizon", "7", "--windows", "1", "--out", path.join(notAFolder, "b.csv")]);
  assert.equal(b.code, 2);
  assert.match(b.err, /Cannot (make|write to) the output folder/);
});

test("writing goes through a temporary file: nothing half-written, and a file that appeared meanwhile is kept", () => {
  const folder = path.join(dir, "atomic");
  mkdirSync(folder);
  const out = path.join(folder, "result.csv");
  const target = prepareOutput(out, { inputs: [], force: false });
  writeFileSync(out, "someone else's file\n"); // appears while the long run goes on
  assert.throws(() => writeOutput(target, "ours\n"), /appeared while Trendcast was working/);
  assert.equal(readFileSync(out, "utf8"), "someone else's file\n");
  assert.deepEqual(leftovers(folder), []);
  const forced = prepareOutput(out, { inputs: [], force: true });
  writeOutput(forced, "ours\n");
  assert.equal(readFileSync(out, "utf8"), "ours\n");
  // The folder vanishes before the write: an error, no file, no temporary file.
  const gone = path.join(dir, "gone");
  mkdirSync(gone);
  const t2 = prepareOutput(path.join(gone, "x.csv"), { inputs: [], force: false });
  rmSync(gone, { recursive: true });
  assert.throws(() => writeOutput(t2, "data"), /Cannot write .*x\.csv \(ENOENT\)/);
});

test("demo replaces only its own earlier output; a user's workbook at --out needs --force", async () => {
  const own = path.join(dir, "own.xlsx");
  writeFileSync(own, writeXlsx([{ name: "Forecast", rows: [["x"]] }], { kind: "demo" }));
  assert.equal(isOwnDemoOutput(own), true);
  assert.equal(prepareOutput(own, { inputs: [], force: false, mayReplace: isOwnDemoOutput }).replace, true);
  const user = path.join(dir, "user.xlsx");
  writeFileSync(user, writeXlsx([{ name: "Mine", rows: [["budget"]] }], { unmarked: true, creator: "Jo" }));
  assert.equal(isOwnDemoOutput(user), false);
  const forecastOut = path.join(dir, "forecast-out.xlsx");
  writeFileSync(forecastOut, writeXlsx([{ name: "Forecast", rows: [["x"]] }], { kind: "forecast" }));
  assert.equal(isOwnDemoOutput(forecastOut), false); // a forecast the user asked for is not demo's to replace
  const notXlsx = path.join(dir, "notes.xlsx");
  writeFileSync(notXlsx, "plain text");
  assert.equal(isOwnDemoOutput(notXlsx), false);
  const before = readFileSync(user);
  const r = await runCli(["demo", "--model", "snaive", "--out", user]);
  assert.equal(r.code, 2);
  assert.match(r.err, /user\.xlsx already exists\. Add --force/);
  assert.deepEqual(readFileSync(user), before);
  const csv = await runCli(["demo", "--out", path.join(dir, "demo.csv")]);
  assert.equal(csv.code, 2);
  assert.match(csv.err, /--out must end in \.xlsx/);
});
