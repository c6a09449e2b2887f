/** The grid, cleaned of blank rows and columns, with sheet-relative addresses for issue messages. */
import type { CellGrid, CellValue } from "../types";
import { columnLetters } from "./cells";
import { IssueLog } from "./issues";
import { parseOrigin } from "./values";

// The grid, cleaned of blank rows and columns

export type Sheet = {
  values: CellValue[][];
  formats: string[][] | undefined;
  /** Grid row index of each kept row, grid column index of each kept column. */
  rows: number[];
  cols: number[];
  origin: { col: number; row: number };
};

export function cellAt(sheet: Sheet, r: number, c: number): CellValue {
  const row = sheet.values[sheet.rows[r]!];
  return row ? row[sheet.cols[c]!] : undefined;
}

export function formatAt(sheet: Sheet, r: number, c: number): string | undefined {
  const f = sheet.formats;
  if (!f) return undefined;
  const row = f[sheet.rows[r]!];
  return Array.isArray(row) ? row[sheet.cols[c]!] : undefined;
}

export function address(sheet: Sheet, r: number, c: number): string {
  return `${columnLetters(sheet.origin.col + sheet.cols[c]!)}${sheet.origin.row + sheet.rows[r]! + 1}`;
}

export function sheetRow(sheet: Sheet, r: number): number {
  return sheet.origin.row + sheet.rows[r]! + 1;
}

export function columnName(sheet: Sheet, c: number): string {
  return columnLetters(sheet.origin.col + sheet.cols[c]!);
}

export function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

export function describeRuns(nums: number[], label: (n: number) => string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < nums.length && parts.length < 6) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    parts.push(j === i ? label(nums[i]!) : `${label(nums[i]!)}-${label(nums[j]!)}`);
    i = j + 1;
  }
  return i < nums.length ? `${parts.join(", ")} and more` : parts.join(", ");
}

export function cleanSheet(grid: CellGrid, log: IssueLog): Sheet | null {
  const values = grid.values;
  const origin = parseOrigin(grid.origin);
  let width = 0;
  const nonBlankRows: number[] = [];
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    if (!Array.isArray(row)) continue;
    let any = false;
    for (let c = 0; c < row.length; c++) {
      if (!isBlank(row[c])) {
        any = true;
        if (c + 1 > width) width = c + 1;
      }
    }
    if (any) nonBlankRows.push(r);
  }
  if (nonBlankRows.length === 0) return null;
  const usedCols = new Uint8Array(width);
  for (const r of nonBlankRows) {
    const row = values[r]!;
    const n = Math.min(row.length, width);
    for (let c = 0; c < n; c++) if (usedCols[c] === 0 && !isBlank(row[c])) usedCols[c] = 1;
  }
  const cols: number[] = [];
  const blankCols: number[] = [];
  let firstCol = -1;
  let lastCol = -1;
  for (let c = 0; c < width; c++) {
    if (usedCols[c]) {
      cols.push(c);
      if (firstCol < 0) firstCol = c;
      lastCol = c;
    }
  }
  for (let c = firstCol; c <= lastCol; c++) if (!usedCols[c]) blankCols.push(c);
  const first = nonBlankRows[0]!;
  const last = nonBlankRows[nonBlankRows.length - 1]!;
  const blankRows: number[] = [];
  let k = 0;
  for (let r = first; r <= last; r++) {
    if (nonBlankRows[k] === r) k++;
    else blankRows.push(r);
  }
  const formats = Array.isArray(grid.numberFormats) ? grid.numberFormats : undefined;
  const sheet: Sheet = { values, formats, rows: nonBlankRows, cols, origin };
  if (blankRows.length > 0) {
    log.add({
      severity: "info",
      code: "blank-rows",
      row: origin.row + blankRows[0]! + 1,
      found: `${blankRows.length} blank row${blankRows.length === 1 ? "" : "s"} inside the data (row${blankRows.length === 1 ? "" : "s"} ${describeRuns(blankRows, (r) => String(origin.row + r + 1))})`,
      action: "skipped; dates missing because of them are filled like other missing periods",
    });
  }
  if (blankCols.length > 0) {
    log.add({
      severity: "info",
      code: "blank-columns",
      cell: `${columnLetters(origin.col + blankCols[0]!)}${origin.row + first + 1}`,
      found: `${blankCols.length} blank column${blankCols.length === 1 ? "" : "s"} inside the data (${describeRuns(blankCols, (c) => columnLetters(origin.col + c))})`,
      action: "skipped",
    });
  }
  return sheet;
}

// ---------------------------------------------------------------------------------------------------------------
