import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { classicalForecaster, CLASSICAL_NAMES, chooseClassical, fitEtsSpec, etsPointAndSpread } from "../../src/engine/forecast/models/index";
import { estimateCovariateEffects } from "../../src/engine/forecast/models/covariates";
import { normalQuantile, seededRandom, sortedQuantile } from "../../src/engine/forecast/models/util";
import { DEFAULT_QUANTILES, type QuantileForecast, type SeriesInput } from "../../src/engine/types";

const Q = DEFAULT_QUANTILES;

function assertWellFormed(f: QuantileForecast, horizon: number) {
  assert.equal(f.values.length, f.quantiles.length);
  for (const row of f.values) {
    assert.equal(row.length, horizon);
    for (const v of row) assert.ok(Number.isFinite(v) && v >= 0, `bad value ${v}`);
  }
  for (let h = 0; h < horizon; h++) for (let k = 1; k < f.values.length; k++) assert.ok(f.values[k][h] >= f.values[k - 1][h], "quantiles cross");
}

function weeklyPattern(n: number, seed: number, noise = 2): number[] {
  const u = seededRandom(seed);
  return Array.from({ length: n }, (_, t) => Math.round([10, 10, 12, 12, 18, 30, 16][t % 7] + noise * (u() - 0.5) * 2));
}

test("seasonal naive repeats the last season; band from seasonal differences widens with sqrt(seasons)", () => {
  const values = [1, 2, 3, 1, 2, 3, 1, 2, 4];
  const f = classicalForecaster("snaive").fit({ values, frequency: "daily", seasonLength: 3 }).predict(6, [0.1, 0.5, 0.9]);
  // last season 1, 2, 4 repeated; residuals y_t - y_{t-3}: 0,0,0,0,0,1 -> q0.5 offset 0, q0.9 offset 0.5
  assert.deepEqual(f.values[1], [1, 2, 4, 1, 2, 4]);
  assert.ok(Math.abs(f.values[2][0] - 1.5) < 1e-12);
  assert.ok(Math.abs(f.values[2][3] - (1 + 0.5 * Math.sqrt(2))) < 1e-12);
});

test("ETS on a clean weekly pattern forecasts the pattern", () => {
  const values = weeklyPattern(140, 3, 0);
  const f = classicalForecaster("ets").fit({ values, frequency: "daily" }).predict(14, Q);
  const med = f.values[4];
  for (let h = 0; h < 14; h++) assert.ok(Math.abs(med[h] - [10, 10, 12, 12, 18, 30, 16][(140 + h) % 7]) < 0.5, `h=${h} ${med[h]}`);
  assertWellFormed(f, 14);
});

test("ETS(A,Ad,N) follows a linear trend with damping", () => {
  const values = Array.from({ length: 60 }, (_, t) => 100 + 2 * t);
  const fit = fitEtsSpec(values, { damped: true, season: 1 });
  const { point, spread } = etsPointAndSpread(fit, 5);
  assert.ok(point[0] > 215 && point[0] < 221, `point ${point[0]}`);
  assert.ok(point[4] > point[0], "trend continues");
  assert.equal(spread[0], 1);
  assert.ok(spread[4] > spread[1]);
});

test("TSB quantiles come from the Bernoulli x size mixture", () => {
  // demand 4 every 4th period: p ~ 0.25, sizes all 4 -> q <= 0.75 is 0, q above is 4
  const values = Array.from({ length: 200 }, (_, t) => (t % 4 === 3 ? 4 : 0));
  const f = classicalForecaster("croston").fit({ values, frequency: "daily" }).predict(3, [0.5, 0.7, 0.8, 0.95]);
  assert.deepEqual(f.values[0], [0, 0, 0]);
  assert.deepEqual(f.values[1], [0, 0, 0]);
  assert.ok(f.values[3][0] > 3.5 && f.values[3][0] < 4.5, `q0.95 ${f.values[3][0]}`);
});

test("promotion flags act as multiplicative effects in ETS and the future plan lifts the forecast", () => {
  const n = 200;
  const u = seededRandom(5);
  const promo = Array.from({ length: n + 14 }, (_, t) => (t % 10 < 3 ? 1 : 0));
  const values = Array.from({ length: n }, (_, t) => Math.round((20 + 4 * (u() - 0.5)) * (promo[t] ? 2 : 1)));
  const effects = estimateCovariateEffects({ values, frequency: "daily", covariates: { promo } }, 14);
  assert.ok(effects && effects.factors.promo > 1.8 && effects.factors.promo < 2.2, `factor ${effects?.factors.promo}`);
  const f = classicalForecaster("ets").fit({ values, frequency: "daily", covariates: { promo } }).predict(14, Q);
  const onPromo = promo.slice(n).map((p, h) => ({ p, v: f.values[4][h] }));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(onPromo.filter((x) => x.p).map((x) => x.v)) / mean(onPromo.filter((x) => !x.p).map((x) => x.v));
  assert.ok(ratio > 1.7 && ratio < 2.3, `promo ratio ${ratio}`);
});

test("classical picks croston for intermittent demand and ets for a smooth weekly pattern", () => {
  const u = seededRandom(9);
  const sparse = Array.from({ length: 300 }, () => (u() < 0.08 ? 1 + Math.floor(u() * 3) : 0));
  assert.equal(chooseClassical({ values: sparse, frequency: "daily" }, 28), "croston");
  assert.equal(chooseClassical({ values: weeklyPattern(300, 4, 1), frequency: "daily" }, 28), "ets");
  // too short for an in-sample backtest: the demand pattern decides
  assert.equal(chooseClassical({ values: [0, 0, 3, 0, 0, 0, 1, 0, 0, 2], frequency: "daily" }, 28), "croston");
  assert.equal(chooseClassical({ values: [4, 5, 3, 6, 5, 4, 6, 5, 4, 5], frequency: "daily" }, 28), "ets");
});

const edgeCases: [string, SeriesInput][] = [
  ["empty", { values: [], frequency: "daily" }],
  ["one value", { values: [7], frequency: "daily" }],
  ["all zero", { values: new Array(50).fill(0), frequency: "daily" }],
  ["constant", { values: new Array(50).fill(4), frequency: "weekly" }],
  ["shorter than a season", { values: [3, 4, 5], frequency: "weekly" }],
  ["NaN and Infinity inside", { values: [1, NaN, 3, Infinity, 2, 4, 5, 3, 2, 1], frequency: "daily" }],
  ["leading zeros", { values: [...new Array(30).fill(0), ...weeklyPattern(30, 1)], frequency: "daily" }],
  ["huge values", { values: Array.from({ length: 40 }, (_, t) => 1e12 + t), frequency: "daily" }],
];

for (const name of CLASSICAL_NAMES) {
  test(`${name}: edge cases give finite, non-negative, non-crossing forecasts`, () => {
    for (const [label, input] of edgeCases) {
      const f = classicalForecaster(name).fit(input).predict(10, Q);
      try {
        assertWellFormed(f, 10);
      } catch (e) {
        assert.fail(`${label}: ${(e as Error).message}`);
      }
    }
    const zero = classicalForecaster(name).fit(edgeCases[2][1]).predict(5, Q);
    assert.ok(zero.values.every((r) => r.every((v) => v === 0)), "all-zero history forecasts zero");
    const constant = classicalForecaster(name).fit(edgeCases[3][1]).predict(5, [0.5]);
    assert.ok(constant.values[0].every((v) => Math.abs(v - 4) < 1e-6), `constant: ${constant.values[0]}`);
  });

  test(`${name}: deterministic`, () => {
    const input = { values: weeklyPattern(100, 7), frequency: "daily" as const };
    assert.deepEqual(classicalForecaster(name).fit(input).predict(7, Q), classicalForecaster(name).fit(input).predict(7, Q));
  });
}

test("property: quantiles never cross and are never negative (fast-check)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ min: -5, max: 1e6, noNaN: true })), { minLength: 0, maxLength: 60 }),
      fc.constantFrom(...CLASSICAL_NAMES),
      fc.integer({ min: 1, max: 12 }),
      (values, name, horizon) => {
        const f = classicalForecaster(name).fit({ values, frequency: "daily" }).predict(horizon, [0.05, 0.5, 0.2, 0.95, 0.8]);
        for (let h = 0; h < horizon; h++) {
          const col = [0, 2, 1, 4, 3].map((k) => f.values[k][h]);
          for (let k = 0; k < col.length; k++) if (!(Number.isFinite(col[k]) && col[k] >= 0)) return false;
          for (let k = 1; k < col.length; k++) if (col[k] < col[k - 1]) return false;
        }
        return true;
      },
    ),
    { numRuns: 150, seed: 42 },
  );
});

test("helpers: normal quantile and interpolated empirical quantile", () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  assert.ok(Math.abs(normalQuantile(0.1) + 1.281552) < 1e-5);
  assert.equal(sortedQuantile([0, 10], 0.25), 2.5);
  assert.equal(sortedQuantile([1, 2, 3, 4, 5], 0.5), 3);
});

test("bad horizon and levels are refused with a message", () => {
  const fitted = classicalForecaster("ets").fit({ values: [1, 2, 3, 4, 5], frequency: "daily" });
  assert.throws(() => fitted.predict(0, Q), /horizon must be a whole number/);
  assert.throws(() => fitted.predict(3, [0, 0.5]), /strictly between 0 and 1/);
});

test("ETS on weekly data with a yearly cycle (1.7 years) forecasts the seasonal peak by decomposition", () => {
  const yearly = (t: number) => 100 + 50 * Math.cos((2 * Math.PI * (t - 40)) / 52);
  const u = seededRandom(11);
  const values = Array.from({ length: 90 }, (_, t) => yearly(t) + 6 * (u() - 0.5));
  const f = classicalForecaster("ets").fit({ values, frequency: "weekly" }).predict(13, Q);
  // steps 0..12 are weeks 90..102, i.e. positions 38..50 of the cycle: peak at position 40 (step 2), falling after
  const med = f.values[4];
  for (let h = 0; h < 13; h++) assert.ok(Math.abs(med[h] - yearly(90 + h)) < 15, `h=${h}: ${med[h]} vs ${yearly(90 + h)}`);
  assert.ok(med[2] > med[12] + 30, "the peak is forecast above the later weeks");
});
