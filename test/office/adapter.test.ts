import { test } from "node:test";
import assert from "node:assert/strict";
import { installStandin, salesWorkbook } from "./standin";
import { readSelection } from "../../src/office/read";
import { chunkRows, toExcelCell, uniqueName } from "../../src/office/write";

function salesSheet(rows: number): unknown[][] {
  const out: unknown[][] = [["Date", "SKU-A", "SKU-B"]];
  for (let i = 1; i < rows; i++) out.push([45292 + i, i * 2, i * 3]);
  return out;
}

test("readSelection reads the selection in chunks and keeps values, formats, sheet and origin", async () => {
  const values = salesSheet(10);
  const formats = values.map((r, i) => r.map((_v, j) => (i > 0 && j === 0 ? "yyyy-mm-dd" : null)));
  const s = installStandin(salesWorkbook(values, formats));
  s.select("Sales", "A1:C10");
  const before = s.stats.syncs;
  const grid = await readSelection({ chunkCells: 9, chunkBytes: 10 }); // 3 rows per chunk, then 1 (by bytes)
  assert.equal(grid.sheet, "Sales");
  assert.equal(grid.origin, "A1");
  assert.equal(grid.source, "selection");
  assert.deepEqual(grid.values, values);
  assert.equal(grid.numberFormats?.[1][0], "yyyy-mm-dd");
  assert.equal(grid.numberFormats?.[0][1], "General");
  assert.equal(grid.date1904, undefined);
  assert.ok(s.stats.syncs - before >= 5, "one request per chunk plus the address request");
});

test("readSelection reads the data region around a single selected cell, from its own origin", async () => {
  const values = [[null, null, null, null], [null, "Date", "Units", null], [null, 45300, 4, null], [null, 45301, 5, null]];
  const s = installStandin(salesWorkbook(values));
  s.select("Sales", "C3");
  const grid = await readSelection();
  assert.equal(grid.source, "region");
  assert.equal(grid.address, "Sales!B2:C4");
  assert.equal(grid.origin, "B2");
  assert.deepEqual(grid.values, [["Date", "Units"], [45300, 4], [45301, 5]]);
});

test("readSelection refuses a selection too large, naming the sheet, and counts only cells within the used range", async () => {
  const s = installStandin(salesWorkbook([["Date"]]));
  s.sheet("Sales").cells["99999,25"] = { v: 1 };
  s.select("Sales", "A1:Z100000");
  await assert.rejects(readSelection({ maxCells: 1_000_000 }), (e: Error & { code?: string }) => {
    assert.equal(e.code, "selection-too-large");
    assert.match(e.message, /"Sales" has 2,600,000 cells/);
    return true;
  });
});

test("whole-column selections (A:C) read only the rows that hold data", async () => {
  const values = salesSheet(211);
  const s = installStandin(salesWorkbook(values));
  s.select("Sales", "A:C");
  const grid = await readSelection();
  assert.equal(grid.address, "Sales!A1:C211");
  assert.equal(grid.values.length, 211);
  assert.deepEqual(grid.values[210], values[210]);
  s.select("Sales", "E:F");
  await assert.rejects(readSelection(), (e: Error & { code?: string }) => e.code === "selection-empty" && /holds no data/.test(e.message));
});

test("reads are sized by bytes: long text cells stay under Excel on the web's 5 MB response limit", async () => {
  const long = "x".repeat(120);
  const values: unknown[][] = [["Date", "SKU", "Note"]];
  for (let i = 1; i < 12_000; i++) values.push([45000 + i, `${long}${i}`, `${long}${i}`]);
  const s = installStandin(salesWorkbook(values));
  s.select("Sales", "A1:C12000");
  const grid = await readSelection();
  assert.equal(grid.values.length, 12_000);
  assert.deepEqual(grid.values[11_999], values[11_999]);
  assert.ok(s.stats.maxResponseBytes < 5 * 1024 * 1024, `largest response ${s.stats.maxResponseBytes} bytes`);
  // Even a first chunk that is too large is read again in smaller pieces instead of failing.
  const again = await readSelection({ probeCells: 50_000 });
  assert.equal(again.values.length, 12_000);
});

test("a workbook on the 1904 date system: date cells are read as 1900-system serials, other numbers unchanged", async () => {
  const values = [["Date", "Units"], [45292 - 1462, 45292 - 1462], [45293 - 1462, 7]];
  const formats = [[null, null], ["yyyy-mm-dd", null], ["d/m/yyyy", null]];
  const s = installStandin({ ...(salesWorkbook(values, formats) as object), date1904: true });
  s.select("Sales", "A1:B3");
  const grid = await readSelection();
  assert.equal(grid.date1904, true);
  assert.deepEqual(grid.values, [["Date", "Units"], [45292, 45292 - 1462], [45293, 7]]);
  // Without ExcelApi 1.16 the date system cannot be asked: read as 1900 (the default) rather than fail.
  installStandin({ ...(salesWorkbook(values, formats) as object), date1904: true }, { api: "1.15" }).select("Sales", "A1:B3");
  assert.equal((await readSelection()).values[1][0], 45292 - 1462);
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
