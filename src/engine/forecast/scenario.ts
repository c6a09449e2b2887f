/**
 * What-if scenarios: the same panel forecast twice, once as it stands (baseline) and once with the future rows of
 * its known covariates overridden by a plan (promotion flags per SKU and future period) and, where the data has a
 * price column, a price change in %. Nothing is retrained: both forecasts come from the same model, so the
 * difference is the plan's effect as that model sees it. A price change multiplies the scenario's quantiles by
 * (1 + change)^elasticity (forecast/price.ts).
 */
import { TrendcastError, type QuantileForecast, type SalesPanel, type SeriesInput } from "../types";
import { seriesInputAt } from "./panel-model";
import { priceFactor, type Elasticity } from "./price";

/** Forecasts one series (the trained model, a classical forecaster, ...). */
export type SeriesForecaster = (input: SeriesInput, horizon: number, quantiles: readonly number[]) => QuantileForecast;

export type ScenarioPlan = {
  /** Promotion flags (0/1) per SKU id for future steps 0..; missing steps and SKUs keep the data's own plan. */
  promo?: Record<string, readonly number[]>;
  /** Price change in percent for every future period (e.g. -10), per SKU id or "*" for all. */
  priceChangePct?: Record<string, number>;
};

export type ScenarioResult = {
  sku: string;
  baseline: QuantileForecast;
  scenario: QuantileForecast;
  /** Demand multiplier from the price change (1 when none). */
  priceFactor: number;
};

/** Messages for people (one object, so the string catalogue can take them over). */
export const SCENARIO_TEXT = {
  noPromoHistory:
    "The data has no promotion column, so the effect of a promotion cannot be learned from it. Add a 0/1 promotion column (past promotions and planned ones) to the sales data.",
  noPrice: "The data has no price column, so a price change cannot be priced in. Add a price column (past and planned prices) to the sales data.",
  badFlag: "The promotion plan for {sku} has {value} at future period {step}; use 1 for on promotion and 0 (or blank) for not.",
} as const;

export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** A copy of the panel whose `promo` covariate holds the plan after `last` (the history is shared, not copied). */
export function withPromoPlan(panel: SalesPanel, last: number, horizon: number, promo: Record<string, readonly number[]>): SalesPanel {
  if (!panel.covariateNames.includes("promo")) throw new TrendcastError(SCENARIO_TEXT.noPromoHistory, "no-promo-history");
  const series = panel.series.map((s) => {
    const plan = promo[s.id];
    if (!plan) return s;
    const own = s.covariates.promo ?? [];
    const flags = own.slice(0, Math.max(own.length, last + 1 + horizon));
    for (let t = own.length; t < flags.length; t++) flags[t] = 0;
    plan.forEach((v, h) => {
      if (h >= horizon) return;
      if (v !== 0 && v !== 1) throw new TrendcastError(fillText(SCENARIO_TEXT.badFlag, { sku: s.id, value: v, step: h + 1 }), "bad-promo-plan", { sku: s.id });
      flags[last + 1 + h] = v;
    });
    return { ...s, covariates: { ...s.covariates, promo: flags } };
  });
  return { ...panel, series };
}

function scaled(fc: QuantileForecast, factor: number): QuantileForecast {
  if (factor === 1) return fc;
  return { quantiles: fc.quantiles, values: fc.values.map((row) => row.map((v) => v * factor)) };
}

/** Price multiplier of one SKU under the plan (1 without a price change). */
export function planPriceFactor(plan: ScenarioPlan, sku: string, elasticity: Elasticity | null): number {
  const change = plan.priceChangePct?.[sku] ?? plan.priceChangePct?.["*"];
  if (change === undefined || change === 0) return 1;
  if (!elasticity) throw new TrendcastError(SCENARIO_TEXT.noPrice, "no-price");
  return priceFactor(elasticity.perSku[sku] ?? elasticity.pooled, change);
}

/**
 * Baseline and scenario forecasts of the chosen SKUs from period `last` (default: the last of the timeline), for
 * `horizon` steps; yields to the event loop between SKUs.
 */
export async function runScenario(
  forecast: SeriesForecaster,
  panel: SalesPanel,
  skus: readonly string[],
  options: { horizon: number; quantiles: readonly number[]; plan: ScenarioPlan; elasticity?: Elasticity | null; last?: number },
): Promise<ScenarioResult[]> {
  const last = options.last ?? panel.timeline.length - 1;
  const { horizon, quantiles, plan } = options;
  const planned = plan.promo && Object.keys(plan.promo).length > 0 ? withPromoPlan(panel, last, horizon, plan.promo) : panel;
  const out: ScenarioResult[] = [];
  for (const sku of skus) {
    const i = panel.series.findIndex((s) => s.id === sku);
    if (i < 0) continue;
    const factor = planPriceFactor(plan, sku, options.elasticity ?? null);
    const baseline = forecast(seriesInputAt(panel, i, last, horizon), horizon, quantiles);
    const promoChanged = planned !== panel && planned.series[i] !== panel.series[i];
    const raw = promoChanged ? forecast(seriesInputAt(planned, i, last, horizon), horizon, quantiles) : baseline;
    out.push({ sku, baseline, scenario: scaled(raw, factor), priceFactor: factor });
    await new Promise((r) => setTimeout(r, 0));
  }
  return out;
}

/** The P50 row of a forecast (or the nearest level to it). */
export function medianRow(fc: QuantileForecast): number[] {
  let k = 0;
  fc.quantiles.forEach((q, i) => {
    if (Math.abs(q - 0.5) < Math.abs(fc.quantiles[k] - 0.5)) k = i;
  });
  return fc.values[k];
}
