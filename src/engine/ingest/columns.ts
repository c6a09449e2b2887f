/** Column typing, header rows and the date column. */
import type { CellValue, Frequency } from "../types";
import { dateTextShape } from "./dates";
import { INDEX_FREQUENCY, MISSING_MARKERS, isDateFormat, isDateHeader, normalizeHeader } from "./headers";
import { type Sheet, cellAt, formatAt } from "./sheet";
import { BOOL, EMPTY, FLAG_WORDS, NUM, NUMTEXT, TEXT, kindOf, numberFromText } from "./values";

// Column typing, header rows and the date column

export type ColumnStats = {
  nonEmpty: number;
  numbers: number;
  texts: number;
  dateTexts: number;
  dateFormatted: number;
  serialRange: number;
  integers: number;
  binary: number;
  /** yes/no, TRUE/FALSE, x: flag words. */
  flags: number;
  distinctTexts: number;
};

export const SAMPLE = 1200;

export function sampleRows(from: number, to: number): number[] {
  const n = to - from;
  if (n <= 0) return [];
  if (n <= SAMPLE) return Array.from({ length: n }, (_, i) => from + i);
  const out: number[] = [];
  for (let i = 0; i < SAMPLE; i++) out.push(from + Math.floor((i * n) / SAMPLE));
  return out;
}

export function columnStats(sheet: Sheet, c: number, rows: number[]): ColumnStats {
  const s: ColumnStats = {
    nonEmpty: 0, numbers: 0, texts: 0, dateTexts: 0, dateFormatted: 0, serialRange: 0, integers: 0, binary: 0, flags: 0, distinctTexts: 0,
  };
  const seen = new Set<string>();
  for (const r of rows) {
    const v = cellAt(sheet, r, c);
    if (isDateObject(v)) {
      s.nonEmpty++;
      s.dateFormatted++;
      continue;
    }
    const k = kindOf(v);
    if (k === EMPTY) continue;
    s.nonEmpty++;
    if (k === NUM || k === NUMTEXT) {
      s.numbers++;
      const n = typeof v === "number" ? v : Number(numberFromText(String(v).trim()));
      if (Number.isInteger(n)) s.integers++;
      if (n === 0 || n === 1) s.binary++;
      if (n >= 18264 && n <= 73051) s.serialRange++;
      if (k === NUM && isDateFormat(formatAt(sheet, r, c))) s.dateFormatted++;
      else if (k === NUMTEXT && dateTextShape(String(v)) !== null) s.dateTexts++;
    } else if (k === TEXT) {
      const t = String(v).trim();
      if (dateTextShape(t) !== null) s.dateTexts++;
      else if (FLAG_WORDS[t.toLowerCase()] !== undefined) s.flags++;
      else if (MISSING_MARKERS.has(t.toLowerCase())) s.nonEmpty--;
      else {
        s.texts++;
        seen.add(t);
      }
    } else if (k === BOOL) s.flags++;
  }
  s.distinctTexts = seen.size;
  return s;
}

/** A JavaScript Date: not a value Excel hands over, but file readers may. */
export function isDateObject(v: CellValue): boolean {
  return (v as unknown) instanceof Date;
}

export function isHeaderText(v: CellValue): boolean {
  if (kindOf(v) !== TEXT) return false;
  const t = String(v).trim();
  return !MISSING_MARKERS.has(t.toLowerCase()) && dateTextShape(t) === null;
}

export function typedColumn(s: ColumnStats): boolean {
  return s.nonEmpty > 0 && s.numbers + s.dateTexts + s.flags >= 0.5 * s.nonEmpty;
}

/** Leading rows that are headers: text above a column of numbers or dates, and no date in the row itself. */
export function findHeaderRows(sheet: Sheet): number {
  const nRows = sheet.rows.length;
  const nCols = sheet.cols.length;
  const maxHeaders = Math.min(5, nRows - 1);
  if (maxHeaders <= 0) {
    // One row: a header only when it is all text.
    let texts = 0;
    for (let c = 0; c < nCols; c++) if (isHeaderText(cellAt(sheet, 0, c))) texts++;
    return texts > 0 && texts === nCols ? 1 : 0;
  }
  const below = sampleRows(Math.min(maxHeaders, nRows - 1), nRows);
  const stats = Array.from({ length: nCols }, (_, c) => columnStats(sheet, c, below));
  // A column of dates below a blank cell: the row above is a header even when its other cells are numbers (SKU codes).
  const dateColumns = stats.map((s) => s.nonEmpty >= 1 && s.dateTexts + s.dateFormatted >= 0.9 * s.nonEmpty);
  let headers = 0;
  for (let r = 0; r < maxHeaders; r++) {
    let textOverTyped = false;
    let hasDate = false;
    for (let c = 0; c < nCols; c++) {
      const v = cellAt(sheet, r, c);
      const k = kindOf(v);
      if (k === EMPTY && dateColumns[c]) textOverTyped = true;
      if (k === TEXT || k === NUMTEXT) {
        if (dateTextShape(String(v)) !== null) hasDate = true;
        else if (k === TEXT && isHeaderText(v) && typedColumn(stats[c]!)) textOverTyped = true;
      } else if ((k === NUM && isDateFormat(formatAt(sheet, r, c))) || isDateObject(v)) hasDate = true;
    }
    if (textOverTyped && !hasDate) headers = r + 1;
    else break;
  }
  return headers;
}

export type DateColumn = { col: number; kind: "calendar" | "index"; indexFrequency: Frequency };

export function findDateColumn(sheet: Sheet, headerTexts: string[], dataRows: number[], stats: ColumnStats[]): DateColumn | null {
  let best: DateColumn | null = null;
  let bestScore = 0;
  const firstCol = stats.findIndex((s) => s.nonEmpty > 0);
  for (let c = 0; c < stats.length; c++) {
    const s = stats[c]!;
    if (s.nonEmpty === 0) continue;
    const header = headerTexts[c] ?? "";
    const dateHeader = isDateHeader(header);
    let score = (s.dateTexts + s.dateFormatted) / s.nonEmpty;
    let kind: DateColumn["kind"] = "calendar";
    if (dateHeader && score < 0.6) {
      const serialScore = (s.dateTexts + s.dateFormatted + s.serialRange) / s.nonEmpty;
      if (serialScore >= 0.6) score = serialScore;
      else if (s.integers === s.nonEmpty && s.serialRange === 0) {
        kind = "index";
        score = 0.99;
      }
    } else if (!dateHeader && score < 0.6 && c === firstCol && header === "" && s.nonEmpty >= 2) {
      if (s.serialRange === s.nonEmpty && s.integers === s.nonEmpty && regularSerials(sheet, c, dataRows)) score = 0.9;
    }
    if (dateHeader) score += 0.05;
    if (score >= 0.6 && score > bestScore) {
      bestScore = score;
      let indexFrequency: Frequency = "daily";
      for (const [re, f] of INDEX_FREQUENCY) if (re.test(normalizeHeader(header))) indexFrequency = f;
      best = { col: c, kind, indexFrequency };
    }
  }
  return best;
}

/** Serial-range integers without a date format count as dates only when their steps look like a calendar. */
export function regularSerials(sheet: Sheet, c: number, rows: number[]): boolean {
  const vals = new Set<number>();
  for (const r of rows) {
    const n = Number(cellAt(sheet, r, c));
    if (Number.isFinite(n)) vals.add(n);
  }
  const sorted = [...vals].sort((a, b) => a - b);
  if (sorted.length < 2) return false;
  const steps = sorted.slice(1).map((v, i) => v - sorted[i]!).sort((a, b) => a - b);
  const med = steps[steps.length >> 1]!;
  return med === 1 || med === 7 || (med >= 28 && med <= 31);
}

// ---------------------------------------------------------------------------------------------------------------
