import { test } from "node:test";
import assert from "node:assert/strict";
import { describePanel, ingestGrid } from "../../src/engine/ingest/ingest";
import { parseCsv } from "../../src/engine/ingest/csv";
import { epochDayToExcelSerial } from "../../src/engine/ingest/dates";
import type { CellValue } from "../../src/engine/types";
import { assertSound, dates, day, isoDays, issue } from "./ingest-helpers";

test("wide layout: date column, one column per SKU, paired PROMO_<sku> columns become the promo covariate", () => {
  const panel = ingestGrid({
    values: [
      ["DATE", "QTY_A1", "QTY_B2", "PROMO_A1", "PROMO_B2"],
      ["2024-01-01", 5, 7, 0, 1],
      ["2024-01-02", 6, 8, 1, 0],
      ["2024-01-03", 0, 9, 1, 1],
    ],
  });
  assertSound(panel);
  assert.equal(panel.layout, "wide");
  assert.equal(panel.frequency, "daily");
  assert.deepEqual(dates(panel), ["2024-01-01", "2024-01-02", "2024-01-03"]);
  assert.deepEqual(panel.series.map((s) => s.id), ["A1", "B2"]);
  assert.deepEqual(panel.series[0]!.values, [5, 6, 0]);
  assert.deepEqual(panel.series[1]!.values, [7, 8, 9]);
  assert.deepEqual(panel.covariateNames, ["promo"]);
  assert.deepEqual(panel.series[0]!.covariates.promo, [0, 1, 1]);
  assert.deepEqual(panel.series[1]!.covariates.promo, [1, 0, 1]);
  assert.deepEqual(panel.issues, []);
});

test("wide layout with Excel date serials and number formats, data starting at B3: issues name sheet cells", () => {
  const d0 = epochDayToExcelSerial(day("2024-03-04"));
  const panel = ingestGrid({
    sheet: "Sales",
    origin: "B3",
    values: [
      ["Week", "Penne", "Fusilli"],
      [d0, 10, 4],
      [d0 + 7, "ten", 5],
      [d0 + 14, 12, "#N/A"],
    ],
    numberFormats: [
      ["General", "General", "General"],
      ["dd/mm/yyyy", "0", "0"],
      ["dd/mm/yyyy", "0", "0"],
      ["dd/mm/yyyy", "0", "0"],
    ],
  });
  assertSound(panel);
  assert.equal(panel.frequency, "weekly");
  assert.deepEqual(dates(panel), ["2024-03-04", "2024-03-11", "2024-03-18"]);
  assert.deepEqual(panel.series.map((s) => [s.id, s.values]), [["Penne", [10, 0, 12]], ["Fusilli", [4, 5, 0]]]);
  const text = issue(panel, "text-in-number-cell");
  assert.equal(text.cell, "C5");
  assert.equal(text.sheet, "Sales");
  assert.equal(text.sku, "Penne");
  assert.match(text.found, /C5.*"ten"/);
  assert.match(text.action, /filled with 0/);
  const err = issue(panel, "error-value");
  assert.equal(err.cell, "D6");
  assert.match(err.found, /#N\/A/);
});

test("long layout: SKU, date, quantity, covariates and inventory inputs recognised by their headers", () => {
  const panel = ingestGrid({
    values: [
      ["Item", "Date", "Units Sold", "Promotion", "Holiday", "Price", "On hand", "On order", "Lead time (days)"],
      ["P-1", "2024-01-03", 3, "yes", 0, 2.5, 40, 0, 7],
      ["P-1", "2024-01-01", 1, "no", 1, 2.5, 50, 10, 7],
      ["P-2", "2024-01-02", 8, "", 0, "", 12, 0, 14],
      ["P-1", "2024-01-02", 2, "no", 0, 2.4, 45, 0, 7],
      ["P-2", "2024-01-03", 9, "x", 0, 3, 5, 20, 14],
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
  assert.equal(p2!.id, "P-2");
  assert.equal(p2!.start, 1);
  assert.deepEqual(p2!.values, [0, 8, 9]);
  assert.deepEqual(p2!.covariates.price, [3, 3, 3]);
  assert.deepEqual(p2!.covariates.promo, [0, 0, 1]);
  assert.deepEqual(p2!.inventory, { onHand: 5, onOrder: 20, leadTime: 14 });
  assert.equal(issue(panel, "unsorted-dates").row, 3);
});

test("long layout: blank quantities with covariates after the last sale are kept as plans", () => {
  const rows: CellValue[][] = [["series_id", "date", "value", "promo", "closed"]];
  for (const id of ["A", "B"]) {
    isoDays("2024-01-01", 6).forEach((d, i) => rows.push([id, d, i < 4 ? i + (id === "A" ? 1 : 10) : "", i === 5 ? 1 : 0, 0]));
  }
  const panel = ingestGrid({ values: rows });
  assertSound(panel);
  assert.equal(panel.timeline.length, 6);
  assert.deepEqual(panel.series[0]!.values, [1, 2, 3, 4]);
  assert.deepEqual(panel.series[1]!.values, [10, 11, 12, 13]);
  assert.deepEqual(panel.series[0]!.covariates.promo, [0, 0, 0, 0, 0, 1]);
  const plans = issue(panel, "future-covariates");
  assert.equal(plans.severity, "info");
  assert.match(plans.found, /2 days after the last sale \(2024-01-05 to 2024-01-06\)/);
  assert.equal(describePanel(panel).lastDate, "2024-01-04");
});

test("single column of values without dates, with and without a header", () => {
  const withHeader = ingestGrid({ values: [["Sales"], [3], [4], [""], [6]] });
  assertSound(withHeader);
  assert.equal(withHeader.layout, "single");
  assert.deepEqual(withHeader.series.map((s) => [s.id, s.values]), [["Sales", [3, 4, 0, 6]]]);
  assert.equal(withHeader.frequency, "daily");
  assert.match(issue(withHeader, "no-dates").action, /consecutive daily periods/);
  const bare = ingestGrid({ values: [[1], [2], [3]] }, { frequency: "monthly" });
  assertSound(bare);
  assert.equal(bare.frequency, "monthly");
  assert.deepEqual(bare.series[0]!.values, [1, 2, 3]);
  assert.equal(bare.series[0]!.id, "Column A");
  assert.deepEqual(dates(bare), ["2000-01-01", "2000-02-01", "2000-03-01"]);
});

test("a date column and one value column is the single layout", () => {
  const panel = ingestGrid({ values: [["Date", "Qty"], ["2024-01-01", 1], ["2024-01-02", 2]] });
  assert.equal(panel.layout, "single");
  assert.deepEqual(panel.series.map((s) => s.id), ["Qty"]);
});

test("monthly month-end dates keep month ends; missing months filled with 0", () => {
  const panel = ingestGrid({
    values: [["Month", "Sales"], ["2023-10-31", 5], ["2023-11-30", 6], ["2024-01-31", 8], ["2024-02-29", 9]],
  });
  assertSound(panel);
  assert.equal(panel.frequency, "monthly");
  assert.deepEqual(dates(panel), ["2023-10-31", "2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29"]);
  assert.deepEqual(panel.series[0]!.values, [5, 6, 0, 8, 9]);
  assert.match(issue(panel, "missing-periods").found, /1 month .*2023-12-31/);
});

test("fill option: interpolate like Excel's data completion", () => {
  const values = [["Date", "A"], ["2024-01-01", 2], ["2024-01-02", ""], ["2024-01-03", ""], ["2024-01-04", 8], ["2024-01-06", 4]];
  assert.deepEqual(ingestGrid({ values }).series[0]!.values, [2, 0, 0, 8, 0, 4]);
  const panel = ingestGrid({ values }, { fill: "interpolate" });
  assertSound(panel);
  assert.deepEqual(panel.series[0]!.values, [2, 4, 6, 8, 6, 4]);
  const gaps = issue(panel, "missing-periods");
  assert.match(gaps.found, /^3 days .*\(2024-01-02, 2024-01-03, 2024-01-05\)/);
  assert.match(gaps.action, /interpolated/);
});

test("duplicates option: sum (default), mean, last", () => {
  const values = [["sku", "date", "qty"], ["A", "2024-01-01", 2], ["A", "2024-01-01", 4], ["A", "2024-01-02", 1]];
  const sum = ingestGrid({ values });
  assert.deepEqual(sum.series[0]!.values, [6, 1]);
  const dup = issue(sum, "duplicate-date");
  assert.equal(dup.row, 3);
  assert.equal(dup.sku, "A");
  assert.match(dup.action, /added up/);
  assert.deepEqual(ingestGrid({ values }, { duplicates: "mean" }).series[0]!.values, [3, 1]);
  assert.deepEqual(ingestGrid({ values }, { duplicates: "last" }).series[0]!.values, [4, 1]);
});

test("negatives option: returns kept with an info issue, or clipped", () => {
  const values = [["Date", "A"], ["2024-01-01", 3], ["2024-01-02", -2], ["2024-01-03", 1]];
  const kept = ingestGrid({ values });
  assert.deepEqual(kept.series[0]!.values, [3, -2, 1]);
  assert.equal(issue(kept, "negative-sales").severity, "info");
  const clipped = ingestGrid({ values }, { negatives: "clip" });
  assert.deepEqual(clipped.series[0]!.values, [3, 0, 1]);
  assert.match(issue(clipped, "negative-sales").action, /set to 0/);
});

test("day/month order: decided by a day over 12, by even spacing, or forced", () => {
  const byEvidence = ingestGrid({ values: [["Date", "A"], ["12/01/2024", 1], ["13/01/2024", 2], ["14/01/2024", 3]] });
  assert.deepEqual(dates(byEvidence), ["2024-01-12", "2024-01-13", "2024-01-14"]);
  assert.match(issue(byEvidence, "date-order").found, /B?A3 can only be day\/month|A3 can only be day\/month/);

  const monthFirst = ingestGrid({ values: [["Date", "A"], ["01/11/2024", 1], ["01/12/2024", 2], ["01/13/2024", 3]] });
  assert.deepEqual(dates(monthFirst), ["2024-01-11", "2024-01-12", "2024-01-13"]);

  // Every text fits both ways: weekly Mondays read day-first are 7 days apart; month-first they are months apart.
  const ambiguous = ingestGrid({ values: [["Date", "A"], ["01/04/2024", 1], ["08/04/2024", 2], ["15/04/2024", 3], ["22/04/2024", 4]].slice(0, 3) });
  assert.deepEqual(dates(ambiguous), ["2024-04-01", "2024-04-08"]);
  const amb = issue(ambiguous, "ambiguous-date-order");
  assert.equal(amb.cell, "A2");
  assert.match(amb.action, /day\/month\/year/);

  // ISO dates in the same column settle it: month-first gives the daily run 2024-01-02..05.
  const mixed = ingestGrid({ values: [["Date", "A"], ["2024-01-01", 0], ["01/02/2024", 1], ["01/03/2024", 2], ["01/04/2024", 3], ["01/05/2024", 4]] });
  assert.equal(mixed.frequency, "daily");
  assert.deepEqual(dates(mixed), ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]);
  assert.match(issue(mixed, "mixed-date-formats").found, /ISO text, day\/month text/);

  const values = [["Date", "A"], ["01/02/2024", 1], ["01/03/2024", 2], ["01/04/2024", 3], ["01/05/2024", 4]];
  const forced = ingestGrid({ values }, { dateOrder: "mdy" });
  assert.equal(forced.frequency, "daily");
  assert.deepEqual(dates(forced), ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]);
  assert.ok(!forced.issues.some((i) => i.code === "ambiguous-date-order"));
  const forcedDmy = ingestGrid({ values }, { dateOrder: "dmy" });
  assert.equal(forcedDmy.frequency, "monthly");
  assert.deepEqual(dates(forcedDmy), ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]);
  // Both readings are evenly spaced: the denser one (days apart) is taken, with a warning.
  const unsettled = ingestGrid({ values });
  assert.deepEqual(dates(unsettled), dates(forced));
  const warn = issue(unsettled, "ambiguous-date-order");
  assert.equal(warn.severity, "warning");
  assert.equal(warn.cell, "A2");
  assert.match(warn.action, /month\/day\/year/);
});

test("weekly data on irregular weekdays is snapped to the dominant weekday with an issue", () => {
  const panel = ingestGrid({
    values: [["Week", "A"], ["2024-03-04", 1], ["2024-03-11", 2], ["2024-03-19", 3], ["2024-03-25", 4], ["2024-03-31", 5]],
  });
  assertSound(panel);
  assert.equal(panel.frequency, "weekly");
  assert.deepEqual(dates(panel), ["2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25", "2024-04-01"]);
  assert.deepEqual(panel.series[0]!.values, [1, 2, 3, 4, 5]);
  const snap = issue(panel, "weekday-snapped");
  assert.equal(snap.cell, "A4");
  assert.match(snap.found, /2 dates are not on a Monday/);
});

test("a SKU that starts later keeps its own start; values before it are 0", () => {
  const panel = ingestGrid({ values: [["Date", "Old", "New"], ["2024-01-01", 1, ""], ["2024-01-02", 2, ""], ["2024-01-03", 3, 7], ["2024-01-04", 4, 0]] });
  assert.equal(panel.series[0]!.start, 0);
  assert.equal(panel.series[1]!.start, 2);
  assert.deepEqual(panel.series[1]!.values, [0, 0, 7, 0]);
  assert.ok(!panel.issues.some((i) => i.code === "missing-values"), "blank cells before launch are not gaps");
});

test("two header rows: brand over product gives 'Brand / Product' names", () => {
  const panel = ingestGrid({
    values: [
      ["", "Barilla", "", "De Cecco"],
      ["Date", "Penne", "Fusilli", "Penne"],
      ["2024-01-01", 1, 2, 3],
      ["2024-01-02", 4, 5, 6],
    ],
  });
  assertSound(panel);
  assert.deepEqual(panel.series.map((s) => s.id), ["Barilla / Penne", "Barilla / Fusilli", "De Cecco / Penne"]);
  assert.deepEqual(panel.series[2]!.values, [3, 6]);
});

test("long layout without a header row", () => {
  const panel = ingestGrid({ values: [["A", "2024-01-01", 1], ["A", "2024-01-02", 2], ["B", "2024-01-01", 5], ["B", "2024-01-02", 6]] });
  assertSound(panel);
  assert.equal(panel.layout, "long");
  assert.deepEqual(panel.series.map((s) => [s.id, s.values]), [["A", [1, 2]], ["B", [5, 6]]]);
});

test("describePanel summarises what the pane shows", () => {
  const panel = ingestGrid({ values: [["Date", "A", "B"], ["2024-01-01", 1, "x"], ["2024-01-03", 2, 3]] });
  assert.deepEqual(describePanel(panel), {
    layout: "wide",
    skuCount: 2,
    periods: 3,
    frequency: "daily",
    firstDate: "2024-01-01",
    lastDate: "2024-01-03",
    issueCounts: { error: 0, warning: 1, info: 2 },
  });
  assert.equal(issue(panel, "text-in-number-cell").cell, "C2");
  const empty = describePanel(ingestGrid({ values: [] }));
  assert.equal(empty.skuCount, 0);
  assert.equal(empty.firstDate, null);
  assert.equal(empty.issueCounts.error, 1);
});

/** A small store: 6 SKUs, two years of daily sales with weekly seasonality and promotions; store closed on holidays. */
function makeStore(): { wide: string; long: string; closed: Set<string>; expected: Map<string, number[]> } {
  const skus = ["B1_1", "B1_2", "B2_1", "B2_2", "B3_1", "B3_2"];
  const allDays = isoDays("2022-01-01", 730);
  const closed = new Set(allDays.filter((d) => d.endsWith("-12-25") || d.endsWith("-01-01") || d.endsWith("-05-01")));
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const qty = new Map<string, number[]>();
  const promo = new Map<string, number[]>();
  skus.forEach((sku, k) => {
    const q: number[] = [];
    const p: number[] = [];
    allDays.forEach((_, i) => {
      const on = rand() < 0.3 ? 1 : 0;
      const weekly = [1, 1, 1, 1.2, 1.5, 2, 0.6][i % 7]!;
      p.push(on);
      q.push(Math.round((k + 2) * weekly * (1 + on) * rand()));
    });
    qty.set(sku, q);
    promo.set(sku, p);
  });
  const wideRows = [["DATE", ...skus.map((s) => `QTY_${s}`), ...skus.map((s) => `PROMO_${s}`)].map((h) => `"${h}"`).join(",")];
  allDays.forEach((d, i) => {
    if (closed.has(d)) return;
    wideRows.push([d, ...skus.map((s) => qty.get(s)![i]), ...skus.map((s) => promo.get(s)![i])].join(","));
  });
  const longRows = ["series_id,date,value,promo,closed"];
  const expected = new Map<string, number[]>();
  for (const s of skus) {
    const e: number[] = [];
    allDays.forEach((d, i) => {
      const isClosed = closed.has(d);
      longRows.push(`${s},${d},${isClosed ? 0 : qty.get(s)![i]},${isClosed ? 0 : promo.get(s)![i]},${isClosed ? 1 : 0}`);
      e.push(isClosed ? 0 : qty.get(s)![i]!);
    });
    expected.set(s, e);
  }
  return { wide: wideRows.join("\r\n") + "\r\n", long: longRows.join("\n") + "\n", closed, expected };
}

test("a real-shaped store file, wide (closed days without a row) and long, read from CSV text to the same sales", () => {
  const store = makeStore();
  const wide = ingestGrid({ values: parseCsv(store.wide), sheet: "store.wide.csv" });
  const long = ingestGrid({ values: parseCsv(store.long), sheet: "store.long.csv" });
  assertSound(wide);
  assertSound(long);
  // The first closed day (2022-01-01) has no row in the wide file: its timeline starts on 2022-01-02.
  assert.deepEqual(describePanel(wide), {
    layout: "wide", skuCount: 6, periods: 729, frequency: "daily", firstDate: "2022-01-02", lastDate: "2023-12-31",
    issueCounts: { error: 0, warning: 0, info: 2 },
  });
  assert.deepEqual(describePanel(long), {
    layout: "long", skuCount: 6, periods: 730, frequency: "daily", firstDate: "2022-01-01", lastDate: "2023-12-31",
    issueCounts: { error: 0, warning: 0, info: 0 },
  });
  const missing = issue(wide, "missing-periods");
  assert.match(missing.found, new RegExp(`^${store.closed.size - 1} days`));
  assert.deepEqual(wide.series.map((s) => s.id), ["B1_1", "B1_2", "B2_1", "B2_2", "B3_1", "B3_2"]);
  assert.deepEqual(long.covariateNames, ["promo", "closed"]);
  assert.deepEqual(wide.covariateNames, ["promo"]);
  for (const s of long.series) {
    assert.deepEqual(s.values, store.expected.get(s.id));
    const w = wide.series.find((x) => x.id === s.id)!;
    assert.deepEqual(w.values, s.values.slice(1));
    assert.deepEqual(w.covariates.promo, s.covariates.promo!.slice(1));
    assert.equal(s.covariates.closed!.reduce((a, b) => a + b, 0), store.closed.size);
  }
});

test("numeric SKU codes as headers, a Total column, a sheet-qualified origin", () => {
  const panel = ingestGrid({
    origin: "Sheet1!$C$4",
    values: [["Date", 10001, 10002, "Total"], ["2024-01-01", 1, 2, 3], ["2024-01-02", 3, "?x", 3]],
  });
  assertSound(panel);
  assert.deepEqual(panel.series.map((s) => [s.id, s.values]), [["10001", [1, 3]], ["10002", [2, 0]]]);
  assert.equal(issue(panel, "total-column").cell, "F4");
  assert.equal(issue(panel, "text-in-number-cell").cell, "E6");
});

test("long layout with store and item columns: one series per store and item", () => {
  const panel = ingestGrid({
    values: [["Store", "Item", "Date", "Qty"], ["S1", "P1", "2024-01-01", 1], ["S1", "P2", "2024-01-01", 2], ["S2", "P1", "2024-01-01", 3], ["S1", "P1", "2024-01-02", 4]],
  });
  assertSound(panel);
  assert.deepEqual(panel.series.map((s) => [s.id, s.values]), [["S1 / P1", [1, 4]], ["S1 / P2", [2, 0]], ["S2 / P1", [3, 0]]]);
  assert.match(issue(panel, "missing-values").found, /SKU "S1 \/ P2" has no value for 1 day/);
});

test("a period-number column (Week 1, 2, 3...) orders the rows when there are no dates", () => {
  const panel = ingestGrid({ values: [["Week", "A"], [3, 30], [1, 10], [2, 20], [5, 50]] });
  assertSound(panel);
  assert.equal(panel.frequency, "weekly");
  assert.deepEqual(panel.series[0]!.values, [10, 20, 30, 0, 50]);
  assert.match(issue(panel, "period-numbers").action, /consecutive weekly periods/);
});

test("a shared promo column in a wide sheet applies to every SKU; SKUs without their own get 0", () => {
  const panel = ingestGrid({
    values: [["Date", "A", "B", "Holiday", "Promo A"], ["2024-01-01", 1, 2, 1, 1], ["2024-01-02", 3, 4, 0, 0]],
  });
  assertSound(panel);
  assert.deepEqual(panel.covariateNames, ["holiday", "promo"]);
  assert.deepEqual(panel.series[0]!.covariates, { holiday: [1, 0], promo: [1, 0] });
  assert.deepEqual(panel.series[1]!.covariates, { holiday: [1, 0], promo: [0, 0] });
  assert.equal(issue(panel, "covariate-not-given").sku, "B");
});

test("frequency option: daily sales grouped into weeks that start on the first date, or into months", () => {
  const values: CellValue[][] = [["Date", "A"], ...isoDays("2024-01-03", 15).map((d, i) => [d, i + 1])];
  const weekly = ingestGrid({ values }, { frequency: "weekly" });
  assertSound(weekly);
  assert.deepEqual(dates(weekly), ["2024-01-03", "2024-01-10", "2024-01-17"]);
  assert.deepEqual(weekly.series[0]!.values, [1 + 2 + 3 + 4 + 5 + 6 + 7, 8 + 9 + 10 + 11 + 12 + 13 + 14, 15]);
  assert.match(issue(weekly, "grouped-dates").action, /grouped into weekly periods as asked/);
  assert.ok(!weekly.issues.some((i) => i.code === "duplicate-date"));
  const monthly = ingestGrid({ values: [["Date", "A"], ["2024-01-30", 1], ["2024-01-31", 2], ["2024-02-01", 4]] }, { frequency: "monthly", duplicates: "mean" });
  assert.deepEqual(dates(monthly), ["2024-01-01", "2024-02-01"]);
  assert.deepEqual(monthly.series[0]!.values, [1.5, 4]);
});

test("a header row of numeric SKU codes over a date column with a blank heading", () => {
  const d = epochDayToExcelSerial(day("2024-01-01"));
  const panel = ingestGrid({
    values: [[null, 10001, 10002], [d, 1, 2], [d + 1, 3, 4]],
    numberFormats: [["General", "0", "0"], ["m/d/yyyy", "0", "0"], ["m/d/yyyy", "0", "0"]],
  });
  assertSound(panel);
  assert.deepEqual(panel.series.map((s) => [s.id, s.values]), [["10001", [1, 3]], ["10002", [2, 4]]]);
  assert.deepEqual(panel.issues, []);
});

test("dated rows after the last sale with nothing in them are reported, not used", () => {
  const panel = ingestGrid({ values: [["Week", "A"], ["2024-01-01", 4], ["2024-01-08", 5], ["2024-01-15", ""], ["2024-01-22", null]] });
  assertSound(panel);
  assert.deepEqual(dates(panel), ["2024-01-01", "2024-01-08"]);
  assert.match(issue(panel, "empty-future-dates").found, /^2 dates after the last data \(2024-01-15 to 2024-01-22\) have no sales/);
});
