/**
 * Restock suggestions from forecast quantiles: how much to order now so that the coming replenishment cycle meets
 * a service target, after what is on hand and on order.
 *
 * Method (Silver, Pyke & Thomas, "Inventory and Production Management in Supply Chains", ch. 6-7; the quantile
 * route follows probabilistic planners such as Lokad's "quantile grids"):
 *
 * 1. Lead-time demand. The protection interval is lead time L + review period R periods: an order placed now arrives
 *    after L periods and the next order can only arrive R periods later. Its demand D(L+R) is drawn as `samples`
 *    sample paths. At each step h the forecast gives quantiles q_h(p_1) <= ... <= q_h(p_K); the step's quantile
 *    function Q_h(u) interpolates them linearly and extends them with exponential tails fitted to the two outermost
 *    quantiles (upper: Q(u) = q(p_K) + b ln((1-p_K)/(1-u)), b = (q(p_K)-q(p_K-1)) / ln((1-p_K-1)/(1-p_K)); lower
 *    alike, never below 0). A path draws u_h = Phi(sqrt(rho) Z_0 + sqrt(1-rho) Z_h) (a Gaussian copula with
 *    equicorrelation rho: rho = 1 is comonotone, rho = 0 independent steps) and sums Q_h(u_h) over the interval, so
 *    skewed and intermittent forecasts keep their shape: no normal approximation. With an empirical lead-time list,
 *    each path draws its own L from the list. rho defaults to 0.25, or is estimated from `history` by the variance
 *    ratio of (L+R)-period sums to single periods: rho = (Var(sum_k) / (k Var(x)) - 1) / (k - 1), clamped to [0, 0.9].
 * 2. Target. Cycle service level alpha (default 0.95): S = F^-1_{D(L+R)}(alpha). Fill rate beta: the smallest S with
 *    1 - (E[(D(L+R) - S)+] - E[(D(L) - S)+]) / E[D(R)] >= beta. Costs (holding H per unit per period, shortage P per
 *    lost unit): the newsvendor critical ratio alpha = P / (P + H R) (= P/(P+H) for R = 1). Costs win over fill
 *    rate, fill rate over service level, when several are given.
 * 3. Policy. "order-up-to" (R, S): order S - (on hand + on order) when positive. "reorder-point" (R, s, S): s is the
 *    level above, S = s + Q with Q = max(MOQ, pack size, E[D(R)]); order S - position only when position <= s.
 *    An order is raised to the MOQ and then rounded up to a whole number of packs.
 * 4. Outputs. orderUpTo = S; safetyStock = S - E[D(L+R)]; reorderPoint = s for the reorder-point policy and
 *    S - E[D(R)] (= E[D(L)] + safety stock) for order-up-to; stockoutRisk = P(D(L+R) > position after the order);
 *    daysOfCover = days until the expected demand uses up the stock on hand (periodDays per period, capped at
 *    MAX_DAYS_OF_COVER when demand is zero); expectedDemand = E[D(L+R)].
 * 5. Calibration. `spreadFactor` k widens (k > 1) or narrows the lead-time demand around its median m:
 *    D' = max(0, m + k (D - m)). The replenishment simulation learns k from observed stock-outs.
 */
import { TrendcastError, type QuantileForecast } from "../types";
import { seededRandom } from "../random";
import { normalCdf, normalQuantile } from "./normal";

export type RestockPolicy = "order-up-to" | "reorder-point";

export type RestockInput = {
  /** Per-period quantile forecast starting with the next period; at least lead time + review period steps. */
  forecast: QuantileForecast;
  onHand: number;
  onOrder?: number;
  /** Periods from order to receipt, or an empirical list of past lead times (variable lead time). */
  leadTime: number | number[];
  /** Periods between two orders. Default 1. */
  reviewPeriod?: number;
  /** Cycle service level target, 0 < alpha < 1. Default 0.95 when no other target is given. */
  serviceLevel?: number;
  /** Fill rate target (share of demand met from stock), 0 < beta < 1. */
  fillRate?: number;
  /** Cost of holding one unit for one period. With shortageCost, sets the target by the critical ratio. */
  holdingCost?: number;
  /** Cost of one lost unit of demand. */
  shortageCost?: number;
  moq?: number;
  packSize?: number;
  /** Days per period for days of cover: 1 daily, 7 weekly, 30 monthly. Default 1. */
  periodDays?: number;
  policy?: RestockPolicy;
  /** Recent sales, oldest first: used to estimate how demand in consecutive periods moves together. */
  history?: number[];
  /** Copula correlation between forecast steps (0 independent .. 1 comonotone); overrides the history estimate. */
  correlation?: number;
  /**
   * Multiplies the spread of lead-time demand around its median (1 = as forecast). The simulation learns it from
   * the stock-outs it observes; a buyer can use it to widen or narrow the bands.
   */
  spreadFactor?: number;
  /** Number of sample paths. Default 4000. */
  samples?: number;
  /** Seed of the sample paths. Default 7: the same input always gives the same plan. */
  seed?: number;
  /** Item name, used in error messages. */
  sku?: string;
};

export type RestockPlan = {
  /** Units to order now (after MOQ and pack rounding). */
  order: number;
  reorderPoint: number;
  safetyStock: number;
  orderUpTo: number;
  /** Days the stock on hand lasts at the expected demand. */
  daysOfCover: number;
  /** Probability of a stock-out before the next order can arrive, after this order. */
  stockoutRisk: number;
  /** Expected demand over lead time + review period. */
  expectedDemand: number;
  /** One line a buyer can read. */
  reason: string;
};

export const DEFAULT_SERVICE_LEVEL = 0.95;
export const DEFAULT_CORRELATION = 0.25;
export const MAX_DAYS_OF_COVER = 9999;

/** Which target sets the order-up-to level, and its value. */
export type RestockTarget =
  | { kind: "service-level"; level: number }
  | { kind: "fill-rate"; fillRate: number }
  | { kind: "cost"; level: number; holdingCost: number; shortageCost: number };

export { normalCdf, normalQuantile };


function standardNormal(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = random();
    while (u <= 1e-12) u = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/**
 * The quantile function of one forecast step: linear between the given quantiles, exponential tails outside them,
 * never negative. `levels` ascending in (0, 1); values are made non-crossing (running maximum).
 */
export function stepQuantileFunction(levels: readonly number[], values: readonly number[]): (u: number) => number {
  const k = levels.length;
  const v: number[] = [];
  let running = 0;
  for (let i = 0; i < k; i++) {
    running = Math.max(i === 0 ? Math.max(0, values[i]) : running, values[i]);
    v.push(running);
  }
  if (k === 1) return () => v[0];
  const upperSlope = (v[k - 1] - v[k - 2]) / Math.log((1 - levels[k - 2]) / (1 - levels[k - 1]));
  const lowerSlope = (v[1] - v[0]) / Math.log(levels[1] / levels[0]);
  return (u: number) => {
    if (u >= levels[k - 1]) return v[k - 1] + upperSlope * Math.log((1 - levels[k - 1]) / Math.max(1 - u, 1e-12));
    if (u <= levels[0]) return Math.max(0, v[0] - lowerSlope * Math.log(levels[0] / Math.max(u, 1e-12)));
    let lo = 0;
    let hi = k - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (levels[mid] <= u) lo = mid;
      else hi = mid;
    }
    const w = (u - levels[lo]) / (levels[hi] - levels[lo]);
    return v[lo] + w * (v[hi] - v[lo]);
  };
}

/** Mean of a step's quantile function (numerical integral over 400 midpoints). */
function stepMean(q: (u: number) => number): number {
  const n = 400;
  let s = 0;
  for (let i = 0; i < n; i++) s += q((i + 0.5) / n);
  return s / n;
}

export type DemandSamples = {
  /** Demand over lead time + review period, one entry per path. */
  protection: Float64Array;
  /** Demand over the lead time only, per path (for the fill-rate formula). */
  leadTime: Float64Array;
  /** Expected demand per forecast step. */
  stepMeans: number[];
  /** Expected demand over one review period. */
  reviewMean: number;
};

/**
 * Sample paths of demand over the protection interval, consistent with the per-step quantiles (see module header).
 * `leadTimes` holds one lead time or an empirical list; each path draws one of them.
 */
export function sampleProtectionDemand(
  forecast: QuantileForecast,
  leadTimes: readonly number[],
  reviewPeriod: number,
  options: { samples?: number; seed?: number; correlation?: number } = {},
): DemandSamples {
  const samples = options.samples ?? 4000;
  const rho = Math.min(1, Math.max(0, options.correlation ?? DEFAULT_CORRELATION));
  const random = seededRandom(options.seed ?? 7);
  const normal = standardNormal(random);
  const order = forecast.quantiles.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const levels = order.map((o) => o.p);
  const maxLead = Math.max(...leadTimes);
  const steps = maxLead + reviewPeriod;
  const fns: ((u: number) => number)[] = [];
  for (let h = 0; h < steps; h++) fns.push(stepQuantileFunction(levels, order.map((o) => forecast.values[o.i][h])));
  const stepMeans = fns.map(stepMean);
  const protection = new Float64Array(samples);
  const leadOnly = new Float64Array(samples);
  const shared = Math.sqrt(rho);
  const own = Math.sqrt(1 - rho);
  for (let s = 0; s < samples; s++) {
    const lead = leadTimes.length === 1 ? leadTimes[0] : leadTimes[Math.floor(random() * leadTimes.length)];
    const z0 = normal();
    let total = 0;
    for (let h = 0; h < lead + reviewPeriod; h++) {
      const u = normalCdf(shared * z0 + own * normal());
      total += fns[h](u);
      if (h === lead - 1) leadOnly[s] = total;
    }
    protection[s] = total;
  }
  let reviewMean = 0;
  for (const lead of leadTimes) for (let h = lead; h < lead + reviewPeriod; h++) reviewMean += stepMeans[h] / leadTimes.length;
  return { protection, leadTime: leadOnly, stepMeans, reviewMean };
}

/** The p-quantile of a sample (sorted copy, linear interpolation between order statistics). */
export function sampleQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const x = p * (n - 1);
  const lo = Math.floor(x);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (x - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Order-up-to levels (whole units) of several cycle service levels from one set of sample paths: the same levels
 * `suggestRestock` gives for each, at a fraction of the cost (used to compare candidate levels in simulations).
 */
export function orderUpToLevels(
  forecast: QuantileForecast,
  leadTime: number,
  reviewPeriod: number,
  levels: readonly number[],
  options: { samples?: number; seed?: number; correlation?: number } = {},
): number[] {
  const draws = sampleProtectionDemand(forecast, [leadTime], reviewPeriod, options);
  const sorted = draws.protection.sort();
  return levels.map((p) => Math.max(0, Math.ceil(sampleQuantile(sorted, p) - 1e-9)));
}

/**
 * Equicorrelation of consecutive periods from history, by the variance ratio of k-period sums
 * (k = the protection interval). Returns the default when history is too short or flat.
 */
export function estimateCorrelation(history: readonly number[], k: number): number {
  const x = history.filter((v) => Number.isFinite(v));
  if (k < 2 || x.length < 4 * k) return DEFAULT_CORRELATION;
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
  const sums: number[] = [];
  for (let i = 0; i + k <= x.length; i++) {
    let s = 0;
    for (let j = i; j < i + k; j++) s += x[j];
    sums.push(s);
  }
  const sumMean = sums.reduce((a, b) => a + b, 0) / sums.length;
  const sumVariance = sums.reduce((a, b) => a + (b - sumMean) ** 2, 0) / (sums.length - 1);
  if (!(variance > 0)) return DEFAULT_CORRELATION;
  const rho = (sumVariance / (k * variance) - 1) / (k - 1);
  return Math.min(0.9, Math.max(0, rho));
}

function fail(message: string, sku?: string): never {
  throw new TrendcastError(sku ? `${sku}: ${message}` : message, "bad-restock-input", sku ? { sku } : undefined);
}

function checkProbability(name: string, value: number, sku?: string): void {
  if (!Number.isFinite(value)) fail(`${name} is not a number. Enter a value between 0 and 1, e.g. 0.95 for 95%.`, sku);
  if (value > 1) {
    const hint = value >= 50 && value < 100 ? `Enter ${value / 100} for ${value}%.` : "Enter a value between 0 and 1, e.g. 0.95 for 95%.";
    fail(`${name} ${value} is not a probability. ${hint}`, sku);
  }
  if (value === 1) fail(`${name} 1 would need unlimited stock. Enter a value below 1, e.g. 0.99.`, sku);
  if (value <= 0) fail(`${name} ${value} means never having stock. Enter a value above 0, e.g. 0.95.`, sku);
}

function checkCount(name: string, value: number | undefined, min: number, what: string, sku?: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value)) fail(`${name} is not a number. Enter ${what}.`, sku);
  if (value < min) fail(`${name} is ${value}; it must be ${min} or more. Enter ${what}.`, sku);
}

/** The target the plan aims at, from the input (costs, then fill rate, then service level). Validates it. */
export function restockTarget(input: Pick<RestockInput, "serviceLevel" | "fillRate" | "holdingCost" | "shortageCost" | "reviewPeriod" | "sku">): RestockTarget {
  const { sku } = input;
  const review = input.reviewPeriod ?? 1;
  if (input.holdingCost !== undefined || input.shortageCost !== undefined) {
    if (input.holdingCost === undefined || input.shortageCost === undefined)
      fail("Costs need both a holding cost (per unit per period) and a shortage cost (per lost unit).", sku);
    checkCount("Holding cost", input.holdingCost, 0, "the cost of keeping one unit in stock for one period", sku);
    checkCount("Shortage cost", input.shortageCost, 0, "the cost of one lost sale (e.g. the margin)", sku);
    if (!(input.shortageCost > 0)) fail("Shortage cost is 0: a lost sale would cost nothing, so no stock is needed. Enter the margin lost per unit.", sku);
    const level = input.shortageCost / (input.shortageCost + input.holdingCost * review);
    if (level >= 0.9999) fail("Holding cost is 0: stock would cost nothing to keep. Enter the cost of keeping one unit for one period.", sku);
    return { kind: "cost", level, holdingCost: input.holdingCost, shortageCost: input.shortageCost };
  }
  if (input.fillRate !== undefined) {
    checkProbability("Fill rate", input.fillRate, sku);
    return { kind: "fill-rate", fillRate: input.fillRate };
  }
  const level = input.serviceLevel ?? DEFAULT_SERVICE_LEVEL;
  checkProbability("Service level", level, sku);
  return { kind: "service-level", level };
}

function validateLeadTimes(leadTime: number | number[], sku?: string): number[] {
  const list = Array.isArray(leadTime) ? leadTime : [leadTime];
  if (list.length === 0) fail("The lead-time list is empty. Enter the lead time in periods, or past lead times.", sku);
  for (const l of list) {
    if (typeof l !== "number" || !Number.isFinite(l)) fail(`Lead time "${String(l)}" is not a number. Enter whole periods from order to delivery, e.g. 2.`, sku);
    if (l < 0) fail(`Lead time ${l} is negative. Enter whole periods from order to delivery, e.g. 2.`, sku);
    if (!Number.isInteger(l))
      fail(`Lead time ${l} is not a whole number of periods. Round it (e.g. ${Math.ceil(l)}) or give past lead times as a list of whole periods.`, sku);
  }
  return list;
}

const fmt = (x: number): string => (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x)) : x.toFixed(1));

/** Raise an order to the MOQ, then round up to whole packs (and whole units). */
export function roundOrder(raw: number, moq = 0, packSize = 1): number {
  if (!(raw > 1e-9)) return 0;
  let order = Math.max(Math.ceil(raw - 1e-9), moq);
  if (packSize > 1) order = Math.ceil(order / packSize - 1e-9) * packSize;
  return order;
}

/** Suggest an order for one item. Throws TrendcastError (code "bad-restock-input") with a message for the buyer. */
/** Checks every input (in the order the messages are given) and returns the values with their defaults. */
function checkRestockInput(input: RestockInput) {
  const { sku } = input;
  if (!Number.isFinite(input.onHand)) fail("On hand is not a number. Enter the units in stock now (0 if none).", sku);
  if (input.onHand < 0) fail(`On hand is ${input.onHand}; it cannot be negative. Enter the units in stock now (0 if none); record back-orders as on order of 0.`, sku);
  const onOrder = input.onOrder ?? 0;
  if (!Number.isFinite(onOrder) || onOrder < 0) fail(`On order is ${onOrder}; it must be 0 or more units already ordered and not yet received.`, sku);
  const leadTimes = validateLeadTimes(input.leadTime, sku);
  const review = input.reviewPeriod ?? 1;
  if (!Number.isInteger(review) || review < 1) fail(`Review period ${review} must be a whole number of periods, at least 1 (1 = you can order every period).`, sku);
  checkCount("MOQ", input.moq, 0, "the minimum order quantity in units (0 if none)", sku);
  checkCount("Pack size", input.packSize, 0, "the units per pack (1 if sold by the unit)", sku);
  const periodDays = input.periodDays ?? 1;
  if (!(periodDays > 0)) fail(`Period length ${periodDays} days must be above 0 (1 daily, 7 weekly).`, sku);
  const target = restockTarget(input);
  const { forecast } = input;
  const maxLead = Math.max(...leadTimes);
  const need = maxLead + review;
  if (!forecast || !Array.isArray(forecast.quantiles) || forecast.quantiles.length === 0 || forecast.values.length !== forecast.quantiles.length)
    fail("The forecast has no quantiles. Forecast the item first, then ask for a restock suggestion.", sku);
  const steps = Math.min(...forecast.values.map((row) => row.length));
  if (steps < need)
    fail(`The forecast covers ${steps} periods but lead time ${maxLead} + review period ${review} need ${need}. Forecast at least ${need} periods ahead.`, sku);
  for (const row of forecast.values)
    for (let h = 0; h < need; h++) if (!Number.isFinite(row[h])) fail(`The forecast has a missing value at step ${h + 1}. Forecast the item again.`, sku);
  if (forecast.quantiles.some((p) => !(p > 0 && p < 1))) fail("The forecast quantile levels must be between 0 and 1.", sku);
  return { onOrder, leadTimes, review, periodDays, target, forecast, need };
}

/** Widens or narrows the demand samples around their medians by the spread factor (1 = as forecast). */
function widenDraws(draws: DemandSamples, spreadFactor: number | undefined, sku: string | undefined): void {
  const spread = spreadFactor ?? 1;
  if (!(spread > 0) || !Number.isFinite(spread)) fail(`Spread factor ${spread} must be a number above 0 (1 = bands as forecast).`, sku);
  if (spread !== 1) {
    const center = sampleQuantile(Float64Array.from(draws.protection).sort(), 0.5);
    const centerLead = sampleQuantile(Float64Array.from(draws.leadTime).sort(), 0.5);
    for (let i = 0; i < draws.protection.length; i++) {
      draws.protection[i] = Math.max(0, center + spread * (draws.protection[i] - center));
      draws.leadTime[i] = Math.max(0, centerLead + spread * (draws.leadTime[i] - centerLead));
    }
  }
}

export function suggestRestock(input: RestockInput): RestockPlan {
  const { sku } = input;
  const { onOrder, leadTimes, review, periodDays, target, forecast, need } = checkRestockInput(input);

  const correlation = input.correlation ?? (input.history ? estimateCorrelation(input.history, need) : DEFAULT_CORRELATION);
  const draws = sampleProtectionDemand(forecast, leadTimes, review, { samples: input.samples, seed: input.seed, correlation });
  widenDraws(draws, input.spreadFactor, sku);
  const sorted = Float64Array.from(draws.protection).sort();
  const n = sorted.length;
  let expectedDemand = 0;
  for (let i = 0; i < n; i++) expectedDemand += sorted[i];
  expectedDemand /= n;

  let level: number;
  if (target.kind === "fill-rate") {
    level = fillRateLevel(draws, sorted, target.fillRate);
  } else {
    level = target.level;
  }
  const rawUpTo = target.kind === "fill-rate" && draws.reviewMean <= 0 ? 0 : sampleQuantile(sorted, level);
  const upTo = Math.max(0, Math.ceil(rawUpTo - 1e-9));
  const position = input.onHand + onOrder;
  const moq = input.moq ?? 0;
  const pack = input.packSize ?? 1;
  const policy = input.policy ?? "order-up-to";
  let orderUpTo: number;
  let reorderPoint: number;
  let order: number;
  if (policy === "reorder-point") {
    reorderPoint = upTo;
    const lot = Math.max(moq, pack, Math.ceil(draws.reviewMean - 1e-9));
    orderUpTo = reorderPoint + lot;
    order = position <= reorderPoint ? roundOrder(orderUpTo - position, moq, pack) : 0;
  } else {
    orderUpTo = upTo;
    reorderPoint = Math.max(0, Math.ceil(upTo - draws.reviewMean - 1e-9));
    order = roundOrder(orderUpTo - position, moq, pack);
  }
  const after = position + order;
  let short = 0;
  for (let i = 0; i < n; i++) if (sorted[i] > after + 1e-9) short++;
  const stockoutRisk = short / n;
  const daysOfCover = coverDays(input.onHand, draws.stepMeans, periodDays);
  const safetyStock = upTo - expectedDemand;
  const plan: RestockPlan = {
    order,
    reorderPoint,
    safetyStock: Math.round(safetyStock * 100) / 100,
    orderUpTo,
    daysOfCover,
    stockoutRisk: Math.round(stockoutRisk * 10000) / 10000,
    expectedDemand: Math.round(expectedDemand * 100) / 100,
    reason: "",
  };
  plan.reason = explain(plan, { target, level, position, onHand: input.onHand, onOrder, moq, pack, leadTimes, review, policy, rawOrder: Math.max(0, orderUpTo - position) });
  return plan;
}

/** Smallest cycle level whose order-up-to level meets the fill rate (bisection on the sorted sample). */
function fillRateLevel(draws: DemandSamples, sorted: Float64Array, fillRate: number): number {
  if (draws.reviewMean <= 0) return 0.5;
  const fill = (s: number): number => {
    let shortAll = 0;
    let shortLead = 0;
    for (let i = 0; i < draws.protection.length; i++) {
      shortAll += Math.max(0, draws.protection[i] - s);
      shortLead += Math.max(0, draws.leadTime[i] - s);
    }
    const expectedShort = (shortAll - shortLead) / draws.protection.length;
    return 1 - expectedShort / draws.reviewMean;
  };
  let lo = 0;
  let hi = sorted.length - 1;
  if (fill(sorted[hi]) < fillRate) return 1 - 0.5 / sorted.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fill(sorted[mid]) >= fillRate) hi = mid;
    else lo = mid;
  }
  return hi / (sorted.length - 1);
}

function coverDays(onHand: number, stepMeans: readonly number[], periodDays: number): number {
  if (onHand <= 0) return 0;
  let left = onHand;
  const total = stepMeans.reduce((a, b) => a + b, 0);
  if (!(total > 1e-12)) return MAX_DAYS_OF_COVER;
  for (let h = 0; h < stepMeans.length; h++) {
    if (stepMeans[h] >= left) return Math.min(MAX_DAYS_OF_COVER, Math.round((h + left / stepMeans[h]) * periodDays * 10) / 10);
    left -= stepMeans[h];
  }
  const rate = total / stepMeans.length;
  return Math.min(MAX_DAYS_OF_COVER, Math.round((stepMeans.length + left / rate) * periodDays * 10) / 10);
}

function explain(
  plan: RestockPlan,
  c: { target: RestockTarget; level: number; position: number; onHand: number; onOrder: number; moq: number; pack: number; leadTimes: number[]; review: number; policy: RestockPolicy; rawOrder: number },
): string {
  const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
  const aim =
    c.target.kind === "fill-rate"
      ? `${pct(c.target.fillRate)} fill rate`
      : c.target.kind === "cost"
        ? `${pct(c.target.level)} service (costs ${fmt(c.target.shortageCost)} per lost unit vs ${fmt(c.target.holdingCost)} per unit held)`
        : `${pct(c.target.level)} service`;
  const lead = c.leadTimes.length === 1 ? `${c.leadTimes[0]}` : `${Math.min(...c.leadTimes)}-${Math.max(...c.leadTimes)}`;
  const span = `lead time ${lead} + review ${c.review} periods`;
  const stock = `on hand ${fmt(c.onHand)}${c.onOrder > 0 ? ` + on order ${fmt(c.onOrder)}` : ""}`;
  const level = c.policy === "reorder-point" ? `reorder point ${plan.reorderPoint}` : `order-up-to level ${plan.orderUpTo}`;
  if (plan.order === 0) {
    return `No order: ${stock} covers the ${level} (expected demand ${fmt(plan.expectedDemand)} over ${span}, aiming at ${aim}); stock-out risk ${pct(plan.stockoutRisk)}.`;
  }
  const rounding: string[] = [];
  const needed = Math.ceil(c.rawOrder - 1e-9);
  if (plan.order > needed) {
    if (c.moq > needed) rounding.push(`raised to MOQ ${fmt(c.moq)}`);
    if (c.pack > 1) rounding.push(`rounded up to packs of ${fmt(c.pack)}`);
  }
  const extra = rounding.length > 0 ? ` (${needed} needed, ${rounding.join(", ")})` : "";
  return `Order ${plan.order}${extra}: ${stock} is below the ${level} = expected demand ${fmt(plan.expectedDemand)} over ${span} + safety stock ${fmt(plan.safetyStock)} for ${aim}; stock-out risk after the order ${pct(plan.stockoutRisk)}.`;
}
