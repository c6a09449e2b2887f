import { test } from "node:test";
import assert from "node:assert/strict";
import { estimateElasticity, priceFactor } from "../../src/engine/forecast/price";
import { medianRow, runScenario, withPromoPlan, type SeriesForecaster } from "../../src/engine/forecast/scenario";
import { classicalForecaster } from "../../src/engine/forecast/models/index";
import { seededRandom } from "../../src/engine/forecast/models/util";
import type { SalesPanel, Series } from "../../src/engine/types";

function poisson(u: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(u)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}

function gauss(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** Daily panel: weekly pattern x level x (price / list price)^elasticity x promo lift, Poisson counts. */
function generated(options: { skus: number; days: number; elasticity: number; promoLift?: number; seed: number; future?: number }): SalesPanel {
  const u = seededRandom(options.seed);
  const week = [0.8, 0.9, 1, 1, 1.1, 1.4, 0.8];
  const future = options.future ?? 0;
  const series: Series[] = [];
  for (let i = 0; i < options.skus; i++) {
    const level = 5 + 20 * u();
    const list = 1 + 4 * u();
    const price: number[] = [];
    const promo: number[] = [];
    const values: number[] = [];
    let current = list;
    for (let t = 0; t < options.days + future; t++) {
      if (u() < 0.08) current = list * (0.75 + 0.5 * u()); // price changes now and then, held for a while
      price.push(Math.round(current * 100) / 100);
      promo.push(options.promoLift !== undefined && u() < 0.1 ? 1 : 0);
      const mean = level * week[t % 7] * Math.pow(current / list, options.elasticity) * (promo[t] ? options.promoLift ?? 1 : 1);
      if (t < options.days) values.push(poisson(u, mean));
    }
    series.push({ id: `S${i + 1}`, values, start: 0, covariates: { price, promo } });
  }
  return {
    layout: "long",
    frequency: "daily",
    timeline: Array.from({ length: options.days }, (_, t) => 19000 + t),
    series,
    covariateNames: ["price", "promo"],
    issues: [],
  };
}

test("price elasticity: a known -1.5 is recovered within 20% (pooled; median of the per-SKU ones)", () => {
  for (const seed of [7, 8, 9]) {
    const panel = generated({ skus: 12, days: 400, elasticity: -1.5, promoLift: 2, seed });
    const e = estimateElasticity(panel);
    assert.ok(e);
    assert.ok(Math.abs(e.pooled + 1.5) <= 0.3, `seed ${seed}: pooled ${e.pooled}`);
    assert.equal(e.informed, 12);
    const per = Object.values(e.perSku).sort((a, b) => a - b);
    const median = (per[5] + per[6]) / 2;
    assert.ok(Math.abs(median + 1.5) <= 0.3, `seed ${seed}: median per SKU ${median}`);
    for (const b of per) assert.ok(b < -0.7 && b > -2.3, `seed ${seed}: a SKU's elasticity ${b}`);
    assert.equal(e.positiveAllowed, false);
  }
});

test("price elasticity: a weak positive slope is capped at 0; a clear one is kept", () => {
  const flat = estimateElasticity(generated({ skus: 4, days: 200, elasticity: 0, seed: 3 }));
  assert.ok(flat);
  for (const b of Object.values(flat.perSku)) assert.ok(b <= 0);
  const clear = estimateElasticity(generated({ skus: 10, days: 400, elasticity: 0.8, seed: 5 }));
  assert.ok(clear && clear.positiveAllowed && clear.pooled > 0.5, JSON.stringify(clear));
});

test("price elasticity: no price column gives null; priceFactor is (1 + change)^elasticity", () => {
  const panel = generated({ skus: 2, days: 100, elasticity: -1, seed: 1 });
  assert.equal(estimateElasticity({ ...panel, covariateNames: ["promo"] }), null);
  assert.ok(Math.abs(priceFactor(-1.5, -10) - Math.pow(0.9, -1.5)) < 1e-12);
  assert.throws(() => priceFactor(-1, -100), /above -100%/);
});

test("what-if: a promotion plan raises the promoted days only, a price cut scales by the elasticity", async () => {
  const panel = generated({ skus: 3, days: 300, elasticity: -1.5, promoLift: 2, seed: 11, future: 28 });
  const fit: SeriesForecaster = (input, h, q) => classicalForecaster("classical").fit(input).predict(h, q);
  const plan = Array.from({ length: 14 }, (_, h) => (h >= 3 && h < 7 ? 1 : 0));
  const noPromo = withPromoPlan(panel, 299, 14, { S1: new Array(14).fill(0), S2: new Array(14).fill(0) });
  const [base] = await runScenario(fit, noPromo, ["S1"], { horizon: 14, quantiles: [0.1, 0.5, 0.9], plan: {} });
  const [res] = await runScenario(fit, noPromo, ["S1"], { horizon: 14, quantiles: [0.1, 0.5, 0.9], plan: { promo: { S1: plan } } });
  const b = medianRow(base.baseline);
  const s = medianRow(res.scenario);
  for (let h = 0; h < 14; h++) {
    if (plan[h]) assert.ok(s[h] > b[h] * 1.4, `day ${h}: ${s[h]} vs ${b[h]}`);
    else assert.ok(Math.abs(s[h] - b[h]) < 1e-9, `day ${h} changed`);
  }
  const e = estimateElasticity(panel);
  const [priced] = await runScenario(fit, noPromo, ["S2"], { horizon: 14, quantiles: [0.5], plan: { priceChangePct: { "*": -10 } }, elasticity: e });
  assert.ok(Math.abs(priced.priceFactor - Math.pow(0.9, e!.perSku.S2)) < 1e-12);
  assert.ok(Math.abs(priced.scenario.values[0][0] - priced.baseline.values[0][0] * priced.priceFactor) < 1e-9);
  assert.throws(() => withPromoPlan({ ...panel, covariateNames: ["price"] }, 299, 14, { S1: plan }), /no promotion column/);
  assert.throws(() => withPromoPlan(panel, 299, 14, { S1: [2] }), /S1 has 2 at future period 1/);
});

test("a price column is found by its header in English or Chinese and read as a known covariate", async () => {
  const { ingestGrid } = await import("../../src/engine/ingest/ingest");
  for (const header of ["Price", "Unit price", "单价", "价格"]) {
    const rows: unknown[][] = [["Date", "SKU", "Units", header]];
    for (let d = 0; d < 30; d++) rows.push([`2025-01-${String(d + 1).padStart(2, "0")}`, "A", 5 + (d % 3), 1.5 + (d % 2) * 0.1]);
    const p = ingestGrid({ values: rows as never });
    assert.deepEqual(p.covariateNames, ["price"], header);
    assert.deepEqual(p.series[0].covariates.price.slice(0, 2), [1.5, 1.6]);
  }
});

test("promotion lift on backtest windows: predicted and actual both near the generated +100%", async () => {
  const { measurePromoLift, panelModelPair } = await import("../../src/engine/evaluate/promo-lift");
  const { classicalPanelModel } = await import("../../src/engine/forecast/registry");
  const panel = generated({ skus: 4, days: 300, elasticity: 0, promoLift: 2, seed: 21 });
  const r = await measurePromoLift(panel, panelModelPair(panel, classicalPanelModel("classical"), 14), "classical", 14, 3);
  assert.ok(r.pairs >= 5 && r.promotedDays >= 8, JSON.stringify(r));
  for (const f of [r.vsUnpromoted, r.vsBaseline]) {
    assert.ok(f.actual > 0.6 && f.actual < 1.5, `actual ${f.actual}`);
    assert.ok(f.predicted > 0.6 && f.predicted < 1.5, `predicted ${f.predicted}`);
  }
});
