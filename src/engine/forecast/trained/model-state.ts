/**
 * The trained model's state and the helpers its training, selection, forecasting and serialisation share: options,
 * model card, per-SKU choice, history keys, data fingerprint, covariate normalisation, input checks.
 */
import { TrendcastError, type Frequency, type SalesPanel } from "../../types";
import type { DirectLayout } from "../attention/direct-features";
import type { DirectNetConfig } from "../attention/direct-network";
import type { EpochReport } from "../attention/train";
import type { Calibration } from "../calibration";
import type { ClassicalName } from "../models/index";

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
  /** Loss weight of a sample = (series scale)^weightPower, relative to the batch (default 0.5). */
  weightPower?: number;
  /** Forecast steps trained per sampled origin (default 7, all when the horizon is shorter). */
  stepsPerSample?: number;
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

export type ModelState = {
  layout: DirectLayout;
  net: DirectNetConfig;
  covStats: { mean: number[]; std: number[] };
  calibration: Calibration;
  selection: Record<string, Choice>;
  defaultChoice: Choice;
  /** Key of each training SKU's recent history -> SKU id ("" when two SKUs share it): lets an unnamed series, such
   * as a cell formula's range, get the choice made for the SKU whose history it is. */
  historyIndex?: Record<string, string>;
  /** Per group of SKUs (skuGroup): the choice and the band calibration fitted on that group's validation points. */
  groups?: Partial<Record<SkuGroup, { choice: Choice; calibration: Calibration }>>;
  card: ModelCard;
};

/** Intermittent SKUs (a third or more of the last year's periods without sales) and the others. */
export type SkuGroup = "intermittent" | "smooth";

/** The group of a SKU from its history values[start..end] (the last `yearLag` periods of it). */
export function skuGroup(values: ArrayLike<number>, start: number, end: number, yearLag: number): SkuGroup {
  const from = Math.max(start, end - yearLag + 1);
  let zeros = 0;
  for (let i = from; i <= end; i++) if (!(values[i] > 0)) zeros++;
  return end >= from && zeros >= (end - from + 1) / 3 ? "intermittent" : "smooth";
}

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

export function buildHistoryIndex(panel: SalesPanel, cutoff: number): Record<string, string> {
  const index: Record<string, string> = {};
  for (const s of panel.series) {
    const start = Math.max(0, Math.min(s.start, cutoff));
    const key = historyKey(s.values.slice(start, Math.min(cutoff, s.values.length - 1) + 1));
    index[key] = key in index ? "" : s.id;
  }
  return index;
}

export const DEFAULT_SECONDS = 60;

export function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

export function seasonOf(f: Frequency): number {
  return f === "daily" ? 7 : f === "weekly" ? 52 : 12;
}

export function fingerprint(panel: SalesPanel, cutoff: number): string {
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

export function clean(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

export function covariateStats(panel: SalesPanel, names: string[], cutoff: number): { mean: number[]; std: number[] } {
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

export function normalisedCovariates(covs: Record<string, number[]> | undefined, layout: { covariates: string[] }, stats: { mean: number[]; std: number[] }, limit: number): Float32Array[] {
  // Unknown values (no column, or periods past its end) count as 0: no promotion, no holiday.
  return layout.covariates.map((name, c) => {
    const arr = covs?.[name] ?? [];
    const out = new Float32Array(limit).fill((0 - stats.mean[c]) / stats.std[c]);
    for (let i = 0; i < Math.min(arr.length, limit); i++) out[i] = (clean(arr[i]) - stats.mean[c]) / stats.std[c];
    return out;
  });
}

export function validateHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1000) {
    throw new TrendcastError(`The horizon must be a whole number of periods between 1 and 1000 (got ${horizon}).`, "bad-horizon");
  }
}

export function validateQuantiles(quantiles: readonly number[]): void {
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) throw new TrendcastError(`Quantile levels must lie strictly between 0 and 1, such as 0.1 or 0.9 (got ${q}).`, "bad-quantile");
  }
}
