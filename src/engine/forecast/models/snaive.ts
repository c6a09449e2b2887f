/**
 * Seasonal naive: the forecast for step h repeats the value one season earlier, y_{n+h} = y_{n+h-m(k)}, k =
 * ceil(h/m) seasons ahead (Hyndman & Athanasopoulos, FPP3 §5.2). Quantiles come from the empirical distribution of
 * the seasonal differences e_t = y_t - y_{t-m}, scaled by sqrt(k) for k seasons ahead, clipped at zero.
 */
import type { FittedForecaster, Forecaster, SeriesInput } from "../../types";
import { detectSeasonLength } from "../season";
import { checkRequest, finishForecast, sortedQuantile } from "./util";

export function fitSeasonalNaive(input: SeriesInput): FittedForecaster {
  const y = input.values.map((v) => (Number.isFinite(v) ? v : 0));
  const n = y.length;
  let m = input.seasonLength ?? detectSeasonLength(y, input.frequency);
  if (m > n) m = 1;
  const residuals: number[] = [];
  for (let t = m; t < n; t++) residuals.push(y[t] - y[t - m]);
  residuals.sort((a, b) => a - b);
  return {
    name: "snaive",
    predict(horizon, quantiles) {
      checkRequest(horizon, quantiles);
      const offsets = quantiles.map((q) => (residuals.length > 0 ? sortedQuantile(residuals, q) : 0));
      const values = quantiles.map((_, i) =>
        Array.from({ length: horizon }, (_unused, h) => {
          if (n === 0) return 0;
          const k = Math.floor(h / m) + 1;
          const point = y[n - m + (h % m)];
          return point + Math.sqrt(k) * offsets[i];
        }),
      );
      return finishForecast(quantiles, values, "snaive", input.id);
    },
  };
}

export const seasonalNaive: Forecaster = { name: "snaive", fit: fitSeasonalNaive };
