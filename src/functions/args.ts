/**
 * Turns what Excel hands a custom function (numbers, "" or null for blanks, text, booleans, error strings, 2-D
 * arrays) into clean series, or a formula error that says which argument, which row and what to do.
 *
 * Rules (the README's formula cookbook repeats them):
 * - values: one SKU per column (a single row is read as one SKU laid out left to right). Blank cells before the
 *   first and after the last number of a column are ignored (ranges may run past the data); a blank between numbers
 *   is a period with no sales (0). Text, TRUE/FALSE or an error value in a cell is #VALUE!.
 * - timeline: Excel dates (serial numbers) or ISO text dates, same number of rows as values, one period apart
 *   (daily, weekly or monthly), oldest first. Without a timeline the frequency is the trained model's, else daily.
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
    series.push({ index: c, values, first: Math.max(first, 0) });
  }
  return { orientation: row ? "row" : "columns", length, series };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateAt(v: Cell, row: number): number | null {
  if (isBlank(v)) return null;
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

/** Optional whole number in [min, max]; blank or omitted gives the default. */
export function integerArg(v: unknown, name: string, dflt: number, min: number, max: number): number {
  if (Array.isArray(v)) v = asMatrix(v, name).length === 1 && (v as Cell[][])[0].length === 1 ? (v as Cell[][])[0][0] : v;
  if (isBlank(v)) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidValue(`${name} must be a number, not ${describe(v)}.`);
  if (!Number.isInteger(v)) throw invalidValue(`${name} must be a whole number of periods, not ${v}.`);
  if (v < min || v > max) throw invalidValue(`${name} must be between ${min} and ${max}, not ${v}.`);
  return v;
}

/** Optional number strictly between 0 and 1 (a quantile or band level). */
export function fractionArg(v: unknown, name: string, dflt: number): number {
  if (isBlank(v)) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidValue(`${name} must be a number between 0 and 1, not ${describe(v)}.`);
  if (v <= 0 || v >= 1) throw invalidValue(`${name} must be between 0 and 1 (for example 0.9), not ${v}.`);
  return v;
}

/** Optional number ≥ min; blank or omitted gives the default. */
export function numberArg(v: unknown, name: string, dflt: number | undefined, min = 0): number {
  if (isBlank(v)) {
    if (dflt === undefined) throw invalidValue(`${name} is required.`);
    return dflt;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidValue(`${name} must be a number, not ${describe(v)}.`);
  if (v < min) throw invalidValue(`${name} must be at least ${min}, not ${v}.`);
  return v;
}

/** Optional TRUE/FALSE (1/0 accepted). */
export function booleanArg(v: unknown, name: string): boolean {
  if (isBlank(v)) return false;
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw invalidValue(`${name} must be TRUE or FALSE, not ${describe(v)}.`);
}
