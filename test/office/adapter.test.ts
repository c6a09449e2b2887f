import { test } from "node:test";
import assert from "node:assert/strict";
import { installMockExcel } from "./mock-excel";
import { readSelection } from "../../src/office/read";
import { chunkRows, toExcelCell, uniqueName } from "../../src/office/write";

function salesSheet(rows: number): unknown[][] {
  const out: unknown[][] = [["Date", "SKU-A", "SKU-B"]];
  for (let i = 1; i < rows; i++) out.push([45292 + i, i * 2, i * 3]);
  return out;
}

test("readSelection reads the selection in chunks and keeps values, formats, sheet and origin", async () => {
  const values = salesSheet(10);
  const formats = values.map((r, i) => r.map((_v, j) => (i > 0 && j === 0 ? "yyyy-mm-dd" : "General")));
  const wb = installMockExcel({
    sheets: new Map([["Sales", values]]),
    formats: new Map([["Sales", formats]]),
    selection: { sheet: "Sales", address: "A1:C10", rowCount: 10, columnCount: 3 },
    parts: [],
    tables: [],
  });
  const grid = await readSelection({ chunkCells: 9 }); // 3 rows per chunk -> 4 chunks
  assert.equal(grid.sheet, "Sales");
  assert.equal(grid.origin, "A1");
  assert.equal(grid.source, "selection");
  assert.deepEqual(grid.values, values);
  assert.equal(grid.numberFormats?.[1][0], "yyyy-mm-dd");
  assert.equal(grid.numberFormats?.[0][1], "General");
  assert.deepEqual(wb.log.reads, ["Sales:0,0,3x3", "Sales:3,0,3x3", "Sales:6,0,3x3", "Sales:9,0,1x3"]);
  assert.ok(wb.log.syncs >= 5, "one request per chunk plus the address request");
});

test("readSelection reads the data region around a single selected cell, from its own origin", async () => {
  const values = [[null, null, null, null], [null, "Date", "Units", null], [null, 45300, 4, null], [null, 45301, 5, null]];
  installMockExcel({
    sheets: new Map([["Data", values]]),
    formats: new Map(),
    selection: { sheet: "Data", address: "C3", rowCount: 1, columnCount: 1 },
    region: { address: "B2:C4", rowCount: 3, columnCount: 2 },
    parts: [],
    tables: [],
  });
  const grid = await readSelection();
  assert.equal(grid.source, "region");
  assert.equal(grid.address, "Data!B2:C4");
  assert.equal(grid.origin, "B2");
  assert.deepEqual(grid.values, [["Date", "Units"], [45300, 4], [45301, 5]]);
});

test("readSelection refuses a selection too large, naming the sheet", async () => {
  installMockExcel({
    sheets: new Map([["Big", []]]),
    formats: new Map(),
    selection: { sheet: "Big", address: "A1:Z100000", rowCount: 100000, columnCount: 26 },
    parts: [],
    tables: [],
  });
  await assert.rejects(readSelection({ maxCells: 1_000_000 }), (e: Error & { code?: string }) => {
    assert.equal(e.code, "selection-too-large");
    assert.match(e.message, /"Big" has 2,600,000 cells/);
    return true;
  });
});

test("text from the data is written as text, never as a formula", () => {
  assert.equal(toExcelCell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
  assert.equal(toExcelCell("+1"), "'+1");
  assert.equal(toExcelCell("-2"), "'-2");
  assert.equal(toExcelCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(toExcelCell("00123"), "'00123");
  assert.equal(toExcelCell({ formula: "=TREND.RESTOCK(A1:A9,B2,C2)" }), "=TREND.RESTOCK(A1:A9,B2,C2)");
  assert.equal(toExcelCell(12.5), 12.5);
  assert.equal(toExcelCell(Number.NaN), "");
  assert.equal(toExcelCell(null), "");
});

test("uniqueName picks Forecast (2), (3)... case-insensitively", () => {
  assert.equal(uniqueName(["Sales"], "Forecast"), "Forecast");
  assert.equal(uniqueName(["Sales", "forecast"], "Forecast"), "Forecast (2)");
  assert.equal(uniqueName(["Forecast", "Forecast (2)"], "Forecast"), "Forecast (3)");
});

test("chunkRows keeps each request under the byte budget and covers every row once", () => {
  const rows = Array.from({ length: 1000 }, (_x, i) => [`SKU-${i}`, 45000 + i, i * 1.5, i * 0.5, i * 2]);
  const chunks = chunkRows(rows, 4000);
  assert.ok(chunks.length > 10);
  let next = 0;
  for (const [start, count] of chunks) {
    assert.equal(start, next);
    next += count;
    const bytes = rows.slice(start, start + count).reduce((a, r) => a + JSON.stringify(r.map(toExcelCell)).length * 2 + 16, 0);
    assert.ok(bytes <= 4000 || count === 1, `chunk at ${start} has ${bytes} bytes`);
  }
  assert.equal(next, 1000);
});
