/** The replenishment replay's options, results and per-policy books. */
import type { PanelModel } from "../forecast/panel-model";

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

export type PolicyState = {
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
