import { test } from "node:test";
import assert from "node:assert/strict";
import {
  estimateCorrelation,
  normalCdf,
  normalQuantile,
  roundOrder,
  stepQuantileFunction,
  suggestRestock,
  type RestockInput,
} from "../../src/engine/restock/restock";
import { TrendcastError, type QuantileForecast } from "../../src/engine/types";

const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Every quantile of every step equal: demand is known exactly. */
function constant(perPeriod: number, steps: number): QuantileForecast {
  return { quantiles: LEVELS, values: LEVELS.map(() => new Array<number>(steps).fill(perPeriod)) };
}

/** Same quantiles at every step. */
function repeated(perLevel: number[], steps: number): QuantileForecast {
  return { quantiles: LEVELS, values: perLevel.map((v) => new Array<number>(steps).fill(v)) };
}

/** A right-skewed forecast (a long upper tail), as for a promoted item. */
const skewed = repeated([2, 3, 4, 5, 6, 8, 10, 14, 22], 6);

function throwsWith(input: RestockInput, pattern: RegExp): void {
  assert.throws(
    () => suggestRestock(input),
    (e: unknown) => e instanceof TrendcastError && e.code === "bad-restock-input" && pattern.test(e.message) && !/NaN|undefined/.test(e.message),
  );
}

test("constant demand: order-up-to is demand over lead time + review, no safety stock", () => {
  const plan = suggestRestock({ forecast: constant(10, 4), onHand: 5, leadTime: 2, periodDays: 7 });
  assert.equal(plan.orderUpTo, 30);
  assert.equal(plan.expectedDemand, 30);
  assert.equal(plan.safetyStock, 0);
  assert.equal(plan.order, 25);
  assert.equal(plan.reorderPoint, 20); // S minus one review period of demand = lead-time demand + safety stock
  assert.equal(plan.stockoutRisk, 0);
  assert.equal(plan.daysOfCover, 3.5); // 5 units at 10 a week
  assert.match(plan.reason, /^Order 25: on hand 5 is below the order-up-to level 30/);
});

test("zero lead time: only the review period needs cover", () => {
  const plan = suggestRestock({ forecast: constant(10, 2), onHand: 4, leadTime: 0, reviewPeriod: 1 });
  assert.equal(plan.orderUpTo, 10);
  assert.equal(plan.order, 6);
  assert.equal(plan.reorderPoint, 0);
  assert.equal(plan.expectedDemand, 10);
});

test("MOQ raises the order, then it is rounded up to whole packs", () => {
  assert.equal(suggestRestock({ forecast: constant(10, 3), onHand: 5, leadTime: 2, moq: 50, packSize: 12 }).order, 60);
  assert.equal(suggestRestock({ forecast: constant(10, 3), onHand: 5, leadTime: 2, packSize: 12 }).order, 36);
  assert.equal(suggestRestock({ forecast: constant(10, 3), onHand: 5, leadTime: 2, moq: 40 }).order, 40);
  // Nothing needed: MOQ does not create an order.
  assert.equal(suggestRestock({ forecast: constant(10, 3), onHand: 30, leadTime: 2, moq: 50, packSize: 12 }).order, 0);
  assert.equal(roundOrder(0.2), 1);
  assert.equal(roundOrder(24.0000000001, 0, 12), 24);
  const plan = suggestRestock({ forecast: constant(10, 3), onHand: 5, leadTime: 2, moq: 50, packSize: 12 });
  assert.match(plan.reason, /25 needed, raised to MOQ 50, rounded up to packs of 12/);
});

test("stock on order is counted once, with on hand, in the position", () => {
  const plan = suggestRestock({ forecast: constant(10, 3), onHand: 5, onOrder: 10, leadTime: 2 });
  assert.equal(plan.order, 15);
  assert.equal(plan.daysOfCover, 0.5); // days of cover count on hand only
  const covered = suggestRestock({ forecast: constant(10, 3), onHand: 5, onOrder: 25, leadTime: 2 });
  assert.equal(covered.order, 0);
  assert.match(covered.reason, /^No order: on hand 5 \+ on order 25 covers/);
});

test("intermittent demand: quantile paths, not a normal guess", () => {
  // Each period: no sale up to the 70% quantile, then 1 unit (linear between 0.7 and 0.8).
  const sparse = repeated([0, 0, 0, 0, 0, 0, 0, 1, 1], 3);
  // Comonotone paths: demand over 3 periods is 3 Q(u) <= 3, so the 95% level is exactly 3 and nothing is at risk.
  const together = suggestRestock({ forecast: sparse, onHand: 0, leadTime: 2, correlation: 1, samples: 20000 });
  assert.equal(together.orderUpTo, 3);
  assert.equal(together.order, 3);
  assert.equal(together.stockoutRisk, 0);
  assert.ok(Math.abs(together.expectedDemand - 0.75) < 0.03, `E[D] = 3 * 0.25, got ${together.expectedDemand}`);
  // Independent periods: P(D > 2) = P(all three periods sell) ~ 0.25^3 < 5%, so 2 units suffice.
  const apart = suggestRestock({ forecast: sparse, onHand: 0, leadTime: 2, correlation: 0, samples: 20000 });
  assert.equal(apart.orderUpTo, 2);
  assert.ok(apart.stockoutRisk < 0.05 && apart.stockoutRisk > 0.005, `risk ${apart.stockoutRisk}`);
  // A normal approximation with the same mean and spread would ask for a fractional, different level; the median is 0.
  // P(no sale in 3 independent periods) = 0.7^3 = 0.343: a 30% level needs no stock, a 40% level does.
  assert.equal(suggestRestock({ forecast: sparse, onHand: 0, leadTime: 2, serviceLevel: 0.3, correlation: 0, samples: 20000 }).order, 0);
  assert.equal(suggestRestock({ forecast: sparse, onHand: 0, leadTime: 2, serviceLevel: 0.4, correlation: 0, samples: 20000 }).order, 1);
});

test("higher service level never lowers the suggestion", () => {
  let previousUpTo = -1;
  let previousOrder = -1;
  let previousRisk = 2;
  for (const serviceLevel of [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 0.995]) {
    const plan = suggestRestock({ forecast: skewed, onHand: 12, onOrder: 3, leadTime: 2, serviceLevel, packSize: 6 });
    assert.ok(plan.orderUpTo >= previousUpTo, `order-up-to fell at ${serviceLevel}`);
    assert.ok(plan.order >= previousOrder, `order fell at ${serviceLevel}`);
    assert.ok(plan.stockoutRisk <= previousRisk + 1e-12, `risk rose at ${serviceLevel}`);
    assert.ok(plan.stockoutRisk <= 1 - serviceLevel + 0.01, `risk ${plan.stockoutRisk} above ${1 - serviceLevel}`);
    previousUpTo = plan.orderUpTo;
    previousOrder = plan.order;
    previousRisk = plan.stockoutRisk;
  }
});

test("a skewed forecast keeps its long tail in the order-up-to level", () => {
  const plan = suggestRestock({ forecast: skewed, onHand: 0, leadTime: 2, correlation: 0.25 });
  // Median per period is 6, mean is above it; the 95% level is well above 3 x median.
  assert.ok(plan.expectedDemand > 18 && plan.expectedDemand < 30, `E[D] ${plan.expectedDemand}`);
  assert.ok(plan.orderUpTo > 40, `S ${plan.orderUpTo}`);
  assert.equal(plan.safetyStock, Math.round((plan.orderUpTo - plan.expectedDemand) * 100) / 100);
});

test("costs set the level by the critical ratio P / (P + H R)", () => {
  const byCost = suggestRestock({ forecast: skewed, onHand: 0, leadTime: 2, holdingCost: 0.2, shortageCost: 1 });
  const byLevel = suggestRestock({ forecast: skewed, onHand: 0, leadTime: 2, serviceLevel: 1 / 1.2 });
  assert.equal(byCost.orderUpTo, byLevel.orderUpTo);
  assert.match(byCost.reason, /83\.3% service \(costs 1 per lost unit vs 0\.2 per unit held\)/);
  // Review period 2 doubles the holding cost of a unit over the cycle: 1 / (1 + 0.4).
  const review2 = suggestRestock({ forecast: skewed, onHand: 0, leadTime: 2, reviewPeriod: 2, holdingCost: 0.2, shortageCost: 1 });
  const level2 = suggestRestock({ forecast: skewed, onHand: 0, leadTime: 2, reviewPeriod: 2, serviceLevel: 1 / 1.4 });
  assert.equal(review2.orderUpTo, level2.orderUpTo);
});

test("fill rate: constant demand needs exactly its demand; a steady item needs less for 95% fill than 95% cycles", () => {
  assert.equal(suggestRestock({ forecast: constant(10, 3), onHand: 0, leadTime: 2, fillRate: 0.99 }).orderUpTo, 30);
  const steady = repeated([7, 8, 8.5, 9, 10, 11, 11.5, 12, 13], 3);
  const fill = suggestRestock({ forecast: steady, onHand: 0, leadTime: 2, fillRate: 0.95 });
  const cycle = suggestRestock({ forecast: steady, onHand: 0, leadTime: 2, serviceLevel: 0.95 });
  let previous = 0;
  for (const fillRate of [0.8, 0.9, 0.95, 0.99]) {
    const upTo = suggestRestock({ forecast: skewed, onHand: 0, leadTime: 2, fillRate }).orderUpTo;
    assert.ok(upTo >= previous, `fill rate ${fillRate}: ${upTo} < ${previous}`);
    previous = upTo;
  }
  assert.ok(fill.orderUpTo < cycle.orderUpTo, `fill ${fill.orderUpTo} vs cycle ${cycle.orderUpTo}`);
  assert.ok(fill.orderUpTo > fill.expectedDemand);
  assert.match(fill.reason, /95% fill rate/);
});

test("empirical lead times: the longest one sets the level for constant demand", () => {
  const plan = suggestRestock({ forecast: constant(10, 5), onHand: 0, leadTime: [1, 3, 3, 1], samples: 8000 });
  assert.equal(plan.orderUpTo, 40);
  assert.ok(Math.abs(plan.expectedDemand - 30) < 1, `E[D] ${plan.expectedDemand}`);
  assert.match(plan.reason, /lead time 1-3/);
  assert.deepEqual(
    suggestRestock({ forecast: skewed, onHand: 1, leadTime: [2, 2, 2] }).orderUpTo,
    suggestRestock({ forecast: skewed, onHand: 1, leadTime: 2 }).orderUpTo,
  );
});

test("reorder-point policy orders only at or below the reorder point, up to s + Q", () => {
  const above = suggestRestock({ forecast: constant(10, 3), onHand: 35, leadTime: 2, policy: "reorder-point" });
  assert.equal(above.reorderPoint, 30);
  assert.equal(above.orderUpTo, 40);
  assert.equal(above.order, 0);
  const at = suggestRestock({ forecast: constant(10, 3), onHand: 30, leadTime: 2, policy: "reorder-point" });
  assert.equal(at.order, 10);
  const lot = suggestRestock({ forecast: constant(10, 3), onHand: 20, leadTime: 2, policy: "reorder-point", moq: 48 });
  assert.equal(lot.orderUpTo, 78);
  assert.equal(lot.order, 58);
});

test("same input gives the same plan; the seed is part of the input", () => {
  const a = suggestRestock({ forecast: skewed, onHand: 3, leadTime: 3 });
  const b = suggestRestock({ forecast: skewed, onHand: 3, leadTime: 3 });
  assert.deepEqual(a, b);
});

test("zero demand: no order and a capped days of cover", () => {
  const plan = suggestRestock({ forecast: constant(0, 3), onHand: 4, leadTime: 2 });
  assert.equal(plan.order, 0);
  assert.equal(plan.orderUpTo, 0);
  assert.equal(plan.daysOfCover, 9999);
  assert.equal(plan.stockoutRisk, 0);
});

test("bad inputs get clear messages", () => {
  const base = { forecast: constant(10, 4), onHand: 5, leadTime: 2 };
  throwsWith({ ...base, onHand: -3 }, /On hand is -3; it cannot be negative/);
  throwsWith({ ...base, onHand: Number.NaN }, /On hand is not a number/);
  throwsWith({ ...base, onOrder: -1 }, /On order is -1/);
  throwsWith({ ...base, leadTime: 2.5 }, /Lead time 2\.5 is not a whole number of periods\. Round it \(e\.g\. 3\)/);
  throwsWith({ ...base, leadTime: -1 }, /Lead time -1 is negative/);
  throwsWith({ ...base, leadTime: [] }, /lead-time list is empty/);
  throwsWith({ ...base, leadTime: [2, 1.5] }, /Lead time 1\.5 is not a whole number/);
  throwsWith({ ...base, reviewPeriod: 0 }, /Review period 0 must be a whole number of periods, at least 1/);
  throwsWith({ ...base, serviceLevel: 1 }, /Service level 1 would need unlimited stock/);
  throwsWith({ ...base, serviceLevel: 0 }, /Service level 0 means never having stock/);
  throwsWith({ ...base, serviceLevel: 95 }, /Service level 95 is not a probability\. Enter 0\.95/);
  throwsWith({ ...base, fillRate: 1.5 }, /Fill rate 1\.5 is not a probability\. Enter a value between 0 and 1/);
  throwsWith({ ...base, holdingCost: 0.2 }, /both a holding cost/);
  throwsWith({ ...base, holdingCost: 0, shortageCost: 1 }, /Holding cost is 0/);
  throwsWith({ ...base, leadTime: 4 }, /forecast covers 4 periods but lead time 4 \+ review period 1 need 5/);
  throwsWith({ ...base, moq: -5 }, /MOQ is -5/);
  throwsWith({ ...base, forecast: { quantiles: [], values: [] } }, /no quantiles/);
  throwsWith({ ...base, sku: "B1_07", onHand: -1 }, /^B1_07: On hand/);
});

test("helpers: normal functions and the tail of a step's quantile function", () => {
  assert.ok(Math.abs(normalQuantile(0.95) - 1.644854) < 1e-5);
  assert.ok(Math.abs(normalCdf(1.644854) - 0.95) < 1e-6);
  assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
  const q = stepQuantileFunction(LEVELS, [2, 3, 4, 5, 6, 8, 10, 14, 22]);
  assert.equal(q(0.5), 6);
  assert.ok(Math.abs(q(0.85) - 18) < 1e-9);
  // Exponential upper tail through q(0.8) = 14 and q(0.9) = 22: q(0.95) = 22 + 8 ln 2 / ln 2 = 30.
  assert.ok(Math.abs(q(0.95) - 30) < 1e-9);
  assert.ok(q(0.01) >= 0 && q(0.01) < 2);
  // Crossing input quantiles are made monotone.
  const crossed = stepQuantileFunction([0.1, 0.5, 0.9], [5, 3, 9]);
  assert.ok(crossed(0.3) >= 5 && crossed(0.7) >= crossed(0.3));
  // Persistent history (a level that moves) shows as correlation; white noise as little.
  const steps = Array.from({ length: 200 }, (_, i) => (Math.floor(i / 20) % 2 === 0 ? 2 : 12));
  assert.ok(estimateCorrelation(steps, 3) > 0.8);
  const alternating = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 2 : 12));
  assert.equal(estimateCorrelation(alternating, 3), 0);
});
