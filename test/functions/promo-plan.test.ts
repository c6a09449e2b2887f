// promo_plan on TREND.FORECAST / BAND / RESTOCK: a what-if grid built with formulas.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { band, forecast, restock } from "../../src/functions/functions";
import { FormulaError } from "../../src/functions/errors";
import { resetActiveModel } from "../../src/office/active-model";
import { classicalForecaster } from "../../src/engine/forecast/models/index";
import { DEFAULT_QUANTILES } from "../../src/engine/types";

const SERIAL = 45292;
const N = 120;
/** Daily sales with a weekly pattern; promoted days (every 9th day) sell twice as much. */
const promoHist = Array.from({ length: N }, (_, t) => (t % 9 === 4 ? 1 : 0));
const y = Array.from({ length: N }, (_, t) => Math.round((20 + 6 * Math.sin((2 * Math.PI * t) / 7) + ((t * 7919) % 5)) * (promoHist[t] ? 2 : 1)));
const column = (xs: readonly (number | string | boolean | null)[]) => xs.map((x) => [x]);
const dates = (n: number) => column(Array.from({ length: n }, (_, i) => SERIAL + i));
const H = 14;
const future = Array.from({ length: H }, (_, h) => (h >= 3 && h < 6 ? 1 : 0));

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof FormulaError, `expected a FormulaError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

beforeEach(() => resetActiveModel(async () => ({ status: "none" })));

test("FORECAST with promo_plan beside the sales: promoted future days go up, the others equal the engine with that plan", async () => {
  // values B2:B(N+1+H) runs past the data; promo_plan beside it holds past promotions then the plan.
  const values = column([...y, ...Array<null>(H).fill(null)]);
  const plan = column([...promoHist, ...future]);
  const timeline = dates(N + H);
  const base = await forecast(values, timeline, H);
  const what = await forecast(values, timeline, H, undefined, plan);
  const engine = classicalForecaster("classical")
    .fit({ values: y, frequency: "daily", covariates: { promo: [...promoHist, ...future] } })
    .predict(H, DEFAULT_QUANTILES);
  assert.deepEqual(what.map((r) => r[0]), engine.values[4]);
  for (let h = 0; h < H; h++) {
    if (future[h]) assert.ok(what[h][0] > base[h][0] * 1.5, `day ${h + 1}: ${what[h][0]} vs ${base[h][0]}`);
  }
  // Blank cells in the plan, however Excel passes them, are 0; TRUE is 1.
  for (const blank of [null, "", 0] as const) {
    const encoded = column([...promoHist.map((v) => (v ? true : blank)), ...future.map((v) => (v ? 1 : blank))]);
    assert.deepEqual(await forecast(values, timeline, H, undefined, encoded), what, `blank as ${JSON.stringify(blank)}`);
  }
});

test("BAND and RESTOCK take the same plan: a promotion widens the band upward and raises the order", async () => {
  const values = column([...y, ...Array<null>(H).fill(null)]);
  const plan = column([...promoHist, ...future]);
  const timeline = dates(N + H);
  const b0 = await band(values, timeline, H);
  const b1 = await band(values, timeline, H, undefined, plan);
  assert.ok(b1[4][1] > b0[4][1]);
  const hist = column(y);
  const histPlan = column([...promoHist, ...future.slice(0, 7)]);
  const r0 = await restock(hist, 10, 5, 0.95, 0, 2, 0, 1, true, undefined, dates(N));
  const r1 = await restock(hist, 10, 5, 0.95, 0, 2, 0, 1, true, undefined, dates(N), histPlan);
  assert.ok(r1[0][0] > r0[0][0], `order with promotion ${r1[0][0]} vs ${r0[0][0]}`);
});

test("promo_plan: no 1 in it, or a TREND.MODEL() cell in the old recalc place, is the same as no plan", async () => {
  const values = column(y);
  const base = await forecast(values, undefined, H);
  assert.deepEqual(await forecast(values, undefined, H, undefined, column(Array(N + H).fill(0))), base);
  assert.deepEqual(await forecast(values, undefined, H, undefined, [["classical (no trained model in this workbook)"]]), base);
});

test("promo_plan: bad cells, widths and a future-only plan without a model that learned promotions give clear errors", async () => {
  const values = column(y);
  await rejects(forecast(values, undefined, H, undefined, column([...promoHist.slice(0, 5), 2])), "#VALUE!", /promo_plan row 6 holds 2/);
  await rejects(forecast(values, undefined, H, undefined, column(["yes"])), "#VALUE!", /promo_plan row 1 holds the text "yes"/);
  await rejects(forecast(values, undefined, H, undefined, [[1, 0, 1]].map((r) => [r[0], r[1]])), "#VALUE!", /promo_plan has 2 columns but values has 1 SKUs/);
  await rejects(forecast(values, undefined, H, undefined, column(future)), "#N/A", /only future periods/);
});
