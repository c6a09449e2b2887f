import { test } from "node:test";
import assert from "node:assert/strict";
import { classifySkus, DEFAULT_CLASS_SERVICE_LEVELS, forecastVariability, historyVariability } from "../../src/engine/restock/classify";
import { TrendcastError } from "../../src/engine/types";

const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

test("ABC by revenue: Pareto shares with the 80% / 95% cut-offs", () => {
  // Revenues 700, 200, 60, 30, 10 of 1000.
  const items = [
    { sku: "c1", units: 30, price: 1 },
    { sku: "a", units: 70, price: 10 },
    { sku: "b1", units: 20, price: 10 },
    { sku: "b2", units: 6, price: 10 },
    { sku: "c2", units: 10, price: 1 },
  ];
  const out = classifySkus(items);
  const by = new Map(out.map((c) => [c.sku, c]));
  assert.deepEqual(out.map((c) => c.sku), ["c1", "a", "b1", "b2", "c2"]); // input order kept
  assert.equal(by.get("a")?.abc, "A"); // 0 before it
  assert.equal(by.get("b1")?.abc, "A"); // 70% before it: still below 80%
  assert.equal(by.get("b2")?.abc, "B"); // 90% before it
  assert.equal(by.get("c1")?.abc, "C"); // 96% before it
  assert.equal(by.get("c2")?.abc, "C");
  assert.equal(by.get("a")?.share, 0.7);
  assert.equal(by.get("c2")?.cumulativeShare, 1);
});

test("ABC by units ignores price; items without sales are C", () => {
  const out = classifySkus(
    [
      { sku: "x", units: 90, price: 1 },
      { sku: "y", units: 10, price: 100 },
      { sku: "z", units: 0, price: 5 },
    ],
    { abcBy: "units" },
  );
  assert.deepEqual(out.map((c) => c.abc), ["A", "B", "C"]);
});

test("XYZ from forecast spread and from history", () => {
  // Band q0.1..q0.9 = 8..12 around 10: sigma = 4 / 2.563 = 1.56, CV 0.156 -> X.
  const steady = { quantiles: LEVELS, values: [8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12].map((v) => [v, v]) };
  assert.ok(Math.abs((forecastVariability(steady) ?? 0) - 4 / (2 * 1.2815516) / 10) < 1e-4);
  // Band 0..30 around a median of 4: midpoint 15, sigma 11.7, CV 0.78 -> Y.
  const lumpy = { quantiles: LEVELS, values: [0, 1, 2, 3, 4, 6, 9, 15, 30].map((v) => [v]) };
  const cv = forecastVariability(lumpy) ?? 0;
  assert.ok(Math.abs(cv - 30 / (2 * 1.2815516) / 15) < 1e-4, `cv ${cv}`);
  assert.equal(forecastVariability({ quantiles: LEVELS, values: LEVELS.map(() => [0, 0]) }), null);
  // History 0, 10, 0, 10: mean 5, sd 5.77 -> CV 1.155 -> Z.
  assert.ok(Math.abs((historyVariability([0, 10, 0, 10]) ?? 0) - Math.sqrt(100 / 3) / 5) < 1e-9);
  const out = classifySkus([
    { sku: "s", units: 100, forecast: steady },
    { sku: "l", units: 50, forecast: lumpy },
    { sku: "h", units: 10, history: [0, 10, 0, 10] },
    { sku: "n", units: 1 },
  ]);
  assert.deepEqual(out.map((c) => c.xyz), ["X", "Y", "Z", "Z"]);
  // Units 100, 50, 10, 1 of 161: shares before each 0, 62%, 93%, 99%.
  assert.deepEqual(out.map((c) => c.class), ["AX", "AY", "BZ", "CZ"]);
  assert.deepEqual(out.map((c) => c.serviceLevel), [0.98, 0.97, 0.93, 0.9]);
  assert.equal(out[3].variability, null);
});

test("the user's service levels replace the defaults of their classes only", () => {
  const out = classifySkus([{ sku: "a", units: 10, history: [10, 10, 10, 10] }], { serviceLevels: { AX: 0.995 } });
  assert.equal(out[0].class, "AX");
  assert.equal(out[0].serviceLevel, 0.995);
  assert.equal(DEFAULT_CLASS_SERVICE_LEVELS.AX, 0.98);
  const other = classifySkus([{ sku: "a", units: 10, history: [0, 30, 0, 10] }], { serviceLevels: { AX: 0.995 } });
  assert.equal(other[0].serviceLevel, DEFAULT_CLASS_SERVICE_LEVELS[other[0].class]);
});

test("bad classification inputs are refused with clear messages", () => {
  const refuses = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof TrendcastError && pattern.test(e.message));
  refuses(() => classifySkus([{ sku: "a", units: 1 }], { abcThresholds: [0.9, 0.8] }), /0 < A < B <= 1/);
  refuses(() => classifySkus([{ sku: "a", units: 1 }], { serviceLevels: { AX: 1 } }), /class AX must be between 0 and 1/);
  refuses(() => classifySkus([{ sku: "a", units: 1 }], { serviceLevels: { QQ: 0.9 } as never }), /Unknown class "QQ"/);
  refuses(() => classifySkus([{ sku: "a", units: -4 }]), /a: units -4/);
  refuses(() => classifySkus([{ sku: "a", units: 4, price: 2 }, { sku: "b", units: 1 }], { abcBy: "revenue" }), /b: ABC by revenue needs a price/);
});
