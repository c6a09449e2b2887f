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
import type { SalesPanel } from "../types";
import { logistic } from "./shadow-books";
import { checkSettings, replayPeriod, round, startReplay, warmUp } from "./replay";
import type { PolicyState, SimulationOptions, SimulationResult } from "./simulation-types";

export { snaiveNormalLevel } from "./replay";
export {
  DEFAULT_HOLDING_COST,
  DEFAULT_SHORTAGE_COST,
  SIMULATION_POLICIES,
  type InitialState,
  type PolicyMetrics,
  type SimulationOptions,
  type SimulationPolicyName,
  type SimulationResult,
  type SimulationRow,
} from "./simulation-types";

export async function simulateReplenishment(panel: SalesPanel, options: SimulationOptions): Promise<SimulationResult> {
  const st = checkSettings(panel, options);
  const rp = startReplay(panel, options, st);
  await warmUp(rp);
  for (let k = 0; k < st.N; k++) await replayPeriod(rp, k);
  options.onProgress?.({ fraction: 1, message: "replay done" });
  const meanLevel = rp.levelsUsed.length > 0 ? rp.levelsUsed.reduce((a, b) => a + b, 0) / rp.levelsUsed.length : undefined;
  const { H, P, N, S, policies, T0, n, target } = st;
  const metrics: SimulationResult["metrics"] = {};
  const closing: SimulationResult["closing"] = {};
  for (const name of policies) {
    const s = rp.states.get(name) as PolicyState;
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
    rows: rp.rows,
    first: T0,
    last: n - 1,
    targetLevel: target,
    holdingCost: H,
    shortageCost: P,
    finalLevel: policies.includes("trendcast") ? (rp.search ? rp.books.best(target) : logistic(rp.theta)) : undefined,
    meanLevel,
    warmup: rp.warmup,
    finalSpread: policies.includes("trendcast") ? Math.exp(rp.logSpread) : undefined,
    opening: rp.opening,
    closing,
  };
}
