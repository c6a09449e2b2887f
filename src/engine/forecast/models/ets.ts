/**
 * Exponential smoothing in state-space form with additive errors (Hyndman, Koehler, Ord & Snyder, "Forecasting
 * with Exponential Smoothing", 2008; FPP3 ch. 8). Candidate models ETS(A,N,N), ETS(A,Ad,N), ETS(A,N,A) and
 * ETS(A,Ad,A) (the seasonal ones only with two full seasons of data) are fitted by minimising the sum of squared
 * one-step errors with Nelder-Mead (equivalent to the Gaussian MLE for additive errors) and the one with the
 * lowest AIC is kept. Recursions for ETS(A,Ad,A):
 *
 *   e_t = y_t - (l + phi b + s_{t-m});  l' = l + phi b + alpha e;  b' = phi b + beta e;  s_t = s_{t-m} + gamma e
 *
 * Prediction intervals use the class-1 variance formula v_h = sigma^2 (1 + sum_{j<h} c_j^2), c_j = alpha +
 * beta (phi + ... + phi^j) + gamma [j mod m = 0], applied to the empirical distribution of the one-step errors
 * (so skewed sales give skewed bands). Known 0/1 covariates (promotions, closures) enter as multiplicative effects
 * (covariates.ts). Quantiles are clipped at zero.
 */
import type { FittedForecaster, Forecaster, SeriesInput } from "../../types";
import { detectSeasonLength, minHistoryForSeason } from "../season";
import { baselineHalfWindow, estimateCovariateEffects } from "./covariates";
import { fitSeasonalNaive } from "./snaive";
import { checkRequest, finishForecast, nelderMead, sortedQuantile } from "./util";

export type EtsSpec = { damped: boolean; season: number };

export type EtsFit = {
  spec: EtsSpec;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level: number;
  trend: number;
  /** Seasonal states for the next m periods (index 0 = next period). */
  seasonal: number[];
  sigma2: number;
  residuals: number[];
  aic: number;
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function initialStates(y: readonly number[], spec: EtsSpec): { level: number; trend: number; seasonal: number[] } {
  const m = spec.season;
  if (m > 1) {
    const first = y.slice(0, m);
    const second = y.slice(m, 2 * m);
    const mean1 = first.reduce((a, b) => a + b, 0) / m;
    const mean2 = second.reduce((a, b) => a + b, 0) / m;
    const seasonal = first.map((v, i) => (v + second[i]) / 2 - (mean1 + mean2) / 2);
    return { level: mean1, trend: spec.damped ? (mean2 - mean1) / m : 0, seasonal };
  }
  const k = Math.min(y.length, 10);
  const level = y.slice(0, k).reduce((a, b) => a + b, 0) / k;
  return { level, trend: 0, seasonal: [] };
}

type Params = { alpha: number; beta: number; gamma: number; phi: number };

function toParams(x: readonly number[], spec: EtsSpec): Params {
  const alpha = 0.0001 + 0.9998 * sigmoid(x[0]);
  let i = 1;
  const beta = spec.damped ? alpha * sigmoid(x[i++]) : 0;
  const gamma = spec.season > 1 ? (1 - alpha) * sigmoid(x[i++]) : 0;
  const phi = spec.damped ? 0.8 + 0.18 * sigmoid(x[i++]) : 1;
  return { alpha, beta, gamma, phi };
}

/** Runs the recursions; returns SSE and (when asked) the final states and residuals. */
function run(y: readonly number[], spec: EtsSpec, p: Params, keep: boolean) {
  const m = spec.season;
  const init = initialStates(y, spec);
  let l = init.level;
  let b = init.trend;
  const s = init.seasonal.slice();
  let sse = 0;
  const residuals: number[] = [];
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const si = m > 1 ? t % m : 0;
    const seas = m > 1 ? s[si] : 0;
    const fit = l + p.phi * b + seas;
    const e = y[t] - fit;
    sse += e * e;
    if (keep) residuals.push(e);
    const lNew = l + p.phi * b + p.alpha * e;
    b = p.phi * b + p.beta * e;
    if (m > 1) s[si] = seas + p.gamma * e;
    l = lNew;
  }
  const seasonal = m > 1 ? Array.from({ length: m }, (_, h) => s[(n + h) % m]) : [];
  return { sse, level: l, trend: b, seasonal, residuals };
}

/** Fits one ETS specification by SSE minimisation. */
export function fitEtsSpec(y: readonly number[], spec: EtsSpec): EtsFit {
  const dims = 1 + (spec.damped ? 2 : 0) + (spec.season > 1 ? 1 : 0);
  // x = alpha, [beta], [gamma], [phi] on the logit scale, in toParams' reading order.
  const x0 = [-1.5];
  if (spec.damped) x0.push(-1);
  if (spec.season > 1) x0.push(-2);
  if (spec.damped) x0.push(1);
  const objective = (x: number[]) => run(y, spec, toParams(x, spec), false).sse;
  const best = nelderMead(objective, x0, new Array<number>(dims).fill(1), 60 * dims + 60, 1e-6);
  const p = toParams(best.x, spec);
  const final = run(y, spec, p, true);
  const n = y.length;
  const k = dims + 1 + (spec.damped ? 1 : 0) + (spec.season > 1 ? spec.season - 1 : 0);
  const sigma2 = final.sse / Math.max(1, n - k);
  const aic = n * Math.log(Math.max(final.sse, 1e-12) / n) + 2 * k;
  return { spec, ...p, level: final.level, trend: final.trend, seasonal: final.seasonal, sigma2, residuals: final.residuals, aic };
}

/** Fits the candidate specifications and keeps the lowest AIC. */
export function fitEtsAuto(y: readonly number[], season: number): EtsFit {
  const specs: EtsSpec[] = [
    { damped: false, season: 1 },
    { damped: true, season: 1 },
  ];
  if (season > 1 && y.length >= 2 * season + 2) specs.push({ damped: false, season }, { damped: true, season });
  let best: EtsFit | null = null;
  for (const spec of specs) {
    const fit = fitEtsSpec(y, spec);
    if (best === null || fit.aic < best.aic) best = fit;
  }
  return best as EtsFit;
}

/**
 * Long seasons (m > 24, e.g. 52 weeks): seasonal ETS would need m initial states from two or three years, so instead
 * the series is seasonally adjusted by classical decomposition (centred 2 x m moving average trend, mean detrended
 * value per season position, lightly smoothed across neighbouring positions, centred to sum 0) and a non-seasonal
 * ETS is fitted to the adjusted series; the seasonal indices are added back (the "STL + ETS" route of
 * forecast::stlf, with a classical decomposition).
 */
export function fitEtsDecomposed(y: readonly number[], season: number): EtsFit {
  const n = y.length;
  const m = season;
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (m % 2 === 0) {
      for (let k = -half; k <= half; k++) trend += (Math.abs(k) === half ? 0.5 : 1) * y[t + k];
      trend /= m;
    } else {
      for (let k = -half; k <= half; k++) trend += y[t + k];
      trend /= m;
    }
    sums[t % m] += y[t] - trend;
    counts[t % m] += 1;
  }
  const raw = sums.map((v, j) => (counts[j] > 0 ? v / counts[j] : 0));
  const smooth = raw.map((v, j) => 0.25 * raw[(j - 1 + m) % m] + 0.5 * v + 0.25 * raw[(j + 1) % m]);
  const mean = smooth.reduce((a, b) => a + b, 0) / m;
  const index = smooth.map((v) => v - mean);
  const adjusted = y.map((v, t) => v - index[t % m]);
  const fit = fitEtsAuto(adjusted, 1);
  return { ...fit, spec: { damped: fit.spec.damped, season: m }, gamma: 0, seasonal: Array.from({ length: m }, (_, h) => index[(n + h) % m]) };
}

/** Point forecasts and the variance multipliers v_h / sigma^2 for h = 1..horizon. */
export function etsPointAndSpread(fit: EtsFit, horizon: number): { point: number[]; spread: number[] } {
  const m = fit.spec.season;
  const point: number[] = [];
  const spread: number[] = [];
  let phiSum = 0;
  let phiPow = 1;
  let cumC2 = 0;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= fit.phi;
    phiSum += phiPow;
    const seas = m > 1 ? fit.seasonal[(h - 1) % m] : 0;
    point.push(fit.level + (fit.spec.damped ? phiSum * fit.trend : 0) + seas);
    spread.push(Math.sqrt(1 + cumC2));
    // c_h used for step h + 1
    const c = fit.alpha + fit.beta * phiSum + (m > 1 && h % m === 0 ? fit.gamma : 0);
    cumC2 += c * c;
  }
  return { point, spread };
}

const RECENT_RESIDUALS = 730;

export function fitEts(input: SeriesInput): FittedForecaster {
  const raw = input.values.map((v) => (Number.isFinite(v) ? v : 0));
  const n = raw.length;
  if (n < 4 || raw.every((v) => v === raw[0])) {
    const naive = fitSeasonalNaive({ ...input, values: raw, seasonLength: 1 });
    return { name: "ets", predict: (h, q) => naive.predict(h, q) };
  }
  const season = input.seasonLength ?? detectSeasonLength(raw, input.frequency);
  const effects = estimateCovariateEffects({ ...input, values: raw }, baselineHalfWindow(input.frequency));
  const y = effects ? effects.adjusted : raw;
  const fit = season > 24 && n >= minHistoryForSeason(season) ? fitEtsDecomposed(y, season) : fitEtsAuto(y, season > 24 ? 1 : season);
  const burn = Math.min(Math.max(season, 1) * 2, Math.floor(n / 3));
  const residuals = fit.residuals.slice(Math.max(burn, n - RECENT_RESIDUALS)).sort((a, b) => a - b);
  return {
    name: "ets",
    predict(horizon, quantiles) {
      checkRequest(horizon, quantiles);
      const { point, spread } = etsPointAndSpread(fit, horizon);
      const offsets = quantiles.map((q) => sortedQuantile(residuals, q));
      const values = quantiles.map((_, i) =>
        point.map((p, h) => (p + spread[h] * offsets[i]) * (effects ? effects.futureMultiplier(h) : 1)),
      );
      return finishForecast(quantiles, values, "ets", input.id);
    },
  };
}

export const ets: Forecaster = { name: "ets", fit: fitEts };
