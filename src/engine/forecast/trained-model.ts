/**
 * The trained model the task pane, the cell functions and the CLI share: the attention forecaster (one Transformer
 * across all SKUs, src/engine/attention) plus what an internal backtest before the cutoff decided — the per-SKU
 * choice between the attention model, a classical forecaster or a blend of both, and the quantile-level
 * calibration of the bands (src/engine/calibration.ts). Serialises to bytes (config + weights + calibration +
 * selection + card, CRC-32 checked) for the workbook store.
 */
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_QUANTILES, TrendcastError, type Frequency, type QuantileForecast, type SalesPanel, type SeriesInput } from "../types";
import {
  defaultLayout,
  extendDates,
  makeCalendar,
  outputSteps,
  stepDate,
  tokenCount,
  tokenDim,
  writeFeatures,
  type FeatureLayout,
  type Track,
} from "./attention/features";
import { initWeights, parameterCount, type NamedWeights, type NetConfig } from "./attention/network";
import { cancelledError, countTrainingWindows, predictScaled, trainNetwork, type EpochReport } from "./attention/train";
import { MODEL_LEVELS, calibratedQuantiles, fitCalibration, identityCalibration, pointPinball, type Calibration } from "./calibration";
import { classicalForecaster, type ClassicalName } from "./models/index";

export type TrainOptions = {
  /** Forecast horizon the model is trained for. */
  horizon: number;
  /** Default DEFAULT_QUANTILES. */
  quantiles?: readonly number[];
  /** Default 42; same panel + seed + backend => same model. */
  seed?: number;
  budget?: { seconds?: number; samples?: number };
  /** Last timeline index usable for training (default: last). */
  cutoff?: number;
  /** Cancel: rejects with a TrendcastError code "cancelled" (name "AbortError"), frees tensors. */
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Model bytes after each epoch (for continuing on another backend). */
  onCheckpoint?: (bytes: Uint8Array, epoch: number) => void;
  /** Continue training from these model bytes (same panel layout and horizon). */
  resumeFrom?: Uint8Array;
  /** Per-SKU choice among attention, classical models and blends (default true); false = attention only. */
  selection?: boolean;
  /** Classical candidates for the selection (default ets, snaive, croston). */
  candidates?: readonly ClassicalName[];
  /** Advanced training settings (benchmarks and experiments). */
  tuning?: TrainTuning;
};

export type TrainTuning = {
  /** Loss weight of a sample = (series scale)^weightPower, relative to the batch (default 0). */
  weightPower?: number;
};

/** One epoch's figures as the pane shows them: the training loop's report plus the backend in use. */
export type TrainProgress = Omit<EpochReport, "weights"> & { backend: string };

export type ModelCard = {
  trainedAt: string;
  backend: string;
  frequency: Frequency;
  seriesCount: number;
  periods: number;
  firstDate: string;
  lastDate: string;
  horizon: number;
  dataFingerprint: string;
  settings: Record<string, string | number>;
  scores: Record<string, { wql: number; mase: number | null; coverage80: number; bias: number }>;
  perSku: { sku: string; chosen: string; wql: number; snaiveWql: number }[];
  parameters: number;
  trainingSeconds: number;
};

/**
 * What a SKU is forecast with: "attention", a classical name, or "blend:<classical>[+<classical>]" (the average of
 * the quantile functions of the attention model and the named classical models, Vincentisation).
 */
export type Choice = string;

type ModelState = {
  layout: FeatureLayout;
  net: NetConfig;
  covStats: { mean: number[]; std: number[] };
  calibration: Calibration;
  selection: Record<string, Choice>;
  defaultChoice: Choice;
  /** Key of each training SKU's recent history -> SKU id ("" when two SKUs share it): lets an unnamed series, such
   * as a cell formula's range, get the choice made for the SKU whose history it is. */
  historyIndex?: Record<string, string>;
  card: ModelCard;
};

/** How many trailing periods identify a SKU's history. */
const HISTORY_KEY_PERIODS = 64;

/** FNV-1a over the last HISTORY_KEY_PERIODS values (rounded to 1e-6) and their count. */
export function historyKey(values: readonly number[]): string {
  const tail = values.slice(-HISTORY_KEY_PERIODS);
  let h = 0x811c9dc5;
  for (const v of tail) {
    const text = Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : "x";
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 0x2c, 0x01000193) >>> 0;
  }
  return `${tail.length}:${h.toString(16)}`;
}

function buildHistoryIndex(panel: SalesPanel, cutoff: number): Record<string, string> {
  const index: Record<string, string> = {};
  for (const s of panel.series) {
    const start = Math.max(0, Math.min(s.start, cutoff));
    const key = historyKey(s.values.slice(start, Math.min(cutoff, s.values.length - 1) + 1));
    index[key] = key in index ? "" : s.id;
  }
  return index;
}

const MAGIC = 0x4d435254; // "TRCM" little-endian
const FORMAT_VERSION = 1;
const DEFAULT_SECONDS = 60;

function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

function seasonOf(f: Frequency): number {
  return f === "daily" ? 7 : f === "weekly" ? 52 : 12;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function fingerprint(panel: SalesPanel, cutoff: number): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    h ^= x & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= (x >>> 8) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const s of panel.series) {
    for (let i = 0; i < s.id.length; i++) mix(s.id.charCodeAt(i));
    for (let i = 0; i <= Math.min(cutoff, s.values.length - 1); i++) mix(Math.round((Number.isFinite(s.values[i]) ? s.values[i] : 0) * 1000));
  }
  return h.toString(16).padStart(8, "0");
}

function clean(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function covariateStats(panel: SalesPanel, names: string[], cutoff: number): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (const name of names) {
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (const series of panel.series) {
      const arr = series.covariates[name] ?? [];
      for (let i = series.start; i <= Math.min(cutoff, arr.length - 1); i++) {
        const v = clean(arr[i]);
        s += v;
        s2 += v * v;
        n++;
      }
    }
    const m = n > 0 ? s / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, s2 / n - m * m)) : 1;
    mean.push(m);
    std.push(sd > 1e-9 ? sd : 1);
  }
  return { mean, std };
}

function normalisedCovariates(covs: Record<string, number[]> | undefined, layout: FeatureLayout, stats: { mean: number[]; std: number[] }, limit: number): Float32Array[] {
  // Unknown values (no column, or periods past its end) count as 0: no promotion, no holiday.
  return layout.covariates.map((name, c) => {
    const arr = covs?.[name] ?? [];
    const out = new Float32Array(limit).fill((0 - stats.mean[c]) / stats.std[c]);
    for (let i = 0; i < Math.min(arr.length, limit); i++) out[i] = (clean(arr[i]) - stats.mean[c]) / stats.std[c];
    return out;
  });
}

function validateHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1000) {
    throw new TrendcastError(`The horizon must be a whole number of periods between 1 and 1000 (got ${horizon}).`, "bad-horizon");
  }
}

function validateQuantiles(quantiles: readonly number[]): void {
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) throw new TrendcastError(`Quantile levels must lie strictly between 0 and 1, such as 0.1 or 0.9 (got ${q}).`, "bad-quantile");
  }
}

/** Averages two quantile functions given at the same levels (quantile averaging keeps them non-crossing). */
function blendGrids(grids: number[][][]): number[][] {
  const w = 1 / grids.length;
  return grids[0].map((row, h) => row.map((_, k) => grids.reduce((sum, g) => sum + w * g[h][k], 0)));
}

/** Classical members of a blend choice: "blend:ets+croston" -> ["ets", "croston"]. */
function blendMembers(choice: Choice): ClassicalName[] {
  return choice.slice("blend:".length).split("+") as ClassicalName[];
}

/** Classical forecast at MODEL_LEVELS as [step][level]. */
function classicalGrid(name: ClassicalName, input: SeriesInput, horizon: number): number[][] {
  const fc = classicalForecaster(name).fit(input).predict(horizon, MODEL_LEVELS);
  const out: number[][] = [];
  for (let h = 0; h < horizon; h++) {
    const col = MODEL_LEVELS.map((_, k) => Math.max(0, clean(fc.values[k][h])));
    for (let k = 1; k < col.length; k++) col[k] = Math.max(col[k], col[k - 1]);
    out.push(col);
  }
  return out;
}

function wqlOf(grids: number[][][], actuals: number[][], levels: readonly number[]): { loss: number; denom: number } {
  let loss = 0;
  let denom = 0;
  grids.forEach((g, s) => {
    actuals[s].forEach((y, h) => {
      loss += pointPinball(MODEL_LEVELS, g[h], y, levels);
      denom += Math.abs(y);
    });
  });
  return { loss, denom };
}

export class TrainedModel {
  readonly card: ModelCard;
  private readonly state: ModelState;
  private readonly weights: NamedWeights;
  private params: Map<string, tf.Tensor> | null = null;

  private constructor(state: ModelState, weights: NamedWeights) {
    this.state = state;
    this.card = state.card;
    this.weights = weights;
  }

  /** Frequency, horizon and covariates the model was trained with. */
  get layout(): Readonly<FeatureLayout> {
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
    return (matched !== undefined ? this.state.selection[matched] : undefined) ?? this.state.defaultChoice;
  }

  /** The training SKU whose history (as of training) ends with exactly these values, when one alone does. */
  skuForHistory(history: readonly number[]): string | undefined {
    const id = this.state.historyIndex?.[historyKey(history)];
    return id ? id : undefined;
  }

  static async train(panel: SalesPanel, options: TrainOptions): Promise<TrainedModel> {
    validateHorizon(options.horizon);
    validateQuantiles(options.quantiles ?? DEFAULT_QUANTILES);
    if (panel.series.length === 0 || panel.timeline.length === 0) {
      throw new TrendcastError("There are no sales series to train on. Select a range with dates and at least one column of sales.", "empty-panel");
    }
    if (options.signal?.aborted) throw cancelledError();
    await tf.ready();
    const backend = tf.getBackend();
    const t0 = Date.now();
    const H = options.horizon;
    const cutoff = Math.min(options.cutoff ?? panel.timeline.length - 1, panel.timeline.length - 1);
    if (!Number.isInteger(cutoff) || cutoff < 0) {
      throw new TrendcastError(`The training cutoff must be a period index inside the data (got ${options.cutoff}).`, "bad-cutoff");
    }
    const seed = options.seed ?? 42;
    const resumed = options.resumeFrom ? TrainedModel.fromBytes(options.resumeFrom) : null;
    const layout = resumed ? resumed.state.layout : defaultLayout(panel.frequency, H, panel.covariateNames);
    if (resumed && (layout.frequency !== panel.frequency || layout.horizon !== H || layout.covariates.join("\u0000") !== panel.covariateNames.join("\u0000"))) {
      throw new TrendcastError("The checkpoint to resume from was trained on different data (frequency, horizon or covariates differ). Start training again.", "bad-checkpoint");
    }
    const covStats = resumed ? resumed.state.covStats : covariateStats(panel, layout.covariates, cutoff);
    const net: NetConfig = resumed
      ? resumed.state.net
      : {
          tokens: tokenCount(layout),
          tokenDim: tokenDim(layout),
          contextTokens: layout.contextTokens,
          futureTokens: layout.futureTokens,
          patch: layout.patch,
          dModel: 32,
          heads: 4,
          layers: 2,
          ff: 64,
          levels: [...MODEL_LEVELS],
        };
    const S = outputSteps(layout);
    const dates = extendDates(panel.timeline, S, panel.frequency);
    const calendar = makeCalendar(dates);
    const tracks: Track[] = panel.series.map((s) => {
      const values = new Float32Array(dates.length);
      for (let i = 0; i <= Math.min(cutoff, s.values.length - 1); i++) values[i] = clean(s.values[i]);
      return {
        values,
        start: Math.max(0, Math.min(s.start, cutoff)),
        last: Math.min(cutoff, s.values.length - 1),
        covariates: normalisedCovariates(s.covariates, layout, covStats, dates.length),
        calendar,
      };
    });

    // Time-based split: the last H periods before the cutoff are the validation (and selection) window.
    const valOrigin = cutoff - H;
    let trainEnd = valOrigin;
    let validation: [number, number][] = [];
    if (valOrigin >= layout.patch && countTrainingWindows(tracks, layout, trainEnd) > 0) {
      tracks.forEach((tr, s) => {
        if (valOrigin >= tr.start + layout.patch - 1) validation.push([s, valOrigin]);
      });
    }
    if (validation.length === 0) {
      trainEnd = cutoff;
      validation = [];
    }
    const budgetSeconds = options.budget?.seconds ?? (options.budget?.samples !== undefined ? Number.POSITIVE_INFINITY : DEFAULT_SECONDS);
    const budgetSamples = options.budget?.samples ?? Number.POSITIVE_INFINITY;
    const baseSettings = {
      seed,
      cutoff,
      trainEnd,
    };
    const partialCard = (seconds: number, extra: Record<string, string | number>): ModelCard => ({
      trainedAt: new Date().toISOString(),
      backend,
      frequency: panel.frequency,
      seriesCount: panel.series.length,
      periods: cutoff + 1,
      firstDate: isoDate(panel.timeline[0]),
      lastDate: isoDate(panel.timeline[cutoff]),
      horizon: H,
      dataFingerprint: fingerprint(panel, cutoff),
      settings: {
        model: "attention",
        patch: layout.patch,
        contextLength: layout.patch * layout.contextTokens,
        dModel: net.dModel,
        heads: net.heads,
        layers: net.layers,
        covariates: layout.covariates.join(",") || "none",
        ...baseSettings,
        ...extra,
      },
      scores: {},
      perSku: [],
      parameters: 0,
      trainingSeconds: seconds,
    });

    const run = await trainNetwork(tracks, layout, net, {
      seed,
      trainEnd,
      validation,
      budgetSeconds,
      budgetSamples,
      batch: 128,
      stepsPerEpoch: Number.isFinite(budgetSamples) ? Math.min(40, Math.max(1, Math.ceil(budgetSamples / 128))) : 40,
      maxEpochs: 200,
      patience: 5,
      learningRate: 2e-3,
      weightPower: options.tuning?.weightPower ?? 0,
      signal: options.signal,
      initial: resumed ? resumed.weights : initWeights(net, seed),
      onEpoch: async (r) => {
        options.onProgress?.({
          epoch: r.epoch,
          epochs: r.epochs,
          loss: r.loss,
          valLoss: r.valLoss,
          samplesPerSec: r.samplesPerSec,
          etaSeconds: r.etaSeconds,
          backend,
          fraction: r.fraction,
        });
        if (options.onCheckpoint) {
          const w = await r.weights();
          const card = partialCard((Date.now() - t0) / 1000, { epochs: r.epoch, checkpoint: "yes" });
          card.parameters = parameterCount(w);
          const m = new TrainedModel({ layout, net, covStats, calibration: identityCalibration(), selection: {}, defaultChoice: "attention", card }, w);
          options.onCheckpoint(m.toBytes(), r.epoch);
        }
      },
    });
    if (options.signal?.aborted) throw cancelledError();

    const card = partialCard(0, {
      epochs: run.epochs,
      bestEpoch: run.bestEpoch,
      trainingSamples: run.samples,
      samplesPerSec: Math.round(run.samplesPerSec),
      trainLoss: Number(run.loss.toFixed(5)),
      valLoss: run.valLoss === null ? "none" : Number(run.valLoss.toFixed(5)),
    });
    card.parameters = parameterCount(run.weights);
    const model = new TrainedModel(
      { layout, net, covStats, calibration: identityCalibration(), selection: {}, defaultChoice: "attention", historyIndex: buildHistoryIndex(panel, cutoff), card },
      run.weights,
    );
    try {
      if (validation.length > 0) {
        await model.selectAndCalibrate(panel, tracks, validation, options);
      }
    } finally {
      model.dispose();
    }
    card.trainingSeconds = (Date.now() - t0) / 1000;
    return model;
  }

  /** Internal backtest on the validation window: per-SKU choice, calibration, scores for the card. */
  private async selectAndCalibrate(panel: SalesPanel, tracks: Track[], validation: [number, number][], options: TrainOptions): Promise<void> {
    const { layout } = this.state;
    const H = layout.horizon;
    const origin = validation[0][1];
    const idx = validation.map(([s]) => s);
    const attention = this.gridsForTracks(idx.map((s) => tracks[s]), origin, H);
    const actuals = idx.map((s) => Array.from({ length: H }, (_, h) => tracks[s].values[origin + 1 + h]));
    const candidates: Record<string, number[][][]> = { attention };
    const selectionOn = options.selection ?? true;
    const names: readonly ClassicalName[] = options.candidates ?? ["ets", "snaive", "croston"];
    // snaive is always scored (the card compares against it); the others only when selection is on.
    const classicalNames = selectionOn ? [...new Set<ClassicalName>(["snaive", ...names])] : (["snaive"] as ClassicalName[]);
    for (const name of classicalNames) {
      const grids: number[][][] = [];
      for (const s of idx) {
        if (options.signal?.aborted) throw cancelledError();
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
      candidates[name] = grids;
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
    const levels = DEFAULT_QUANTILES;
    const allowed = selectionOn ? Object.keys(candidates) : ["attention"];
    // Default choice: best in aggregate. A SKU switches away from it only when another candidate is clearly better.
    let defaultChoice = "attention";
    let bestTotal = Number.POSITIVE_INFINITY;
    for (const c of allowed) {
      const w = wqlOf(candidates[c], actuals, levels).loss;
      if (w < bestTotal) {
        bestTotal = w;
        defaultChoice = c;
      }
    }
    // Per-SKU choices on one short window are noisy: a SKU leaves the aggregate best only when another candidate
    // is better by a quarter (the benchmarks lost accuracy with a 10% margin).
    const margin = 0.75;
    const chosen: Choice[] = idx.map((_, i) => {
      const lossOf = (c: string) => wqlOf([candidates[c][i]], [actuals[i]], levels).loss;
      let best = defaultChoice;
      let bestLoss = lossOf(defaultChoice) * margin;
      for (const c of allowed) {
        const l = lossOf(c);
        if (l < bestLoss) {
          best = c;
          bestLoss = l;
        }
      }
      return best;
    });
    const final = chosen.map((c, i) => candidates[c][i]);
    const flatF: number[][] = [];
    const flatY: number[] = [];
    final.forEach((g, i) => g.forEach((row, h) => (flatF.push(row), flatY.push(actuals[i][h]))));
    const calibration = fitCalibration(MODEL_LEVELS, flatF, flatY);
    const selection: Record<string, Choice> = {};
    idx.forEach((s, i) => (selection[panel.series[s].id] = chosen[i]));
    this.state.selection = selection;
    this.state.defaultChoice = defaultChoice;
    this.state.calibration = calibration;

    // Card: validation-window scores of every candidate (uncalibrated) and of the final calibrated choice.
    const m = seasonOf(layout.frequency);
    const score = (grids: number[][][], cal: Calibration | null) => {
      let loss = 0;
      let denom = 0;
      let covered = 0;
      let points = 0;
      let biasNum = 0;
      let maseSum = 0;
      let maseN = 0;
      grids.forEach((g, i) => {
        const tr = tracks[idx[i]];
        let scale = 0;
        let n = 0;
        for (let t = tr.start + m; t <= origin; t++) {
          scale += Math.abs(tr.values[t] - tr.values[t - m]);
          n++;
        }
        scale = n > 0 ? scale / n : 0;
        let abs = 0;
        g.forEach((row, h) => {
          const y = actuals[i][h];
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
    };
    const scores: ModelCard["scores"] = {};
    for (const c of Object.keys(candidates)) scores[c] = score(candidates[c], null);
    scores[selectionOn ? "auto" : "attention (calibrated)"] = score(final, calibration);
    this.card.scores = scores;
    this.card.perSku = idx.map((s, i) => ({
      sku: panel.series[s].id,
      chosen: chosen[i],
      wql: score([final[i]], null).wql,
      snaiveWql: score([candidates.snaive[i]], null).wql,
    }));
    this.card.settings.defaultChoice = defaultChoice;
    this.card.settings.calibrationPoints = calibration.points;
  }

  /** Attention quantile grids [series][step][level] (original units, >= 0) for tracks forecast from `origin`. */
  private gridsForTracks(tracks: Track[], origin: number | number[], horizon: number): number[][][] {
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
    const last = Math.round(Date.parse(this.card.lastDate) / 86_400_000);
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
      grid.forEach((row, h) => {
        const q = calibratedQuantiles(this.state.calibration, MODEL_LEVELS, row, quantiles);
        q.forEach((v, k) => (values[k][h] = v));
      });
      return { quantiles: [...quantiles], values };
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
    const header = {
      format: "trendcast-model",
      layout: this.state.layout,
      net: this.state.net,
      covStats: this.state.covStats,
      calibration: this.state.calibration,
      selection: this.state.selection,
      defaultChoice: this.state.defaultChoice,
      historyIndex: this.state.historyIndex ?? {},
      card: this.card,
      weights: this.weights.map((w) => ({ name: w.name, shape: w.shape })),
    };
    const json = new TextEncoder().encode(JSON.stringify(header));
    const pad = (4 - (json.length % 4)) % 4;
    const floats = this.weights.reduce((n, w) => n + w.data.length, 0);
    const total = 12 + json.length + pad + floats * 4 + 4;
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, FORMAT_VERSION, true);
    view.setUint32(8, json.length, true);
    bytes.set(json, 12);
    let off = 12 + json.length + pad;
    for (const w of this.weights) {
      for (let i = 0; i < w.data.length; i++) view.setFloat32(off + 4 * i, w.data[i], true);
      off += 4 * w.data.length;
    }
    view.setUint32(off, crc32(bytes.subarray(0, off)), true);
    return bytes;
  }

  /** Throws TrendcastError on damaged or unknown-version bytes. */
  static fromBytes(bytes: Uint8Array): TrainedModel {
    const damaged = (why: string) =>
      new TrendcastError(`The saved Trendcast model is damaged (${why}). Train the model again to replace it.`, "bad-model");
    if (!(bytes instanceof Uint8Array) || bytes.length < 16) throw damaged("too short");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw damaged("not a Trendcast model");
    const version = view.getUint32(4, true);
    if (version !== FORMAT_VERSION) {
      throw new TrendcastError(
        `The saved model has format version ${version}; this Trendcast reads version ${FORMAT_VERSION}. Update the add-in or train the model again.`,
        "model-version",
      );
    }
    const end = bytes.length - 4;
    if (crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) throw damaged("checksum mismatch");
    const jsonLen = view.getUint32(8, true);
    if (12 + jsonLen > end) throw damaged("header length");
    type Header = Omit<ModelState, "card"> & { card: ModelCard; format: string; weights: { name: string; shape: number[] }[] };
    let header: Header;
    try {
      header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLen))) as Header;
    } catch {
      throw damaged("unreadable header");
    }
    if (header.format !== "trendcast-model" || !Array.isArray(header.weights)) throw damaged("unknown header");
    let off = 12 + jsonLen + ((4 - (jsonLen % 4)) % 4);
    const weights: NamedWeights = [];
    for (const w of header.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (off + 4 * n > end) throw damaged("weights truncated");
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(off + 4 * i, true);
      off += 4 * n;
      weights.push({ name: w.name, shape: w.shape, data });
    }
    if (off !== end) throw damaged("unexpected length");
    return new TrainedModel(
      {
        layout: header.layout,
        net: header.net,
        covStats: header.covStats,
        calibration: header.calibration,
        selection: header.selection,
        defaultChoice: header.defaultChoice,
        historyIndex: header.historyIndex ?? {},
        card: header.card,
      },
      weights,
    );
  }

  /** Frees the tensors held for forecasting (the model can still forecast; they are created again). */
  dispose(): void {
    if (this.params) {
      for (const t of this.params.values()) t.dispose();
      this.params = null;
    }
  }
}

function pointPinballQuantile(row: number[], tau: number): number {
  const k = MODEL_LEVELS.indexOf(tau);
  if (k >= 0) return row[k];
  let i = 1;
  while (i < MODEL_LEVELS.length - 1 && MODEL_LEVELS[i] < tau) i++;
  const w = (tau - MODEL_LEVELS[i - 1]) / (MODEL_LEVELS[i] - MODEL_LEVELS[i - 1]);
  return row[i - 1] + w * (row[i] - row[i - 1]);
}
