/**
 * The Scenario sheet's headers in Simplified Chinese: the same keys as `SCENARIO_SHEET_TEXT`
 * (src/office/scenario-sheet.ts), which TypeScript enforces through `ScenarioSheetText`. The sheet and table names
 * stay as they are in English (as the Forecast and Restock sheets' do), so a sheet written in one language is found
 * and replaced in the other.
 */
import type { ScenarioSheetText } from "../office/scenario-sheet";

export const scenarioSheetTextZhCN: ScenarioSheetText = {
  sheet: "Scenario",
  table: "TrendcastScenario",
  sku: "SKU",
  date: "日期",
  onPromotion: "是否促销",
  priceChange: "价格变动 %",
  baseline: "基准 P50",
  scenario: "情景 P50",
  difference: "差值",
  baselineOrder: "建议订货量（基准）",
  scenarioOrder: "建议订货量（情景）",
};
