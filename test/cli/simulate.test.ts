import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runSimulate } from "../../src/cli/simulate";

/** Runs the command with stdout and stderr captured. */
async function capture(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runSimulate(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Weekly long CSV: three generated series over 80 weeks, one with a promo flag. */
function writeSales(dir: string): string {
  const lines = ["series_id,date,value,promo"];
  const start = Date.UTC(2023, 0, 2);
  let seed = 3;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (const [id, mean] of [["A-1", 30], ["B,2", 8], ["C3", 1]] as const) {
    for (let w = 0; w < 80; w++) {
      const promo = id === "A-1" && w % 9 === 0 ? 1 : 0;
      const value = Math.floor(mean * (0.5 + rnd()) * (promo ? 2 : 1));
      const date = new Date(start + w * 7 * 86400000).toISOString().slice(0, 10);
      lines.push(`${id.includes(",") ? `"${id}"` : id},${date},${value},${promo}`);
    }
  }
  const file = path.join(dir, "sales.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

test("simulate --json prints one JSON object with the three policies, and the orders file balances", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trendcast-sim-"));
  try {
    const sales = writeSales(dir);
    const orders = path.join(dir, "orders.csv");
    const r = await capture([sales, "--periods", "12", "--lead-time", "2", "--review", "1", "--service-level", "0.9", "--model", "snaive", "--json", "--out", orders]);
    assert.equal(r.code, 0, r.stderr);
    const parsed = JSON.parse(r.stdout) as Record<string, Record<string, number>>;
    assert.equal(r.stdout.trim().split("\n").length, 1);
    assert.deepEqual(Object.keys(parsed).sort(), ["last_period", "snaive_normal", "trendcast"]);
    for (const m of Object.values(parsed)) {
      assert.deepEqual(Object.keys(m).sort(), ["avg_on_hand", "cycle_service_level", "fill_rate", "lost_units", "total_cost"]);
      for (const v of Object.values(m)) assert.ok(Number.isFinite(v));
    }
    const text = readFileSync(orders, "utf8").trim().split("\n");
    assert.equal(text[0], "series_id,date,policy,on_hand,order,received,demand,sold,lost");
    assert.equal(text.length, 1 + 12 * 3 * 3);
    const rows = text.slice(1).map((line) => {
      const quoted = line.startsWith('"');
      const id = quoted ? line.slice(1, line.indexOf('"', 1)) : line.slice(0, line.indexOf(","));
      const rest = line.slice(quoted ? line.indexOf('"', 1) + 2 : id.length + 1).split(",");
      return { id, date: rest[0], policy: rest[1], onHand: +rest[2], order: +rest[3], received: +rest[4], demand: +rest[5], sold: +rest[6], lost: +rest[7] };
    });
    assert.ok(rows.some((x) => x.id === "B,2"));
    const salesRows = readFileSync(sales, "utf8").trim().split("\n").slice(1);
    for (const policy of ["trendcast", "snaive_normal", "last_period"]) {
      let lost = 0;
      for (const id of ["A-1", "B,2", "C3"]) {
        const mine = rows.filter((x) => x.policy === policy && x.id === id);
        assert.equal(mine.length, 12);
        // Opening stock: the sales of the L + R = 3 weeks before the first replayed week (weeks 65..67).
        const history = salesRows.filter((l) => l.startsWith(id.includes(",") ? `"${id}"` : `${id},`)).map((l) => Number(l.split(",").at(-2)));
        const opening = history.slice(65, 68).reduce((a, b) => a + b, 0);
        const received = mine.reduce((a, x) => a + x.received, 0);
        const sold = mine.reduce((a, x) => a + x.sold, 0);
        assert.equal(opening + received - sold, mine[11].onHand, `${policy} ${id}`);
        mine.forEach((x, k) => assert.equal(x.demand, history[68 + k]));
        lost += mine.reduce((a, x) => a + x.lost, 0);
      }
      assert.equal(parsed[policy].lost_units, lost);
    }
    assert.equal(rows[0].date, new Date(Date.UTC(2023, 0, 2) + 68 * 7 * 86400000).toISOString().slice(0, 10));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("simulate reads an initial state and reports bad input with the file and line", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trendcast-sim-"));
  try {
    const sales = writeSales(dir);
    const state = path.join(dir, "state.csv");
    writeFileSync(state, 'series_id,on_hand,on_order_1,on_order_2\nA-1,5,0,40\n"B,2",0,3,\n');
    const orders = path.join(dir, "orders.csv");
    const ok = await capture([sales, "--periods", "6", "--lead-time", "1", "--review", "2", "--holding-cost", "0.1", "--shortage-cost", "2", "--model", "snaive", "--initial", state, "--out", orders]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /\| trendcast \| /);
    const rows = readFileSync(orders, "utf8").trim().split("\n").slice(1);
    const first = rows.find((l) => l.startsWith("A-1,") && l.includes(",trendcast,")) ?? "";
    const second = rows.filter((l) => l.startsWith("A-1,") && l.includes(",trendcast,"))[1] ?? "";
    assert.equal(Number(first.split(",")[5]), 0); // received in period 1: on_order_1 = 0
    // Period 2 receives on_order_2 = 40 plus the period-1 order (lead time 1).
    assert.equal(Number(second.split(",")[5]), 40 + Number(first.split(",")[4]));

    writeFileSync(state, "series_id,on_hand\nNOPE,3\n");
    const unknown = await capture([sales, "--periods", "6", "--lead-time", "1", "--model", "snaive", "--initial", state]);
    assert.equal(unknown.code, 1); // bad data in the state file: 1, as for every command
    assert.match(unknown.stderr, /state\.csv, line 2: series "NOPE" is not in the sales file/);

    writeFileSync(state, "series_id,on_hand\nA-1,-2\n");
    const negative = await capture([sales, "--periods", "6", "--lead-time", "1", "--model", "snaive", "--initial", state]);
    assert.match(negative.stderr, /line 2: on_hand "-2" must be a number of units, 0 or more/);

    const badLevel = await capture([sales, "--periods", "6", "--lead-time", "1", "--service-level", "1"]);
    assert.equal(badLevel.code, 2);
    assert.match(badLevel.stderr, /--service-level 1 must be a number between 0 and 1/);
    const both = await capture([sales, "--periods", "6", "--lead-time", "1", "--service-level", "0.9", "--holding-cost", "1", "--shortage-cost", "2"]);
    assert.match(both.stderr, /either --service-level or --holding-cost/);
    const tooMany = await capture([sales, "--periods", "200", "--lead-time", "1", "--model", "snaive"]);
    assert.match(tooMany.stderr, /has 80 periods: too few to replay 200 periods/);
    const fractional = await capture([sales, "--periods", "6", "--lead-time", "1.5"]);
    assert.match(fractional.stderr, /--lead-time must be a whole number >= 0/);
    assert.ok(![unknown, negative, badLevel, both, tooMany, fractional].some((r) => /NaN|at .*\.ts:\d+/.test(r.stderr)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
