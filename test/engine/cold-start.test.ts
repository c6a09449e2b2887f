// The new-SKU forecaster (issue 12 §3): a SKU with a few weeks of history is forecast from what the long-history SKUs
// of the panel teach (weekday profile, promotion and closed-day effects, yearly movement, error distribution).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureNodeBackend } from "../../src/engine/forecast/attention/backend";
import { trainedPanelModel } from "../../src/engine/forecast/auto";
import {
  COLD_START_NAME,
  coldStartForecasts,
  isShortHistory,
  newSkuForecasts,
  splitByHistory,
} from "../../src/engine/forecast/cold-start/forecast";
import { idGroup, learnPool } from "../../src/engine/forecast/cold-start/pool";
import { seededRandom } from "../../src/engine/random";
import { DEFAULT_QUANTILES, type QuantileForecast, type SalesPanel } from "../../src/engine/types";

const DAYS = 500;
const WEEKEND = [1, 1, 1, 1, 1.5, 2, 0.5];

/** Daily panel: 16 long SKUs and 2 new ones (21 and 45 days before the end); weekday shape, promotions x3, closed days. */
function dailyPanel(): SalesPanel {
  const r = seededRandom(3);
  const timeline = Array.from({ length: DAYS }, (_, i) => 17_000 + i);
  const closed = timeline.map((_, i) => (i % 97 === 50 ? 1 : 0));
  const series = Array.from({ length: 18 }, (_, s) => {
    const level = 2 + 30 * r();
    const promo = timeline.map(() => (r() < 0.25 ? 1 : 0));
    const values = timeline.map((_, i) => {
      const mean = level * WEEKEND[i % 7] * (promo[i] ? 3 : 1) * (closed[i] ? 0 : 1);
      return Math.round(mean * (0.7 + 0.6 * r()));
    });
    const start = s === 16 ? DAYS - 1 - 28 - 20 : s === 17 ? DAYS - 1 - 28 - 44 : 0;
    return { id: `B${1 + (s % 2)}_${s}`, values: values.map((v, i) => (i < start ? 0 : v)), start, covariates: { promo, closed } };
  });
  return { layout: "long", frequency: "daily", timeline, covariateNames: ["promo", "closed"], issues: [], series };
}

function wqlOf(f: QuantileForecast, actual: number[]): number {
  let loss = 0;
  f.quantiles.forEach((q, k) => actual.forEach((y, h) => (loss += 2 * (y >= f.values[k][h] ? q * (y - f.values[k][h]) : (1 - q) * (f.values[k][h] - y)))));
  return loss / f.quantiles.length / actual.reduce((a, b) => a + b, 0);
}

test("short histories are told apart from long ones at the cutoff", () => {
  const panel = dailyPanel();
  const cutoff = DAYS - 1 - 28;
  assert.equal(isShortHistory(panel, 16, cutoff), true);
  assert.equal(isShortHistory(panel, 17, cutoff), true);
  assert.equal(isShortHistory(panel, 0, cutoff), false);
  const { long, short } = splitByHistory(panel, cutoff);
  assert.deepEqual(short, [16, 17]);
  assert.equal(long.length, 16);
  // 60 days is short, 61 is not.
  const sixty = { ...panel, series: panel.series.map((s, i) => (i === 16 ? { ...s, start: cutoff - 59 } : s)) };
  assert.equal(isShortHistory(sixty, 16, cutoff), true);
  const sixtyOne = { ...panel, series: panel.series.map((s, i) => (i === 16 ? { ...s, start: cutoff - 60 } : s)) };
  assert.equal(isShortHistory(sixtyOne, 16, cutoff), false);
  assert.equal(idGroup("B1_07"), "B1");
  assert.equal(idGroup("SKU"), "");
});

test("the pool learns the weekday profile, the promotion lift and closed days across SKUs", () => {
  const panel = dailyPanel();
  const pool = learnPool(panel, DAYS - 1 - 28, Array.from({ length: 16 }, (_, i) => i));
  assert.ok(pool);
  const mean = WEEKEND.reduce((a, b) => a + b, 0) / 7;
  pool.profile.forEach((p, d) => assert.ok(Math.abs(p - WEEKEND[d] / mean) < 0.1, `day ${d}: ${p} vs ${WEEKEND[d] / mean}`));
  const promo = pool.effects.find((e) => e.name === "promo");
  const closed = pool.effects.find((e) => e.name === "closed");
  assert.ok(promo && Math.abs(promo.factor - 3) < 0.25, `promo ${promo?.factor}`);
  assert.ok(closed && closed.factor < 0.05, `closed ${closed?.factor}`);
});

test("a new SKU's forecast follows the planned promotions and the weekday shape, beats its own flat mean, and is a sane band", () => {
  const panel = dailyPanel();
  const H = 28;
  const cutoff = DAYS - 1 - H;
  const [f21, f45] = coldStartForecasts(panel, cutoff, H, DEFAULT_QUANTILES, [16, 17], Array.from({ length: 16 }, (_, i) => i));
  for (const [f, s] of [
    [f21, 16],
    [f45, 17],
  ] as const) {
    const series = panel.series[s];
    const actual = series.values.slice(cutoff + 1, cutoff + 1 + H);
    const history = series.values.slice(series.start, cutoff + 1);
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const flat: QuantileForecast = { quantiles: [...DEFAULT_QUANTILES], values: DEFAULT_QUANTILES.map(() => actual.map(() => mean)) };
    assert.ok(wqlOf(f, actual) < 0.8 * wqlOf(flat, actual), `pooled ${wqlOf(f, actual)} vs own mean ${wqlOf(flat, actual)}`);
    for (let h = 0; h < H; h++) {
      for (let k = 1; k < f.quantiles.length; k++) assert.ok(f.values[k][h] >= f.values[k - 1][h] && f.values[0][h] >= 0);
      const t = cutoff + 1 + h;
      if (series.covariates.closed[t] === 1) assert.ok(f.values[8][h] < 0.5, `closed day ${h}: ${f.values[8][h]}`);
    }
    // Per weekday unit: a promotion on a Sunday (0.5) may sell less than a plain Saturday (2).
    const median = f.values[4].map((v, h) => v / WEEKEND[(cutoff + 1 + h) % 7]);
    const on = median.filter((_, h) => series.covariates.promo[cutoff + 1 + h] === 1 && series.covariates.closed[cutoff + 1 + h] === 0);
    const off = median.filter((_, h) => series.covariates.promo[cutoff + 1 + h] === 0 && series.covariates.closed[cutoff + 1 + h] === 0);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    assert.ok(avg(on) > 2 * avg(off), `promo days ${avg(on)} vs others ${avg(off)}`);
  }
});

test("without enough long-history SKUs there is nothing to pool: the hook leaves the SKUs to the per-series models", () => {
  const panel = dailyPanel();
  const few = { ...panel, series: [panel.series[0], panel.series[1], panel.series[16]] };
  assert.equal(newSkuForecasts(few, DAYS - 1 - 28, 28, DEFAULT_QUANTILES).size, 0);
  assert.equal(newSkuForecasts(panel, DAYS - 1 - 28, 28, DEFAULT_QUANTILES).size, 2);
});

test("auto gives short-history SKUs the new-SKU forecaster (averaged with the model's choice when it accepts them) and leaves long-history SKUs as they were", async () => {
  await ensureNodeBackend();
  const H = 14;
  const cutoff = DAYS - 1 - H;
  const base = dailyPanel();
  // SKU 16: 10 days at the cutoff (under one 14-day patch: the model cannot take it); SKU 17: 59 days.
  const panel = { ...base, series: base.series.map((s, i) => (i === 16 ? { ...s, start: cutoff - 9 } : s)) };
  const result = await trainedPanelModel("auto", { samples: 128 * 4 }).forecast(panel, { cutoff, horizon: H, quantiles: DEFAULT_QUANTILES });
  assert.equal(result.chosen[16], COLD_START_NAME);
  assert.ok(result.chosen[17].startsWith(`${COLD_START_NAME} + `), result.chosen[17]);
  for (let s = 0; s < 16; s++) assert.ok(!result.chosen[s].startsWith(COLD_START_NAME), result.chosen[s]);
  const direct = newSkuForecasts(panel, cutoff, H, DEFAULT_QUANTILES);
  assert.deepEqual(result.forecasts[16], direct.get(16));
  const f = result.forecasts[17];
  for (let h = 0; h < H; h++) for (let k = 1; k < f.quantiles.length; k++) assert.ok(f.values[k][h] >= f.values[k - 1][h]);
});
