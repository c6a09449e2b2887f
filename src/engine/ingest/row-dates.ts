/** Dates of the rows: date text (day/month order decided from the data), Excel serials, period numbers. */
import type { Frequency } from "../types";
import { type DateColumn, isDateObject } from "./columns";
import { type DateOrder, type DateTextShape, dateTextShape, daysFromCivil, epochDayToIso, excelSerialToEpochDay, resolveAmbiguous } from "./dates";
import { IssueLog } from "./issues";
import { type IngestOptions, MAX_DAY, MIN_DAY, UNDATED_START } from "./limits";
import { type Sheet, address, cellAt, columnName } from "./sheet";
import { numberFromText, readNumber, show } from "./values";

// Dates of the rows

export type RowDates = {
  /** Epoch day of each data row (NaN when the row has no usable date). */
  days: Float64Array;
  frequencyHint: Frequency | null;
};

/** Period numbers instead of dates: consecutive periods from UNDATED_START. */
function periodNumberDays(sheet: Sheet, dateCol: DateColumn, firstData: number, options: IngestOptions, log: IssueLog, days: Float64Array): RowDates {
  const nRows = sheet.rows.length;
  const c = dateCol.col;
  const f = options.frequency ?? dateCol.indexFrequency;
  let min = Infinity;
  for (let r = firstData; r < nRows; r++) {
    const n = readNumber(cellAt(sheet, r, c));
    if ("value" in n && Number.isInteger(n.value)) min = Math.min(min, n.value);
  }
  for (let r = firstData; r < nRows; r++) {
    const v = cellAt(sheet, r, c);
    const n = readNumber(v);
    if ("value" in n && Number.isInteger(n.value)) {
      const k = n.value - min;
      days[r] = f === "daily" ? UNDATED_START + k : f === "weekly" ? UNDATED_START + 2 + 7 * k : monthStart(k);
    }
  }
  log.add({
    severity: "info",
    code: "period-numbers",
    params: { column: columnName(sheet, c), frequency: f, start: epochDayToIso(UNDATED_START) },
    cell: address(sheet, firstData, c),
    found: `column ${columnName(sheet, c)} numbers the periods instead of giving dates`,
    action: `read as consecutive ${f} periods; dates from ${epochDayToIso(UNDATED_START)} on stand in for real dates`,
  });
  return { days, frequencyHint: f };
}

/** What the date texts of a column say about the day/month order, and which date forms it holds. */
type DateEvidence = {
  shapes: Map<string, DateTextShape | null>;
  dmyEvidence: number;
  mdyEvidence: number;
  dmyCell: string;
  mdyCell: string;
  ambiguous: number;
  ambiguousCell: string;
  ambiguousText: string;
  formats: Set<string>;
};

function dateEvidence(sheet: Sheet, c: number, firstData: number): DateEvidence {
  const e: DateEvidence = { shapes: new Map(), dmyEvidence: 0, mdyEvidence: 0, dmyCell: "", mdyCell: "", ambiguous: 0, ambiguousCell: "", ambiguousText: "", formats: new Set() };
  for (let r = firstData; r < sheet.rows.length; r++) {
    const v = cellAt(sheet, r, c);
    if (typeof v === "string") {
      const t = v.trim();
      let shape = e.shapes.get(t);
      if (shape === undefined) {
        shape = dateTextShape(t);
        e.shapes.set(t, shape);
      }
      if (shape === null) continue;
      if (shape.kind === "ambiguous") {
        e.formats.add("day/month text");
        if (shape.first > 12 && shape.second <= 12) {
          e.dmyEvidence++;
          if (e.dmyCell === "") e.dmyCell = address(sheet, r, c);
        } else if (shape.second > 12 && shape.first <= 12) {
          e.mdyEvidence++;
          if (e.mdyCell === "") e.mdyCell = address(sheet, r, c);
        } else if (shape.first <= 12 && shape.second <= 12 && shape.first !== shape.second) {
          e.ambiguous++;
          if (e.ambiguousCell === "") {
            e.ambiguousCell = address(sheet, r, c);
            e.ambiguousText = t;
          }
        }
      } else e.formats.add(/^\d{4}-\d{2}-\d{2}/.test(t) ? "ISO text" : "other date text");
    } else if (typeof v === "number") e.formats.add("Excel date numbers");
  }
  return e;
}

/** The day/month order: as asked, else from the evidence (with an issue when it was not plain). */
function decideOrder(e: DateEvidence, options: IngestOptions, log: IssueLog): DateOrder {
  const { dmyEvidence, mdyEvidence, dmyCell, mdyCell, ambiguous, ambiguousCell } = e;
  let order: DateOrder = "dmy";
  const forced = options.dateOrder === "dmy" || options.dateOrder === "mdy" ? options.dateOrder : null;
  if (forced) order = forced;
  else if (dmyEvidence > 0 && mdyEvidence === 0) {
    order = "dmy";
    if (ambiguous > 0) {
      log.add({
        severity: "info",
        code: "date-order",
        params: { variant: "dmy", cell: ambiguousCell, proof: dmyCell },
        cell: ambiguousCell,
        found: `dates such as ${ambiguousCell} could be day/month or month/day; ${dmyCell} can only be day/month`,
        action: "read all dates as day/month/year",
      });
    }
  } else if (mdyEvidence > 0 && dmyEvidence === 0) {
    order = "mdy";
    if (ambiguous > 0) {
      log.add({
        severity: "info",
        code: "date-order",
        params: { variant: "mdy", cell: ambiguousCell, proof: mdyCell },
        cell: ambiguousCell,
        found: `dates such as ${ambiguousCell} could be day/month or month/day; ${mdyCell} can only be month/day`,
        action: "read all dates as month/day/year",
      });
    }
  } else if (dmyEvidence > 0 && mdyEvidence > 0) {
    order = dmyEvidence >= mdyEvidence ? "dmy" : "mdy";
    log.add({
      severity: "warning",
      code: "mixed-date-order",
      params: { order, dmyCell, dmyCount: dmyEvidence, mdyCell, mdyCount: mdyEvidence },
      cell: order === "dmy" ? mdyCell : dmyCell,
      found: `the date column mixes day/month (e.g. ${dmyCell}, ${dmyEvidence} cells) and month/day (e.g. ${mdyCell}, ${mdyEvidence} cells) dates`,
      action: `read dates as ${order === "dmy" ? "day/month" : "month/day"}, the more common form; cells that cannot be read that way are left out. Check the dates or set the date order`,
    });
  } else if (ambiguous > 0) {
    order = orderByRegularity(e.shapes);
    log.add({
      severity: "warning",
      code: "ambiguous-date-order",
      params: { text: show(e.ambiguousText), cell: ambiguousCell, order },
      cell: ambiguousCell,
      found: `no date tells whether texts like ${show(e.ambiguousText)} at ${ambiguousCell} are day/month or month/day`,
      action: `read as ${order === "dmy" ? "day/month/year" : "month/day/year"} (the order that gives more evenly spaced dates); set the date order if this is wrong`,
    });
  }
  return order;
}

/** Epoch day of each row's date cell in the decided order (NaN when unusable or out of range). */
function calendarDays(sheet: Sheet, c: number, firstData: number, shapes: Map<string, DateTextShape | null>, order: DateOrder, days: Float64Array): void {
  const resolved = new Map<string, number | null>();
  for (let r = firstData; r < sheet.rows.length; r++) {
    const v = cellAt(sheet, r, c);
    let day: number | null = null;
    if (typeof v === "number") {
      if (Number.isFinite(v) && v >= 1 && v < 2958466) day = excelSerialToEpochDay(v);
    } else if (isDateObject(v)) {
      const t = (v as unknown as Date).getTime();
      if (Number.isFinite(t)) day = Math.floor(t / 86400000);
    } else if (typeof v === "string") {
      const t = v.trim();
      const hit = resolved.get(t);
      if (hit !== undefined) day = hit;
      else {
        const shape = shapes.get(t) ?? null;
        if (shape !== null) day = shape.kind === "ymd" ? ymdDay(shape) : resolveAmbiguous(shape, order);
        else {
          const n = numberFromText(t);
          if (n !== null && n >= 1 && n < 2958466) day = excelSerialToEpochDay(n);
        }
        resolved.set(t, day);
      }
    }
    if (day !== null && day >= MIN_DAY && day <= MAX_DAY) days[r] = day;
  }
}

const FORM_CODES: Record<string, string> = { "day/month text": "dmy", "ISO text": "iso", "other date text": "text", "Excel date numbers": "serial" };

/** The date forms of a column as catalogue choices, in the order met: form1..form4 ("none" past the last). */
function formParams(column: string, forms: string[]): Record<string, string> {
  const params: Record<string, string> = { column };
  for (let k = 0; k < 4; k++) params[`form${k + 1}`] = k < forms.length ? FORM_CODES[forms[k]!] ?? "text" : "none";
  return params;
}

export function readDates(
  sheet: Sheet,
  dateCol: DateColumn,
  firstData: number,
  options: IngestOptions,
  log: IssueLog,
): RowDates {
  const days = new Float64Array(sheet.rows.length).fill(NaN);
  const c = dateCol.col;
  if (dateCol.kind === "index") return periodNumberDays(sheet, dateCol, firstData, options, log, days);

  // Calendar dates: decide the day/month order of texts like 03/04/2024 from the whole column.
  const evidence = dateEvidence(sheet, c, firstData);
  const order = decideOrder(evidence, options, log);
  if (evidence.formats.size > 1) {
    log.add({
      severity: "info",
      code: "mixed-date-formats",
      params: formParams(columnName(sheet, c), [...evidence.formats]),
      cell: address(sheet, firstData, c),
      found: `column ${columnName(sheet, c)} mixes date forms: ${[...evidence.formats].join(", ")}`,
      action: "read each cell in its own form",
    });
  }
  calendarDays(sheet, c, firstData, evidence.shapes, order, days);
  return { days, frequencyHint: null };
}

export function ymdDay(shape: { year: number; month: number; day: number }): number {
  return daysFromCivil(shape.year, shape.month, shape.day);
}

export function monthStart(k: number): number {
  const total = 2000 * 12 + k;
  return daysFromCivil(Math.floor(total / 12), (total % 12) + 1, 1);
}

/** For a column where every day/month text is ambiguous: the order giving more evenly spaced distinct dates. */
export function orderByRegularity(shapes: Map<string, DateTextShape | null>): DateOrder {
  const score = (order: DateOrder): number => {
    const set = new Set<number>();
    for (const shape of shapes.values()) {
      if (shape === null) continue;
      const d = shape.kind === "ymd" ? ymdDay(shape) : resolveAmbiguous(shape, order);
      if (d !== null) set.add(d);
    }
    const sorted = [...set].sort((a, b) => a - b);
    if (sorted.length < 2) return 0;
    const counts = new Map<number, number>();
    for (let i = 1; i < sorted.length; i++) {
      const st = sorted[i]! - sorted[i - 1]!;
      const key = st >= 28 && st <= 31 ? 30 : st;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const span = sorted[sorted.length - 1]! - sorted[0]!;
    // Evenly spaced first; between two evenly spaced readings, the denser one (days rather than months apart).
    return Math.max(...counts.values()) / (sorted.length - 1) - span * 1e-9;
  };
  return score("mdy") > score("dmy") ? "mdy" : "dmy";
}

// ---------------------------------------------------------------------------------------------------------------
