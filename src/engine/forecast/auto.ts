/**
 * The panel models built on the trained model: "attention" (the Transformer alone, bands calibrated on the
 * validation window) and "auto" (per SKU the attention model, a classical forecaster or a blend, chosen by the
 * internal backtest before the cutoff; see TrainedModel). Each forecast request trains one model on the data up to
 * the request's cutoff, forecasts every series from it and frees it.
 */
import { seriesInputAt, type PanelForecast, type PanelForecastRequest, type PanelModel } from "./panel-model";
import { DEFAULT_QUANTILES, TrendcastError, type QuantileForecast, type SalesPanel } from "../types";
import { TrainedModel, type TrainTuning } from "./trained-model";
import { classicalForecaster } from "./models/index";
import { COLD_START_NAME, newSkuForecasts, withNewSku } from "./cold-start/forecast";
// Registers the wasm backend, so Node (CLI, benchmarks) gets it by default; callers may still choose another.
import "./attention/backend";

export type TrainedPanelModelOptions = {
  /** Training budget per forecast request in seconds (default 75; half of it when continuing from an earlier cutoff). */
  seconds?: number;
  /** Training budget in samples instead (reproducible run time independent of machine speed). */
  samples?: number;
  seed?: number;
  tuning?: TrainTuning;
};

function classicalFallback(panel: SalesPanel, request: PanelForecastRequest, quantiles: readonly number[]): PanelForecast {
  const forecasts: QuantileForecast[] = [];
  const chosen: string[] = [];
  const newSkus = newSkuForecasts(panel, request.cutoff, request.horizon, quantiles);
  panel.series.forEach((_, i) => {
    const input = seriesInputAt(panel, i, request.cutoff, request.horizon);
    const pooled = newSkus.get(i);
    if (pooled) {
      forecasts.push(pooled);
      chosen.push(COLD_START_NAME);
    } else if (input.values.length === 0) {
      forecasts.push(zeroForecast(request.horizon, quantiles));
      chosen.push("none (no history)");
    } else {
      forecasts.push(classicalForecaster("classical").fit(input).predict(request.horizon, quantiles));
      chosen.push("classical (too little history to train)");
    }
  });
  return { forecasts, chosen };
}

function zeroForecast(horizon: number, quantiles: readonly number[]): QuantileForecast {
  return { quantiles: [...quantiles], values: quantiles.map(() => new Array<number>(horizon).fill(0)) };
}

/** Identifies a panel layout for warm starts: same series, frequency, covariates and horizon. */
function panelKey(panel: SalesPanel, horizon: number): string {
  return JSON.stringify([panel.frequency, horizon, panel.covariateNames, panel.series.length, panel.series.map((s) => s.id).join("\u0000"), panel.timeline[0]]);
}

export function trainedPanelModel(name: "attention" | "auto", options: TrainedPanelModelOptions = {}): PanelModel {
  // Warm start: a later cutoff of the same panel (rolling-origin backtest) continues from the network trained at
  // the previous, earlier cutoff. That network saw only data up to its own cutoff, so no future data leaks in.
  let previous: { key: string; cutoff: number; bytes: Uint8Array } | null = null;
  return {
    name,
    async forecast(panel: SalesPanel, request: PanelForecastRequest): Promise<PanelForecast> {
      const quantiles = request.quantiles.length > 0 ? request.quantiles : DEFAULT_QUANTILES;
      const key = panelKey(panel, request.horizon);
      const resumeFrom = previous && previous.key === key && previous.cutoff < request.cutoff ? previous.bytes : undefined;
      let model: TrainedModel;
      try {
        model = await TrainedModel.train(panel, {
          resumeFrom,
          horizon: request.horizon,
          quantiles,
          cutoff: request.cutoff,
          seed: options.seed ?? 42,
          // A cold start gets the full budget; a warm start (a later cutoff of the same panel) continues from the
          // previous network and usually stops early on its validation window, within half of it.
          budget: options.samples !== undefined ? { samples: options.samples } : { seconds: (options.seconds ?? 75) * (resumeFrom ? 0.5 : 1) },
          selection: name === "auto",
          tuning: options.tuning,
          signal: request.signal,
          onProgress: (p) =>
            request.onProgress?.({
              stage: "train",
              fraction: Math.min(0.95, p.fraction * 0.95),
              message: `${name}: epoch ${p.epoch} of ${p.epochs}, loss ${p.loss.toFixed(3)}${p.valLoss !== null ? `, validation ${p.valLoss.toFixed(3)}` : ""}, ${Math.round(p.samplesPerSec)} samples/s on ${p.backend}`,
            }),
        });
      } catch (e) {
        // Too little history for any training window: every SKU gets the classical per-series choice instead.
        if (e instanceof TrendcastError && e.code === "too-short") return classicalFallback(panel, request, quantiles);
        throw e;
      }
      previous = { key, cutoff: request.cutoff, bytes: model.toBytes() };
      try {
        const forecasts: QuantileForecast[] = new Array(panel.series.length);
        const chosen: string[] = new Array(panel.series.length);
        const accepted: number[] = [];
        const inputs = panel.series.map((_, i) => seriesInputAt(panel, i, request.cutoff, request.horizon));
        // New SKUs (short histories) get the forecaster pooled across the long-history SKUs (cold-start/).
        const newSkus = newSkuForecasts(panel, request.cutoff, request.horizon, quantiles);
        inputs.forEach((input, i) => {
          const pooled = newSkus.get(i);
          if (input.values.length === 0) {
            forecasts[i] = zeroForecast(request.horizon, quantiles);
            chosen[i] = "none (no history)";
          } else if (!model.accepts(input)) {
            forecasts[i] = pooled ?? classicalForecaster("snaive").fit(input).predict(request.horizon, quantiles);
            chosen[i] = pooled ? COLD_START_NAME : "snaive (short history)";
          } else accepted.push(i);
        });
        const out = model.forecastMany(
          accepted.map((i) => inputs[i]),
          request.horizon,
          quantiles,
        );
        accepted.forEach((i, k) => {
          const pooled = newSkus.get(i);
          const made = pooled ? withNewSku(pooled, out[k], model.choiceFor(inputs[i].id)) : { forecast: out[k], name: out[k].fallback ?? model.choiceFor(inputs[i].id) };
          forecasts[i] = made.forecast;
          chosen[i] = made.name;
        });
        request.onProgress?.({ stage: "forecast", fraction: 1, message: `${name}: ${panel.series.length} series` });
        return { forecasts, chosen, card: model.card };
      } finally {
        model.dispose();
      }
    },
  };
}
