// Issue 10 §3: with promotion-plan rows after the last sale, every writer starts the forecast the period after the
// last sale (20 sales days + 7 plan days used to start the Forecast table 7 days late while the chart was right).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ingestGrid } from "../../src/engine/ingest/ingest";
import { epochDayToIso, isoToEpochDay } from "../../src/engine/ingest/dates";
import { forecastDates, lastSaleDay, lastSaleIndex } from "../../src/engine/ingest/history-end";
import { chartRows, forecastRows, EXCEL_EPOCH_OFFSET, type ResultsInput } from "../../src/office/results";
import type { CellValue, QuantileForecast, SalesPanel } from "../../src/engine/types";

const FIRST = isoToEpochDay("2024-03-01");

/** 20 days of sales for two SKUs, then 7 days of promotion plans with no sales yet. */
function salesWithPlans(): CellValue[][] {
  const rows: CellValue[][] = [["sku", "date", "qty", "promo"]];
  for (const sku of ["A", "B"]) {
    for (let t = 0; t < 27; t++) rows.push([sku, epochDayToIso(FIRST + t), t < 20 ? 10 + (t % 7) : null, t % 5 === 0 ? 1 : 0]);
  }
  return rows;
}

test("a panel with plan rows ends its history at the last sale; forecasts start the day after", () => {
  const panel = ingestGrid({ values: salesWithPlans(), sheet: "Sales" });
  assert.equal(panel.timeline.length, 27, "the plan days stay on the timeline (they carry the promotion plan)");
  assert.equal(panel.lastSale, 19);
  assert.equal(lastSaleIndex(panel), 19);
  assert.equal(epochDayToIso(lastSaleDay(panel)), "2024-03-20");
  assert.deepEqual(forecastDates(panel, 3).map(epochDayToIso), ["2024-03-21", "2024-03-22", "2024-03-23"]);
  for (const s of panel.series) assert.equal(s.covariates.promo!.length, 27, "the plan is kept as known future covariates");
});

test("a panel built without lastSale ends its history with the longest series", () => {
  const panel: SalesPanel = {
    layout: "long", frequency: "weekly", timeline: [0, 7, 14, 21, 28], covariateNames: ["promo"], issues: [],
    series: [{ id: "A", values: [1, 2, 3], start: 0, covariates: { promo: [0, 0, 0, 1, 1] } }],
  };
  assert.equal(lastSaleIndex(panel), 2);
  assert.deepEqual(forecastDates(panel, 2), [21, 28]);
});

test("the Forecast table and the chart both start the day after the last sale when plan rows follow it", () => {
  const panel = ingestGrid({ values: salesWithPlans(), sheet: "Sales" });
  const Q = [0.1, 0.5, 0.9];
  const fc: QuantileForecast = { quantiles: Q, values: Q.map((q) => [q, q + 1, q + 2]) };
  const input: ResultsInput = {
    panel,
    forecasts: new Map([["A", fc], ["B", fc]]),
    level: 0.8,
    chartSkus: ["A"],
    card: undefined as never,
    modelFor: () => "attention",
    inventory: [],
    restock: new Map(),
  };
  const table = forecastRows(input).rows;
  const expected = isoToEpochDay("2024-03-21") + EXCEL_EPOCH_OFFSET;
  assert.equal(table[1]![1], expected, "Forecast table: first date");
  const chart = chartRows(input, "A");
  const firstForecast = chart.find((r) => r[1] === null && r[2] !== null)!;
  assert.equal(firstForecast[0], expected, "chart: first forecast date");
  const lastHistory = chart.filter((r) => typeof r[1] === "number").pop()!;
  assert.equal(lastHistory[0], isoToEpochDay("2024-03-20") + EXCEL_EPOCH_OFFSET, "chart: last history date is the last sale");
});

test("a view that cuts the values off ends its history with them, even with lastSale copied along", () => {
  const panel = ingestGrid({ values: salesWithPlans(), sheet: "Sales" });
  const view: SalesPanel = { ...panel, series: panel.series.map((s) => ({ ...s, values: s.values.slice(0, 10) })) };
  assert.equal(lastSaleIndex(view), 9);
  assert.equal(epochDayToIso(forecastDates(view, 1)[0]!), "2024-03-11");
});
