// Issue 10 §3/§4: malformed CSV rows are named; numeric options have bounds; exit codes are the same for every
// command and documented; simulate says when it falls back and what it does with negative sales; progress.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { progressBar } from "../../src/cli/format";
import { runSimulate } from "../../src/cli/simulate";
import { longCsv, runCli, wideCsv } from "./helpers";

const dir = mkdtempSync(path.join(tmpdir(), "trendcast-usage-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("a CSV with more fields in some rows than in the header names those rows and their field counts", async () => {
  const file = path.join(dir, "ragged.csv");
  const lines = wideCsv(["Apples", "Pears"]).trim().split("\n");
  lines[3] = lines[3] + ",7"; // row 4: 4 fields
  lines[6] = lines[6].replace(/^(\S+?),/, '$1,"Big, red",') + ",1"; // row 7: a quoted comma is fine, the extra fields are not
  lines[9] = lines[9] + ",,"; // trailing empty fields do not count
  writeFileSync(file, lines.join("\n") + "\n");
  const r = await runCli(["forecast", file, "--model", "snaive", "--out", path.join(dir, "r.xlsx")]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /ragged\.csv: 2 row\(s\) have more fields than the header \(row 1, 3 fields\): row 4 has 4, row 7 has 5\./);
  assert.match(r.err, /unquoted|double quotes/);
  assert.doesNotMatch(r.err, /no column holds dates/);
});

test("numeric options have bounds with clear messages, and a horizon too big for a sheet is refused before the run", async () => {
  const long = path.join(dir, "long.csv");
  writeFileSync(long, longCsv(["A", "B"]));
  const cases: [string[], RegExp][] = [
    [["forecast", long, "--horizon", "100000000"], /--horizon 100000000 is too large: at most 1000/],
    [["forecast", long, "--horizon", "0"], /--horizon must be a whole number >= 1/],
    [["forecast", long, "--horizon", ""], /--horizon must be a whole number/],
    [["forecast", long, "--level", "NaN"], /--level NaN must be a number between 0 and 1/],
    [["backtest", long, "--horizon", "7", "--windows", "5000", "--out", path.join(dir, "x.csv")], /--windows 5000 is too large: at most 1000/],
    [["backtest", long, "--horizon", "7", "--windows", "1", "--quantiles", "0.1,,0.9", "--out", path.join(dir, "x.csv")], /--quantiles must be levels between 0 and 1/],
    [["simulate", long, "--periods", "1e9", "--lead-time", "1"], /--periods 1e9 is too large: at most 100000/],
    [["simulate", long, "--periods", "7", "--lead-time", "-1"], /--lead-time must be a whole number >= 0/],
    [["simulate", long, "--periods", "7", "--lead-time", "1", "--holding-cost", "Infinity", "--shortage-cost", "1"], /--holding-cost Infinity must be a number from 0 to 1000000000/],
  ];
  for (const [argv, message] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 2, `${argv.join(" ")}: ${r.err}`);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  // 1100 SKUs x 1000 periods is more rows than an Excel sheet holds: refused after reading, before forecasting.
  const many = path.join(dir, "many.csv");
  writeFileSync(many, wideCsv(Array.from({ length: 1100 }, (_, i) => `S${i}`), 30));
  const big = await runCli(["forecast", many, "--horizon", "1000", "--model", "snaive", "--out", path.join(dir, "many.xlsx")]);
  assert.equal(big.code, 2, big.err);
  assert.match(big.err, /1100 SKUs x 1000 periods = 1100000 forecast rows do not fit on one Excel sheet/);
});

test("exit codes are 0 done, 1 bad data, 2 bad usage for every command, and --help says so", async () => {
  const bad = path.join(dir, "bad.csv");
  writeFileSync(bad, "series_id,date,value\nA,2024-01-01,1\nA,2024-01-02,abc\n");
  const out = (n: string) => path.join(dir, n);
  assert.equal((await runCli(["backtest", bad, "--horizon", "1", "--windows", "1", "--out", out("b1.csv")])).code, 1);
  const sim = await runCli(["simulate", bad, "--periods", "1", "--lead-time", "1"]);
  assert.equal(sim.code, 1, sim.err); // was 2 for bad data before
  assert.equal((await runCli(["forecast", path.join(dir, "missing.csv")])).code, 2);
  assert.equal((await runCli(["simulate", path.join(dir, "missing.csv"), "--periods", "1", "--lead-time", "1"])).code, 2);
  assert.equal((await runCli(["simulate", bad, "--periods", "1", "--lead-time", "1", "--bogus", "1"])).code, 2);
  for (const cmd of ["forecast", "backtest", "simulate", "demo"]) {
    const h = await runCli([cmd, "--help"]);
    assert.equal(h.code, 0);
    assert.match(h.out, /Exit codes \(the same for every command\):\n\s+0\s+done\n\s+1\s+bad data.*\n\s+2\s+bad usage/, cmd);
    if (cmd !== "demo") assert.match(h.out, /--force/, cmd);
  }
  assert.match((await runCli(["--help"])).out, /no command ever writes over one of its input files[\s\S]*Exit codes/);
});

test("simulate says when it reads a file with the general reader, and counts negative sales as 0 with a warning", async () => {
  const io = () => {
    const o = { out: "", err: "" };
    return { o, io: { stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) } };
  };
  const wide = path.join(dir, "wide-sim.csv");
  writeFileSync(wide, wideCsv(["Apples", "Pears"]));
  const a = io();
  assert.equal(await runSimulate([wide, "--periods", "7", "--lead-time", "1", "--model", "snaive"], a.io), 0, a.o.err);
  assert.match(a.o.err, /note: .*wide-sim\.csv is not a strict long CSV series_id,date,value \(line 1: the header must name/);
  assert.match(a.o.err, /read it with the general reader instead: wide layout, 2 series, daily/);

  const neg = path.join(dir, "neg.csv");
  writeFileSync(neg, longCsv(["A", "B"], 84, (k, t) => (k === 0 && t % 10 === 3 ? -2 : 5 + (t % 7))));
  const orders = path.join(dir, "neg-orders.csv");
  const b = io();
  assert.equal(await runSimulate([neg, "--periods", "14", "--lead-time", "1", "--model", "snaive", "--out", orders], b.io), 0, b.o.err);
  assert.match(b.o.err, /warning: .*neg\.csv has 9 negative sales value\(s\) \(returns\?\) in 1 series: A \(9, first on 2024-01-04\)\. Counted as 0 demand/);
  const rows = readFileSync(orders, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  assert.ok(rows.length > 0);
  for (const r of rows) for (const k of [6, 7]) assert.ok(Number(r[k]) >= 0, `negative demand or sold: ${r.join(",")}`);
});

test("the progress line shows what is done, time spent and time left, on a terminal only", async () => {
  let clock = 0;
  let text = "";
  const tty = { isTTY: true, columns: 200, write: (s: string) => void (text += s) };
  const bar = progressBar("forecast", tty, () => clock);
  bar.update(0, "ets 1/10000 SKUs");
  clock = 30_000;
  bar.update(0.25, "ets 2500/10000 SKUs");
  clock = 60_000;
  bar.update(0.5, "ets 5000/10000 SKUs");
  bar.done();
  assert.match(text, /\rforecast \[#{6}-{18}\] {2}25% ets 2500\/10000 SKUs \(30 s, about 1 min 30 s left\)/);
  assert.match(text, /\rforecast \[#{12}-{12}\] {2}50% ets 5000\/10000 SKUs \(1 min 00 s, about 1 min 00 s left\)/);
  assert.ok(text.endsWith("\n"));
  let piped = "";
  const quiet = progressBar("forecast", { isTTY: false, write: (s: string) => void (piped += s) }, () => clock);
  quiet.update(0.5, "x");
  quiet.done();
  assert.equal(piped, "");
  // End to end on a (pretend) terminal: the forecast and its backtest both show progress.
  const long = path.join(dir, "progress.csv");
  writeFileSync(long, longCsv(Array.from({ length: 20 }, (_, i) => `P${i}`), 120));
  const r = await runCli(["forecast", long, "--model", "ets", "--horizon", "14", "--out", path.join(dir, "progress.xlsx")], { tty: true });
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /\rforecast \[[#-]+\] +\d+% ets \d+\/20 SKUs \(\d+ s/);
  assert.match(r.err, /\rbacktest \[[#-]+\] +\d+% ets window 1\/1/);
  const piped2 = await runCli(["forecast", long, "--model", "ets", "--horizon", "14", "--out", path.join(dir, "progress2.xlsx")], { tty: false });
  assert.doesNotMatch(piped2.err, /\r/);
});
