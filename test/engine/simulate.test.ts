import { test } from "node:test";
import assert from "node:assert/strict";
import type { PanelModel } from "../../src/engine/forecast/panel-model";
import { simulateReplenishment, snaiveNormalLevel, type SimulationPolicyName } from "../../src/engine/restock/simulate";
import { TrendcastError, type QuantileForecast, type SalesPanel } from "../../src/engine/types";

/** Empirical quantiles of the last 28 periods before the cutoff, the same at every step (a small honest model). */
const recentQuantiles: PanelModel = {
  name: "recent-quantiles",
  async forecast(panel, request) {
    const forecasts: QuantileForecast[] = panel.series.map((s) => {
      const from = Math.max(s.start, request.cutoff - 27);
      const recent = s.values.slice(from, request.cutoff + 1).slice().sort((a, b) => a - b);
      const at = (p: number) => (recent.length === 0 ? 0 : recent[Math.min(recent.length - 1, Math.floor(p * recent.length))]);
      return { quantiles: [...request.quantiles], values: request.quantiles.map((p) => new Array<number>(request.horizon).fill(at(p))) };
    });
    return { forecasts, chosen: forecasts.map(() => "recent-quantiles") };
  },
};

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function panelOf(series: { id: string; values: number[] }[]): SalesPanel {
  const n = series[0].values.length;
  return {
    layout: "long",
    frequency: "daily",
    timeline: Array.from({ length: n }, (_, i) => 19000 + i),
    series: series.map((s) => ({ ...s, start: 0, covariates: {} })),
    covariateNames: [],
    issues: [],
  };
}

/** Generated sales: a steady item, a weekly-seasonal item and an intermittent one. */
function generated(): SalesPanel {
  const rnd = lcg(11);
  const n = 160;
  const steady = Array.from({ length: n }, () => 8 + Math.floor(rnd() * 5));
  const seasonal = Array.from({ length: n }, (_, i) => (i % 7 === 5 ? 20 : 6) + Math.floor(rnd() * 4));
  const sparse = Array.from({ length: n }, () => (rnd() < 0.2 ? 1 + Math.floor(rnd() * 3) : 0));
  return panelOf([
    { id: "steady", values: steady },
    { id: "seasonal", values: seasonal },
    { id: "sparse", values: sparse },
  ]);
}

test("constant demand, perfect forecast: the trendcast policy runs the stock down to zero and never loses a sale", async () => {
  const panel = panelOf([{ id: "flat", values: new Array<number>(40).fill(5) }]);
  const r = await simulateReplenishment(panel, { periods: 10, leadTime: 2, reviewPeriod: 1, serviceLevel: 0.95, model: recentQuantiles });
  const tc = r.metrics.trendcast;
  const lp = r.metrics.last_period;
  assert.ok(tc && lp && r.metrics.snaive_normal);
  // Start 15 (three periods of sales); closing stock 10, 5, then 0 for the rest: average 1.5.
  assert.deepEqual(r.rows.filter((x) => x.policy === "trendcast").map((x) => x.on_hand), [10, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(r.rows.filter((x) => x.policy === "trendcast").map((x) => x.order), [0, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
  assert.equal(tc.avg_on_hand, 1.5);
  assert.equal(tc.fill_rate, 1);
  assert.equal(tc.cycle_service_level, 1);
  assert.equal(tc.lost_units, 0);
  // Holding 0.2 per unit-period (default): 0.2 * 15.
  assert.equal(tc.total_cost, 3);
  // Ordering what sold keeps the starting surplus forever: closing stock 10, 5, 5, 5, ...
  assert.deepEqual(r.rows.filter((x) => x.policy === "last_period").map((x) => x.on_hand), [10, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
  assert.equal(lp.avg_on_hand, 5.5);
  assert.deepEqual(r.metrics.snaive_normal, tc);
});

test("a timeline that runs on with planned covariates: the replay ends with the last sales", async () => {
  const panel = panelOf([{ id: "flat", values: new Array<number>(40).fill(5) }]);
  panel.timeline.push(19040, 19041, 19042);
  panel.series[0].covariates = { promo: new Array<number>(43).fill(0) };
  const r = await simulateReplenishment(panel, { periods: 10, leadTime: 2, reviewPeriod: 1, model: recentQuantiles });
  assert.equal(r.last, 39);
  assert.equal(r.rows[r.rows.length - 1].date, 19039);
  assert.equal(r.metrics.trendcast?.lost_units, 0);
  assert.equal(r.metrics.trendcast?.fill_rate, 1);
});

test("every policy's books balance: opening + received - sold = closing, and the scores add up from the rows", async () => {
  const panel = generated();
  const r = await simulateReplenishment(panel, { periods: 40, leadTime: 2, reviewPeriod: 2, serviceLevel: 0.9, model: recentQuantiles, samples: 400 });
  assert.deepEqual(Object.keys(r.metrics).sort(), ["last_period", "snaive_normal", "trendcast"]);
  for (const policy of ["trendcast", "snaive_normal", "last_period"] as SimulationPolicyName[]) {
    const m = r.metrics[policy];
    assert.ok(m);
    assert.deepEqual(Object.keys(m).sort(), ["avg_on_hand", "cycle_service_level", "fill_rate", "lost_units", "total_cost"]);
    const rows = r.rows.filter((x) => x.policy === policy);
    assert.equal(rows.length, 40 * 3);
    let demand = 0;
    let sold = 0;
    let lost = 0;
    let held = 0;
    panel.series.forEach((s, i) => {
      const mine = rows.filter((x) => x.series_id === s.id);
      const received = mine.reduce((a, x) => a + x.received, 0);
      const soldHere = mine.reduce((a, x) => a + x.sold, 0);
      const opening = (r.opening[policy] ?? [])[i];
      // Opening stock: the sales of the L + R = 4 periods before the replay.
      assert.equal(opening, s.values.slice(120 - 4, 120).reduce((a, b) => a + b, 0));
      assert.equal(opening + received - soldHere, mine[mine.length - 1].on_hand);
      assert.equal(mine[mine.length - 1].on_hand, (r.closing[policy] ?? [])[i]);
      // Orders only at reviews (every second period); what is ordered arrives two periods later.
      mine.forEach((x, k) => {
        if (k % 2 === 1) assert.equal(x.order, 0);
        if (k >= 2) assert.equal(x.received, mine[k - 2].order);
        assert.equal(x.sold + x.lost, x.demand);
        assert.equal(x.demand, s.values[120 + k]);
      });
    });
    for (const x of rows) {
      demand += x.demand;
      sold += x.sold;
      lost += x.lost;
      held += x.on_hand;
    }
    assert.equal(m.lost_units, lost);
    assert.equal(m.fill_rate, Math.round((sold / demand) * 1e4) / 1e4);
    assert.equal(m.avg_on_hand, Math.round((held / rows.length) * 1e3) / 1e3);
    assert.equal(m.total_cost, Math.round((0.2 * held + lost) * 100) / 100);
    assert.ok(m.cycle_service_level >= 0 && m.cycle_service_level <= 1);
  }
});

test("an initial state replaces the default start, and stock on order arrives in its period", async () => {
  const panel = panelOf([{ id: "flat", values: new Array<number>(30).fill(4) }]);
  const initial = new Map([["flat", { onHand: 2, onOrder: [0, 7] }]]);
  const r = await simulateReplenishment(panel, { periods: 6, leadTime: 2, reviewPeriod: 1, initial, model: recentQuantiles, policies: ["trendcast"] });
  const rows = r.rows;
  assert.equal(r.opening.trendcast?.[0], 2);
  assert.equal(rows[0].lost, 2); // 2 on hand against demand 4
  assert.equal(rows[1].received, 7);
  // Order at the first review: up to 12 from position 2 + 7 = 9.
  assert.equal(rows[0].order, 3);
  assert.equal(rows[0].order + rows[1].order, rows[2].received + rows[3].received);
});

test("the calibration brings a too-narrow forecast to the target cycle service level", async () => {
  const rnd = lcg(5);
  const series = Array.from({ length: 12 }, (_, k) => ({ id: `S${k}`, values: Array.from({ length: 400 }, () => Math.floor(rnd() * 2 * (4 + k))) }));
  const panel = panelOf(series);
  // A model whose bands are far too narrow: every quantile pulled 80% of the way to the median.
  const overconfident: PanelModel = {
    name: "overconfident",
    async forecast(p, request) {
      const base = await recentQuantiles.forecast(p, request);
      return { ...base, forecasts: base.forecasts.map((f) => ({ quantiles: f.quantiles, values: f.values.map((row) => row.map((v, h) => 0.8 * f.values[Math.floor(f.values.length / 2)][h] + 0.2 * v)) })) };
    },
  };
  const options = { periods: 250, leadTime: 1, reviewPeriod: 1, serviceLevel: 0.9, model: overconfident, samples: 300, keepRows: false, policies: ["trendcast"] as SimulationPolicyName[] };
  const raw = await simulateReplenishment(panel, { ...options, calibration: "none" });
  const calibrated = await simulateReplenishment(panel, { ...options, calibrationStep: 0.1 });
  assert.ok((raw.metrics.trendcast?.cycle_service_level ?? 1) < 0.8, `uncalibrated ${raw.metrics.trendcast?.cycle_service_level}`);
  const csl = calibrated.metrics.trendcast?.cycle_service_level ?? 0;
  assert.ok(Math.abs(csl - 0.9) < 0.03, `calibrated ${csl}`);
  assert.ok((calibrated.finalSpread ?? 0) > 2, `spread ${calibrated.finalSpread}`);
  const byLevel = await simulateReplenishment(panel, { ...options, calibration: "level", calibrationStep: 0.1 });
  assert.ok((byLevel.finalLevel ?? 0) > 0.95, `level ${byLevel.finalLevel}`);
  assert.ok((byLevel.metrics.trendcast?.cycle_service_level ?? 0) > (raw.metrics.trendcast?.cycle_service_level ?? 1));
});

test("with costs, the level search orders at the candidate level that cost least so far", async () => {
  const panel = generated();
  const base = { periods: 40, leadTime: 2, reviewPeriod: 1, holdingCost: 1, shortageCost: 1.5, model: recentQuantiles, samples: 400, keepRows: false, policies: ["trendcast"] as SimulationPolicyName[] };
  const searched = await simulateReplenishment(panel, base);
  const fixed = await simulateReplenishment(panel, { ...base, levelSearch: false, calibration: "none" });
  assert.equal(searched.warmup, 28);
  assert.equal(searched.targetLevel, 0.6);
  assert.ok([0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].includes(searched.finalLevel ?? -1));
  // Holding a unit costs 2/3 of a lost sale per period: the search goes below the critical ratio and saves money.
  assert.ok((searched.meanLevel ?? 1) < 0.6, `mean level ${searched.meanLevel}`);
  assert.ok((searched.metrics.trendcast?.total_cost ?? Infinity) < (fixed.metrics.trendcast?.total_cost ?? 0), "search should cost less");
});

test("seasonal naive with normal safety stock: hand-computed level", () => {
  // Season 1 (too short to detect 7): forecast 3 periods of the last value 10; differences 2, -2, 2, -2 -> sd 2.31.
  const y = [10, 12, 10, 12, 10];
  const sd = Math.sqrt((4 * 4) / 3);
  assert.ok(Math.abs(snaiveNormalLevel(y, "daily", 3, 1.645) - (30 + 1.645 * sd * Math.sqrt(3))) < 1e-9);
  assert.equal(snaiveNormalLevel([], "daily", 3, 1.645), 0);
});

test("bad settings are refused with the option to change", async () => {
  const panel = generated();
  const run = (o: Partial<Parameters<typeof simulateReplenishment>[1]>) =>
    simulateReplenishment(panel, { periods: 20, leadTime: 2, reviewPeriod: 1, model: recentQuantiles, ...o });
  const refuses = async (o: Partial<Parameters<typeof simulateReplenishment>[1]>, pattern: RegExp) =>
    assert.rejects(run(o), (e: unknown) => e instanceof TrendcastError && pattern.test(e.message));
  await refuses({ periods: 500 }, /has 160 periods: too few to replay 500 periods.*--periods 155 or less/);
  await refuses({ leadTime: 1.5 }, /Lead time 1\.5 must be a whole number/);
  await refuses({ reviewPeriod: 0 }, /Review period 0 must be a whole number of periods, at least 1/);
  await refuses({ serviceLevel: 1 }, /Service level 1 must be between 0 and 1/);
  await refuses({ holdingCost: 0.2 }, /Costs need both --holding-cost/);
  await refuses({ model: undefined }, /needs a forecasting model/);
});
