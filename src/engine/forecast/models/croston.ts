/**
 * Intermittent demand: TSB (Teunter, Syntetos & Babai 2011, "Intermittent demand: Linking forecasting to inventory
 * obsolescence"), the Croston family member that smooths the demand probability every period and the demand size
 * only when demand occurs:
 *
 *   p' = p + beta (1[y_t > 0] - p);   z' = z + alpha (y_t - z) if y_t > 0;   mean forecast = p z
 *
 * alpha and beta are chosen on a small grid by one-step mean squared error. Quantiles come from the demand model
 * itself, not from a Gaussian: demand in a period is 0 with probability 1 - p, otherwise a size drawn from the
 * empirical distribution of recent non-zero sizes rescaled to mean z. The exact mixture quantile is
 *   Q(tau) = 0 if tau <= 1 - p, else Q_size((tau - (1 - p)) / p).
 * Known 0/1 covariates enter as multiplicative effects on the size (covariates.ts).
 */
import type { FittedForecaster, Forecaster, SeriesInput } from "../../types";
import { baselineHalfWindow, estimateCovariateEffects } from "./covariates";
import { checkRequest, finishForecast, nonFiniteForecast, sortedQuantile } from "./util";

const ALPHAS = [0.05, 0.1, 0.2, 0.3];
const BETAS = [0.02, 0.05, 0.1, 0.2];
const RECENT_SIZES = 104;

type TsbState = { p: number; z: number; mse: number };

function runTsb(y: readonly number[], alpha: number, beta: number): TsbState {
  const nonzero = y.filter((v) => v > 0);
  let z = nonzero.length > 0 ? nonzero.slice(0, 8).reduce((a, b) => a + b, 0) / Math.min(8, nonzero.length) : 0;
  const head = y.slice(0, Math.min(y.length, 20));
  let p = head.filter((v) => v > 0).length / Math.max(1, head.length);
  let sse = 0;
  for (const v of y) {
    const e = v - p * z;
    sse += e * e;
    p += beta * ((v > 0 ? 1 : 0) - p);
    if (v > 0) z += alpha * (v - z);
  }
  return { p, z, mse: sse / Math.max(1, y.length) };
}

export function fitCroston(input: SeriesInput): FittedForecaster {
  const raw = input.values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const effects = estimateCovariateEffects({ ...input, values: raw }, baselineHalfWindow(input.frequency));
  const y = effects ? effects.adjusted : raw;
  let best: TsbState = { p: 0, z: 0, mse: Infinity };
  for (const a of ALPHAS) {
    for (const b of BETAS) {
      const s = runTsb(y, a, b);
      if (s.mse < best.mse) best = s;
    }
  }
  const sizes = y.filter((v) => v > 0).slice(-RECENT_SIZES);
  const sizeMean = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
  const scaled = sizes.map((v) => (sizeMean > 0 ? (v * best.z) / sizeMean : 0)).sort((a, b) => a - b);
  const p = Math.min(1, Math.max(0, best.p));
  // No parameter pair gave a finite error (the sales overflow): a located error, not a forecast of zero.
  const fitFailed = !Number.isFinite(best.mse);
  return {
    name: "croston",
    predict(horizon, quantiles) {
      checkRequest(horizon, quantiles);
      if (fitFailed) throw nonFiniteForecast("croston", input.id, 0);
      const level = quantiles.map((q) => (scaled.length === 0 || p === 0 || q <= 1 - p ? 0 : sortedQuantile(scaled, (q - (1 - p)) / p)));
      const values = quantiles.map((_, i) =>
        Array.from({ length: horizon }, (_unused, h) => level[i] * (effects ? effects.futureMultiplier(h) : 1)),
      );
      return finishForecast(quantiles, values, "croston", input.id);
    },
  };
}

export const croston: Forecaster = { name: "croston", fit: fitCroston };
