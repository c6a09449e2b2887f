/**
 * Season length detection by an autocorrelation test (the rule R's `forecast` package and Hyndman & Athanasopoulos,
 * "Forecasting: Principles and Practice", §2.8 use): the candidate season m of the frequency (7 daily, 52 weekly,
 * 12 monthly) is kept when the sample autocorrelation at lag m exceeds the 90% one-sided bound
 * 1.645 * sqrt((1 + 2 * sum_{k<m} r_k^2) / n) and there are at least two full seasons of data; otherwise 1.
 * For long seasons (m > 24, weekly data with a yearly cycle) one and a half seasons suffice, and the Bartlett sum over 51 lags of a smooth yearly
 * pattern makes the bound unreachable with two or three years of history, so the white-noise bound 1.645 / sqrt(n)
 * is used there.
 */
import type { Frequency } from "../types";

/** The natural season of each frequency (days in a week, weeks in a year, months in a year). */
export function candidateSeason(frequency: Frequency): number {
  return frequency === "daily" ? 7 : frequency === "weekly" ? 52 : 12;
}

/** Sample autocorrelations r_1..r_maxLag of `values` (r_k = 0 when the series has no variance). */
export function autocorrelations(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= Math.max(1, n);
  let denom = 0;
  for (const v of values) denom += (v - mean) * (v - mean);
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    if (denom === 0 || k >= n) {
      out.push(0);
      continue;
    }
    let s = 0;
    for (let t = k; t < n; t++) s += (values[t] - mean) * (values[t - k] - mean);
    out.push(s / denom);
  }
  return out;
}

/** Least history to look for a season m: two full seasons, or one and a half for long seasons (m > 24). */
export function minHistoryForSeason(m: number): number {
  return m > 24 ? m + Math.ceil(m / 2) : 2 * m;
}

/** Detected season length: the frequency's candidate when the ACF test passes with enough history, else 1. */
export function detectSeasonLength(values: readonly number[], frequency: Frequency): number {
  const m = candidateSeason(frequency);
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n < minHistoryForSeason(m) || m < 2) return 1;
  const r = autocorrelations(finite, m);
  let sumSq = 0;
  if (m <= 24) for (let k = 0; k < m - 1; k++) sumSq += r[k] * r[k];
  const bound = 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
  return r[m - 1] > bound ? m : 1;
}
