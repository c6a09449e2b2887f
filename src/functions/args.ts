/**
 * Turns what Excel hands a custom function (numbers, "" or null for blanks, text, booleans, error strings, 2-D
 * arrays) into clean series, or a formula error that says which argument, which row and what to do.
 *
 * Rules (docs/formulas.md repeats them):
 * - values: one SKU per column (a single row is read as one SKU laid out left to right). Blank cells before the
 *   first and after the last number of a column are ignored (ranges may run past the data); a blank between numbers
 *   is a period with no sales (0). Text, TRUE/FALSE or an error value in a cell is #VALUE!.
 * - timeline: Excel dates (serial numbers) or ISO text dates, same number of rows as values, one period apart
 *   (daily, weekly or monthly), oldest first. Without a timeline the frequency is the trained model's, else daily.
 * - Blank cells reach a function as null (Excel on the web), "" or 0 (some Excel desktop builds, office-js issues
 *   4702, 5262, 1951), and all three mean the same: a timeline cell of 0 is blank (serial 0 is no date); rows before
 *   the first and after the last date of the timeline are not data, so 0s there are blanks, not sales; a 0 in values
 *   where the timeline has a date is a real 0. An optional scalar that is blank, or 0 where 0 is not a valid value
 *   (horizon, quantile, level, service_level, review_period, pack_size), is omitted: its default applies. A blank
 *   required number (on_hand, lead_time) is 0, as Excel reads a blank cell in arithmetic.
 */
import type { Frequency } from "../engine/types";
import { invalidValue } from "./errors";

/** Excel serial day number of 1970-01-01. */
export const EXCEL_EPOCH_OFFSET = 25569;

export type Orientation = "columns" | "row";

export type ParsedSeries = {
  /** 0-based column (or row, for a row layout) of this SKU inside the values range. */
  index: number;
  values: number[];
  /** Offset into the range's rows of values[0]. */
  first: number;
  /** Epoch day of each value when a timeline was given. */
  dates?: number[];
  /** Every cell of this SKU's column (or row) as read: a number, or null for a blank. */
  cells: (number | null)[];
};

export type ParsedValues = {
  orientation: Orientation;
  /** Number of periods in the range (rows, or columns for a row layout). */
  length: number;
  series: ParsedSeries[];
};

type Cell = unknown;

function isBlank(v: Cell): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

function describe(v: Cell): string {
  if (typeof v === "string") return `the text "${v.length > 20 ? v.slice(0, 20) + "…" : v}"`;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(v);
  return "a value that is not a number";
}

/** Normalises a scalar or 1-D/2-D argument to a rectangular 2-D array. */
export function asMatrix(arg: unknown, name: string): Cell[][] {
  if (!Array.isArray(arg)) return [[arg]];
  if (arg.length === 0) throw invalidValue(`${name} is empty: select the cells that hold the data.`);
  const rows = arg.map((r) => (Array.isArray(r) ? (r as Cell[]) : [r as Cell]));
  const width = rows[0].length;
  if (rows.some((r) => r.length !== width)) throw invalidValue(`${name} is not a rectangular range.`);
  return rows;
}

function numberAt(v: Cell, name: string, row: number, col: number, cols: number): number | null {
  if (isBlank(v)) return null;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const where = cols > 1 ? `row ${row + 1}, column ${col + 1}` : `row ${row + 1}`;
  throw invalidValue(`${name} ${where} holds ${describe(v)}; sales must be numbers (leave a cell blank for no sales).`);
}

/** Reads the values argument: one series per column (or one series for a single row). */
export function parseValues(arg: unknown, name = "values"): ParsedValues {
  const m = asMatrix(arg, name);
  const row = m.length === 1 && m[0].length > 1;
  const grid: Cell[][] = row ? m[0].map((v) => [v]) : m;
  const length = grid.length;
  const cols = grid[0].length;
  const series: ParsedSeries[] = [];
  for (let c = 0; c < cols; c++) {
    const nums: (number | null)[] = new Array(length);
    let first = -1;
    let last = -1;
    for (let r = 0; r < length; r++) {
      const x = numberAt(grid[r][c], name, row ? 0 : r, row ? r : c, row ? length : cols);
      nums[r] = x;
      if (x !== null) {
        if (first < 0) first = r;
        last = r;
      }
    }
    const values = first < 0 ? [] : nums.slice(first, last + 1).map((x) => x ?? 0);
    series.push({ index: c, values, first: Math.max(first, 0), cells: nums });
  }
  return { orientation: row ? "row" : "columns", length, series };
}

/** Keeps only periods lo..hi of every series (the rows the timeline dates), trimming blanks at both ends again. */
function restrictPeriods(parsed: ParsedValues, lo: number, hi: number): void {
  for (const s of parsed.series) {
    let first = -1;
    let last = -1;
    for (let r = lo; r <= hi; r++) {
      if (s.cells[r] !== null) {
        if (first < 0) first = r;
        last = r;
      }
    }
    s.values = first < 0 ? [] : s.cells.slice(first, last + 1).map((x) => x ?? 0);
    s.first = Math.max(first, 0);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateAt(v: Cell, row: number): number | null {
  // 0 is how some Excel desktop builds pass a blank cell; serial 0 (1900-01-00) is no date.
  if (isBlank(v) || v === 0) return null;
  if (typeof v === "number" && Number.isFinite(v) && v >= 1 && v < 2958466) return Math.floor(v) - EXCEL_EPOCH_OFFSET;
  if (typeof v === "string") {
    const m = ISO_DATE.exec(v.trim());
    if (m) {
      const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      const d = new Date(t);
      if (d.getUTCMonth() === Number(m[2]) - 1) return Math.round(t / 86400000);
    }
  }
  throw invalidValue(`timeline row ${row + 1} holds ${describe(v)}; dates must be Excel dates or text like 2024-03-01.`);
}

export function epochDayToIso(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

function monthIndex(day: number): { month: number; dayOfMonth: number } {
  const d = new Date(day * 86400000);
  return { month: d.getUTCFullYear() * 12 + d.getUTCMonth(), dayOfMonth: d.getUTCDate() };
}

/** Frequency of a regular, increasing timeline, or a #VALUE! naming the first row that breaks it. */
export function timelineFrequency(days: number[]): Frequency {
  if (days.length < 2) return "daily";
  const step = days[1] - days[0];
  let frequency: Frequency;
  if (step === 1) frequency = "daily";
  else if (step === 7) frequency = "weekly";
  else if (step >= 28 && step <= 31) frequency = "monthly";
  else throw invalidValue(
    `timeline rows 1-2 are ${epochDayToIso(days[0])} and ${epochDayToIso(days[1])}; dates must be one day, one week or one month apart.`,
  );
  for (let i = 1; i < days.length; i++) {
    let ok: boolean;
    if (frequency === "monthly") {
      const a = monthIndex(days[i - 1]);
      const b = monthIndex(days[i]);
      ok = b.month === a.month + 1;
    } else ok = days[i] - days[i - 1] === (frequency === "daily" ? 1 : 7);
    if (!ok) {
      throw invalidValue(
        `timeline row ${i + 1} (${epochDayToIso(days[i])}) does not follow row ${i} (${epochDayToIso(days[i - 1])}) by one ${
          frequency === "daily" ? "day" : frequency === "weekly" ? "week" : "month"
        }; sort the dates and add missing periods with blank sales.`,
      );
    }
  }
  return frequency;
}

/**
 * Reads the timeline and attaches dates to each series. The timeline must have as many periods as values; blank
 * dates are allowed only where every SKU's sales are blank (rows past the data).
 */
export function attachTimeline(parsed: ParsedValues, arg: unknown): Frequency {
  const m = asMatrix(arg, "timeline");
  const cells: Cell[] = m.length === 1 ? m[0] : m.map((r) => r[0]);
  if (m.length > 1 && m[0].length > 1) throw invalidValue("timeline must be a single column (or a single row) of dates.");
  if (cells.length !== parsed.length) {
    throw invalidValue(
      `timeline has ${cells.length} ${cells.length === 1 ? "date" : "dates"} but values has ${parsed.length} periods; select ranges of the same height.`,
    );
  }
  const days: (number | null)[] = cells.map((v, i) => dateAt(v, i));
  // Rows before the first and after the last date are not data (a range that runs past the data): their cells are
  // blanks however Excel encodes them (null, "" or 0), and a sales figure there needs its date.
  let dated0 = days.findIndex((d) => d !== null);
  let dated1 = days.length - 1;
  while (dated1 >= 0 && days[dated1] === null) dated1--;
  if (dated0 < 0) {
    dated0 = 0;
    dated1 = -1;
  }
  for (let r = 0; r < days.length; r++) {
    if (r >= dated0 && r <= dated1) continue;
    for (const s of parsed.series) {
      const x = s.cells[r];
      if (x !== null && x !== 0) throw invalidValue(`timeline row ${r + 1} is blank but values has sales there; fill in the date.`);
    }
  }
  restrictPeriods(parsed, dated0, dated1);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of parsed.series) {
    if (s.values.length === 0) continue;
    lo = Math.min(lo, s.first);
    hi = Math.max(hi, s.first + s.values.length - 1);
  }
  if (lo > hi) return "daily";
  const used: number[] = [];
  for (let r = lo; r <= hi; r++) {
    const d = days[r];
    if (d === null) throw invalidValue(`timeline row ${r + 1} is blank but values has sales there; fill in the date.`);
    used.push(d);
  }
  const frequency = timelineFrequency(used);
  for (const s of parsed.series) s.dates = used.slice(s.first - lo, s.first - lo + s.values.length);
  return frequency;
}

/** A 1x1 range passed where a scalar belongs is its one cell. */
function scalar(v: unknown, name: string): unknown {
  if (Array.isArray(v)) return asMatrix(v, name).length === 1 && (v as Cell[][])[0].length === 1 ? (v as Cell[][])[0][0] : v;
  return v;
}

/** An optional argument's cell is blank: null, undefined, "" or, where 0 is not a valid value, 0 (blank in Excel desktop). */
function omitted(v: unknown, zeroIsValid: boolean): boolean {
  return isBlank(v) || (!zeroIsValid && v === 0);
}

/** Optional whole number in [min, max]; blank or omitted (or 0 when min > 0) gives the default. */
export function integerArg(v: unknown, name: string, dflt: number, min: number, max: number): number {
  v = scalar(v, name);
  if (omitted(v, min <= 0)) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidValue(`${name} must be a number, not ${describe(v)}.`);
  if (!Number.isInteger(v)) throw invalidValue(`${name} must be a whole number of periods, not ${v}.`);
  if (v < min || v > max) throw invalidValue(`${name} must be between ${min} and ${max}, not ${v}.`);
  return v;
}

/** Optional number strictly between 0 and 1 (a quantile or band level); blank (or 0) gives the default. */
export function fractionArg(v: unknown, name: string, dflt: number): number {
  v = scalar(v, name);
  if (omitted(v, false)) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidValue(`${name} must be a number between 0 and 1, not ${describe(v)}.`);
  if (v <= 0 || v >= 1) throw invalidValue(`${name} must be between 0 and 1 (for example 0.9), not ${v}.`);
  return v;
}

/**
 * Number ≥ min. Optional (dflt given): blank, or 0 when `zeroIsBlank` (0 is no valid value), gives the default. Required (dflt undefined): a
 * blank cell is 0, as Excel reads it (and as Excel desktop passes it); only a missing argument is an error.
 */
export function numberArg(v: unknown, name: string, dflt: number | undefined, min = 0, zeroIsBlank = min > 0): number {
  v = scalar(v, name);
  if (dflt === undefined) {
    if (v === undefined) throw invalidValue(`${name} is required.`);
    if (isBlank(v)) v = 0;
  } else if (omitted(v, !zeroIsBlank)) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidValue(`${name} must be a number, not ${describe(v)}.`);
  if (v < min) throw invalidValue(`${name} must be at least ${min}, not ${v}.`);
  return v;
}

/** Optional TRUE/FALSE (1/0 accepted). */
export function booleanArg(v: unknown, name: string): boolean {
  v = scalar(v, name);
  if (isBlank(v)) return false;
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw invalidValue(`${name} must be TRUE or FALSE, not ${describe(v)}.`);
}
