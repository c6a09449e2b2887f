import { test } from "node:test";
import assert from "node:assert/strict";
import { bandQuantiles, buildResultSheets, chartRows, forecastRows, periodAfter, type ResultsInput } from "../../src/office/results";
import type { ModelCard } from "../../src/engine/forecast/trained-model";
import type { QuantileForecast, SalesPanel } from "../../src/engine/types";

const Q = [0.1, 0.2, 0.5, 0.8, 0.9];
function fc(base: number, h: number): QuantileForecast {
  return { quantiles: Q, values: Q.map((q) => Array.from({ length: h }, (_x, i) => base + i + q)) };
}
const panel: SalesPanel = {
  layout: "wide",
  frequency: "daily",
  timeline: [20000, 20001, 20002, 20003, 20004],
  covariateNames: [],
  issues: [],
  series: [
    { id: "=EVIL()", values: [1, 2, 3, 4, 5], start: 0, covariates: {} },
    { id: "B", values: [0, 0, 7, 8, 9], start: 2, covariates: {} },
  ],
};
const card = {
  trainedAt: "2026-11-28T21:00:00Z", backend: "wasm", frequency: "daily", seriesCount: 2, periods: 5, firstDate: "2024-10-04",
  lastDate: "2024-10-08", horizon: 3, dataFingerprint: "abc", settings: { dModel: 32 },
  scores: { attention: { wql: 0.1, mase: null, coverage80: 0.8, bias: 0 } },
  perSku: [{ sku: "B", chosen: "attention", wql: 0.1, snaiveWql: 0.2 }], parameters: 10, trainingSeconds: 1,
} satisfies ModelCard;
const input: ResultsInput = {
  panel,
  forecasts: new Map([["=EVIL()", fc(10, 3)], ["B", fc(20, 3)]]),
  level: 0.8,
  chartSkus: ["B"],
  card,
  modelFor: () => "attention",
  inventory: [
    { sku: "=EVIL()", onHand: 5, onOrder: 1, leadTime: 2, serviceLevel: 0.9, reviewPeriod: 1, moq: 0, packSize: 1 },
    { sku: "B", onHand: 0, onOrder: 0, leadTime: 3, serviceLevel: 0.95, reviewPeriod: 1, moq: 10, packSize: 6 },
  ],
  restock: new Map([["B", { order: 12, reorderPoint: 30.123, safetyStock: 4.5, orderUpTo: 40, daysOfCover: 0, stockoutRisk: 0.05, expectedDemand: 35, reason: "ok" }]]),
};

test("periodAfter steps days, weeks and calendar months (clamped to month end)", () => {
  assert.equal(periodAfter(20000, 3, "daily"), 20003);
  assert.equal(periodAfter(20000, 2, "weekly"), 20014);
  const jan31 = Date.UTC(2025, 0, 31) / 86_400_000;
  assert.equal(periodAfter(jan31, 1, "monthly"), Date.UTC(2025, 1, 28) / 86_400_000);
  assert.equal(periodAfter(jan31, 2, "monthly"), Date.UTC(2025, 2, 31) / 86_400_000);
});

test("bandQuantiles maps a level to its central band", () => {
  assert.deepEqual(bandQuantiles(0.8), { lower: 0.1, upper: 0.9 });
  assert.deepEqual(bandQuantiles(0.9), { lower: 0.05, upper: 0.95 });
});

test("forecastRows: one row per SKU and step with Excel serial dates and P50/lower/upper first", () => {
  const { rows, formats } = forecastRows(input);
  assert.deepEqual(rows[0], ["SKU", "Date", "P50", "Lower (P10)", "Upper (P90)", "P20", "P80", "Model"]);
  assert.equal(rows.length, 1 + 2 * 3);
  assert.deepEqual(rows[1], ["=EVIL()", 20005 + 25569, 10.5, 10.1, 10.9, 10.2, 10.8, "attention"]);
  assert.deepEqual(rows[6], ["B", 20007 + 25569, 22.5, 22.1, 22.9, 22.2, 22.8, "attention"]);
  assert.equal(formats[1], "yyyy-mm-dd");
});

test("chartRows: history then forecast, joined at the last actual", () => {
  const rows = chartRows(input, "B");
  assert.deepEqual(rows[0], ["Date", "B history", "Forecast (P50)", "Lower (P10)", "Upper (P90)"]);
  assert.deepEqual(rows.slice(1).map((r) => r[1]), [7, 8, 9, null, null, null], "history from the SKU's first sale");
  assert.deepEqual(rows[3], [20004 + 25569, 9, 9, 9, 9]);
  assert.deepEqual(rows[4], [20005 + 25569, null, 20.5, 20.1, 20.9]);
});

test("buildResultSheets: Forecast table + chart, Restock formulas follow the inputs, Model card", () => {
  const [forecast, restock, model] = buildResultSheets(input);
  assert.equal(forecast.name, "Forecast");
  assert.equal(forecast.table, "TrendcastForecast");
  assert.equal(forecast.charts?.length, 1);
  assert.equal(forecast.charts?.[0].data, "J1:N7");
  assert.equal(restock.tableBlock, 1);
  const table = restock.blocks[1].rows;
  const history = restock.blocks[0].rows;
  assert.equal(restock.blocks[0].column, 17);
  assert.deepEqual(history.map((r) => r[0]), ["=EVIL() date", ...[20000, 20001, 20002, 20003, 20004].map((d) => d + 25569)]);
  assert.deepEqual(history.map((r) => r[1]), ["=EVIL() history", 1, 2, 3, 4, 5]);
  assert.deepEqual(history.map((r) => r[2]), ["B date", 20002 + 25569, 20003 + 25569, 20004 + 25569, null, null]);
  assert.deepEqual(history.map((r) => r[3]), ["B history", 7, 8, 9, null, null]);
  assert.deepEqual(restock.blocks[0].columnFormats, ["yyyy-mm-dd", null, "yyyy-mm-dd", null]);
  assert.deepEqual(table[1].slice(0, 8), ["=EVIL()", 5, 1, 2, 0.9, 1, 0, 1]);
  assert.deepEqual(table[1][8], { formula: "=TREND.RESTOCK(S$2:S$6,B2,D2,E2,C2,F2,G2,H2,FALSE,,R$2:R$6)" });
  assert.deepEqual(table[2][8], { formula: "=TREND.RESTOCK(U$2:U$4,B3,D3,E3,C3,F3,G3,H3,FALSE,,T$2:T$4)" });
  assert.deepEqual(table[2].slice(9, 15), [12, 30.12, 4.5, 40, 0, 0.05]);
  assert.equal(table[1][9], null, "no computed value where no plan was made");
  const rows = model.blocks[0].rows;
  assert.deepEqual(rows[1], ["Trained at", "2026-11-28T21:00:00Z"]);
  assert.ok(rows.some((r) => r[0] === "attention" && r[1] === 0.1 && r[2] === "n/a"));
  assert.ok(rows.some((r) => r[0] === "B" && r[1] === "attention" && r[3] === 0.2));
});
