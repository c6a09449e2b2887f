// The pane's Model and Scenario sheets follow the pane's language: Chinese headings and sentences when the pane is
// in Chinese, and the very same numbers, number-format slots and layout as the English build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cardSummary, modelSheetSpec, paneModelReport } from "../../src/office/model-sheet";
import { buildScenarioSheet } from "../../src/office/scenario-sheet";
import { setLocale } from "../../src/i18n";
import type { SalesPanel } from "../../src/engine/types";
import type { ModelCard } from "../../src/engine/forecast/trained-model";
import type { SheetSpec } from "../../src/office/write";

const DAY0 = Date.UTC(2024, 0, 1) / 86_400_000;
const timeline = Array.from({ length: 70 }, (_, t) => DAY0 + t);
const promo = timeline.map((_, t) => (t % 10 === 0 ? 1 : 0));
const panel: SalesPanel = {
  layout: "long", frequency: "daily", timeline, covariateNames: ["promo"],
  issues: [{ severity: "warning", code: "duplicate-date", row: 7, sheet: "Sales", found: "two rows for one day", action: "added them" }],
  series: [
    { id: "雨伞", values: timeline.map((_, t) => 10 + (t % 7 === 5 ? 8 : 0) + 5 * promo[t]!), start: 0, covariates: { promo } },
    { id: "B2", values: timeline.map(() => 4), start: 0, covariates: { promo } },
  ],
};
const card = {
  trainedAt: "2026-11-28T21:00:00Z", backend: "wasm", frequency: "daily", seriesCount: 2, periods: 70, firstDate: "2024-01-01",
  lastDate: "2024-03-10", horizon: 14, dataFingerprint: "abc", settings: { dModel: 32 }, parameters: 1234, trainingSeconds: 12.3,
  scores: { auto: { wql: 0.3, mase: 0.8, coverage80: 0.78, bias: 0.01 }, snaive: { wql: 0.5, mase: 1, coverage80: 0.6, bias: -0.02 } },
  perSku: [{ sku: "雨伞", chosen: "blend:ets+croston", wql: 0.2, snaiveWql: 0.4 }, { sku: "B2", chosen: "snaive", wql: 0.5, snaiveWql: 0.4 }],
} satisfies ModelCard;

const cells = (spec: SheetSpec) => spec.blocks.flatMap((b) => b.rows.flat());
const texts = (spec: SheetSpec) => cells(spec).filter((c): c is string => typeof c === "string");
const numbers = (spec: SheetSpec) => cells(spec).map((c) => (typeof c === "number" ? c : null));
const layout = (spec: SheetSpec) => spec.blocks.map((b) => ({ row: b.row, rows: b.rows.map((r) => r.length), formats: b.columnFormats?.length, bold: b.boldRows }));
const han = /[\u4e00-\u9fff]/;

test("Model sheet in Chinese when the pane is in Chinese: Chinese headings, the English build's numbers and layout", () => {
  try {
    const en = modelSheetSpec(paneModelReport(card, panel));
    setLocale("zh-CN");
    const zh = modelSheetSpec(paneModelReport(card, panel));
    assert.equal(zh.name, "Model", "the sheet keeps its name, as Forecast and Restock do");
    assert.equal(en.blocks[0]!.rows[0]![0], "Trendcast model: what it learned and how far to trust it");
    assert.equal(zh.blocks[0]!.rows[0]![0], "Trendcast 模型：学到了什么，可以信赖到什么程度");
    for (const heading of ["摘要", "各 SKU", "信任等级", "技术设置", "发现的数据问题", "第 7 行", "警告", "周六", "注意力网络与 ETS + Croston 混合"]) {
      assert.ok(texts(zh).some((s) => s.includes(heading)), heading);
    }
    assert.ok(!texts(en).some((s) => han.test(s) && s !== "雨伞"), "the English build has no Chinese words");
    assert.deepEqual(numbers(zh), numbers(en), "same numbers in the same cells");
    assert.deepEqual(layout(zh), layout(en));
    assert.deepEqual(zh.columnWidths, en.columnWidths);
    const table = zh.blocks.find((b) => b.rows[0]?.[0] === "SKU" && b.rows[0]?.[7] === "信任等级")!;
    assert.equal(table.columnFormats?.[2], '"低 "0%;"高 "0%;"持平"');
    assert.deepEqual(table.rows.slice(1).map((r) => r[7]), ["B", "C"], "grades are the same letters (B: no band hit rate without the pane's evidence)");
    assert.equal(cardSummary(card).length, cardSummary(card, "en").length);
    assert.ok(cardSummary(card).every((s) => han.test(s)), "the pane's summary in Chinese too");
    assert.ok(paneModelReport(card, panel).summary.every((s) => han.test(s)));
    assert.ok(paneModelReport(card, panel, undefined, undefined, "en").summary.every((s) => !han.test(s)), "an explicit locale wins");
  } finally {
    setLocale("en");
  }
});

test("Scenario sheet headers in Chinese when the pane is in Chinese; names, numbers and formats unchanged", () => {
  const results = [{ sku: "雨伞", days: [{ date: DAY0 + 70, promo: 1, baseline: 10.123, scenario: 14.5 }], baselineOrder: 20, scenarioOrder: 30 }];
  try {
    const en = buildScenarioSheet(results, -10);
    setLocale("zh-CN");
    const zh = buildScenarioSheet(results, -10);
    assert.deepEqual(zh.blocks[0]!.rows[0], ["SKU", "日期", "是否促销", "价格变动 %", "基准 P50", "情景 P50", "差值", "建议订货量（基准）", "建议订货量（情景）"]);
    assert.equal(en.blocks[0]!.rows[0]![4], "Baseline P50");
    assert.deepEqual(zh.blocks[0]!.rows.slice(1), en.blocks[0]!.rows.slice(1));
    assert.deepEqual(zh.blocks[0]!.columnFormats, en.blocks[0]!.columnFormats);
    assert.equal(zh.name, en.name);
    assert.equal(zh.table, en.table);
  } finally {
    setLocale("en");
  }
});

test("Model sheet's data problems in Chinese: what was found and what Trendcast did, from the issue's params", () => {
  const withParams: SalesPanel = {
    ...panel,
    issues: [
      ...panel.issues,
      {
        severity: "info", code: "formula-text", cell: "B1", sheet: "Sales", params: { cell: "B1", text: '"=SUM(A1:A3)"' },
        found: 'heading B1 is the formula text "=SUM(A1:A3)"', action: "used as text, as written (never evaluated)",
      },
    ],
  };
  const rowOf = (spec: SheetSpec) => spec.blocks.flatMap((b) => b.rows).find((r) => r[1] === "Sales!B1")!;
  try {
    assert.deepEqual(rowOf(modelSheetSpec(paneModelReport(card, withParams))).slice(2), ['heading B1 is the formula text "=SUM(A1:A3)"', "used as text, as written (never evaluated)"]);
    setLocale("zh-CN");
    const zh = modelSheetSpec(paneModelReport(card, withParams));
    assert.deepEqual(rowOf(zh).slice(2), ['标题 B1 是公式文本 "=SUM(A1:A3)"', "按原样作为文本使用（不计算）"]);
    assert.ok(texts(zh).includes("two rows for one day"), "an issue without params keeps its English text");
  } finally {
    setLocale("en");
  }
});
