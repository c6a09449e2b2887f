/**
 * The pane's what-if: the chosen SKUs forecast with and without a planned promotion (and a price change, where the
 * data has prices), by the same model the Forecast sheet uses, and the suggested order under both. The engine does
 * the work (forecast/scenario.ts, forecast/price.ts); this module turns pane inputs into a plan and results into
 * rows for the pane's table and the Scenario sheet.
 */
import { DEFAULT_QUANTILES, type QuantileForecast, type SalesPanel, type SeriesInput } from "../engine/types";
import type { TrainedModel } from "../engine/forecast/trained-model";
import { classicalForecaster } from "../engine/forecast/models";
import { estimateElasticity } from "../engine/forecast/price";
import { medianRow, runScenario, type ScenarioPlan, type SeriesForecaster } from "../engine/forecast/scenario";
import { planRestock } from "./forecasting";
import { periodAfter, type InventoryRow } from "../office/results";

export type ScenarioRequest = {
  skus: readonly string[];
  horizon: number;
  /** SKUs the date range puts on promotion (others keep the data's own plan). */
  promoSkus: readonly string[];
  /** Epoch days of the first and last promoted period (inclusive); null: no promotion from the pane's dates. */
  promoFrom: number | null;
  promoTo: number | null;
  /** Promotion flags per SKU and epoch day taken from a sheet (override the dates above for those SKUs). */
  sheetPlan?: Record<string, Record<number, number>>;
  priceChangePct: number;
  inventory: readonly InventoryRow[];
};

export type ScenarioDay = { date: number; promo: number; baseline: number; scenario: number };
export type ScenarioSku = {
  sku: string;
  days: ScenarioDay[];
  baselineTotal: number;
  scenarioTotal: number;
  baselineOrder: number | null;
  scenarioOrder: number | null;
  priceFactor: number;
  elasticity: number | null;
};

function forecaster(model: TrainedModel | null): SeriesForecaster {
  const classical = classicalForecaster("classical");
  return (input: SeriesInput, h: number, q: readonly number[]): QuantileForecast =>
    model && model.accepts(input) ? model.forecast(input, h, q) : classical.fit(input).predict(h, q);
}

/** Flags per future step for each SKU: the sheet's plan where it has the SKU, else the pane's date range. */
export function promoSteps(panel: SalesPanel, request: ScenarioRequest, steps: number): Record<string, number[]> {
  const last = panel.timeline[panel.timeline.length - 1];
  const dates = Array.from({ length: steps }, (_, h) => periodAfter(last, h + 1, panel.frequency));
  const out: Record<string, number[]> = {};
  for (const sku of request.skus) {
    const fromSheet = request.sheetPlan?.[sku];
    if (fromSheet) out[sku] = dates.map((d) => (fromSheet[d] === 1 ? 1 : 0));
    else if (request.promoSkus.includes(sku) && request.promoFrom !== null && request.promoTo !== null) {
      const lo = request.promoFrom;
      const hi = request.promoTo;
      out[sku] = dates.map((d) => (d >= lo && d <= hi ? 1 : 0));
    }
  }
  return out;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Baseline and scenario per SKU; yields to the UI between SKUs. */
export async function runPaneScenario(model: TrainedModel | null, panel: SalesPanel, request: ScenarioRequest): Promise<ScenarioSku[]> {
  const fit = forecaster(model);
  const elasticity = request.priceChangePct !== 0 ? estimateElasticity(panel) : null;
  const plan: ScenarioPlan = { promo: promoSteps(panel, request, request.horizon), priceChangePct: { "*": request.priceChangePct } };
  const main = await runScenario(fit, panel, request.skus, { horizon: request.horizon, quantiles: [0.5], plan, elasticity });
  const last = panel.timeline[panel.timeline.length - 1];
  const out: ScenarioSku[] = [];
  for (const r of main) {
    const base = medianRow(r.baseline);
    const scen = medianRow(r.scenario);
    const flags = plan.promo?.[r.sku] ?? [];
    const inv = request.inventory.find((x) => x.sku === r.sku);
    const orders = inv ? await scenarioOrders(fit, panel, request, inv, elasticity) : null;
    out.push({
      sku: r.sku,
      days: base.map((b, h) => ({ date: periodAfter(last, h + 1, panel.frequency), promo: flags[h] ?? 0, baseline: b, scenario: scen[h] })),
      baselineTotal: sum(base),
      scenarioTotal: sum(scen),
      baselineOrder: orders?.[0] ?? null,
      scenarioOrder: orders?.[1] ?? null,
      priceFactor: r.priceFactor,
      elasticity: elasticity ? (elasticity.perSku[r.sku] ?? elasticity.pooled) : null,
    });
  }
  return out;
}

/** Suggested orders without and with the plan, from forecasts over lead time + review period (as TREND.RESTOCK). */
async function scenarioOrders(
  fit: SeriesForecaster,
  panel: SalesPanel,
  request: ScenarioRequest,
  inv: InventoryRow,
  elasticity: ReturnType<typeof estimateElasticity>,
): Promise<[number, number]> {
  const steps = Math.max(1, Math.ceil(inv.leadTime + inv.reviewPeriod));
  const plan: ScenarioPlan = { promo: promoSteps(panel, { ...request, skus: [inv.sku] }, steps), priceChangePct: { "*": request.priceChangePct } };
  const [r] = await runScenario(fit, panel, [inv.sku], { horizon: steps, quantiles: DEFAULT_QUANTILES, plan, elasticity });
  const series = panel.series.find((s) => s.id === inv.sku);
  const history = series ? series.values.slice(Math.max(0, series.start)) : [];
  const order = (forecast: QuantileForecast) => planRestock(panel, inv, forecast, history).order;
  return [order(r.baseline), order(r.scenario)];
}

/** A promotion plan read from a sheet (dates down, one 0/1 column per SKU): SKU -> epoch day -> flag. */
export function planFromPanel(plan: SalesPanel): Record<string, Record<number, number>> {
  const out: Record<string, Record<number, number>> = {};
  for (const s of plan.series) {
    const byDay: Record<number, number> = {};
    s.values.forEach((v, i) => (byDay[plan.timeline[i]] = v >= 0.5 ? 1 : 0));
    out[s.id] = byDay;
  }
  return out;
}
