// Issue 10 §3: a ;-separated CSV (decimal commas) read by the CLI: "2.250" is 2250 there, "12,5" is 12.5.
import { test } from "node:test";
import assert from "node:assert/strict";
import { csvToGrid } from "../../src/cli/workbook";
import { ingestGrid } from "../../src/engine/ingest/ingest";

test("csvToGrid leaves decimals of a ;-separated file to the engine, which reads them with the decimal comma", () => {
  const grid = csvToGrid("series_id;date;value\nA;2024-01-01;2.250\nA;2024-01-02;12,5\nA;2024-01-03;3\n", "f.csv");
  assert.equal(grid.decimalSeparator, ",");
  assert.deepEqual(grid.values[1], ["A", "2024-01-01", "2.250"]);
  assert.deepEqual(grid.values[3], ["A", "2024-01-03", 3]);
  assert.deepEqual(ingestGrid(grid).series[0]!.values, [2250, 12.5, 3]);
});

test("csvToGrid of a ,-separated file reads plain decimals as numbers, as before", () => {
  const grid = csvToGrid("series_id,date,value\nA,2024-01-01,2.5\n", "f.csv");
  assert.equal(grid.decimalSeparator, undefined);
  assert.deepEqual(grid.values[1], ["A", "2024-01-01", 2.5]);
});
