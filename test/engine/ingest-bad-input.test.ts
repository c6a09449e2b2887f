// The bad-input catalogue: malformed grids, each answered with correct values or a located message; never a throw,
// never a NaN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describePanel, ingestGrid, type IngestOptions } from "../../src/engine/ingest/ingest";
import { epochDayToExcelSerial } from "../../src/engine/ingest/dates";
import type { CellGrid, CellValue, SalesPanel } from "../../src/engine/types";
import { assertSound, dates, day, isoDays, issue } from "./ingest-helpers";

function read(grid: CellGrid | CellValue[][], options?: IngestOptions): SalesPanel {
  const g: CellGrid = Array.isArray(grid) ? { values: grid } : grid;
  let panel: SalesPanel | undefined;
  assert.doesNotThrow(() => {
    panel = ingestGrid(g, options);
  });
  assertSound(panel!);
  return panel!;
}

function values(panel: SalesPanel): Record<string, number[]> {
  return Object.fromEntries(panel.series.map((s) => [s.id, s.values]));
}

test("1. text in number cells: missing, filled with 0, located", () => {
  const p = read([["Date", "A"], ["2024-01-01", 4], ["2024-01-02", "four"], ["2024-01-03", "n/a"]]);
  assert.deepEqual(values(p), { A: [4, 0, 0] });
  const issues = p.issues.filter((i) => i.code === "text-in-number-cell");
  assert.deepEqual(issues.map((i) => i.cell), ["B3", "B4"]);
  assert.match(issues[0]!.found, /B3 \(sales of SKU "A"\) holds the text "four" where a number was expected/);
});

test("2. Excel error cells #N/A, #VALUE!, #DIV/0!, #REF!", () => {
  const p = read([["Date", "A"], ["2024-01-01", 1], ["2024-01-02", "#N/A"], ["2024-01-03", "#VALUE!"], ["2024-01-04", "#DIV/0!"], ["2024-01-05", "#REF!"], ["2024-01-06", 6]]);
  assert.deepEqual(values(p), { A: [1, 0, 0, 0, 0, 6] });
  const errs = p.issues.filter((i) => i.code === "error-value");
  assert.deepEqual(errs.map((i) => i.cell), ["B3", "B4", "B5", "B6"]);
  assert.match(errs[2]!.found, /the Excel error "#DIV\/0!"/);
});

test("3. blank rows and blank columns inside the data", () => {
  const p = read([["Date", "", "A", "B"], ["2024-01-01", "", 1, 2], ["", null, "", undefined], ["2024-01-02", "", 3, 4]]);
  assert.deepEqual(values(p), { A: [1, 3], B: [2, 4] });
  assert.equal(issue(p, "blank-rows").row, 3);
  assert.match(issue(p, "blank-columns").found, /1 blank column inside the data \(B\)/);
});

test("4. one value", () => {
  const p = read([[7]]);
  assert.equal(p.series.length, 1);
  assert.deepEqual(p.series[0]!.values, [7]);
  assert.equal(p.series[0]!.start, 0);
  assert.equal(describePanel(p).periods, 1);
});

test("5. all zeros", () => {
  const p = read([["Date", "A"], ...isoDays("2024-01-01", 5).map((d) => [d, 0])]);
  assert.deepEqual(values(p), { A: [0, 0, 0, 0, 0] });
  assert.equal(p.series[0]!.start, 0);
  assert.equal(describePanel(p).issueCounts.error, 0);
});

test("6. a constant series", () => {
  const p = read([["Date", "A"], ...isoDays("2024-01-01", 10).map((d) => [d, 3])]);
  assert.deepEqual(values(p), { A: new Array(10).fill(3) });
});

test("7. NaN and Infinity, as numbers and as text", () => {
  const p = read([["Date", "A"], ["2024-01-01", NaN], ["2024-01-02", Infinity], ["2024-01-03", "-Infinity"], ["2024-01-04", "NaN"], ["2024-01-05", 2]]);
  assert.deepEqual(values(p), { A: [0, 0, 0, 0, 2] });
  assert.equal(p.series[0]!.start, 4);
  const bad = p.issues.filter((i) => i.code === "not-a-number");
  assert.deepEqual(bad.map((i) => i.cell), ["B2", "B3", "B4", "B5"]);
  assert.match(bad[1]!.found, /Infinity, which is not a usable number/);
});

test("8. absurd magnitudes such as 1e300", () => {
  const p = read([["Date", "A"], ["2024-01-01", 1], ["2024-01-02", 1e300], ["2024-01-03", "-1e20"], ["2024-01-04", 4]]);
  assert.deepEqual(values(p), { A: [1, 0, 0, 4] });
  const bad = p.issues.filter((i) => i.code === "absurd-value");
  assert.deepEqual(bad.map((i) => i.cell), ["B3", "B4"]);
  assert.match(bad[0]!.found, /1e\+300, far too large to be a sales figure/);
});

test("9. duplicate dates in a wide sheet are added up", () => {
  const p = read([["Date", "A", "B"], ["2024-01-01", 1, 10], ["2024-01-02", 2, 20], ["2024-01-02", 3, 30], ["2024-01-03", 4, 40]]);
  assert.deepEqual(values(p), { A: [1, 5, 4], B: [10, 50, 40] });
  const dup = issue(p, "duplicate-date");
  assert.equal(dup.cell, "A4");
  assert.equal(dup.row, 4);
});

test("10. unsorted dates are sorted", () => {
  const p = read([["Date", "A"], ["2024-01-03", 3], ["2024-01-01", 1], ["2024-01-02", 2]]);
  assert.deepEqual(values(p), { A: [1, 2, 3] });
  assert.deepEqual(dates(p), ["2024-01-01", "2024-01-02", "2024-01-03"]);
  assert.equal(issue(p, "unsorted-dates").row, 3);
});

test("11. mixed date formats in one column: ISO, Excel serial, month names, day/month text", () => {
  const serial = epochDayToExcelSerial(day("2024-03-05"));
  const p = read({
    values: [["Date", "A"], ["2024-03-04", 1], [serial, 2], ["6 Mar 2024", 3], ["07/03/2024", 4], ["March 8, 2024", 5], ["09/03/2024", 6], ["13/03/2024", 7]],
    numberFormats: [["", ""], ["", ""], ["d-mmm-yy", ""], ["", ""], ["", ""], ["", ""], ["", ""], ["", ""]],
  });
  assert.deepEqual(dates(p), isoDays("2024-03-04", 10));
  assert.deepEqual(values(p), { A: [1, 2, 3, 4, 5, 6, 0, 0, 0, 7] });
  assert.match(issue(p, "mixed-date-formats").found, /ISO text/);
  assert.match(issue(p, "date-order").found, /A8 can only be day\/month/);
});

test("12. a title row above the header row", () => {
  const p = read([["Weekly sales report"], ["Week", "Penne", "Fusilli"], ["2024-01-01", 1, 2], ["2024-01-08", 3, 4]]);
  assert.deepEqual(values(p), { Penne: [1, 3], Fusilli: [2, 4] });
  assert.equal(p.frequency, "weekly");
});

test("13. a SKU with no data is left out with a warning naming its column", () => {
  const p = read([["Date", "A", "Ghost", "B"], ["2024-01-01", 1, "", 2], ["2024-01-02", 3, null, 4]]);
  assert.deepEqual(values(p), { A: [1, 3], B: [2, 4] });
  const ghost = issue(p, "sku-no-data");
  assert.equal(ghost.cell, "C1");
  assert.equal(ghost.sku, "Ghost");
  assert.match(ghost.action, /left out/);
});

test("14. 10,000 SKUs x 3 periods", () => {
  const n = 10_000;
  const header: CellValue[] = ["Date", ...Array.from({ length: n }, (_, i) => `SKU${i}`)];
  const rows: CellValue[][] = [header];
  isoDays("2024-01-01", 3).forEach((d, t) => rows.push([d, ...Array.from({ length: n }, (_, i) => (i * 3 + t) % 11)]));
  const p = read(rows);
  assert.equal(p.series.length, n);
  assert.deepEqual(p.series[9_999]!.values, [(9_999 * 3) % 11, (9_999 * 3 + 1) % 11, (9_999 * 3 + 2) % 11]);
  assert.equal(p.series[5_000]!.id, "SKU5000");
  assert.equal(describePanel(p).periods, 3);
  // The same in long form.
  const long: CellValue[][] = [["sku", "date", "qty"]];
  for (let i = 0; i < n; i++) isoDays("2024-01-01", 3).forEach((d, t) => long.push([`SKU${i}`, d, (i * 3 + t) % 11]));
  const pl = read(long);
  assert.equal(pl.series.length, n);
  assert.deepEqual(pl.series[9_999]!.values, p.series[9_999]!.values);
});

test("15. 1 SKU x 100,000 periods", () => {
  const n = 100_000;
  const start = day("1950-01-01");
  const rows: CellValue[][] = [["Date", "Sales"]];
  for (let i = 0; i < n; i++) rows.push([epochDayToExcelSerial(start + i), i % 7]);
  const formats = rows.map(() => ["yyyy-mm-dd", "0"]);
  const p = read({ values: rows, numberFormats: formats });
  assert.equal(p.series.length, 1);
  assert.equal(p.series[0]!.values.length, n);
  assert.equal(p.series[0]!.values[99_999], 99_999 % 7);
  assert.equal(dates(p)[0], "1950-01-01");
  assert.equal(p.timeline[n - 1], start + n - 1);
  const undated = read(Array.from({ length: n }, (_, i) => [i % 5]));
  assert.equal(undated.series[0]!.values.length, n);
});

test("16. a header that is a formula string stays text, never evaluated", () => {
  const f = '=HYPERLINK("http://x","y")';
  const p = read([["Date", f, "B"], ["2024-01-01", 1, 2], ["2024-01-02", 3, 4]]);
  assert.deepEqual(p.series.map((s) => s.id), [f, "B"]);
  assert.deepEqual(p.series[0]!.values, [1, 3]);
  const info = issue(p, "formula-text");
  assert.equal(info.cell, "B1");
  assert.match(info.action, /never evaluated/);
});

test("17. an empty selection", () => {
  for (const grid of [[], [[]], [["", null, undefined], [" "]]] as CellValue[][][]) {
    const p = read(grid);
    assert.equal(p.series.length, 0);
    assert.equal(issue(p, "empty").severity, "error");
  }
});

test("18. headings only, no data rows", () => {
  const p = read({ values: [["Date", "A", "B"]], origin: "C2" });
  assert.equal(p.series.length, 0);
  const e = issue(p, "no-data-rows");
  assert.equal(e.cell, "C2");
  assert.match(e.found, /C2:E2/);
});

test("19. a totals row at the bottom: not a date, row left out", () => {
  const p = read([["Date", "A"], ["2024-01-01", 1], ["2024-01-02", 2], ["Total", 3]]);
  assert.deepEqual(values(p), { A: [1, 2] });
  const bad = issue(p, "bad-date");
  assert.equal(bad.cell, "A4");
  assert.equal(bad.row, 4);
  assert.match(bad.found, /A4 holds "Total", which is not a date/);
});

test("20. a date typed years away from the others (2204 for 2024)", () => {
  const rows: CellValue[][] = [["Date", "A"], ...isoDays("2024-01-01", 30).map((d, i) => [d, i])];
  rows[10]![0] = "2204-01-10";
  const p = read(rows);
  assert.equal(p.timeline.length, 30);
  assert.equal(p.series[0]!.values[9], 0);
  const far = issue(p, "far-date");
  assert.equal(far.cell, "A11");
  assert.match(far.found, /2204-01-10, years away/);
});

test("21. quarterly dates: not a supported frequency, said clearly", () => {
  const p = read([["Quarter", "A"], ["2023-01-01", 1], ["2023-04-01", 2], ["2023-07-01", 3], ["2023-10-01", 4]]);
  assert.equal(p.series.length, 0);
  const e = issue(p, "unsupported-frequency");
  assert.equal(e.severity, "error");
  assert.match(e.found, /quarterly/);
  const grouped = read([["Quarter", "A"], ["2023-01-01", 1], ["2023-04-01", 2]], { frequency: "monthly" });
  assert.deepEqual(values(grouped), { A: [1, 0, 0, 2] });
});

test("22. TRUE/FALSE in sales cells", () => {
  const p = read([["Date", "A"], ["2024-01-01", true], ["2024-01-02", 2]]);
  assert.deepEqual(values(p), { A: [0, 2] });
  assert.equal(p.series[0]!.start, 1);
  assert.deepEqual(dates(p), ["2024-01-01", "2024-01-02"]);
  assert.equal(issue(p, "boolean-in-number-cell").cell, "B2");
});

test("23. numbers stored as text: thousands separators and accounting negatives", () => {
  const p = read([["Date", "A"], ["2024-01-01", "1,234"], ["2024-01-02", " 12 "], ["2024-01-03", "(5)"], ["2024-01-04", "2.5e1"]]);
  assert.deepEqual(values(p), { A: [1234, 12, -5, 25] });
  assert.equal(issue(p, "negative-sales").severity, "info");
});

test("24. ragged rows of different lengths", () => {
  const p = read([["Date", "A", "B"], ["2024-01-01", 1], ["2024-01-02", 2, 3, ""], ["2024-01-03"]]);
  assert.deepEqual(values(p), { A: [1, 2], B: [0, 3] });
  assert.equal(p.series[1]!.start, 1);
});

test("25. long layout: a row without SKU and a row without date", () => {
  const p = read([["sku", "date", "qty"], ["A", "2024-01-01", 1], ["", "2024-01-02", 5], ["A", "", 7], ["A", "2024-01-02", 2]]);
  assert.deepEqual(values(p), { A: [1, 2] });
  const noSku = issue(p, "missing-sku");
  assert.equal(noSku.row, 3);
  assert.equal(noSku.cell, "A3");
  const noDate = issue(p, "missing-date");
  assert.equal(noDate.cell, "B4");
  assert.match(noDate.found, /row 4 has data for SKU "A" but no date in B4/);
});

test("26. long layout without any date column", () => {
  const p = read([["sku", "qty"], ["A", 1], ["A", 2], ["B", 3]]);
  assert.equal(p.series.length, 0);
  const e = issue(p, "no-date-column");
  assert.match(e.action, /add a date column/);
});

test("27. nothing but text", () => {
  const p = read([["Name", "Comment"], ["Penne", "good"], ["Fusilli", "bad"]]);
  assert.equal(p.series.length, 0);
  assert.ok(p.issues.some((i) => i.severity === "error"));
});

test("28. two SKU columns with the same name are told apart", () => {
  const p = read([["Date", "Penne", "Penne"], ["2024-01-01", 1, 2]]);
  assert.deepEqual(p.series.map((s) => s.id), ["Penne", "Penne (2)"]);
  assert.equal(issue(p, "duplicate-sku-column").cell, "C1");
});

test("29. dates before 1900 or garbage serials are not dates", () => {
  const p = read([["Date", "A"], ["1850-01-01", 9], ["2024-01-01", 1], ["2024-01-02", 2], [-5, 4]]);
  assert.deepEqual(values(p), { A: [1, 2] });
  const bad = p.issues.filter((i) => i.code === "bad-date");
  assert.deepEqual(bad.map((i) => i.cell), ["A2", "A5"]);
});

test("30. an Excel date with a time of day lands on its day", () => {
  const s = epochDayToExcelSerial(day("2024-05-01"));
  const p = read({ values: [["When", "A"], [s + 0.25, 1], [s + 1.9, 2]], numberFormats: [["", ""], ["m/d/yy h:mm", ""], ["m/d/yy h:mm", ""]] });
  assert.deepEqual(dates(p), ["2024-05-01", "2024-05-02"]);
  assert.deepEqual(values(p), { A: [1, 2] });
});

test("31. a timeline too long to hold is refused with a message, not an out-of-memory crash", () => {
  const n = 400;
  const rows: CellValue[][] = [["Date", ...Array.from({ length: n }, (_, i) => `S${i}`)], ["1901-01-01", ...new Array(n).fill(1)], ["2300-01-01", ...new Array(n).fill(1)]];
  const p = read(rows, { frequency: "daily" });
  assert.equal(p.series.length, 0);
  assert.match(issue(p, "too-large").found, /400 SKUs over \d+ days/);
});

test("32. a missing-value flood is summarised, not listed cell by cell", () => {
  const rows: CellValue[][] = [["Date", "A"], ...isoDays("2024-01-01", 200).map((d) => [d, "x"])];
  rows.push(["2024-07-19", 5]);
  const p = read(rows);
  const listed = p.issues.filter((i) => i.code === "text-in-number-cell");
  assert.equal(listed.length, 26);
  assert.match(listed[25]!.found, /^175 more problems of the same kind/);
  assert.equal(p.series[0]!.start, 200);
  assert.equal(p.series[0]!.values.length, 201);
  assert.equal(p.series[0]!.values[200], 5);
});

test("33. not a grid at all", () => {
  const p = read({ values: "oops" as unknown as CellValue[][] });
  assert.equal(p.series.length, 0);
  assert.equal(issue(p, "empty").severity, "error");
});

test("34. a bad cell in a covariate column: missing, filled, located", () => {
  const p = read([["sku", "date", "qty", "promo", "price"], ["A", "2024-01-01", 1, "maybe", 2], ["A", "2024-01-02", 2, 1, "#N/A"], ["A", "2024-01-03", 3, 0, 2.5]]);
  assert.deepEqual(values(p), { A: [1, 2, 3] });
  assert.deepEqual(p.series[0]!.covariates, { promo: [0, 1, 0], price: [2, 2, 2.5] });
  const text = issue(p, "text-in-number-cell");
  assert.equal(text.cell, "D2");
  assert.match(text.found, /D2 \(promo of SKU "A"\) holds the text "maybe"/);
  assert.equal(issue(p, "error-value").cell, "E3");
  assert.match(issue(p, "missing-covariate").action, /filled with 0/);
});

test("35. JavaScript Date objects from a file reader are read as their UTC day", () => {
  const d = (iso: string) => new Date(`${iso}T00:00:00Z`) as unknown as CellValue;
  const p = read([["Date", "A"], [d("2024-01-01"), 1], [d("2024-01-02"), 2]]);
  assert.deepEqual(dates(p), ["2024-01-01", "2024-01-02"]);
  assert.deepEqual(values(p), { A: [1, 2] });
  assert.deepEqual(p.issues, []);
});
