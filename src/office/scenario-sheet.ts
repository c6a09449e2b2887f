/**
 * The `Scenario` sheet: one row per SKU and future period with the forecast (P50) without and with the planned
 * promotion / price change, the difference, and the suggested order without and with it. Written through
 * write.ts's staged, all-or-nothing writer, which marks it as Trendcast's (only a marked Scenario sheet is ever
 * replaced).
 */
import type { OutCell, SheetSpec } from "./write";

export const EXCEL_EPOCH_OFFSET = 25569;

/** Headers and notes, one object so the string catalogue can take them over. */
export const SCENARIO_SHEET_TEXT = {
  sheet: "Scenario",
  table: "TrendcastScenario",
  sku: "SKU",
  date: "Date",
  onPromotion: "On promotion",
  priceChange: "Price change %",
  baseline: "Baseline P50",
  scenario: "Scenario P50",
  difference: "Difference",
  baselineOrder: "Suggested order (baseline)",
  scenarioOrder: "Suggested order (scenario)",
} as const;

export type ScenarioSheetSku = {
  sku: string;
  days: { date: number; promo: number; baseline: number; scenario: number }[];
  baselineOrder: number | null;
  scenarioOrder: number | null;
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The sheet's spec: a table starting at A1, dates as Excel dates. */
export function buildScenarioSheet(results: readonly ScenarioSheetSku[], priceChangePct: number): SheetSpec {
  const t = SCENARIO_SHEET_TEXT;
  const rows: OutCell[][] = [[t.sku, t.date, t.onPromotion, t.priceChange, t.baseline, t.scenario, t.difference, t.baselineOrder, t.scenarioOrder]];
  for (const r of results) {
    for (const d of r.days) {
      rows.push([
        r.sku,
        d.date + EXCEL_EPOCH_OFFSET,
        d.promo,
        priceChangePct,
        round(d.baseline),
        round(d.scenario),
        round(d.scenario - d.baseline),
        r.baselineOrder,
        r.scenarioOrder,
      ]);
    }
  }
  return {
    name: t.sheet,
    blocks: [{ row: 0, column: 0, rows, columnFormats: [null, "yyyy-mm-dd", "0", "0.0", "0.00", "0.00", "+0.00;-0.00;0.00", "0", "0"] }],
    table: t.table,
  };
}
