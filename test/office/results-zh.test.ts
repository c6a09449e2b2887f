// Sheet headers follow the pane's language: Forecast, chart and Restock headers in Chinese when the pane is in
// Chinese; the formulas and numbers are the same in both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildResultSheets, type ResultsInput } from "../../src/office/results";
import { setLocale } from "../../src/i18n";
import type { QuantileForecast, SalesPanel } from "../../src/engine/types";
import type { ModelCard } from "../../src/engine/forecast/trained-model";

const Q = [0.1, 0.5, 0.9];
const fc: QuantileForecast = { quantiles: Q, values: Q.map((q) => [1 + q, 2 + q]) };
const panel: SalesPanel = {
  layout: "wide", frequency: "daily", timeline: [20000, 20001, 20002], covariateNames: [], issues: [],
  series: [{ id: "雨伞", values: [1, 2, 3], start: 0, covariates: {} }],
};
const card = {
  trainedAt: "2026-11-28T21:00:00Z", backend: "wasm", frequency: "daily", seriesCount: 1, periods: 3, firstDate: "2024-10-04",
  lastDate: "2024-10-06", horizon: 2, dataFingerprint: "abc", settings: {}, scores: {}, perSku: [], parameters: 1, trainingSeconds: 1,
} satisfies ModelCard;
const input: ResultsInput = {
  panel, forecasts: new Map([["雨伞", fc]]), level: 0.8, chartSkus: ["雨伞"], card, modelFor: () => "attention",
  inventory: [{ sku: "雨伞", onHand: 5, onOrder: 0, leadTime: 2, serviceLevel: 0.95, reviewPeriod: 1, moq: 0, packSize: 1 }],
  restock: new Map(),
};

function headers(): { forecast: unknown[]; restock: unknown[]; formula: unknown } {
  const [forecast, restock] = buildResultSheets(input);
  const table = restock!.blocks[restock!.tableBlock ?? 0]!;
  const main = forecast!.blocks.find((b) => b.rows[0]?.[2] === "P50")!;
  return { forecast: main.rows[0]!, restock: table.rows[0]!, formula: table.rows[1]![8] };
}

test("Forecast and Restock headers in Chinese when the pane is in Chinese, English otherwise; formulas unchanged", () => {
  try {
    const en = headers();
    setLocale("zh-CN");
    const zh = headers();
    assert.deepEqual(zh.forecast.slice(0, 5), ["SKU", "日期", "P50", "下限（P10）", "上限（P90）"]);
    assert.equal(zh.forecast.at(-1), "模型");
    assert.deepEqual(zh.restock.slice(0, 3), ["SKU", "现有库存", "在途订单"]);
    assert.ok(zh.restock.includes("建议订货量") && zh.restock.includes("缺货风险"));
    assert.equal(zh.restock.length, en.restock.length);
    assert.deepEqual(zh.formula, en.formula);
    assert.ok(en.restock.includes("Suggested order"));
  } finally {
    setLocale("en");
  }
});
