/** Quantile grids [step][level] at MODEL_LEVELS: blends of several models, classical forecasts, pinball losses. */
import type { QuantileForecast, SeriesInput } from "../../types";
import { MODEL_LEVELS, pointPinball } from "../calibration";
import { classicalForecaster, fallbackLabel, isNonFiniteForecast, type ClassicalName } from "../models/index";
import { assertFinite } from "../models/util";
import { clean, type Choice } from "./model-state";

/** Averages two quantile functions given at the same levels (quantile averaging keeps them non-crossing). */
export function blendGrids(grids: number[][][]): number[][] {
  const w = 1 / grids.length;
  return grids[0].map((row, h) => row.map((_, k) => grids.reduce((sum, g) => sum + w * g[h][k], 0)));
}

/** Classical members of a blend choice: "blend:ets+croston" -> ["ets", "croston"]. */
export function blendMembers(choice: Choice): ClassicalName[] {
  return choice.slice("blend:".length).split("+") as ClassicalName[];
}

/** Classical forecast at MODEL_LEVELS as [step][level]. */
export function classicalGrid(name: ClassicalName, input: SeriesInput, horizon: number): number[][] {
  const fc = classicalForecaster(name).fit(input).predict(horizon, MODEL_LEVELS);
  const out: number[][] = [];
  for (let h = 0; h < horizon; h++) {
    const col = MODEL_LEVELS.map((_, k) => Math.max(0, clean(fc.values[k][h])));
    for (let k = 1; k < col.length; k++) col[k] = Math.max(col[k], col[k - 1]);
    out.push(col);
  }
  return out;
}

export function wqlOf(grids: number[][][], actuals: number[][], levels: readonly number[]): { loss: number; denom: number } {
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

export function pointPinballQuantile(row: number[], tau: number): number {
  const k = MODEL_LEVELS.indexOf(tau);
  if (k >= 0) return row[k];
  let i = 1;
  while (i < MODEL_LEVELS.length - 1 && MODEL_LEVELS[i] < tau) i++;
  const w = (tau - MODEL_LEVELS[i - 1]) / (MODEL_LEVELS[i] - MODEL_LEVELS[i - 1]);
  return row[i - 1] + w * (row[i] - row[i - 1]);
}

/**
 * The trained model's forecast for one series, checked: numbers that are not finite raise the located error
 * (`non-finite-forecast`, naming the SKU) and the classical forecaster forecasts that SKU instead, said in `fallback`.
 */
export function finiteOrClassical(choice: Choice, input: SeriesInput, forecast: QuantileForecast, horizon: number, quantiles: readonly number[]): QuantileForecast {
  try {
    assertFinite(forecast.values, choice, input.id);
    return forecast;
  } catch (e) {
    if (!isNonFiniteForecast(e)) throw e;
    const classical = classicalForecaster("classical").fit(input).predict(horizon, quantiles);
    return { ...classical, fallback: classical.fallback ?? fallbackLabel("classical", choice) };
  }
}
