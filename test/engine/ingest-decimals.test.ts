// Issue 10 §3: "2,250" must not be read as 2250 where the decimal separator is a comma. The convention is read per
// column from cells that allow one reading only, else from the other columns, else from the source; a guess is
// flagged with the cells.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv } from "../../src/engine/ingest/csv";
import { ingestGrid } from "../../src/engine/ingest/ingest";
import type { CellGrid } from "../../src/engine/types";
import { assertSound } from "./ingest-helpers";

const codes = (p: ReturnType<typeof ingestGrid>, code: string) => p.issues.filter((i) => i.code === code);

test("a ;-separated CSV with decimal commas is read right: 12,5 -> 12.5, 1.234,56 -> 1234.56, 2,250 -> 2.25", () => {
  const text = "sku;date;qty\nA;2024-01-01;12,5\nA;2024-01-02;1.234,56\nA;2024-01-03;2,250\nA;2024-01-04;7\n";
  const p = ingestGrid({ values: parseCsv(text), sheet: "f.csv", decimalSeparator: "," });
  assertSound(p);
  assert.deepEqual(p.series[0]!.values, [12.5, 1234.56, 2.25, 7]);
  const note = codes(p, "decimal-comma");
  assert.equal(note.length, 1);
  assert.match(note[0]!.found, /column C .*decimal comma \(C2 holds "12,5"\)/);
  assert.equal(codes(p, "ambiguous-decimal").length, 0, "the column itself shows the decimal comma: no guess");
  assert.equal(codes(p, "text-in-number-cell").length, 0);
});

test("decimal commas are found without a hint too (a text column pasted from a comma-decimal locale)", () => {
  const p = ingestGrid({ values: [["Date", "A"], ["2024-01-01", "3,5"], ["2024-01-02", "1.250"], ["2024-01-03", "0,75"]] });
  assert.deepEqual(p.series[0]!.values, [3.5, 1250, 0.75]);
});

test("'2,250' with no evidence anywhere is read as 2250 and flagged with its cells", () => {
  const p = ingestGrid({ values: [["Date", "A"], ["2024-01-01", "2,250"], ["2024-01-02", 40], ["2024-01-03", "1,500"]], sheet: "Sales" });
  assert.deepEqual(p.series[0]!.values, [2250, 40, 1500]);
  const [w, ...more] = codes(p, "ambiguous-decimal");
  assert.equal(more.length, 0);
  assert.equal(w!.severity, "warning");
  assert.equal(w!.cell, "B2");
  assert.match(w!.found, /2 cells of column B \(B2, B4\) hold numbers such as "2,250", which read 2250 with a decimal point but 2.25 with a decimal comma/);
  assert.match(w!.action, /read with a decimal point/);
});

test("'2,250' in a ;-separated file with no other evidence is read as 2.25 and flagged", () => {
  const grid: CellGrid = { values: parseCsv("date;qty\n2024-01-01;2,250\n2024-01-02;4\n"), decimalSeparator: "," };
  const p = ingestGrid(grid);
  assert.deepEqual(p.series[0]!.values, [2.25, 4]);
  assert.match(codes(p, "ambiguous-decimal")[0]!.action, /decimal comma \(as the source is written\)/);
});

test("evidence in another column settles an ambiguous one: prices 3,99 make quantities 2,250 read 2.25", () => {
  const p = ingestGrid({ values: [["sku", "date", "qty", "price"], ["A", "2024-01-01", "2,250", "3,99"], ["A", "2024-01-02", "1,5", "3,99"], ["A", "2024-01-03", "4", "4,49"]] });
  assert.deepEqual(p.series[0]!.values, [2.25, 1.5, 4]);
  assert.deepEqual(p.series[0]!.covariates.price, [3.99, 3.99, 4.49]);
  const p2 = ingestGrid({ values: [["sku", "date", "qty", "price"], ["A", "2024-01-01", "2,250", "3,99"], ["A", "2024-01-02", "1", "3,99"]] });
  assert.deepEqual(p2.series[0]!.values, [2.25, 1]);
  assert.match(codes(p2, "ambiguous-decimal")[0]!.action, /decimal comma \(as in the other columns\)/);
});

test("a decimal-point file keeps its thousands commas: 1,234.5 -> 1234.5, 2,250 -> 2250 beside 12.5", () => {
  const p = ingestGrid({ values: [["Date", "A"], ["2024-01-01", "1,234.5"], ["2024-01-02", "2,250"], ["2024-01-03", "12.5"]] });
  assert.deepEqual(p.series[0]!.values, [1234.5, 2250, 12.5]);
  assert.equal(codes(p, "ambiguous-decimal").length, 0);
  assert.equal(codes(p, "decimal-comma").length, 0);
});

test("a column mixing both conventions is flagged; each unambiguous number is read as written", () => {
  const p = ingestGrid({ values: [["Date", "A"], ["2024-01-01", "12,5"], ["2024-01-02", "3.75"], ["2024-01-03", "1,5"]] });
  assert.deepEqual(p.series[0]!.values, [12.5, 3.75, 1.5]);
  assert.match(codes(p, "mixed-decimals")[0]!.found, /column B mixes decimal commas \(B2 holds "12,5"\) and decimal points \(B3 holds "3.75"\)/);
});

test("SKU codes and headings stay as written in a decimal-comma sheet", () => {
  const p = ingestGrid({ values: [["sku", "date", "qty"], ["10.001", "2024-01-01", "1,5"], ["10.002", "2024-01-01", "2,5"]] });
  assert.deepEqual(p.series.map((s) => s.id), ["10.001", "10.002"]);
  assert.deepEqual(p.series.map((s) => s.values), [[1.5], [2.5]]);
  const wide = ingestGrid({ values: [["Date", "1.234", "Promo"], ["2024-01-01", "2,5", 0], ["2024-01-02", "3", 1]] });
  assert.deepEqual(wide.series.map((s) => s.id), ["1.234"]);
  assert.deepEqual(wide.series[0]!.values, [2.5, 3]);
});

test("the caller's grid is not changed", () => {
  const values = [["Date", "A"], ["2024-01-01", "2,5"], ["2024-01-02", "3"]];
  ingestGrid({ values });
  assert.equal(values[1]![1], "2,5");
});
