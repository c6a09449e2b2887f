/**
 * The trained model the task pane, the cell functions and the CLI share: the attention forecaster (one Transformer
 * across all SKUs, forecast/attention) plus what an internal backtest before the cutoff decided — the per-SKU
 * choice between the attention model, a classical forecaster or a blend of both, and the quantile-level
 * calibration of the bands (forecast/calibration.ts). Serialises to bytes (config + weights + calibration +
 * selection + card, CRC-32 checked) for the workbook store.
 *
 * The pieces live in forecast/trained/: training.ts (training and the per-SKU selection, with selection.ts),
 * runner.ts (the network's forecasts), grids.ts (classical and blended grids), serialise.ts (bytes),
 * model-state.ts (options, card, shared helpers).
 */
import { DEFAULT_QUANTILES, TrendcastError, type QuantileForecast, type SalesPanel, type SeriesInput } from "../types";
import type { DirectLayout } from "./attention/direct-features";
import type { NamedWeights } from "./attention/network";
import { MODEL_LEVELS, calibratedQuantiles, type Calibration } from "./calibration";
import type { ClassicalName } from "./models/index";
import { blendGrids, blendMembers, classicalGrid, finiteOrClassical } from "./trained/grids";
import { historyKey, skuGroup, validateHorizon, validateQuantiles, type Choice, type ModelCard, type ModelState, type SkuGroup, type TrainOptions } from "./trained/model-state";
import { AttentionRunner } from "./trained/runner";
import { decodeModel, encodeModel } from "./trained/serialise";
import { trainModel } from "./trained/training";

export { historyKey };
export type { Choice, ModelCard, TrainOptions, TrainProgress, TrainTuning } from "./trained/model-state";

export class TrainedModel {
  readonly card: ModelCard;
  private readonly state: ModelState;
  private readonly weights: NamedWeights;
  private readonly runner: AttentionRunner;

  private constructor(state: ModelState, weights: NamedWeights) {
    this.state = state;
    this.card = state.card;
    this.weights = weights;
    this.runner = new AttentionRunner(state, weights);
  }

  /** Frequency, horizon and covariates the model was trained with. */
  get layout(): Readonly<DirectLayout> {
    return this.state.layout;
  }

  /**
   * Per-SKU choice made by the internal backtest ("attention", "ets", "blend:ets", ...). A series without a known SKU
   * name gets the choice of the training SKU with the same recent history, else the default.
   */
  choiceFor(sku: string | undefined, history?: readonly number[]): Choice {
    const named = sku !== undefined ? this.state.selection[sku] : undefined;
    if (named !== undefined) return named;
    const matched = history !== undefined ? this.skuForHistory(history) : undefined;
    const known = matched !== undefined ? this.state.selection[matched] : undefined;
    if (known !== undefined) return known;
    const group = history !== undefined ? this.state.groups?.[this.groupOf(history)] : undefined;
    return group?.choice ?? this.state.defaultChoice;
  }

  private groupOf(history: readonly number[]): SkuGroup {
    return skuGroup(history, 0, history.length - 1, this.state.layout.yearLag);
  }

  /** Band calibration for a series: its group's when the model has one, else the overall one. */
  private calibrationFor(history: readonly number[]): Calibration {
    return this.state.groups?.[this.groupOf(history)]?.calibration ?? this.state.calibration;
  }

  /** The training SKU whose history (as of training) ends with exactly these values, when one alone does. */
  skuForHistory(history: readonly number[]): string | undefined {
    const id = this.state.historyIndex?.[historyKey(history)];
    return id ? id : undefined;
  }

  static async train(panel: SalesPanel, options: TrainOptions): Promise<TrainedModel> {
    const { state, weights } = await trainModel(panel, options);
    return new TrainedModel(state, weights);
  }

  /** Attention grids for many inputs at once: [input][step][level], any horizon (longer ones recursively). */
  attentionGrids(inputs: SeriesInput[], horizon: number): number[][][] {
    return this.runner.attentionGrids(inputs, horizon);
  }

  /** Forecast one series (history in input.values, covariates for history + horizon if known). Never negative, quantiles never cross. */
  forecast(input: SeriesInput, horizon: number, quantiles: readonly number[] = DEFAULT_QUANTILES): QuantileForecast {
    return this.forecastMany([input], horizon, quantiles)[0];
  }

  /** Forecast many series in one batch (same result as `forecast` on each); `choice` overrides the per-SKU choice. */
  forecastMany(inputs: SeriesInput[], horizon: number, quantiles: readonly number[] = DEFAULT_QUANTILES, choice?: Choice): QuantileForecast[] {
    validateHorizon(horizon);
    validateQuantiles(quantiles);
    inputs.forEach((input) => {
      if (!this.accepts(input)) {
        throw new TrendcastError(
          `Series ${input.id ?? ""} does not fit this model: it needs ${this.state.layout.frequency} data with at least ${this.state.layout.patch} numeric periods. Retrain on this data or use a classical model.`.replace("  ", " "),
          "model-mismatch",
          input.id !== undefined ? { sku: input.id } : undefined,
        );
      }
    });
    const choices = inputs.map((inp) => choice ?? this.choiceFor(inp.id, inp.values));
    const needAttention = inputs.map((_, i) => choices[i] === "attention" || choices[i].startsWith("blend:"));
    const attIdx = inputs.map((_, i) => i).filter((i) => needAttention[i]);
    const att = attIdx.length > 0 ? this.attentionGrids(attIdx.map((i) => inputs[i]), horizon) : [];
    const attByInput = new Map<number, number[][]>();
    attIdx.forEach((i, k) => attByInput.set(i, att[k]));
    return inputs.map((input, i) => {
      const c = choices[i];
      let grid: number[][];
      if (c === "attention") grid = attByInput.get(i)!;
      else if (c.startsWith("blend:")) grid = blendGrids([attByInput.get(i)!, ...blendMembers(c).map((n) => classicalGrid(n, input, horizon))]);
      else grid = classicalGrid(c as ClassicalName, input, horizon);
      const values = quantiles.map(() => new Array<number>(horizon).fill(0));
      const calibration = this.calibrationFor(input.values);
      grid.forEach((row, h) => {
        const q = calibratedQuantiles(calibration, MODEL_LEVELS, row, quantiles);
        q.forEach((v, k) => (values[k][h] = v));
      });
      return finiteOrClassical(c, input, { quantiles: [...quantiles], values }, horizon, quantiles);
    });
  }

  /** true when the series fits this model (same frequency, enough history). */
  accepts(input: SeriesInput): boolean {
    return (
      input.frequency === this.state.layout.frequency &&
      input.values.length >= this.state.layout.patch &&
      input.values.every((v) => Number.isFinite(v))
    );
  }


  /** Config + weights + calibration + selection + card. */
  toBytes(): Uint8Array {
    return encodeModel(this.state, this.weights);
  }

  /** Throws TrendcastError on damaged or unknown-version bytes. */
  static fromBytes(bytes: Uint8Array): TrainedModel {
    const { state, weights } = decodeModel(bytes);
    return new TrainedModel(state, weights);
  }

  /** Frees the tensors held for forecasting (the model can still forecast; they are created again). */
  dispose(): void {
    this.runner.dispose();
  }
}
