// Chinese headers (日期, 销量, 商品, 促销, 库存...) are read like their English counterparts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ingestGrid } from "../../src/engine/ingest/ingest";
import { parseCsv } from "../../src/engine/ingest/csv";
import { isDateHeader, normalizeHeader } from "../../src/engine/ingest/headers";
import { assertSound, dates } from "./ingest-helpers";

test("long layout with Chinese headers: 商品, 日期, 销量, 促销, 节假日, 价格, 库存, 在途, 交货期", () => {
  const panel = ingestGrid({
    values: [
      ["商品", "日期", "销量", "促销", "节假日", "价格", "库存", "在途", "交货期（天）"],
      ["P-1", "2024-01-01", 1, "否", 1, 2.5, 50, 10, 7],
      ["P-1", "2024-01-02", 2, "否", 0, 2.4, 45, 0, 7],
      ["P-1", "2024-01-03", 3, "是", 0, 2.5, 40, 0, 7],
      ["P-2", "2024-01-02", 8, "", 0, "", 12, 0, 14],
      ["P-2", "2024-01-03", 9, "是", 0, 3, 5, 20, 14],
    ],
  });
  assertSound(panel);
  assert.equal(panel.layout, "long");
  assert.deepEqual(dates(panel), ["2024-01-01", "2024-01-02", "2024-01-03"]);
  assert.deepEqual(panel.covariateNames, ["promo", "holiday", "price"]);
  const [p1, p2] = panel.series;
  assert.equal(p1!.id, "P-1");
  assert.deepEqual(p1!.values, [1, 2, 3]);
  assert.deepEqual(p1!.covariates, { promo: [0, 0, 1], holiday: [1, 0, 0], price: [2.5, 2.4, 2.5] });
  assert.deepEqual(p1!.inventory, { onHand: 40, onOrder: 0, leadTime: 7 });
  assert.deepEqual(p2!.values, [0, 8, 9]);
  assert.deepEqual(p2!.inventory, { onHand: 5, onOrder: 20, leadTime: 14 });
});

test("other Chinese words: 商品编码 / 销售日期 / 销售数量 / 是否促销 / 现有库存, from a CSV", () => {
  const csv = [
    "商品编码,销售日期,销售数量,是否促销,现有库存",
    "A01,2024-03-01,5,0,30",
    "A01,2024-03-02,7,1,25",
    "B02,2024-03-01,2,0,9",
    "B02,2024-03-02,0,0,9",
  ].join("\n");
  const panel = ingestGrid({ values: parseCsv(csv) });
  assertSound(panel);
  assert.equal(panel.layout, "long");
  assert.deepEqual(panel.series.map((s) => s.id), ["A01", "B02"]);
  assert.deepEqual(panel.series[0]!.values, [5, 7]);
  assert.deepEqual(panel.series[0]!.covariates.promo, [0, 1]);
  assert.deepEqual(panel.series[0]!.inventory, { onHand: 25 });
});

test("wide layout: 日期 plus one column per SKU named in Chinese keeps each SKU apart", () => {
  const panel = ingestGrid({
    values: [
      ["日期", "牛奶", "面包", "合计"],
      ["2024-01-01", 3, 4, 7],
      ["2024-01-02", 5, 6, 11],
      ["2024-01-03", 4, 2, 6],
    ],
  });
  assertSound(panel);
  assert.equal(panel.layout, "wide");
  assert.deepEqual(panel.series.map((s) => s.id), ["牛奶", "面包"]);
  assert.deepEqual(panel.series[1]!.values, [4, 6, 2]);
  assert.ok(panel.issues.some((i) => i.code === "total-column"), "合计 is a total, not a SKU");
});

test("Chinese header words: dates and week / month period columns", () => {
  for (const h of ["日期", "销售日期", "时间", "周", "月份", "年月"]) assert.ok(isDateHeader(h), h);
  for (const h of ["交货期", "库存", "销量", "商品"]) assert.ok(!isDateHeader(h), h);
  assert.equal(normalizeHeader("销量（件）"), "销量 件");
  const panel = ingestGrid({ values: [["商品", "日期", "销量（件）"], ["X", "2024-01-01", 2], ["X", "2024-01-02", 3]] });
  assert.deepEqual(panel.series[0]!.values, [2, 3]);
  const weekly = ingestGrid({ values: [["周", "销量"], [1, 5], [2, 6], [3, 7]] });
  assert.equal(weekly.frequency, "weekly");
});
