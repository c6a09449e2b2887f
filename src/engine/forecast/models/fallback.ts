/**
 * A model whose numbers come out NaN or infinite for a SKU (an overflow, a degenerate fit) raises a located error
 * (`non-finite-forecast`, util.ts); here it is caught and seasonal naive forecasts that SKU instead, said in
 * `QuantileForecast.fallback` so the Forecast table's Model column and the CLI show it. Never a silent zero order.
 */
import { TrendcastError, type FittedForecaster, type Forecaster, type QuantileForecast, type SeriesInput } from "../../types";
import { fitSeasonalNaive } from "./snaive";

export function isNonFiniteForecast(e: unknown): e is TrendcastError {
  return e instanceof TrendcastError && e.code === "non-finite-forecast";
}

/** What the Model column says for a SKU forecast by `by` because `model` gave no usable numbers. */
export function fallbackLabel(by: string, model: string): string {
  return `${by} (fallback: ${model} gave NaN or Infinity)`;
}

/** `predict()`, or seasonal naive for this series when the model's numbers are not finite (said in `fallback`). */
export function predictOrNaive(model: string, predict: () => QuantileForecast, series: SeriesInput, horizon: number, quantiles: readonly number[]): QuantileForecast {
  try {
    return predict();
  } catch (e) {
    if (!isNonFiniteForecast(e) || model === "snaive") throw e;
    return { ...fitSeasonalNaive(series).predict(horizon, quantiles), fallback: fallbackLabel("snaive", model) };
  }
}

/** The forecaster with the seasonal-naive fallback on non-finite numbers. */
export function withFallback(forecaster: Forecaster): Forecaster {
  return {
    name: forecaster.name,
    fit(series: SeriesInput): FittedForecaster {
      const fitted = forecaster.fit(series);
      return {
        name: fitted.name,
        predict: (horizon, quantiles) => predictOrNaive(fitted.name, () => fitted.predict(horizon, quantiles), series, horizon, quantiles),
      };
    },
  };
}
