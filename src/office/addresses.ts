/** A1 address helpers for the Office adapter (pure: no Excel calls). */

import { columnLetters } from "../engine/ingest/cells";

export { columnLetters };

/** "C14" -> { row: 13, column: 2 } (0-based). */
export function parseCell(cell: string): { row: number; column: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(cell.trim());
  if (!m) throw new Error(`Not a cell address: ${cell}`);
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, column: column - 1 };
}

/** 0-based row/column to "C14". */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/** "Sheet1!B3:D20" or "'My sheet'!B3" -> { sheet: "My sheet", first: "B3", last: "D20" }. */
export function splitAddress(address: string): { sheet: string | null; first: string; last: string } {
  const bang = address.lastIndexOf("!");
  let sheet: string | null = null;
  if (bang >= 0) {
    sheet = address.slice(0, bang);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  const ref = address.slice(bang + 1);
  const [first, last] = ref.split(":");
  return { sheet, first, last: last ?? first };
}

/** A sheet name quoted for use in a formula: 'Sales 2024'!A1. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
