/** The classical forecasters by name: seasonal naive, ETS, TSB (Croston family), and the per-series chooser. */
import { TrendcastError, type Forecaster } from "../../types";
import { classical } from "./classical";
import { croston } from "./croston";
import { ets } from "./ets";
import { seasonalNaive } from "./snaive";
import { withFallback } from "./fallback";

export type ClassicalName = "snaive" | "ets" | "croston" | "classical";

export const CLASSICAL_NAMES: readonly ClassicalName[] = ["snaive", "ets", "croston", "classical"];

export function classicalForecaster(name: ClassicalName): Forecaster {
  switch (name) {
    case "snaive":
      return seasonalNaive;
    case "ets":
      return withFallback(ets);
    case "croston":
      return withFallback(croston);
    case "classical":
      return classical;
    default:
      throw new TrendcastError(`Unknown classical model "${String(name)}". Use one of: ${CLASSICAL_NAMES.join(", ")}.`, "unknown-model");
  }
}

export { classical, fitClassical, chooseClassical, pinballSum } from "./classical";
export { croston, fitCroston } from "./croston";
export { ets, fitEts, fitEtsAuto, fitEtsSpec, etsPointAndSpread } from "./ets";
export { seasonalNaive, fitSeasonalNaive } from "./snaive";
export { fallbackLabel, isNonFiniteForecast, predictOrNaive, withFallback } from "./fallback";
export { estimateCovariateEffects } from "./covariates";
