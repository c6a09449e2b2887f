/**
 * The trained model's internal backtest on the validation window (the last horizon before the cutoff): forecasts of
 * the attention model, the classical candidates and their blends, the per-SKU choice among them, the quantile-level
 * calibration of the chosen forecasts, and the scores the model card shows.
 */
import { DEFAULT_QUANTILES, type SalesPanel } from "../../types";
import type { DirectTrack as Track } from "../attention/direct-features";
import { cancelledError } from "../attention/train";
import { MODEL_LEVELS, calibratedQuantiles, fitCalibration, type Calibration } from "../calibration";
import type { ClassicalName } from "../models/index";
import { blendGrids, classicalGrid, pointPinballQuantile, wqlOf } from "./grids";
import { seasonOf, skuGroup, type Choice, type ModelCard, type ModelState, type SkuGroup, type TrainOptions } from "./model-state";
import type { AttentionRunner } from "./runner";

/** What the validation window holds: the series scored, their forecast origin, actuals and tracks. */
type Window = { panel: SalesPanel; tracks: Track[]; idx: number[]; origin: number; horizon: number; actuals: number[][] };

/** Classical forecasts [series][step][level] of one candidate for every validation series. */
function classicalGrids(name: ClassicalName, w: Window, signal: AbortSignal | undefined): number[][][] {
  const { panel, tracks, origin, horizon: H } = w;
  const grids: number[][][] = [];
  for (const s of w.idx) {
    if (signal?.aborted) throw cancelledError();
    const series = panel.series[s];
    const start = tracks[s].start;
    const covariates: Record<string, number[]> = {};
    for (const c of panel.covariateNames) covariates[c] = (series.covariates[c] ?? []).slice(start, origin + 1 + H);
    grids.push(
      classicalGrid(
        name,
        {
          id: series.id,
          values: Array.from(tracks[s].values).slice(start, origin + 1),
          frequency: panel.frequency,
          dates: panel.timeline.slice(start, origin + 1),
          covariates,
        },
        H,
      ),
    );
  }
  return grids;
}

/** Candidate grids by name: attention, the classical models and (with selection on) the blends. */
async function candidateGrids(attention: number[][][], w: Window, options: TrainOptions): Promise<Record<string, number[][][]>> {
  const candidates: Record<string, number[][][]> = { attention };
  const selectionOn = options.selection ?? true;
  const names: readonly ClassicalName[] = options.candidates ?? ["ets", "snaive", "croston"];
  // snaive is always scored (the card compares against it); the others only when selection is on.
  const classicalNames = selectionOn ? [...new Set<ClassicalName>(["snaive", ...names])] : (["snaive"] as ClassicalName[]);
  for (const name of classicalNames) {
    candidates[name] = classicalGrids(name, w, options.signal);
    await new Promise<void>((r) => setTimeout(r, 0));
  }
  if (selectionOn) {
    for (const name of names) {
      if (name === "snaive") continue;
      candidates[`blend:${name}`] = attention.map((g, i) => blendGrids([g, candidates[name][i]]));
    }
    const members = names.filter((n) => n !== "snaive");
    if (members.length > 1) {
      candidates[`blend:${members.join("+")}`] = attention.map((g, i) => blendGrids([g, ...members.map((n) => candidates[n][i])]));
    }
  }
  return candidates;
}

/** The candidate with the least validation loss summed over the series `members` (indices into w.idx). */
function bestOver(candidates: Record<string, number[][][]>, allowed: string[], w: Window, members: number[]): Choice {
  let best = "attention";
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const c of allowed) {
    const loss = wqlOf(
      members.map((i) => candidates[c][i]),
      members.map((i) => w.actuals[i]),
      DEFAULT_QUANTILES,
    ).loss;
    if (loss < bestLoss) {
      bestLoss = loss;
      best = c;
    }
  }
  return best;
}

/**
 * The default choice (best in aggregate) and the choice of each group of SKUs (intermittent, smooth): best over the
 * group. Per-SKU choices on one validation window were noise: on the pasta tuning windows they lost 0.2-1.8% WQL
 * against the aggregate choice, so a SKU takes its group's choice.
 */
function choose(candidates: Record<string, number[][][]>, allowed: string[], w: Window, groups: SkuGroup[]): { defaultChoice: Choice; chosen: Choice[]; groupChoice: Partial<Record<SkuGroup, Choice>> } {
  const all = w.idx.map((_, i) => i);
  const defaultChoice = bestOver(candidates, allowed, w, all);
  const groupChoice: Partial<Record<SkuGroup, Choice>> = {};
  for (const g of new Set(groups)) groupChoice[g] = bestOver(candidates, allowed, w, all.filter((i) => groups[i] === g));
  return { defaultChoice, chosen: groups.map((g) => groupChoice[g] ?? defaultChoice), groupChoice };
}

/** Least validation points for a group to get its own band calibration (else the overall one serves it). */
const GROUP_CALIBRATION_POINTS = 300;

/** Band calibration overall and per group, fitted on the chosen forecasts' validation points. */
function calibrate(final: number[][][], w: Window, groups: SkuGroup[]): { calibration: Calibration; byGroup: Partial<Record<SkuGroup, Calibration>> } {
  const fit = (members: number[]) => {
    const flatF: number[][] = [];
    const flatY: number[] = [];
    for (const i of members) final[i].forEach((row, h) => (flatF.push(row), flatY.push(w.actuals[i][h])));
    return fitCalibration(MODEL_LEVELS, flatF, flatY);
  };
  const all = w.idx.map((_, i) => i);
  const calibration = fit(all);
  const byGroup: Partial<Record<SkuGroup, Calibration>> = {};
  for (const g of new Set(groups)) {
    const members = all.filter((i) => groups[i] === g);
    byGroup[g] = members.length * w.horizon >= GROUP_CALIBRATION_POINTS ? fit(members) : calibration;
  }
  return { calibration, byGroup };
}

/** Mean absolute seasonal difference of a track's history up to the origin (the MASE scale); 0 when none. */
function maseScale(tr: Track, m: number, origin: number): number {
  let scale = 0;
  let n = 0;
  for (let t = tr.start + m; t <= origin; t++) {
    scale += Math.abs(tr.values[t] - tr.values[t - m]);
    n++;
  }
  return n > 0 ? scale / n : 0;
}

type Score = ModelCard["scores"][string];

/** Validation-window scores of grids [series][step][level], calibrated (one calibration, or one per series) or as they are. */
function scoreGrids(grids: number[][][], calibration: Calibration | Calibration[] | null, w: Window, m: number): Score {
  const levels = DEFAULT_QUANTILES;
  const H = w.horizon;
  let loss = 0;
  let denom = 0;
  let covered = 0;
  let points = 0;
  let biasNum = 0;
  let maseSum = 0;
  let maseN = 0;
  grids.forEach((g, i) => {
    const scale = maseScale(w.tracks[w.idx[i]], m, w.origin);
    let abs = 0;
    g.forEach((row, h) => {
      const y = w.actuals[i][h];
      const cal = Array.isArray(calibration) ? calibration[i] : calibration;
      const q = cal ? calibratedQuantiles(cal, MODEL_LEVELS, row, levels) : levels.map((tau) => pointPinballQuantile(row, tau));
      for (let k = 0; k < levels.length; k++) {
        const tau = levels[k];
        loss += (2 * (y >= q[k] ? tau * (y - q[k]) : (1 - tau) * (q[k] - y))) / levels.length;
      }
      denom += Math.abs(y);
      const lo = q[0];
      const hi = q[levels.length - 1];
      if (y >= lo && y <= hi) covered++;
      points++;
      const med = q[Math.floor(levels.length / 2)];
      biasNum += med - y;
      abs += Math.abs(y - med);
    });
    if (scale > 0) {
      maseSum += abs / H / scale;
      maseN++;
    }
  });
  return {
    wql: denom > 0 ? loss / denom : 0,
    mase: maseN > 0 ? maseSum / maseN : null,
    coverage80: points > 0 ? covered / points : 0,
    bias: denom > 0 ? biasNum / denom : 0,
  };
}

/**
 * Internal backtest on the validation window: sets the per-SKU choice, the calibration and the card's scores in
 * `state` (forecasts come from `runner`, the network being trained).
 */
export async function selectAndCalibrate(
  runner: AttentionRunner,
  state: ModelState,
  panel: SalesPanel,
  tracks: Track[],
  validation: [number, number][],
  options: TrainOptions,
): Promise<void> {
  const H = state.layout.horizon;
  const origin = validation[0][1];
  const idx = validation.map(([s]) => s);
  const attention = runner.gridsForTracks(idx.map((s) => tracks[s]), origin, H);
  const actuals = idx.map((s) => Array.from({ length: H }, (_, h) => tracks[s].values[origin + 1 + h]));
  const w: Window = { panel, tracks, idx, origin, horizon: H, actuals };
  const candidates = await candidateGrids(attention, w, options);
  const selectionOn = options.selection ?? true;
  const allowed = selectionOn ? Object.keys(candidates) : ["attention"];
  const groups = idx.map((s) => skuGroup(tracks[s].values, tracks[s].start, origin, state.layout.yearLag));
  const { defaultChoice, chosen, groupChoice } = choose(candidates, allowed, w, groups);
  const final = chosen.map((c, i) => candidates[c][i]);
  const { calibration, byGroup } = calibrate(final, w, groups);
  const selection: Record<string, Choice> = {};
  idx.forEach((s, i) => (selection[panel.series[s].id] = chosen[i]));
  state.selection = selection;
  state.defaultChoice = defaultChoice;
  state.calibration = calibration;
  state.groups = {};
  for (const g of Object.keys(groupChoice) as SkuGroup[]) state.groups[g] = { choice: groupChoice[g] ?? defaultChoice, calibration: byGroup[g] ?? calibration };

  // Card: validation-window scores of every candidate (uncalibrated) and of the final calibrated choice.
  const m = seasonOf(state.layout.frequency);
  const card = state.card;
  const scores: ModelCard["scores"] = {};
  for (const c of Object.keys(candidates)) scores[c] = scoreGrids(candidates[c], null, w, m);
  scores[selectionOn ? "auto" : "attention (calibrated)"] = scoreGrids(final, groups.map((g) => byGroup[g] ?? calibration), w, m);
  card.scores = scores;
  card.perSku = idx.map((s, i) => ({
    sku: panel.series[s].id,
    chosen: chosen[i],
    wql: scoreGrids([final[i]], null, w, m).wql,
    snaiveWql: scoreGrids([candidates.snaive[i]], null, w, m).wql,
  }));
  card.settings.defaultChoice = defaultChoice;
  card.settings.calibrationPoints = calibration.points;
}
