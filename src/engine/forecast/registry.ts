/**
 * Panel models by name. Classical models wrap a per-series `Forecaster`: each series is fitted on its values from
 * its first real period (`start`) up to `request.cutoff`, with covariates up to cutoff + horizon.
 */
import { seriesInputAt, type ModelName, type PanelForecast, type PanelForecastRequest, type PanelModel } from "./panel-model";
import { DEFAULT_QUANTILES, TrendcastError, type SalesPanel } from "../types";
import { CLASSICAL_NAMES, classicalForecaster, type ClassicalName } from "./models/index";
import { fitClassical } from "./models/classical";
import { seasonalNaive } from "./models/snaive";

/** Kept here too for existing imports; it lives in panel-model.ts so that auto.ts needs nothing from this file. */
export { seriesInputAt };

export const MODEL_NAMES: readonly ModelName[] = ["auto", "attention", "snaive", "ets", "croston", "classical"];

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TrendcastError("The forecast was cancelled.", "cancelled");
}

/** Wraps a classical forecaster as a panel model ("classical" reports the per-series choice). */
export function classicalPanelModel(name: ClassicalName, displayName: string = name): PanelModel {
  const forecaster = classicalForecaster(name);
  return {
    name: displayName,
    async forecast(panel: SalesPanel, request: PanelForecastRequest): Promise<PanelForecast> {
      const quantiles = request.quantiles.length > 0 ? request.quantiles : DEFAULT_QUANTILES;
      const forecasts: PanelForecast["forecasts"] = [];
      const chosen: string[] = [];
      const total = panel.series.length;
      for (let i = 0; i < total; i++) {
        if (i % 8 === 0) {
          checkCancelled(request.signal);
          request.onProgress?.({ stage: "forecast", fraction: i / Math.max(1, total), message: `${name} ${i + 1}/${total} SKUs` });
          await yieldToEventLoop();
        }
        const input = seriesInputAt(panel, i, request.cutoff, request.horizon);
        if (input.values.length === 0) {
          // No history before the cutoff: nothing to learn from, forecast zero demand.
          forecasts.push(seasonalNaive.fit(input).predict(request.horizon, quantiles));
          chosen.push("none (no history)");
          continue;
        }
        // A model whose numbers are not finite for this SKU has been replaced by seasonal naive: `fallback` says so.
        if (name === "classical") {
          const fitted = fitClassical(input);
          const fc = fitted.predict(request.horizon, quantiles);
          forecasts.push(fc);
          chosen.push(fc.fallback ?? fitted.choose(request.horizon));
        } else {
          const fc = forecaster.fit(input).predict(request.horizon, quantiles);
          forecasts.push(fc);
          chosen.push(fc.fallback ?? name);
        }
      }
      request.onProgress?.({ stage: "forecast", fraction: 1, message: `${name} ${total}/${total} SKUs` });
      return { forecasts, chosen };
    },
  };
}

export async function getPanelModel(name: ModelName): Promise<PanelModel> {
  if ((CLASSICAL_NAMES as readonly string[]).includes(name)) return classicalPanelModel(name as ClassicalName);
  // ---- Trained-model entries (ATTENTION engineer): "attention" and "auto" ----------------------------------
  // One Transformer trained across all SKUs per request; "auto" adds the per-SKU choice among attention,
  // classical models and blends, by an internal backtest before the cutoff (src/engine/forecast/auto.ts).
  if (name === "auto" || name === "attention") {
    const { trainedPanelModel } = await import("./auto");
    return trainedPanelModel(name);
  }
  // ---- end of trained-model entries -----------------------------------------------------------------------
  throw new TrendcastError(
    `The model "${name}" is not available in this build. Use one of: auto, ${CLASSICAL_NAMES.join(", ")}.`,
    "unknown-model",
  );
}
