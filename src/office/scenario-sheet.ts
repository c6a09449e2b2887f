/**
 * The `Scenario` sheet: one row per SKU and future period with the forecast (P50) without and with the planned
 * promotion / price change, the difference, and the suggested order without and with it. Written through
 * write.ts's staged, all-or-nothing writer, which marks it as Trendcast's (only a marked Scenario sheet is ever
 * replaced).
 */
import type { OutCell, SheetSpec } from "./write";
import { getLocale, type Locale } from "../i18n";
import { scenarioSheetTextZhCN } from "../i18n/scenario-sheet.zh-CN";

export const EXCEL_EPOCH_OFFSET = 25569;

/** Headers and notes in English; src/i18n/scenario-sheet.zh-CN.ts has the Chinese ones (same keys). */
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

/** The shape of every language's Scenario sheet words. */
export type ScenarioSheetText = { readonly [K in keyof typeof SCENARIO_SHEET_TEXT]: string };

/** The Scenario sheet's words for a locale. */
export function scenarioSheetText(locale: Locale): ScenarioSheetText {
  return locale === "zh-CN" ? scenarioSheetTextZhCN : SCENARIO_SHEET_TEXT;
}

export type ScenarioSheetSku = {
  sku: string;
  days: { date: number; promo: number; baseline: number; scenario: number }[];
  baselineOrder: number | null;
  scenarioOrder: number | null;
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The sheet's spec: a table starting at A1, dates as Excel dates, headers in the pane's language. */
export function buildScenarioSheet(results: readonly ScenarioSheetSku[], priceChangePct: number, locale: Locale = getLocale()): SheetSpec {
  const t = scenarioSheetText(locale);
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
