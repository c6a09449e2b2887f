/**
 * The attention network of a trained model at work: weights held as tensors (created on first use, freed by
 * dispose), feature tracks for new inputs, quantile grids for any horizon (longer ones recursively).
 */
import * as tf from "../tf";
import type { SeriesInput } from "../../types";
import type { DirectTrack } from "../attention/direct-features";
import { directGrids, inputTrack } from "../attention/direct-model";
import { extendDates, stepDate } from "../attention/features";
import type { NamedWeights } from "../attention/network";
import { MODEL_LEVELS } from "../calibration";
import type { ModelState } from "./model-state";

export class AttentionRunner {
  private params: Map<string, tf.Tensor> | null = null;

  constructor(
    private readonly state: ModelState,
    private readonly weights: NamedWeights,
  ) {}

  /** Attention quantile grids [series][step][level] (original units, >= 0) for tracks forecast from `origin`. */
  gridsForTracks(tracks: DirectTrack[], origin: number | number[], horizon: number): number[][][] {
    const { layout, net } = this.state;
    const origins = tracks.map((_, b) => (Array.isArray(origin) ? origin[b] : origin));
    return directGrids(this.tensors(), net, layout, tracks, origins, horizon);
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

  private trackFor(input: SeriesInput): DirectTrack {
    const { layout, covStats } = this.state;
    return inputTrack(input, layout, covStats, extendDates(this.historyDates(input), layout.horizon + 1, layout.frequency));
  }

  /** Attention grids for many inputs at once: [input][step][level], any horizon (longer ones recursively). */
  attentionGrids(inputs: SeriesInput[], horizon: number): number[][][] {
    const { layout } = this.state;
    const S = layout.horizon;
    const result: number[][][] = inputs.map(() => []);
    let values = inputs.map((inp) => inp.values.slice());
    let dates = inputs.map((inp) => this.historyDates(inp));
    while (result[0] !== undefined && result[0].length < horizon) {
      const need = horizon - result[0].length;
      const step = Math.min(S, need);
      const tracks = inputs.map((inp, i) => this.trackFor({ ...inp, values: values[i], dates: dates[i] }));
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
