/**
 * Replenishment simulation: replays the last N periods of real sales with a periodic-review inventory policy and
 * scores it against two baselines in the same run (the method of "backtesting an inventory policy" in Silver, Pyke
 * & Thomas ch. 7 and of Lokad's / Syntetos' replenishment simulations).
 *
 * Timeline. Replayed periods are T0 = n - N .. n - 1. Reviews fall on T0, T0 + R, T0 + 2R, ... Within period t, for
 * each series and each policy: (1) orders due at t are received; (2) at a review the policy orders, seeing sales up
 * to t - 1 only; the order arrives at the start of period t + L (at once when L = 0); (3) the period's real sales are
 * the demand: sold = min(on hand, demand), the rest is lost (no back-orders); (4) what is left is the period's
 * closing on hand.
 *
 * Start. Without an initial state, every policy starts with on hand = the sales of the L + R periods before T0 and
 * nothing on order. With one, on_order_k arrives at the start of replayed period k (k = 1 is the first).
 *
 * Policies.
 * - "trendcast": the panel model forecasts every series at each review cutoff (one call for the whole panel); the
 *   order comes from `suggestRestock` (order-up-to, protection L + R, quantile sample paths). Self-calibrating: the
 *   spread factor k of lead-time demand around its median (restock.ts) starts at 1 and, each time the cycles of
 *   an earlier review are over, log k moves by g * (observed stock-out share - (1 - target)) / (1 - target), with
 *   g = max(gamma, 0.25 / sqrt(updates so far + 1)) (adaptive conformal inference, Gibbs & Candes, NeurIPS 2021,
 *   applied to the panel's stock-out rate; the larger early steps let short replays calibrate), so a model
 *   whose bands are too narrow or too wide still meets the target. Only outcomes seen by then are used.
 *   With costs it orders instead at the candidate service level (0.3 .. 0.95 and P / (P + H R)) whose shadow books
 *   (the same policy at that level, over the same demand) cost least so far, starting on a warm-up of 28 days /
 *   26 weeks / 12 months before the replay.
 * - "snaive_normal": seasonal naive forecast (season from `detectSeasonLength`) with normal safety stock
 *   S = sum of the seasonal-naive forecasts over L + R + z sigma sqrt(L + R), sigma the standard deviation of the
 *   seasonal differences y_t - y_{t-m} of the history, z = Phi^-1(target).
 * - "last_period": orders what it sold in the last R periods (at the first review, the recorded sales).
 *
 * Scores (over all series and all replayed periods).
 * - fill_rate = units sold / units demanded.
 * - cycle_service_level = share of series-review-cycles with no lost sale; a review cycle is the R periods from one
 *   review to the next (with R = 1: the share of series-periods without a stock-out).
 * - avg_on_hand = mean closing on hand per series and period.
 * - lost_units = total lost demand.
 * - total_cost = H * sum of closing on hand over series and periods + P * lost units.
 * The target level is the service level, or P / (P + H R) when costs are given.
 */
import type { PanelModel } from "../forecast/panel-model";
import { DEFAULT_CORRELATION, normalQuantile, orderUpToLevels, suggestRestock } from "./restock";
import { detectSeasonLength } from "../forecast/season";
import { DEFAULT_QUANTILES, TrendcastError, type QuantileForecast, type SalesPanel } from "../types";

export type SimulationPolicyName = "trendcast" | "snaive_normal" | "last_period";
export const SIMULATION_POLICIES: readonly SimulationPolicyName[] = ["trendcast", "snaive_normal", "last_period"];

/** Holding and shortage costs used for total_cost when only a service level is given. */
export const DEFAULT_HOLDING_COST = 0.2;
export const DEFAULT_SHORTAGE_COST = 1;

export type InitialState = { onHand: number; onOrder: number[] };

export type SimulationOptions = {
  /** Number of most recent periods to replay. */
  periods: number;
  leadTime: number;
  reviewPeriod: number;
  /** Cycle service level target (default 0.95 when no costs are given). */
  serviceLevel?: number;
  holdingCost?: number;
  shortageCost?: number;
  /** Start state per series id; series not listed start with the default. */
  initial?: ReadonlyMap<string, InitialState>;
  /** The forecaster of the "trendcast" policy. Needed when that policy runs. */
  model?: PanelModel;
  /** Which policies to run (default all three). */
  policies?: readonly SimulationPolicyName[];
  /** Quantile levels asked of the model. */
  quantiles?: readonly number[];
  /** Most recent periods of history the model sees at each review (default: all). Shorter is faster. */
  historyWindow?: number;
  /**
   * How the trendcast policy adapts to the stock-outs it observes: "spread" widens or narrows lead-time demand
   * around its median (default), "level" moves the cycle level it aims at, "none" trusts the forecast as is.
   */
  calibration?: "spread" | "level" | "none";
  /**
   * With costs: the trendcast policy keeps shadow books for candidate service levels on the periods already
   * replayed and orders at the level with the lowest cost so far (default true when costs are given).
   */
  levelSearch?: boolean;
  /** Periods before the replay on which the level search starts its shadow books (default 28 daily, 26 weekly, 12 monthly). */
  warmup?: number;
  /** Calibration step gamma, the floor of the decaying step (default 0.05). */
  calibrationStep?: number;
  /** Service level the snaive_normal baseline aims at, when it should differ from the target (benchmark sweeps). */
  baselineServiceLevel?: number;
  /** Copula correlation between forecast steps in the sample paths (default restock.ts's DEFAULT_CORRELATION). */
  correlation?: number;
  /** Sample paths per restock suggestion (default 1000). */
  samples?: number;
  /** Keep the per-period rows (default true). */
  keepRows?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { fraction: number; message: string }) => void;
};

export type PolicyMetrics = {
  fill_rate: number;
  cycle_service_level: number;
  avg_on_hand: number;
  lost_units: number;
  total_cost: number;
};

/** One series, period and policy of the replay. on_hand is the closing stock of the period. */
export type SimulationRow = {
  series_id: string;
  /** Epoch day of the period. */
  date: number;
  policy: SimulationPolicyName;
  on_hand: number;
  order: number;
  received: number;
  demand: number;
  sold: number;
  lost: number;
};

export type SimulationResult = {
  metrics: Partial<Record<SimulationPolicyName, PolicyMetrics>>;
  rows: SimulationRow[];
  /** Replayed timeline indices [first, last]. */
  first: number;
  last: number;
  targetLevel: number;
  holdingCost: number;
  shortageCost: number;
  /** Cycle level the trendcast policy aimed at in the end (after calibration). */
  finalLevel?: number;
  /** With level search: the periods before the replay its shadow books ran on. */
  warmup?: number;
  /** With level search: the mean level the trendcast policy ordered at. */
  meanLevel?: number;
  /** Spread factor of the trendcast policy in the end (after calibration). */
  finalSpread?: number;
  /** Opening stock per policy and series (for accounting checks). */
  opening: Partial<Record<SimulationPolicyName, number[]>>;
  /** Closing stock per policy and series at the end of the replay. */
  closing: Partial<Record<SimulationPolicyName, number[]>>;
};

type PolicyState = {
  onHand: number[];
  /** arrivals[i][k]: units for series i arriving at the start of replayed period k. */
  arrivals: number[][];
  lastSold: number[][];
  sold: number;
  demand: number;
  lost: number;
  onHandSum: number;
  cycles: number;
  cyclesOk: number;
  cycleLost: number[];
  /** lost per series per replayed period (trendcast calibration only). */
  lostLog: number[][];
};

function fail(message: string): never {
  throw new TrendcastError(message, "bad-simulation-input");
}

function checkWhole(name: string, value: number, min: number, hint: string): void {
  if (!Number.isInteger(value) || value < min) fail(`${name} ${value} must be a whole number of periods, at least ${min}. ${hint}`);
}

/** The seasonal-naive order-up-to level with normal safety stock, from history y (sales up to the cutoff). */
export function snaiveNormalLevel(y: readonly number[], frequency: SalesPanel["frequency"], protection: number, z: number): number {
  const n = y.length;
  if (n === 0) return 0;
  let m = detectSeasonLength(y, frequency);
  if (m > n) m = 1;
  let mean = 0;
  for (let h = 0; h < protection; h++) mean += y[n - m + (h % m)];
  let count = 0;
  let s = 0;
  let ss = 0;
  for (let t = m; t < n; t++) {
    const e = y[t] - y[t - m];
    s += e;
    ss += e * e;
    count++;
  }
  const sigma = count > 1 ? Math.sqrt(Math.max(0, (ss - (s * s) / count) / (count - 1))) : 0;
  return Math.max(0, mean + z * sigma * Math.sqrt(protection));
}

/** A view of the panel holding only the periods [from, to] (covariates up to to + horizon). */
function windowPanel(panel: SalesPanel, from: number, to: number, horizon: number): SalesPanel {
  return {
    ...panel,
    timeline: panel.timeline.slice(from, to + 1 + horizon),
    series: panel.series.map((s) => {
      const covariates: Record<string, number[]> = {};
      for (const [k, xs] of Object.entries(s.covariates)) covariates[k] = xs.slice(from, to + 1 + horizon);
      return { ...s, values: s.values.slice(from, to + 1), start: Math.max(0, s.start - from), covariates };
    }),
  };
}

/**
 * Books of the order-up-to policy at several candidate levels, kept side by side over the same demand (opening
 * stock: the sales of the protection interval before the first period), to compare their costs so far.
 */
class ShadowBooks {
  private readonly onHand: number[][];
  private readonly arrivals: number[][][];
  private readonly costs: number[];

  constructor(
    private readonly levels: readonly number[],
    private readonly demand: readonly number[][],
    private readonly first: number,
    length: number,
    protection: number,
    private readonly lead: number,
    private readonly holding: number,
    private readonly shortage: number,
  ) {
    const opening = demand.map((y) => {
      let s = 0;
      for (let t = Math.max(0, first - protection); t < first; t++) s += y[t];
      return s;
    });
    this.onHand = levels.map(() => opening.slice());
    this.arrivals = levels.map(() => demand.map(() => new Array<number>(Math.max(0, length)).fill(0)));
    this.costs = levels.map(() => 0);
  }

  /** Each candidate orders up to its level for series i at period t. */
  order(t: number, i: number, upTo: readonly number[]): void {
    const k = t - this.first;
    this.levels.forEach((_, c) => {
      const due = this.arrivals[c][i];
      let position = this.onHand[c][i];
      for (let j = k; j < due.length; j++) position += due[j];
      if (k + this.lead < due.length) due[k + this.lead] += Math.max(0, Math.ceil(upTo[c] - position - 1e-9));
    });
  }

  /** Receipts, demand and cost of period t for every candidate. */
  step(t: number): void {
    const k = t - this.first;
    this.levels.forEach((_, c) => {
      for (let i = 0; i < this.demand.length; i++) {
        this.onHand[c][i] += this.arrivals[c][i][k] ?? 0;
        const want = this.demand[i][t];
        const sold = Math.min(this.onHand[c][i], want);
        this.onHand[c][i] -= sold;
        this.costs[c] += this.holding * this.onHand[c][i] + this.shortage * (want - sold);
      }
    });
  }

  /** The level with the lowest cost so far (ties: the one nearest the target). */
  best(target: number): number {
    let best = -1;
    for (let c = 0; c < this.levels.length; c++) {
      const better = best < 0 || this.costs[c] < this.costs[best] - 1e-9;
      const tie = best >= 0 && Math.abs(this.costs[c] - this.costs[best]) <= 1e-9 && Math.abs(this.levels[c] - target) < Math.abs(this.levels[best] - target);
      if (better || tie) best = c;
    }
    return best < 0 ? target : this.levels[best];
  }
}

const logit = (p: number): number => Math.log(p / (1 - p));
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** Run the replay. Throws TrendcastError with a message naming the bad setting. */
export async function simulateReplenishment(panel: SalesPanel, options: SimulationOptions): Promise<SimulationResult> {
  const L = options.leadTime;
  const R = options.reviewPeriod;
  const N = options.periods;
  checkWhole("Lead time", L, 0, "Use --lead-time with the periods from order to delivery, e.g. 2.");
  checkWhole("Review period", R, 1, "Use --review with the periods between orders, e.g. 1.");
  checkWhole("Periods to replay", N, 1, "Use --periods with the number of recent periods to replay, e.g. 52.");
  // Sales history ends where the values end; the timeline may run further with planned covariates.
  const n = Math.min(panel.timeline.length, Math.max(0, ...panel.series.map((s) => s.values.length)));
  if (panel.series.length === 0) fail("The data has no series to simulate. Check the file has series_id, date and value columns.");
  if (n < N + L + R + 2)
    fail(`The data has ${n} periods: too few to replay ${N} periods with lead time ${L} and review ${R}. Use --periods ${Math.max(1, n - L - R - 2)} or less.`);
  const hasCosts = options.holdingCost !== undefined || options.shortageCost !== undefined;
  if (hasCosts && (options.holdingCost === undefined || options.shortageCost === undefined))
    fail("Costs need both --holding-cost (per unit per period) and --shortage-cost (per lost unit).");
  const H = options.holdingCost ?? DEFAULT_HOLDING_COST;
  const P = options.shortageCost ?? DEFAULT_SHORTAGE_COST;
  if (!(H > 0) || !(P > 0) || !Number.isFinite(H) || !Number.isFinite(P)) fail(`Holding cost ${H} and shortage cost ${P} must both be above 0.`);
  const target = hasCosts ? P / (P + H * R) : (options.serviceLevel ?? 0.95);
  if (!(target > 0 && target < 1)) fail(`Service level ${target} must be between 0 and 1 (exclusive), e.g. 0.95.`);
  const policies = options.policies ?? SIMULATION_POLICIES;
  if (policies.includes("trendcast") && !options.model) fail("The trendcast policy needs a forecasting model.");
  const baselineLevel = options.baselineServiceLevel ?? target;
  if (!(baselineLevel > 0 && baselineLevel < 1)) fail(`Baseline service level ${baselineLevel} must be between 0 and 1.`);
  const z = normalQuantile(baselineLevel);
  const quantiles = options.quantiles ?? [0.05, ...DEFAULT_QUANTILES, 0.95];
  const keepRows = options.keepRows ?? true;
  const gamma = options.calibrationStep ?? 0.05;
  const calibration = options.calibration ?? "spread";
  const T0 = n - N;
  const S = panel.series.length;
  const protection = L + R;
  const values = panel.series.map((s) =>
    Array.from({ length: n }, (_, t) => {
      const v = s.values[t];
      return t >= s.start && Number.isFinite(v) ? Math.max(0, v) : 0;
    }),
  );

  const states = new Map<SimulationPolicyName, PolicyState>();
  const opening: SimulationResult["opening"] = {};
  for (const name of policies) {
    const onHand: number[] = [];
    const arrivals: number[][] = [];
    for (let i = 0; i < S; i++) {
      const init = options.initial?.get(panel.series[i].id);
      const row = new Array<number>(N + L + 1).fill(0);
      if (init) {
        onHand.push(init.onHand);
        init.onOrder.forEach((q, k) => {
          if (k < row.length) row[k] += q;
        });
      } else {
        let start = 0;
        for (let t = T0 - protection; t < T0; t++) start += values[i][t];
        onHand.push(start);
      }
      arrivals.push(row);
    }
    opening[name] = onHand.slice();
    states.set(name, {
      onHand,
      arrivals,
      lastSold: panel.series.map((_, i) => values[i].slice(T0 - R, T0)),
      sold: 0,
      demand: 0,
      lost: 0,
      onHandSum: 0,
      cycles: 0,
      cyclesOk: 0,
      cycleLost: new Array<number>(S).fill(0),
      lostLog: name === "trendcast" ? panel.series.map(() => new Array<number>(N).fill(0)) : [],
    });
  }

  // Level search (cost mode): shadow books of the trendcast policy at candidate levels, scored by their cost so far.
  const search = hasCosts && policies.includes("trendcast") && (options.levelSearch ?? true);
  const candidates = search ? [...new Set([0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, Math.round(target * 1e4) / 1e4])].sort((a, b) => a - b) : [];
  const defaultWarmup = panel.frequency === "daily" ? 28 : panel.frequency === "weekly" ? 26 : 12;
  const warmup = search ? Math.max(0, Math.min(options.warmup ?? defaultWarmup, n - N - protection - 2 - Math.max(8, 2 * protection))) : 0;
  const books = new ShadowBooks(candidates, values, T0 - warmup, warmup + N + L + 1, protection, L, H, P);
  const chosenLevel = (): number => books.best(target);
  const shadowOrders = async (t: number, forecasts: QuantileForecast[] | null): Promise<QuantileForecast[]> => {
    const result = forecasts ?? (await forecastAt(t - 1)).forecasts;
    for (let i = 0; i < S; i++) {
      const upTo = orderUpToLevels(result[i], L, R, candidates, { samples: options.samples ?? 1000, seed: 1 + i * 7919 + (t - T0), correlation: options.correlation ?? DEFAULT_CORRELATION });
      books.order(t, i, upTo);
    }
    return result;
  };
  const forecastAt = async (cutoff: number) => {
    const model = options.model as PanelModel;
    const from = options.historyWindow ? Math.max(0, cutoff + 1 - options.historyWindow) : 0;
    const view = from > 0 ? windowPanel(panel, from, cutoff, protection) : panel;
    return model.forecast(view, { cutoff: cutoff - from, horizon: protection, quantiles, signal: options.signal });
  };
  // Warm-up: the shadow books run over the periods just before the replay, so the level is chosen from the start.
  for (let t = T0 - warmup; t < T0; t++) {
    if (options.signal?.aborted) throw new TrendcastError("The simulation was cancelled.", "cancelled");
    if ((t - (T0 - warmup)) % R === 0) {
      options.onProgress?.({ fraction: 0, message: `choosing the level on ${warmup} periods before the replay: period ${t - T0 + warmup + 1}` });
      await shadowOrders(t, null);
    }
    books.step(t);
  }
  const levelsUsed: number[] = [];
  // Calibration state: the logit of the aimed level, and the log of the spread factor.
  let theta = logit(target);
  let logSpread = 0;
  let updates = 0;
  const rows: SimulationRow[] = [];
  const periodDays = panel.frequency === "daily" ? 1 : panel.frequency === "weekly" ? 7 : 30;
  const reviews = Math.ceil(N / R);
  for (let k = 0; k < N; k++) {
    const t = T0 + k;
    if (options.signal?.aborted) throw new TrendcastError("The simulation was cancelled.", "cancelled");
    const isReview = k % R === 0;
    const orders = new Map<SimulationPolicyName, number[]>();
    if (isReview) {
      options.onProgress?.({ fraction: k / N, message: `review ${k / R + 1} of ${reviews} (${policies.join(", ")})` });
      for (const name of policies) {
        const state = states.get(name) as PolicyState;
        const position = (i: number): number => {
          let p = state.onHand[i];
          for (let j = k; j < state.arrivals[i].length; j++) p += state.arrivals[i][j];
          return p;
        };
        // Orders are decided before this period's deliveries are counted as on hand, so on hand + on order is the position.
        const out = new Array<number>(S).fill(0);
        if (name === "trendcast") {
          const result = await forecastAt(t - 1);
          const level = search ? chosenLevel() : logistic(theta);
          if (search) {
            levelsUsed.push(level);
            await shadowOrders(t, result.forecasts);
          }
          for (let i = 0; i < S; i++) {
            const onOrder = position(i) - state.onHand[i];
            const plan = suggestRestock({
              forecast: result.forecasts[i],
              onHand: state.onHand[i],
              onOrder,
              leadTime: L,
              reviewPeriod: R,
              serviceLevel: Math.min(0.999, Math.max(0.5, level)),
              spreadFactor: search ? 1 : Math.exp(logSpread),
              correlation: options.correlation ?? DEFAULT_CORRELATION,
              periodDays,
              samples: options.samples ?? 1000,
              seed: 1 + i * 7919 + k,
              sku: panel.series[i].id,
            });
            out[i] = plan.order;
          }
        } else if (name === "snaive_normal") {
          for (let i = 0; i < S; i++) {
            const start = Math.max(0, panel.series[i].start);
            const level = snaiveNormalLevel(values[i].slice(start, t), panel.frequency, protection, z);
            out[i] = Math.max(0, Math.ceil(level - position(i) - 1e-9));
          }
        } else {
          for (let i = 0; i < S; i++) out[i] = state.lastSold[i].reduce((a, b) => a + b, 0);
        }
        for (let i = 0; i < S; i++) state.arrivals[i][k + L] += out[i];
        orders.set(name, out);
      }
    }
    for (const name of policies) {
      const state = states.get(name) as PolicyState;
      const placed = orders.get(name);
      for (let i = 0; i < S; i++) {
        const received = state.arrivals[i][k];
        state.onHand[i] += received;
        const demand = values[i][t];
        const sold = Math.min(state.onHand[i], demand);
        const lost = demand - sold;
        state.onHand[i] -= sold;
        state.sold += sold;
        state.demand += demand;
        state.lost += lost;
        state.onHandSum += state.onHand[i];
        state.cycleLost[i] += lost;
        state.lastSold[i].push(sold);
        state.lastSold[i].shift();
        if (name === "trendcast") state.lostLog[i][k] = lost;
        if (keepRows)
          rows.push({ series_id: panel.series[i].id, date: panel.timeline[t], policy: name, on_hand: state.onHand[i], order: placed ? placed[i] : 0, received, demand, sold, lost });
      }
      const cycleEnds = (k + 1) % R === 0 || k === N - 1;
      if (cycleEnds) {
        for (let i = 0; i < S; i++) {
          state.cycles++;
          if (state.cycleLost[i] <= 1e-9) state.cyclesOk++;
          state.cycleLost[i] = 0;
        }
      }
      if (name === "trendcast" && search) {
        books.step(t);
      } else if (name === "trendcast" && calibration !== "none") {
        // The order placed at review r covers periods r + L .. r + L + R - 1; its outcome is known now if that ends at k.
        const r = k - (L + R - 1);
        if (r >= 0 && r % R === 0) {
          let misses = 0;
          for (let i = 0; i < S; i++) {
            let lostInCycle = 0;
            for (let j = r + L; j <= k; j++) lostInCycle += state.lostLog[i][j];
            if (lostInCycle > 1e-9) misses++;
          }
          // Larger steps while few outcomes are in, settling to gamma: short replays calibrate quickly too.
          const rate = Math.max(gamma, 0.25 / Math.sqrt(updates + 1));
          updates++;
          const step = (rate * (misses / S - (1 - target))) / (1 - target);
          if (calibration === "level") theta = Math.min(logit(0.999), Math.max(logit(0.5), theta + step));
          else logSpread = Math.min(Math.log(10), Math.max(Math.log(0.1), logSpread + step));
        }
      }
    }
  }
  options.onProgress?.({ fraction: 1, message: "replay done" });
  const meanLevel = levelsUsed.length > 0 ? levelsUsed.reduce((a, b) => a + b, 0) / levelsUsed.length : undefined;

  const metrics: SimulationResult["metrics"] = {};
  const closing: SimulationResult["closing"] = {};
  for (const name of policies) {
    const s = states.get(name) as PolicyState;
    const periodsTotal = N * S;
    metrics[name] = {
      fill_rate: s.demand > 0 ? round(s.sold / s.demand, 4) : 1,
      cycle_service_level: s.cycles > 0 ? round(s.cyclesOk / s.cycles, 4) : 1,
      avg_on_hand: round(s.onHandSum / periodsTotal, 3),
      lost_units: round(s.lost, 3),
      total_cost: round(H * s.onHandSum + P * s.lost, 2),
    };
    closing[name] = s.onHand.slice();
  }
  return {
    metrics,
    rows,
    first: T0,
    last: n - 1,
    targetLevel: target,
    holdingCost: H,
    shortageCost: P,
    finalLevel: policies.includes("trendcast") ? (search ? chosenLevel() : logistic(theta)) : undefined,
    meanLevel,
    warmup,
    finalSpread: policies.includes("trendcast") ? Math.exp(logSpread) : undefined,
    opening,
    closing,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
