// Blank cells as Excel really passes them to a custom function: null (Excel on the web), "" and 0 (some Excel desktop
// builds; office-js issues 4702, 5262, 1951). Every TREND.* function must give the same answer for all three
// encodings wherever the cells are blank: in ranges that run past the data (the timeline is blank there too) and in
// optional scalar arguments. TREND.MODEL takes no arguments.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { accuracy, band, forecast, restock, seasonality } from "../../src/functions/functions";
import { FormulaError } from "../../src/functions/errors";
import { resetActiveModel } from "../../src/office/active-model";

const SERIAL_2024_01_01 = 45292;
const ENCODINGS = [null, "", 0] as const;
type Blank = (typeof ENCODINGS)[number];
type Cell = number | string | null;

function sales(n: number, level = 20, phase = 0): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(level + 6 * Math.sin((2 * Math.PI * (i + phase)) / 7) + ((i * 7919) % 5)));
}
const dates = (n: number, start = SERIAL_2024_01_01) => Array.from({ length: n }, (_, i) => start + i);
/** A column range of `cells` followed by `pad` blank rows, with blanks written as `blank`. */
const col = (cells: readonly Cell[], pad: number, blank: Blank): Cell[][] => [...cells, ...Array<Cell>(pad).fill(null)].map((x) => [x ?? blank]);

beforeEach(() => resetActiveModel(async () => ({ status: "none" })));

const N = 60;
const PAD = 12;
const y = sales(N);
const y2 = sales(N, 70, 3);

test("FORECAST: a range running past the data gives the same forecast for blanks as null, \"\" and 0", async () => {
  const exact = await forecast(col(y, 0, null), col(dates(N), 0, null));
  assert.equal(exact.length, 28, "default horizon for daily data");
  for (const blank of ENCODINGS) {
    const values = col(y, PAD, blank);
    const timeline = col(dates(N), PAD, blank);
    assert.deepEqual(await forecast(values, timeline), exact, `blank as ${JSON.stringify(blank)}`);
    // blank optional cells (horizon, quantile, recalc) are omitted arguments
    assert.deepEqual(await forecast(values, timeline, blank as unknown as number, blank as unknown as number, blank), exact, `blank scalars as ${JSON.stringify(blank)}`);
    assert.deepEqual(await forecast(values, timeline, [[blank]] as unknown as number), exact, `1x1 blank horizon as ${JSON.stringify(blank)}`);
  }
});

test("FORECAST of SKUs in columns and of a row layout: same answer for every blank encoding", async () => {
  const grid = (pad: number, blank: Blank) => [...y.map((x, i) => [x, y2[i]]), ...Array.from({ length: pad }, () => [blank, blank])];
  const exact = await forecast(grid(0, null), col(dates(N), 0, null), 9);
  const rowExact = await forecast([y], [dates(N)], 9);
  for (const blank of ENCODINGS) {
    assert.deepEqual(await forecast(grid(PAD, blank), col(dates(N), PAD, blank), 9), exact, `columns, blank as ${JSON.stringify(blank)}`);
    const row = [[...y, ...Array<Cell>(PAD).fill(blank)]];
    const timeline = [[...dates(N), ...Array<Cell>(PAD).fill(blank)]];
    assert.deepEqual(await forecast(row, timeline, 9), rowExact, `row, blank as ${JSON.stringify(blank)}`);
  }
});

test("BAND, SEASONALITY and ACCURACY: same answer for every blank encoding of trailing rows and optional cells", async () => {
  const timelineExact = col(dates(N), 0, null);
  const bandExact = await band(col(y, 0, null), timelineExact);
  const seasonExact = await seasonality(col(y, 0, null), timelineExact);
  const accuracyExact = await accuracy(col(y, 0, null), timelineExact);
  assert.deepEqual(seasonExact, [[7]]);
  for (const blank of ENCODINGS) {
    const values = col(y, PAD, blank);
    const timeline = col(dates(N), PAD, blank);
    const b = blank as unknown as number;
    assert.deepEqual(await band(values, timeline, b, b, blank), bandExact, `BAND, blank as ${JSON.stringify(blank)}`);
    assert.deepEqual(await seasonality(values, timeline), seasonExact, `SEASONALITY, blank as ${JSON.stringify(blank)}`);
    assert.deepEqual(await accuracy(values, timeline, b, blank), accuracyExact, `ACCURACY, blank as ${JSON.stringify(blank)}`);
  }
});

test("RESTOCK: blank optional cells are omitted arguments and blank on_hand / lead_time are 0, for every encoding", async () => {
  const values = col(y, 0, null);
  const omitted = await restock(values, 12, 5, undefined, undefined, undefined, undefined, undefined, true);
  const zeroStock = await restock(values, 0, 0, undefined, undefined, undefined, undefined, undefined, true);
  const withGap = [...y] as Cell[];
  withGap[20] = null;
  const gapZero = [...y];
  gapZero[20] = 0;
  const gapExact = await restock(col(gapZero, 0, null), 12, 5);
  for (const blank of ENCODINGS) {
    const b = blank as unknown as number;
    assert.deepEqual(await restock(values, 12, 5, b, b, b, b, b, blank as unknown as boolean, blank), [[omitted[0][0]]], `blank as ${JSON.stringify(blank)}`);
    assert.deepEqual(await restock(values, 12, 5, b, b, b, b, b, true, blank), omitted, `detail, blank as ${JSON.stringify(blank)}`);
    assert.deepEqual(await restock(values, b, b, b, b, b, b, b, true), zeroStock, `blank on_hand and lead_time as ${JSON.stringify(blank)}`);
    assert.deepEqual(await restock(col(withGap, 0, blank), 12, 5), gapExact, `blank inside the history as ${JSON.stringify(blank)}`);
  }
});

test("a 0 where the timeline has a date is a real 0 sale; a sale in a row without a date is #VALUE!", async () => {
  const withZero = [...y, 0];
  const real = await forecast(col(withZero, 0, null), col(dates(N + 1), 0, null), 5);
  const trimmed = await forecast(col(y, 0, null), col(dates(N), 0, null), 5);
  assert.notDeepEqual(real, trimmed, "the dated trailing 0 is a period of history");
  for (const blank of ENCODINGS) {
    assert.deepEqual(await forecast(col(withZero, PAD, blank), col(dates(N + 1), PAD, blank), 5), real);
    const orphan = col(y, PAD, blank);
    orphan[N + 3] = [9];
    await assert.rejects(forecast(orphan, col(dates(N), PAD, blank), 5), (e: unknown) => {
      assert.ok(e instanceof FormulaError);
      assert.equal(e.code, "#VALUE!");
      assert.match(e.message, new RegExp(`timeline row ${N + 4} is blank but values has sales there`));
      return true;
    });
    // a blank date between dated rows is still a hole in the timeline, however it is encoded
    const holey = col(dates(N), PAD, blank);
    holey[30] = [blank];
    await assert.rejects(forecast(col(y, PAD, blank), holey, 5), /timeline row 31 is blank/);
  }
});
