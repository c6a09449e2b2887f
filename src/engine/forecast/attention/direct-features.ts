/**
 * Inputs of the direct multi-horizon attention forecaster. One sample is one SKU at one forecast origin (the last
 * observed period); it becomes
 *
 *   - context tokens: the recent history cut into patches (PatchTST, Nie et al. 2023), values and covariates;
 *   - one token per forecast step, carrying what is known about that step and about the SKU at the origin.
 *
 * The step tokens hold the feature set that global gradient-boosted trees use for retail demand (as in the M5
 * winning solutions): the last values; mean levels over windows from a week to a year; spread; share of periods
 * with sales and periods since the last sale; last year's level and the values a year before the target date; for
 * daily data the same weekday 1, 4 and 8 weeks back; the step; the target's calendar (day of week, day of month,
 * month, day of year); known covariates (promotion, closed, holiday) on, before and after the target date and a
 * year earlier; the length of the current covariate run; sales with and without the covariate over the last
 * quarter and year and their ratio (the SKU's promotion lift). Values are divided by the SKU's mean over the last
 * `scaleWindow` periods (28 days, 13 weeks, 3 months), so SKUs selling 2 or 2,000 units share one model.
 *
 * Leakage discipline: values are read only up to the origin; covariates up to origin + horizon (plans known in
 * advance). Every feature is O(1) per sample from prefix sums.
 */
import type { Frequency } from "../../types";

export type DirectLayout = {
  frequency: Frequency;
  horizon: number;
  /** Periods in a year on this timeline (364 daily keeps the weekday, 52 weekly, 12 monthly). */
  yearLag: number;
  /** Periods whose mean scales the SKU (28 daily, 13 weekly, 3 monthly). */
  scaleWindow: number;
  /** Last values given as features. */
  lastK: number;
  /** Windows of the level features (periods). */
  means: number[];
  /** Context: contextTokens patches of `patch` periods. */
  patch: number;
  contextTokens: number;
  covariates: string[];
};

export function directLayout(frequency: Frequency, horizon: number, covariates: string[]): DirectLayout {
  if (frequency === "daily") {
    return { frequency, horizon, yearLag: 364, scaleWindow: 28, lastK: 14, means: [7, 14, 28, 56, 91, 182, 364], patch: 14, contextTokens: 6, covariates: [...covariates] };
  }
  if (frequency === "weekly") {
    return { frequency, horizon, yearLag: 52, scaleWindow: 13, lastK: 8, means: [4, 8, 13, 26, 52], patch: 4, contextTokens: 6, covariates: [...covariates] };
  }
  return { frequency, horizon, yearLag: 12, scaleWindow: 3, lastK: 6, means: [3, 6, 12], patch: 3, contextTokens: 4, covariates: [...covariates] };
}

const MONTHS = 12;
const daily = (l: DirectLayout) => l.frequency === "daily";

export function staticDim(l: DirectLayout): number {
  return 1 + l.lastK + l.means.length + 1 + 2 + 1 + 2 + 1 + 4 * l.covariates.length;
}
export function stepDim(l: DirectLayout): number {
  return 2 + (daily(l) ? 7 : 0) + MONTHS + 1 + 4 + 4 + (daily(l) ? 3 : 0) + 5 * l.covariates.length;
}
export function contextDim(l: DirectLayout): number {
  return l.patch * (2 + l.covariates.length);
}
/** Input width of every token: [is step, context slot, step slot, static slot]. */
export function directTokenDim(l: DirectLayout): number {
  return 1 + contextDim(l) + stepDim(l) + staticDim(l);
}
export function directTokens(l: DirectLayout): number {
  return l.contextTokens + l.horizon;
}

/** Calendar of a timeline (history and the periods after it), index-aligned with the values. */
export type DirectCalendar = {
  dow: Int8Array;
  month: Int8Array;
  /** Day of month / 31. */
  dom: Float32Array;
  /** sin/cos of the first two yearly harmonics (4 per period). */
  year: Float32Array;
};

const DAY_MS = 86_400_000;

export function directCalendar(dates: ArrayLike<number>): DirectCalendar {
  const n = dates.length;
  const cal = { dow: new Int8Array(n), month: new Int8Array(n), dom: new Float32Array(n), year: new Float32Array(4 * n) };
  for (let i = 0; i < n; i++) {
    const d = new Date(dates[i] * DAY_MS);
    cal.dow[i] = (d.getUTCDay() + 6) % 7;
    cal.month[i] = d.getUTCMonth();
    cal.dom[i] = d.getUTCDate() / 31;
    const phase = ((dates[i] * DAY_MS - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS / 365.25) * 2 * Math.PI;
    cal.year[4 * i] = Math.sin(phase);
    cal.year[4 * i + 1] = Math.cos(phase);
    cal.year[4 * i + 2] = Math.sin(2 * phase);
    cal.year[4 * i + 3] = Math.cos(2 * phase);
  }
  return cal;
}

/** One SKU as the feature builder sees it (values beyond `last` are never read). */
export type DirectTrack = {
  values: Float32Array;
  /** First index with real data. */
  start: number;
  /** Last index whose value may be read. */
  last: number;
  /** Covariates normalised to mean 0, sd 1 (one array per layout covariate, as long as the calendar). */
  covariates: Float32Array[];
  /** Raw covariate "on" flags (value above its mean), for lifts and run lengths. */
  on: Uint8Array[];
  calendar: DirectCalendar;
  /** Prefix sums (length n + 1) of values, squares, non-zero indicators, and values / counts while each covariate is on. */
  cs: Float64Array;
  cs2: Float64Array;
  cnz: Float64Array;
  conY: Float64Array[];
  conN: Float64Array[];
};

export function makeDirectTrack(values: Float32Array, start: number, last: number, covariates: Float32Array[], calendar: DirectCalendar): DirectTrack {
  const n = values.length;
  const cs = new Float64Array(n + 1);
  const cs2 = new Float64Array(n + 1);
  const cnz = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = i >= start && i <= last ? values[i] : 0;
    cs[i + 1] = cs[i] + v;
    cs2[i + 1] = cs2[i] + v * v;
    cnz[i + 1] = cnz[i] + (v > 0 ? 1 : 0);
  }
  const on = covariates.map((arr) => {
    const o = new Uint8Array(arr.length);
    for (let i = 0; i < arr.length; i++) o[i] = arr[i] > 1e-6 ? 1 : 0;
    return o;
  });
  const conY = on.map((o) => {
    const p = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) p[i + 1] = p[i] + (o[i] && i >= start && i <= last ? values[i] : 0);
    return p;
  });
  const conN = on.map((o) => {
    const p = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) p[i + 1] = p[i] + (o[i] && i >= start && i <= last ? 1 : 0);
    return p;
  });
  return { values, start, last, covariates, on, calendar, cs, cs2, cnz, conY, conN };
}

/** Sum of prefix array p over indices [a, b] clipped to [lo, hi]; returns [sum, count]. */
function range(p: Float64Array, a: number, b: number, lo: number, hi: number): [number, number] {
  const x = Math.max(a, lo);
  const y = Math.min(b, hi);
  if (y < x) return [0, 0];
  return [p[y + 1] - p[x], y - x + 1];
}

/** The SKU's scale at `origin`: mean over the last scaleWindow periods, else over the last year, else all history, else 1. */
export function directScale(tr: DirectTrack, origin: number, l: DirectLayout): number {
  for (const w of [l.scaleWindow, l.yearLag, Number.MAX_SAFE_INTEGER]) {
    const [s, n] = range(tr.cs, origin - Math.min(w, origin + 1) + 1, origin, tr.start, origin);
    if (n > 0 && s > 0) return s / n;
  }
  return 1;
}

type Reader = {
  tr: DirectTrack;
  origin: number;
  l: DirectLayout;
  scale: number;
  inv: number;
  lo: number;
  hi: number;
  /** Last index whose covariates are known (origin + horizon). */
  known: number;
};

const val = (r: Reader, i: number) => (i >= r.lo && i <= r.hi ? r.tr.values[i] * r.inv : 0);
const cov = (r: Reader, c: number, i: number) => (i >= 0 && i <= r.known && i < r.tr.covariates[c].length ? r.tr.covariates[c][i] : 0);
const isOn = (r: Reader, c: number, i: number) => (i >= 0 && i <= r.known && i < r.tr.on[c].length ? r.tr.on[c][i] : 0);
/** Mean of values over [a, b] (observed part only) in scaled units, 0 when none is observed. */
function meanOver(r: Reader, a: number, b: number): number {
  const [s, n] = range(r.tr.cs, a, b, r.lo, r.hi);
  return n > 0 ? (s / n) * r.inv : 0;
}

function writeContext(out: Float32Array, offset: number, r: Reader): void {
  const { l } = r;
  const D = directTokenDim(l);
  const nCov = l.covariates.length;
  const P = l.patch;
  const first = r.origin - l.contextTokens * P + 1;
  for (let k = 0; k < l.contextTokens; k++) {
    const base = offset + k * D + 1;
    for (let j = 0; j < P; j++) {
      const i = first + k * P + j;
      const o = base + j * (2 + nCov);
      if (i >= r.lo && i <= r.hi) {
        out[o] = val(r, i);
        out[o + 1] = 1;
      }
      for (let c = 0; c < nCov; c++) out[o + 2 + c] = cov(r, c, i);
    }
  }
}

/** Covariate summaries of the SKU: share on in the last quarter, lift over the last quarter and year, share on over the horizon. */
function covariateSummary(st: Float32Array, p: number, r: Reader, c: number): number {
  const { l, tr, origin, lo, hi } = r;
  const quarter = daily(l) ? 91 : l.frequency === "weekly" ? 13 : 3;
  const [nOnQ, nQ] = range(tr.conN[c], origin - quarter + 1, origin, lo, hi);
  st[p++] = nQ > 0 ? nOnQ / nQ : 0;
  for (const w of [quarter, l.yearLag]) {
    const [yOn, nOn] = range(tr.conY[c], origin - w + 1, origin, lo, hi);
    const [yAll, nAll] = range(tr.cs, origin - w + 1, origin, lo, hi);
    const mean = nAll > 0 ? yAll / nAll : 0;
    // Shrunk means (3 pseudo-periods at the overall mean), log ratio on / off.
    const mOn = (yOn + 3 * mean) / (nOn + 3);
    const mOff = (yAll - yOn + 3 * mean) / (nAll - nOn + 3);
    st[p++] = mean > 0 ? Math.log((mOn + 0.1 * mean) / (mOff + 0.1 * mean)) : 0;
  }
  let share = 0;
  for (let h = 1; h <= l.horizon; h++) share += isOn(r, c, origin + h);
  st[p++] = share / l.horizon;
  return p;
}

/** Features of the SKU at the origin, shared by every step token. */
function staticFeatures(r: Reader): Float32Array {
  const { l, tr, origin, lo, hi } = r;
  const yl = l.yearLag;
  const st = new Float32Array(staticDim(l));
  let p = 0;
  st[p++] = Math.log1p(r.scale) / 5;
  for (let j = 0; j < l.lastK; j++) st[p++] = val(r, origin - j);
  for (const w of l.means) st[p++] = meanOver(r, origin - w + 1, origin);
  const [s, n] = range(tr.cs, origin - l.scaleWindow + 1, origin, lo, hi);
  const [s2] = range(tr.cs2, origin - l.scaleWindow + 1, origin, lo, hi);
  st[p++] = n > 1 ? Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2)) * r.inv : 0;
  for (const w of [l.scaleWindow, yl]) {
    const [nz, m] = range(tr.cnz, origin - w + 1, origin, lo, hi);
    st[p++] = m > 0 ? nz / m : 0;
  }
  let since = 0;
  while (since < 2 * yl && origin - since >= lo && !(tr.values[origin - since] > 0)) since++;
  st[p++] = Math.log1p(since) / Math.log1p(2 * yl);
  // Last year's level around the origin and over the forecast window.
  st[p++] = meanOver(r, origin - yl - l.scaleWindow + 1, origin - yl);
  st[p++] = meanOver(r, origin - yl + 1, origin - yl + l.horizon);
  st[p++] = Math.min(1, (origin - lo + 1) / (2 * yl));
  for (let c = 0; c < l.covariates.length; c++) p = covariateSummary(st, p, r, c);
  return st;
}

/** Features of forecast step h (1-based) from the step's slot start q. */
function writeStep(out: Float32Array, q: number, r: Reader, h: number): void {
  const { l, tr } = r;
  const t = r.origin + h;
  const yl = l.yearLag;
  out[q++] = h / l.horizon;
  out[q++] = Math.sqrt(h / l.horizon);
  const cal = tr.calendar;
  const ti = Math.min(t, cal.month.length - 1);
  if (daily(l)) out[q + cal.dow[ti]] = 1;
  q += daily(l) ? 7 : 0;
  out[q + cal.month[ti]] = 1;
  q += MONTHS;
  out[q++] = cal.dom[ti];
  for (let k = 0; k < 4; k++) out[q++] = cal.year[4 * ti + k];
  // A year before the target date: the value, whether it is known, its neighbourhood, the slope around it.
  const ya = t - yl;
  const wk = daily(l) ? 7 : 1;
  out[q++] = val(r, ya);
  out[q++] = ya >= r.lo && ya <= r.hi ? 1 : 0;
  out[q++] = meanOver(r, ya - (daily(l) ? 3 : 1), ya + (daily(l) ? 3 : 1));
  out[q++] = val(r, ya - wk) - val(r, ya + wk);
  if (daily(l)) {
    // Same weekday: the last observed one, the mean of the last 4 and of the last 8.
    const back = 7 * Math.ceil(h / 7);
    let s4 = 0;
    let s8 = 0;
    for (let k = 0; k < 8; k++) {
      const v = val(r, t - back - 7 * k);
      if (k < 4) s4 += v;
      s8 += v;
    }
    out[q++] = val(r, t - back);
    out[q++] = s4 / 4;
    out[q++] = s8 / 8;
  }
  for (let c = 0; c < l.covariates.length; c++) {
    out[q++] = cov(r, c, t);
    out[q++] = cov(r, c, t - 1);
    out[q++] = t + 1 <= r.known ? cov(r, c, t + 1) : 0;
    out[q++] = cov(r, c, ya);
    let run = 0;
    while (run < l.scaleWindow && isOn(r, c, t - run)) run++;
    out[q++] = run / l.scaleWindow;
  }
}

/**
 * Writes one sample ((contextTokens + steps) x tokenDim floats) at `offset`; returns the scale. `origin` is the last
 * observed index; covariates are read up to origin + horizon. `steps` (1-based, default 1..horizon) are the forecast
 * steps to write tokens for: training samples a few steps per origin, forecasting writes them all.
 */
export function writeDirect(out: Float32Array, offset: number, tr: DirectTrack, origin: number, l: DirectLayout, steps?: readonly number[]): number {
  const D = directTokenDim(l);
  const stepList = steps ?? Array.from({ length: l.horizon }, (_, k) => k + 1);
  const scale = directScale(tr, origin, l);
  const r: Reader = { tr, origin, l, scale, inv: 1 / scale, lo: tr.start, hi: Math.min(origin, tr.last), known: origin + l.horizon };
  out.fill(0, offset, offset + (l.contextTokens + stepList.length) * D);
  writeContext(out, offset, r);
  const st = staticFeatures(r);
  const cd = contextDim(l);
  const sd = stepDim(l);
  stepList.forEach((h, si) => {
    const base = offset + (l.contextTokens + si) * D;
    out[base] = 1;
    writeStep(out, base + 1 + cd, r, h);
    out.set(st, base + 1 + cd + sd);
  });
  return scale;
}
