/**
 * Known-in-advance 0/1 covariates (promotion flag, store closed, holiday) as multiplicative effects, a classical
 * regression adjustment (as in Hyndman & Athanasopoulos, FPP3 §7.4 "dummy variables", applied multiplicatively):
 *
 *   factor_k = (sum_{t: x_kt = 1} y_t + n0 * bbar) / (sum_{t: x_kt = 1} b_t + n0 * bbar)
 *
 * where b_t is the local baseline (mean of the unflagged periods within +-`halfWindow` periods) and n0 = 2 pseudo
 * periods shrink the ratio toward 1 when a flag is rare. History is divided by the factors before a model is fitted
 * (periods with a near-zero factor, such as closed days, are replaced by their baseline) and forecasts are multiplied
 * by the factors of the planned flags. Covariates that are not 0/1 are ignored.
 */
import type { Frequency, SeriesInput } from "../../types";

/** Half-width of the local baseline window: two weeks of days, a month of weeks, a quarter of months. */
export function baselineHalfWindow(frequency: Frequency): number {
  return frequency === "daily" ? 14 : frequency === "weekly" ? 4 : 2;
}

export type CovariateEffects = {
  /** Multiplicative factor per 0/1 covariate. */
  factors: Record<string, number>;
  /** History with the covariate effects taken out. */
  adjusted: number[];
  /** Multiplier for future step h (0-based) from the planned flags. */
  futureMultiplier: (h: number) => number;
};

const PSEUDO_PERIODS = 2;

function isBinary(xs: readonly number[], n: number): boolean {
  let ones = 0;
  for (let t = 0; t < n; t++) {
    const x = xs[t];
    if (x !== 0 && x !== 1) return false;
    if (x === 1) ones++;
  }
  return ones > 0 && ones < n;
}

/** Estimates multiplicative effects of the series' 0/1 covariates; null when it has none that vary in history. */
export function estimateCovariateEffects(input: SeriesInput, halfWindow: number): CovariateEffects | null {
  const y = input.values;
  const n = y.length;
  const covs = input.covariates ?? {};
  const names = Object.keys(covs).filter((k) => covs[k].length >= n && isBinary(covs[k], n));
  if (names.length === 0 || n < 8) return null;
  const flagged = new Uint8Array(n);
  for (const k of names) for (let t = 0; t < n; t++) if (covs[k][t] === 1) flagged[t] = 1;
  // Local baseline from unflagged periods: running sums over a centred window.
  const base = new Array<number>(n);
  const cs = new Float64Array(n + 1);
  const cc = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    cs[t + 1] = cs[t] + (flagged[t] ? 0 : y[t]);
    cc[t + 1] = cc[t] + (flagged[t] ? 0 : 1);
  }
  let overall = 0;
  let overallN = 0;
  for (let t = 0; t < n; t++) {
    if (!flagged[t]) {
      overall += y[t];
      overallN++;
    }
  }
  overall = overallN > 0 ? overall / overallN : 0;
  for (let t = 0; t < n; t++) {
    const lo = Math.max(0, t - halfWindow);
    const hi = Math.min(n, t + halfWindow + 1);
    const c = cc[hi] - cc[lo];
    base[t] = c >= 3 ? (cs[hi] - cs[lo]) / c : overall;
  }
  const factors: Record<string, number> = {};
  for (const k of names) {
    let sy = 0;
    let sb = 0;
    let m = 0;
    for (let t = 0; t < n; t++) {
      if (covs[k][t] === 1) {
        sy += y[t];
        sb += base[t];
        m++;
      }
    }
    const bbar = m > 0 ? sb / m : 0;
    factors[k] = sb + PSEUDO_PERIODS * bbar > 0 ? (sy + PSEUDO_PERIODS * bbar) / (sb + PSEUDO_PERIODS * bbar) : 1;
  }
  const multiplierAt = (t: number): number => {
    let f = 1;
    for (const k of names) if ((covs[k][t] ?? 0) === 1) f *= factors[k];
    return f;
  };
  const adjusted = y.map((v, t) => {
    const f = multiplierAt(t);
    if (f === 1) return v;
    return f < 0.2 ? base[t] : v / f;
  });
  return { factors, adjusted, futureMultiplier: (h) => multiplierAt(n + h) };
}
