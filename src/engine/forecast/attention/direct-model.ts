/**
 * Glue between a SalesPanel / SeriesInput and the direct attention forecaster: feature tracks with normalised
 * covariates, and quantile grids [series][step][level] in original units (>= 0, non-crossing).
 */
import type * as tf from "../tf";
import type { SalesPanel, SeriesInput } from "../../types";
import { directCalendar, directTokenDim, makeDirectTrack, writeDirect, type DirectCalendar, type DirectLayout, type DirectTrack } from "./direct-features";
import { predictDirect, type DirectNetConfig } from "./direct-network";

export type CovariateStats = { mean: number[]; std: number[] };

const clean = (v: number) => (Number.isFinite(v) ? v : 0);

/** Covariates normalised with the training statistics; unknown values (no column, past its end) count as 0 (no flag). */
function normalised(covs: Record<string, number[]> | undefined, names: string[], stats: CovariateStats, length: number, offset = 0): Float32Array[] {
  return names.map((name, c) => {
    const arr = covs?.[name] ?? [];
    const out = new Float32Array(length).fill((0 - stats.mean[c]) / stats.std[c]);
    for (let i = 0; i < arr.length && i + offset < length; i++) if (i + offset >= 0) out[i + offset] = (clean(arr[i]) - stats.mean[c]) / stats.std[c];
    return out;
  });
}

/**
 * One track per panel series over the timeline extended by the horizon: values up to `cutoff` (later ones are not
 * copied, so nothing after the cutoff can leak), covariates as given (the feature builder reads them only up to
 * origin + horizon).
 */
export function panelTracks(panel: SalesPanel, layout: DirectLayout, stats: CovariateStats, cutoff: number, dates: number[]): DirectTrack[] {
  const calendar = directCalendar(dates);
  return panel.series.map((s) => {
    const values = new Float32Array(dates.length);
    for (let i = 0; i <= Math.min(cutoff, s.values.length - 1); i++) values[i] = Math.max(0, clean(s.values[i]));
    const start = Math.max(0, Math.min(s.start, cutoff));
    return makeDirectTrack(values, start, Math.min(cutoff, s.values.length - 1), normalised(s.covariates, layout.covariates, stats, dates.length), calendar);
  });
}

/** Track of one input whose history has the given dates (`dates` extends past the history by the horizon). */
export function inputTrack(input: SeriesInput, layout: DirectLayout, stats: CovariateStats, dates: number[], calendar?: DirectCalendar): DirectTrack {
  const n = input.values.length;
  const values = new Float32Array(dates.length);
  for (let i = 0; i < n; i++) values[i] = Math.max(0, clean(input.values[i]));
  return makeDirectTrack(values, 0, n - 1, normalised(input.covariates, layout.covariates, stats, dates.length), calendar ?? directCalendar(dates));
}

/** Quantile grids [track][step][level] (original units, >= 0, non-decreasing) for tracks forecast from their origins. */
export function directGrids(params: Map<string, tf.Tensor>, net: DirectNetConfig, layout: DirectLayout, tracks: DirectTrack[], origins: number[], steps: number): number[][][] {
  const T = layout.contextTokens + layout.horizon;
  const F = directTokenDim(layout);
  const H = layout.horizon;
  const Q = net.levels.length;
  const x = new Float32Array(tracks.length * T * F);
  const scales = tracks.map((tr, b) => writeDirect(x, b * T * F, tr, origins[b], layout));
  const out = predictDirect(params, net, layout, x, tracks.length);
  return tracks.map((_, b) =>
    Array.from({ length: Math.min(steps, H) }, (_, h) => {
      const row = new Array<number>(Q);
      for (let k = 0; k < Q; k++) row[k] = Math.max(0, out[(b * H + h) * Q + k] * scales[b]);
      for (let k = 1; k < Q; k++) row[k] = Math.max(row[k], row[k - 1]);
      return row;
    }),
  );
}
