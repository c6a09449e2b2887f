/**
 * Input features of the attention forecaster: the recent context of a series cut into patches (PatchTST, Nie et al.
 * 2023), each patch one token, followed by "future" tokens that carry only what is known in advance for the
 * horizon: calendar (day of week, week of year, month), the value one year earlier (seasonal-lag feature, so yearly
 * seasonality works with contexts shorter than a year) and known covariates such as a promotion or holiday flag.
 *
 * Values are divided by a per-series scale (mean absolute value of the observed context, falling back to the whole
 * observed history, then 1), so SKUs selling 2 or 2,000 units a day share one model.
 */
import type { Frequency } from "../../types";

export type FeatureLayout = {
  frequency: Frequency;
  /** Periods per token. */
  patch: number;
  /** Context tokens (context length = contextTokens * patch). */
  contextTokens: number;
  /** Future tokens (ceil(horizon / patch)). */
  futureTokens: number;
  /** Forecast steps the network is trained for. */
  horizon: number;
  /** Periods in a year on this timeline (364 daily keeps the weekday, 52 weekly, 12 monthly). */
  yearLag: number;
  covariates: string[];
};

const MONTHS = 12;

export function defaultLayout(frequency: Frequency, horizon: number, covariates: string[]): FeatureLayout {
  const patch = frequency === "daily" ? 14 : frequency === "weekly" ? 8 : 3;
  const contextTokens = frequency === "daily" ? 8 : frequency === "weekly" ? 7 : 8;
  const yearLag = frequency === "daily" ? 364 : frequency === "weekly" ? 52 : 12;
  return {
    frequency,
    patch,
    contextTokens,
    futureTokens: Math.ceil(horizon / patch),
    horizon,
    yearLag,
    covariates: [...covariates],
  };
}

export function contextLength(l: FeatureLayout): number {
  return l.contextTokens * l.patch;
}
export function tokenCount(l: FeatureLayout): number {
  return l.contextTokens + l.futureTokens;
}
export function outputSteps(l: FeatureLayout): number {
  return l.futureTokens * l.patch;
}
function dowSlots(l: FeatureLayout): number {
  return l.frequency === "daily" ? 7 : 0;
}
export function stepDim(l: FeatureLayout): number {
  return 4 + l.covariates.length + dowSlots(l);
}
export function tokenDim(l: FeatureLayout): number {
  return l.patch * stepDim(l) + 2 + MONTHS + 4;
}

/** Calendar of a timeline, index-aligned with a series (history and the periods after it). */
export type Calendar = {
  length: number;
  dow: Int8Array;
  month: Int8Array;
  /** sin/cos of the first two yearly harmonics. */
  year: Float32Array;
};

const DAY_MS = 86_400_000;

/** Epoch day of the period `n` steps after `epochDay`. */
export function stepDate(epochDay: number, n: number, frequency: Frequency): number {
  if (frequency === "daily") return epochDay + n;
  if (frequency === "weekly") return epochDay + 7 * n;
  const d = new Date(epochDay * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const day = d.getUTCDate();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(day, lastDay)) / DAY_MS);
}

export function makeCalendar(dates: ArrayLike<number>): Calendar {
  const n = dates.length;
  const dow = new Int8Array(n);
  const month = new Int8Array(n);
  const year = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const d = new Date(dates[i] * DAY_MS);
    dow[i] = (d.getUTCDay() + 6) % 7;
    month[i] = d.getUTCMonth();
    const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
    const phase = ((dates[i] * DAY_MS - startOfYear) / DAY_MS / 365.25) * 2 * Math.PI;
    year[4 * i] = Math.sin(phase);
    year[4 * i + 1] = Math.cos(phase);
    year[4 * i + 2] = Math.sin(2 * phase);
    year[4 * i + 3] = Math.cos(2 * phase);
  }
  return { length: n, dow, month, year };
}

/** Dates of a timeline extended by `extra` periods. */
export function extendDates(dates: ArrayLike<number>, extra: number, frequency: Frequency): number[] {
  const out = Array.from(dates);
  const last = out[out.length - 1];
  for (let k = 1; k <= extra; k++) out.push(stepDate(last, k, frequency));
  return out;
}

/** One series as the feature builder sees it. Indices are shared by values, covariates and calendar. */
export type Track = {
  values: ArrayLike<number>;
  /** First index with real data (earlier values are padding). */
  start: number;
  /** Last index whose value may be read (the cutoff). */
  last: number;
  /** Normalised covariates, one array per layout covariate (shorter arrays mean unknown: 0). */
  covariates: ArrayLike<number>[];
  calendar: Calendar;
};

/** Per-series scale: mean absolute observed value over the context, else over the whole history, else 1. */
export function seriesScale(track: Track, origin: number, context: number): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(track.start, origin - context + 1); i <= origin; i++) {
    sum += Math.abs(track.values[i]);
    n++;
  }
  if (n > 0 && sum > 0) return sum / n;
  sum = 0;
  n = 0;
  for (let i = track.start; i <= origin; i++) {
    sum += Math.abs(track.values[i]);
    n++;
  }
  return n > 0 && sum > 0 ? sum / n : 1;
}

/**
 * Writes the features of one sample (the forecast made at `origin`, the last observed index) into `out` at
 * `offset` (tokenCount * tokenDim floats) and returns the scale used.
 */
export function writeFeatures(out: Float32Array, offset: number, track: Track, origin: number, l: FeatureLayout): number {
  const P = l.patch;
  const ctx = contextLength(l);
  const sd = stepDim(l);
  const td = tokenDim(l);
  const nCov = l.covariates.length;
  const daily = l.frequency === "daily";
  const scale = seriesScale(track, origin, ctx);
  const logScale = Math.log1p(scale) / 5;
  const first = origin - ctx + 1;
  const tokens = tokenCount(l);
  const cal = track.calendar;
  out.fill(0, offset, offset + tokens * td);
  for (let k = 0; k < tokens; k++) {
    const base = offset + k * td;
    const isFuture = k >= l.contextTokens;
    for (let j = 0; j < P; j++) {
      const i = first + k * P + j;
      const o = base + j * sd;
      if (i < 0 || i >= cal.length) continue;
      if (!isFuture && i >= track.start && i <= track.last) {
        out[o] = track.values[i] / scale;
        out[o + 1] = 1;
      }
      const lag = i - l.yearLag;
      if (lag >= track.start && lag <= Math.min(origin, track.last)) {
        out[o + 2] = track.values[lag] / scale;
        out[o + 3] = 1;
      }
      for (let c = 0; c < nCov; c++) {
        const arr = track.covariates[c];
        if (i < arr.length) out[o + 4 + c] = arr[i];
      }
      if (daily) out[o + 4 + nCov + cal.dow[i]] = 1;
    }
    const t = base + P * sd;
    out[t] = isFuture ? 1 : 0;
    out[t + 1] = logScale;
    const i0 = Math.min(Math.max(first + k * P, 0), cal.length - 1);
    out[t + 2 + cal.month[i0]] = 1;
    for (let h = 0; h < 4; h++) out[t + 2 + MONTHS + h] = cal.year[4 * i0 + h];
  }
  return scale;
}
