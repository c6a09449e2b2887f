/**
 * The replenishment replay's steps: settings checked, opening books, the level search's warm-up, reviews (orders of
 * each policy), each period's deliveries and sales, and the trendcast policy's calibration. simulate.ts runs them.
 */
import type { PanelModel } from "../forecast/panel-model";
import { detectSeasonLength } from "../forecast/season";
import { DEFAULT_QUANTILES, TrendcastError, type QuantileForecast, type SalesPanel } from "../types";
import { lastSaleIndex } from "../ingest/history-end";
import { DEFAULT_CORRELATION, normalQuantile, orderUpToLevels, suggestRestock } from "./restock";
import { ShadowBooks, logistic, logit } from "./shadow-books";
import {
  DEFAULT_HOLDING_COST,
  DEFAULT_SHORTAGE_COST,
  SIMULATION_POLICIES,
  type PolicyState,
  type SimulationOptions,
  type SimulationPolicyName,
  type SimulationResult,
  type SimulationRow,
} from "./simulation-types";

export function fail(message: string): never {
  throw new TrendcastError(message, "bad-simulation-input");
}

export function checkWhole(name: string, value: number, min: number, hint: string): void {
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
export function windowPanel(panel: SalesPanel, from: number, to: number, horizon: number): SalesPanel {
  return {
    ...panel,
    lastSale: Math.min(to, lastSaleIndex(panel)) - from,
    timeline: panel.timeline.slice(from, to + 1 + horizon),
    series: panel.series.map((s) => {
      const covariates: Record<string, number[]> = {};
      for (const [k, xs] of Object.entries(s.covariates)) covariates[k] = xs.slice(from, to + 1 + horizon);
      return { ...s, values: s.values.slice(from, to + 1), start: Math.max(0, s.start - from), covariates };
    }),
  };
}

/** The replay's settings, checked, with their defaults. */
export type Settings = {
  L: number;
  R: number;
  N: number;
  /** Periods of sales history. */
  n: number;
  hasCosts: boolean;
  H: number;
  P: number;
  target: number;
  policies: readonly SimulationPolicyName[];
  z: number;
  quantiles: readonly number[];
  keepRows: boolean;
  gamma: number;
  calibration: "spread" | "level" | "none";
  T0: number;
  S: number;
  protection: number;
  values: number[][];
};

export function checkSettings(panel: SalesPanel, options: SimulationOptions): Settings {
  const L = options.leadTime;
  const R = options.reviewPeriod;
  const N = options.periods;
  checkWhole("Lead time", L, 0, "Use --lead-time with the periods from order to delivery, e.g. 2.");
  checkWhole("Review period", R, 1, "Use --review with the periods between orders, e.g. 1.");
  checkWhole("Periods to replay", N, 1, "Use --periods with the number of recent periods to replay, e.g. 52.");
  // Sales history ends where the values end; the timeline may run further with planned covariates.
  const n = lastSaleIndex(panel) + 1;
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
  const values = panel.series.map((s) =>
    Array.from({ length: n }, (_, t) => {
      const v = s.values[t];
      return t >= s.start && Number.isFinite(v) ? Math.max(0, v) : 0;
    }),
  );
  return {
    L, R, N, n, hasCosts, H, P, target, policies, z, quantiles,
    keepRows: options.keepRows ?? true,
    gamma: options.calibrationStep ?? 0.05,
    calibration: options.calibration ?? "spread",
    T0: n - N,
    S: panel.series.length,
    protection: L + R,
    values,
  };
}

/** Opening stock and pipeline per policy: as given, else the sales of the protection interval before the replay. */
export function openingStates(panel: SalesPanel, options: SimulationOptions, st: Settings): { states: Map<SimulationPolicyName, PolicyState>; opening: SimulationResult["opening"] } {
  const { N, L, R, S, T0, protection, values } = st;
  const states = new Map<SimulationPolicyName, PolicyState>();
  const opening: SimulationResult["opening"] = {};
  for (const name of st.policies) {
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
  return { states, opening };
}

/** Everything the replay's steps share, the trendcast policy's calibration state included. */
export type Replay = {
  panel: SalesPanel;
  options: SimulationOptions;
  st: Settings;
  states: Map<SimulationPolicyName, PolicyState>;
  opening: SimulationResult["opening"];
  /** Level search (cost mode): shadow books of the trendcast policy at candidate levels, scored by their cost so far. */
  search: boolean;
  candidates: number[];
  warmup: number;
  books: ShadowBooks;
  levelsUsed: number[];
  /** Calibration state: the logit of the aimed level, and the log of the spread factor. */
  theta: number;
  logSpread: number;
  updates: number;
  rows: SimulationRow[];
  periodDays: number;
};

export function startReplay(panel: SalesPanel, options: SimulationOptions, st: Settings): Replay {
  const { states, opening } = openingStates(panel, options, st);
  const { n, N, L, protection, target, T0, values, H, P } = st;
  const search = st.hasCosts && st.policies.includes("trendcast") && (options.levelSearch ?? true);
  const candidates = search ? [...new Set([0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, Math.round(target * 1e4) / 1e4])].sort((a, b) => a - b) : [];
  const defaultWarmup = panel.frequency === "daily" ? 28 : panel.frequency === "weekly" ? 26 : 12;
  const warmup = search ? Math.max(0, Math.min(options.warmup ?? defaultWarmup, n - N - protection - 2 - Math.max(8, 2 * protection))) : 0;
  const books = new ShadowBooks(candidates, values, T0 - warmup, warmup + N + L + 1, protection, L, H, P);
  return {
    panel, options, st, states, opening, search, candidates, warmup, books,
    levelsUsed: [],
    theta: logit(target),
    logSpread: 0,
    updates: 0,
    rows: [],
    periodDays: panel.frequency === "daily" ? 1 : panel.frequency === "weekly" ? 7 : 30,
  };
}

async function forecastAt(rp: Replay, cutoff: number) {
  const { options, panel, st } = rp;
  const model = options.model as PanelModel;
  const from = options.historyWindow ? Math.max(0, cutoff + 1 - options.historyWindow) : 0;
  const view = from > 0 ? windowPanel(panel, from, cutoff, st.protection) : panel;
  return model.forecast(view, { cutoff: cutoff - from, horizon: st.protection, quantiles: st.quantiles, signal: options.signal });
}

async function shadowOrders(rp: Replay, t: number, forecasts: QuantileForecast[] | null): Promise<QuantileForecast[]> {
  const { options, st } = rp;
  const result = forecasts ?? (await forecastAt(rp, t - 1)).forecasts;
  for (let i = 0; i < st.S; i++) {
    const upTo = orderUpToLevels(result[i], st.L, st.R, rp.candidates, { samples: options.samples ?? 1000, seed: 1 + i * 7919 + (t - st.T0), correlation: options.correlation ?? DEFAULT_CORRELATION });
    rp.books.order(t, i, upTo);
  }
  return result;
}

/** Warm-up: the shadow books run over the periods just before the replay, so the level is chosen from the start. */
export async function warmUp(rp: Replay): Promise<void> {
  const { options, st, warmup } = rp;
  const T0 = st.T0;
  for (let t = T0 - warmup; t < T0; t++) {
    if (options.signal?.aborted) throw new TrendcastError("The simulation was cancelled.", "cancelled");
    if ((t - (T0 - warmup)) % st.R === 0) {
      options.onProgress?.({ fraction: 0, message: `choosing the level on ${warmup} periods before the replay: period ${t - T0 + warmup + 1}` });
      await shadowOrders(rp, t, null);
    }
    rp.books.step(t);
  }
}

/** The trendcast policy's orders at a review: restock suggestions on the model's forecast at the current level. */
async function trendcastOrders(rp: Replay, state: PolicyState, k: number, t: number, position: (i: number) => number): Promise<number[]> {
  const { options, st, panel } = rp;
  const out = new Array<number>(st.S).fill(0);
  const result = await forecastAt(rp, t - 1);
  const level = rp.search ? rp.books.best(st.target) : logistic(rp.theta);
  if (rp.search) {
    rp.levelsUsed.push(level);
    await shadowOrders(rp, t, result.forecasts);
  }
  for (let i = 0; i < st.S; i++) {
    const onOrder = position(i) - state.onHand[i];
    const plan = suggestRestock({
      forecast: result.forecasts[i],
      onHand: state.onHand[i],
      onOrder,
      leadTime: st.L,
      reviewPeriod: st.R,
      serviceLevel: Math.min(0.999, Math.max(0.5, level)),
      spreadFactor: rp.search ? 1 : Math.exp(rp.logSpread),
      correlation: options.correlation ?? DEFAULT_CORRELATION,
      periodDays: rp.periodDays,
      samples: options.samples ?? 1000,
      seed: 1 + i * 7919 + k,
      sku: panel.series[i].id,
    });
    out[i] = plan.order;
  }
  return out;
}

/** One policy's orders at the review of replayed period k, added to its pipeline. */
async function reviewOrders(rp: Replay, name: SimulationPolicyName, k: number, t: number): Promise<number[]> {
  const { st, panel } = rp;
  const S = st.S;
  const state = rp.states.get(name) as PolicyState;
  const position = (i: number): number => {
    let p = state.onHand[i];
    for (let j = k; j < state.arrivals[i].length; j++) p += state.arrivals[i][j];
    return p;
  };
  // Orders are decided before this period's deliveries are counted as on hand, so on hand + on order is the position.
  let out = new Array<number>(S).fill(0);
  if (name === "trendcast") {
    out = await trendcastOrders(rp, state, k, t, position);
  } else if (name === "snaive_normal") {
    for (let i = 0; i < S; i++) {
      const start = Math.max(0, panel.series[i].start);
      const level = snaiveNormalLevel(st.values[i].slice(start, t), panel.frequency, st.protection, st.z);
      out[i] = Math.max(0, Math.ceil(level - position(i) - 1e-9));
    }
  } else {
    for (let i = 0; i < S; i++) out[i] = state.lastSold[i].reduce((a, b) => a + b, 0);
  }
  for (let i = 0; i < S; i++) state.arrivals[i][k + st.L] += out[i];
  return out;
}

/** Deliveries, sales and lost sales of one policy in replayed period k; review cycles closed. */
function settle(rp: Replay, name: SimulationPolicyName, k: number, t: number, placed: number[] | undefined): void {
  const { st, panel } = rp;
  const state = rp.states.get(name) as PolicyState;
  for (let i = 0; i < st.S; i++) {
    const received = state.arrivals[i][k];
    state.onHand[i] += received;
    const demand = st.values[i][t];
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
    if (st.keepRows)
      rp.rows.push({ series_id: panel.series[i].id, date: panel.timeline[t], policy: name, on_hand: state.onHand[i], order: placed ? placed[i] : 0, received, demand, sold, lost });
  }
  const cycleEnds = (k + 1) % st.R === 0 || k === st.N - 1;
  if (cycleEnds) {
    for (let i = 0; i < st.S; i++) {
      state.cycles++;
      if (state.cycleLost[i] <= 1e-9) state.cyclesOk++;
      state.cycleLost[i] = 0;
    }
  }
}

/** The order placed at review r covers periods r + L .. r + L + R - 1; its outcome is known now if that ends at k. */
function calibrate(rp: Replay, k: number): void {
  const { st } = rp;
  const state = rp.states.get("trendcast") as PolicyState;
  const r = k - (st.L + st.R - 1);
  if (r >= 0 && r % st.R === 0) {
    let misses = 0;
    for (let i = 0; i < st.S; i++) {
      let lostInCycle = 0;
      for (let j = r + st.L; j <= k; j++) lostInCycle += state.lostLog[i][j];
      if (lostInCycle > 1e-9) misses++;
    }
    // Larger steps while few outcomes are in, settling to gamma: short replays calibrate quickly too.
    const rate = Math.max(st.gamma, 0.25 / Math.sqrt(rp.updates + 1));
    rp.updates++;
    const step = (rate * (misses / st.S - (1 - st.target))) / (1 - st.target);
    if (st.calibration === "level") rp.theta = Math.min(logit(0.999), Math.max(logit(0.5), rp.theta + step));
    else rp.logSpread = Math.min(Math.log(10), Math.max(Math.log(0.1), rp.logSpread + step));
  }
}

/** Replays period k: reviews (orders) when due, then each policy's day, then the trendcast policy's learning. */
export async function replayPeriod(rp: Replay, k: number): Promise<void> {
  const { options, st } = rp;
  const t = st.T0 + k;
  if (options.signal?.aborted) throw new TrendcastError("The simulation was cancelled.", "cancelled");
  const orders = new Map<SimulationPolicyName, number[]>();
  if (k % st.R === 0) {
    options.onProgress?.({ fraction: k / st.N, message: `review ${k / st.R + 1} of ${Math.ceil(st.N / st.R)} (${st.policies.join(", ")})` });
    for (const name of st.policies) orders.set(name, await reviewOrders(rp, name, k, t));
  }
  for (const name of st.policies) {
    settle(rp, name, k, t, orders.get(name));
    if (name === "trendcast" && rp.search) {
      rp.books.step(t);
    } else if (name === "trendcast" && st.calibration !== "none") {
      calibrate(rp, k);
    }
  }
}

/** Run the replay. Throws TrendcastError with a message naming the bad setting. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
