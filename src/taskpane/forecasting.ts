/**
 * Turns the trained model into what the pane writes: a quantile forecast per chosen SKU (the model's own forecast,
 * exactly what `=TREND.FORECAST` returns; the engine's classical choice for a SKU the model does not accept) and a
 * restock plan per SKU from the inventory inputs.
 */
import { DEFAULT_QUANTILES, type InventoryInputs, type QuantileForecast, type SalesPanel } from "../engine/types";
import type { TrainedModel } from "../engine/forecast/trained-model";
import { seriesInputAt } from "../engine/forecast/registry";
import { classicalForecaster } from "../engine/forecast/models";
import { newSkuForecast, withNewSku } from "../engine/forecast/cold-start/forecast";
import { suggestRestock, type RestockPlan } from "../engine/restock/restock";
import { lastSaleIndex } from "../engine/ingest/history-end";
import { bandQuantiles, type InventoryRow } from "../office/results";
import { holdoutEvidence, type SkuEvidence } from "../engine/evaluate/sku-profile";

export type InventoryDefaults = Omit<InventoryRow, "sku">;

export type PaneForecast = {
  forecasts: Map<string, QuantileForecast>;
  models: Map<string, string>;
  restock: Map<string, RestockPlan | { error: string }>;
  inventory: InventoryRow[];
  /** Per written SKU: the model's forecast of its held-out window against seasonal naive (the Model sheet's figures). */
  evidence: SkuEvidence[];
};

export function quantilesFor(level: number): number[] {
  const { lower, upper } = bandQuantiles(level);
  return [...new Set([...DEFAULT_QUANTILES, 0.5, lower, upper].map((q) => Math.round(q * 1000) / 1000))].sort((a, b) => a - b);
}

function periodDays(panel: SalesPanel): number {
  return panel.frequency === "daily" ? 1 : panel.frequency === "weekly" ? 7 : 30;
}

/** The restock plan for one SKU's inventory row from a forecast over lead time + review period (pane and what-if). */
export function planRestock(panel: SalesPanel, inv: InventoryRow, forecast: QuantileForecast, history: number[]): RestockPlan {
  return suggestRestock({
    forecast,
    onHand: inv.onHand,
    onOrder: inv.onOrder,
    leadTime: inv.leadTime,
    reviewPeriod: inv.reviewPeriod,
    serviceLevel: inv.serviceLevel,
    moq: inv.moq,
    packSize: inv.packSize,
    periodDays: periodDays(panel),
    history,
    sku: inv.sku,
  });
}

/** Inventory per SKU: values mapped from the data win over the typed defaults. */
export function inventoryRows(panel: SalesPanel, skus: readonly string[], typed: InventoryDefaults, useData: boolean): InventoryRow[] {
  return skus.map((sku) => {
    const fromData: Partial<InventoryInputs> = (useData ? panel.series.find((s) => s.id === sku)?.inventory : undefined) ?? {};
    return {
      sku,
      onHand: fromData.onHand ?? typed.onHand,
      onOrder: fromData.onOrder ?? typed.onOrder,
      leadTime: fromData.leadTime ?? typed.leadTime,
      serviceLevel: fromData.serviceLevel ?? typed.serviceLevel,
      reviewPeriod: fromData.reviewPeriod ?? typed.reviewPeriod,
      moq: fromData.moq ?? typed.moq,
      packSize: fromData.packSize ?? typed.packSize,
    };
  });
}

/**
 * The forecast a restock plan is computed from: exactly what `=TREND.RESTOCK` asks for (lead time + review period
 * periods, the default quantiles, the same model choice), so the Restock sheet's "Suggested order" formula and the
 * "Computed order" written beside it agree. (The classical auto choice depends on the horizon, and the demand
 * sampling on the quantile grid, so the Forecast sheet's longer forecast would not do.)
 */
function restockForecast(model: TrainedModel, panel: SalesPanel, index: number, last: number, steps: number): QuantileForecast {
  const input = seriesInputAt(panel, index, last, steps);
  const pooled = newSkuForecast(panel, index, last, steps, DEFAULT_QUANTILES);
  if (pooled) return withNewSku(pooled, model.accepts(input) ? model.forecast(input, steps, DEFAULT_QUANTILES) : null, "").forecast;
  return model.accepts(input)
    ? model.forecast(input, steps, DEFAULT_QUANTILES)
    : classicalForecaster("classical").fit(input).predict(steps, DEFAULT_QUANTILES);
}

/**
 * One SKU's backtest on the model's held-out window (the last `horizon` periods before the training cutoff, which
 * the network did not train on): the model's forecast from just before it, and seasonal naive's, against the sales.
 */
export function skuEvidence(model: TrainedModel, panel: SalesPanel, index: number, horizon: number): SkuEvidence {
  const s = panel.series[index];
  const cutoff = s.values.length - 1 - horizon;
  const input = seriesInputAt(panel, index, cutoff, horizon);
  const accepted = input.values.length > 0 && model.accepts(input);
  const forecaster = accepted ? model.choiceFor(s.id, input.values) : "classical";
  if (cutoff <= Math.max(0, s.start) || input.values.length === 0) return { sku: s.id, forecaster, wql: null, baselineWql: null, hitRate: null };
  const ours = accepted ? model.forecast(input, horizon, DEFAULT_QUANTILES) : classicalForecaster("classical").fit(input).predict(horizon, DEFAULT_QUANTILES);
  const baseline = classicalForecaster("snaive").fit(input).predict(horizon, DEFAULT_QUANTILES);
  return holdoutEvidence(panel, index, cutoff, ours, baseline, forecaster);
}

/** Forecasts and restock plans for the chosen SKUs; yields to the UI between SKUs. */
export async function forecastPanel(
  model: TrainedModel,
  panel: SalesPanel,
  skus: readonly string[],
  horizon: number,
  level: number,
  inventory: readonly InventoryRow[],
): Promise<PaneForecast> {
  const quantiles = quantilesFor(level);
  const forecasts = new Map<string, QuantileForecast>();
  const models = new Map<string, string>();
  const restock = new Map<string, RestockPlan | { error: string }>();
  const evidence: SkuEvidence[] = [];
  const last = lastSaleIndex(panel);
  const wanted = new Set(skus);
  for (let i = 0; i < panel.series.length; i++) {
    const series = panel.series[i];
    if (!wanted.has(series.id)) continue;
    const inv = inventory.find((r) => r.sku === series.id);
    const steps = Math.max(horizon, inv ? Math.ceil(inv.leadTime + inv.reviewPeriod) : horizon);
    const input = seriesInputAt(panel, i, last, steps);
    let long: QuantileForecast;
    const pooled = newSkuForecast(panel, i, last, steps, quantiles);
    if (pooled) {
      const made = withNewSku(pooled, model.accepts(input) ? model.forecast(input, steps, quantiles) : null, "attention");
      long = made.forecast;
      models.set(series.id, made.name);
    } else if (model.accepts(input)) {
      long = model.forecast(input, steps, quantiles);
      models.set(series.id, long.fallback ?? model.choiceFor(series.id, input.values));
    } else {
      long = classicalForecaster("classical").fit(input).predict(steps, quantiles);
      models.set(series.id, long.fallback ?? "classical (too little history for the trained model)");
    }
    forecasts.set(series.id, { quantiles: long.quantiles, values: long.values.map((row) => row.slice(0, horizon)) });
    evidence.push(skuEvidence(model, panel, i, model.card?.horizon ?? horizon));
    if (inv) {
      try {
        restock.set(
          series.id,
          planRestock(panel, inv, restockForecast(model, panel, i, last, Math.ceil(inv.leadTime + inv.reviewPeriod)), input.values),
        );
      } catch (e) {
        restock.set(series.id, { error: e instanceof Error ? e.message : "Restock inputs are not usable." });
      }
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  return { forecasts, models, restock, inventory: [...inventory], evidence };
}
