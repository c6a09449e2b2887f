/**
 * The attention network of a trained model at work: weights held as tensors (created on first use, freed by
 * dispose), feature tracks for new inputs, quantile grids for any horizon (longer ones recursively).
 */
import * as tf from "@tensorflow/tfjs";
import type { SeriesInput } from "../../types";
import { extendDates, makeCalendar, outputSteps, stepDate, tokenCount, tokenDim, writeFeatures, type Track } from "../attention/features";
import type { NamedWeights } from "../attention/network";
import { predictScaled } from "../attention/train";
import { MODEL_LEVELS } from "../calibration";
import { clean, normalisedCovariates, type ModelState } from "./model-state";

export class AttentionRunner {
  private params: Map<string, tf.Tensor> | null = null;

  constructor(
    private readonly state: ModelState,
    private readonly weights: NamedWeights,
  ) {}

  /** Attention quantile grids [series][step][level] (original units, >= 0) for tracks forecast from `origin`. */
  gridsForTracks(tracks: Track[], origin: number | number[], horizon: number): number[][][] {
    const { layout, net } = this.state;
    const T = tokenCount(layout);
    const F = tokenDim(layout);
    const S = outputSteps(layout);
    const Q = net.levels.length;
    const x = new Float32Array(tracks.length * T * F);
    const scales = tracks.map((tr, b) => writeFeatures(x, b * T * F, tr, Array.isArray(origin) ? origin[b] : origin, layout));
    const out = predictScaled(this.tensors(), net, layout, x, tracks.length);
    return tracks.map((_, b) =>
      Array.from({ length: Math.min(horizon, S) }, (_, h) => {
        const row = new Array<number>(Q);
        for (let k = 0; k < Q; k++) row[k] = Math.max(0, out[(b * S + h) * Q + k] * scales[b]);
        for (let k = 1; k < Q; k++) row[k] = Math.max(row[k], row[k - 1]);
        return row;
      }),
    );
  }

  private tensors(): Map<string, tf.Tensor> {
    if (!this.params) {
      const m = new Map<string, tf.Tensor>();
      for (const w of this.weights) m.set(w.name, tf.tensor(w.data, w.shape));
      this.params = m;
    }
    return this.params;
  }

  /** Dates of an input's history; without dates, the history is assumed to end where the training data ended. */
  private historyDates(input: SeriesInput): number[] {
    const n = input.values.length;
    if (input.dates && input.dates.length === n) return input.dates.slice();
    const last = Math.round(Date.parse(this.state.card.lastDate) / 86_400_000);
    return Array.from({ length: n }, (_, i) => stepDate(last, i - (n - 1), this.state.layout.frequency));
  }

  private trackFor(input: SeriesInput, extra: number): Track {
    const { layout, covStats } = this.state;
    const n = input.values.length;
    const dates = this.historyDates(input);
    const all = extendDates(dates, extra, layout.frequency);
    const values = new Float32Array(all.length);
    for (let i = 0; i < n; i++) values[i] = Math.max(0, clean(input.values[i]));
    return {
      values,
      start: 0,
      last: n - 1,
      covariates: normalisedCovariates(input.covariates, layout, covStats, all.length),
      calendar: makeCalendar(all),
    };
  }

  /** Attention grids for many inputs at once: [input][step][level], any horizon (longer ones recursively). */
  attentionGrids(inputs: SeriesInput[], horizon: number): number[][][] {
    const { layout } = this.state;
    const S = Math.min(outputSteps(layout), layout.horizon);
    const result: number[][][] = inputs.map(() => []);
    let values = inputs.map((inp) => inp.values.slice());
    let dates = inputs.map((inp) => this.historyDates(inp));
    while (result[0] !== undefined && result[0].length < horizon) {
      const need = horizon - result[0].length;
      const step = Math.min(S, need);
      const tracks = inputs.map((inp, i) =>
        this.trackFor({ ...inp, values: values[i], dates: dates[i] }, outputSteps(layout)),
      );
      const grids = this.gridsForTracks(
        tracks,
        tracks.map((t) => t.last),
        step,
      );
      grids.forEach((g, i) => {
        result[i].push(...g);
        if (result[0].length < horizon) {
          const med = MODEL_LEVELS.indexOf(0.5);
          const d = dates[i];
          values[i] = [...values[i], ...g.map((row) => row[med])];
          const last = d[d.length - 1];
          dates[i] = [...d, ...g.map((_, k) => stepDate(last, k + 1, layout.frequency))];
        }
      });
      values = values.slice();
      dates = dates.slice();
    }
    return result;
  }

  /** Frees the tensors held for forecasting (they are created again when needed). */
  dispose(): void {
    if (this.params) {
      for (const t of this.params.values()) t.dispose();
      this.params = null;
    }
  }
}
