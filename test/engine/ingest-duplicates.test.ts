// Issue 10 §3: an exactly repeated row (a copy-paste slip) counts once with an info note; rows of the same SKU and
// day with different quantities are added up with a warning that names the rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ingestGrid } from "../../src/engine/ingest/ingest";
import { assertSound } from "./ingest-helpers";

const byCode = (p: ReturnType<typeof ingestGrid>, code: string) => p.issues.filter((i) => i.code === code);

test("long layout: an exactly repeated row counts once, with an info note naming both rows", () => {
  const p = ingestGrid({
    sheet: "Sales",
    values: [["sku", "date", "qty", "promo"], ["A", "2024-01-01", 5, 0], ["A", "2024-01-02", 7, 1], ["A", "2024-01-02", 7, 1], ["A", "2024-01-03", 4, 0], ["B", "2024-01-02", 7, 1]],
  });
  assertSound(p);
  assert.deepEqual(p.series.find((s) => s.id === "A")!.values, [5, 7, 4]);
  assert.deepEqual(p.series.find((s) => s.id === "B")!.values, [0, 7, 0], "another SKU with the same date and quantity is not a duplicate");
  const [note, ...more] = byCode(p, "duplicate-row");
  assert.equal(more.length, 0);
  assert.equal(note!.severity, "info");
  assert.equal(note!.row, 4);
  assert.equal(note!.cell, "B4");
  assert.equal(note!.sku, "A");
  assert.match(note!.found, /row 4 repeats row 3 exactly \(2024-01-02, SKU "A", quantity 7\)/);
  assert.match(note!.action, /counted once/);
  assert.equal(byCode(p, "duplicate-date").length, 0);
});

test("long layout: rows of one SKU and day with different quantities are added up, the warning names the rows", () => {
  const p = ingestGrid({ values: [["sku", "date", "qty"], ["A", "2024-01-01", 2], ["A", "2024-01-01", 4], ["A", "2024-01-02", 1], ["A", "2024-01-01", 3]] });
  assert.deepEqual(p.series[0]!.values, [9, 1]);
  const [w, ...more] = byCode(p, "duplicate-date");
  assert.equal(more.length, 0);
  assert.equal(w!.severity, "warning");
  assert.equal(w!.row, 3);
  assert.match(w!.found, /SKU "A" has 3 different rows for 2024-01-01: rows 2, 3 and 5 \(quantities 2, 4, 3\)/);
  assert.match(w!.action, /added up \(9\)/);
});

test("an exact copy and a different row on the same day: the copy counts once, the different one is added", () => {
  const p = ingestGrid({ values: [["sku", "date", "qty"], ["A", "2024-01-01", 2], ["A", "2024-01-01", 2], ["A", "2024-01-01", 5], ["A", "2024-01-02", 1]] });
  assert.deepEqual(p.series[0]!.values, [7, 1]);
  assert.equal(byCode(p, "duplicate-row").length, 1);
  assert.match(byCode(p, "duplicate-date")[0]!.found, /rows 2 and 4 \(quantities 2, 5\)/);
});

test("wide layout: a date row pasted twice counts once; a repeated date with other sales is added up", () => {
  const p = ingestGrid({
    values: [["Date", "A", "B"], ["2024-01-01", 1, 10], ["2024-01-02", 2, 20], ["2024-01-02", 2, 20], ["2024-01-03", 4, 40], ["2024-01-03", 1, 0]],
  });
  assert.deepEqual(p.series.map((s) => s.values), [[1, 2, 5], [10, 20, 40]]);
  const note = byCode(p, "duplicate-row");
  assert.equal(note.length, 1);
  assert.match(note[0]!.found, /row 4 repeats row 3 exactly \(2024-01-02\)/);
  const warn = byCode(p, "duplicate-date");
  assert.equal(warn.length, 1);
  assert.match(warn[0]!.found, /rows 5 and 6 fall in the same day/);
});

test("without a date column equal rows are consecutive periods, not duplicates", () => {
  const p = ingestGrid({ values: [["Sales"], [3], [3], [5]] });
  assert.deepEqual(p.series[0]!.values, [3, 3, 5]);
  assert.equal(byCode(p, "duplicate-row").length, 0);
});

test("an exact copy counts once whatever the duplicates option", () => {
  const values = [["sku", "date", "qty"], ["A", "2024-01-01", 2], ["A", "2024-01-01", 2], ["A", "2024-01-02", 1]];
  for (const duplicates of ["sum", "mean", "last"] as const) assert.deepEqual(ingestGrid({ values }, { duplicates }).series[0]!.values, [2, 1], duplicates);
});

test("a till export (one line per sale, many rows alike) counts every row, said once", () => {
  const values: (string | number)[][] = [["sku", "date", "qty"]];
  for (let d = 1; d <= 9; d++) for (let k = 0; k < 3; k++) values.push(["A", `2024-01-0${d}`, 1]);
  const p = ingestGrid({ values });
  assert.deepEqual(p.series[0]!.values, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
  assert.equal(byCode(p, "duplicate-row").length, 0);
  assert.equal(byCode(p, "duplicate-date").length, 0);
  const note = byCode(p, "sale-lines");
  assert.equal(note.length, 1);
  assert.match(note[0]!.found, /18 of 27 rows repeat another row exactly/);
});

test("a whole block pasted twice is a slip however large: every copy counts once", () => {
  const values: (string | number)[][] = [["sku", "date", "qty"]];
  for (let d = 1; d <= 9; d++) values.push(["A", `2024-01-0${d}`, d]);
  values.push(...values.slice(1));
  const p = ingestGrid({ values });
  assert.deepEqual(p.series[0]!.values, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(byCode(p, "duplicate-row").length, 9);
  assert.equal(byCode(p, "sale-lines").length, 0);
  const wide = ingestGrid({ values: [["Date", "A"], ["2024-01-01", 1], ["2024-01-02", 2], ["2024-01-01", 1], ["2024-01-02", 2]] });
  assert.deepEqual(wide.series[0]!.values, [1, 2]);
});
