/**
 * Numbers written as text with a decimal comma. "12,5" and "1.234,56" can only mean 12.5 and 1234.56, "1,234.56" only
 * 1234.56; "2,250" and "2.250" (one separator, then three digits) mean 2250 or 2.25 depending on the convention.
 * The convention is read per column from the evidence in it (cells that allow one reading only), else from the other
 * columns, else from the source (`CellGrid.decimalSeparator`: a `;`-separated CSV, a comma-decimal locale), else the
 * decimal point. Cells are rewritten to plain numbers before anything else reads the sheet; a column that needed the
 * guess for ambiguous cells gets a warning naming them, a column mixing both conventions another.
 * Numbers Excel hands over as numbers need none of this: only text cells are read here.
 */
import type { CellValue } from "../types";
import type { IssueLog } from "./issues";
import { type Sheet, address, cellAt, columnName } from "./sheet";
import { show } from "./values";

export type DecimalSeparator = "." | ",";

/** A number's text: sign, parenthesis or currency before, the digits and separators, percent or parenthesis after. */
const NUMBER_TEXT = /^([+-]?\(?[+-]?[$€£¥]?\s*)(\d[\d.,]*|[.,]\d+)(\s*%?\)?)$/;
const AMBIGUOUS = /^[1-9]\d{0,2}[.,]\d{3}$/;
const POINT_DECIMAL = /^(?:\d*\.\d+|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})$/;
const COMMA_DECIMAL = /^(?:\d*,\d+|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})$/;

type Reading = { kind: "point" | "comma" | "ambiguous"; prefix: string; digits: string; suffix: string };

function readingOf(v: CellValue): Reading | null {
  if (typeof v !== "string") return null;
  const m = NUMBER_TEXT.exec(v.trim());
  if (!m) return null;
  const digits = m[2]!;
  if (!digits.includes(",") && !digits.includes(".")) return null;
  const kind = AMBIGUOUS.test(digits) ? "ambiguous" : POINT_DECIMAL.test(digits) ? "point" : COMMA_DECIMAL.test(digits) ? "comma" : null;
  return kind === null ? null : { kind, prefix: m[1]!, digits, suffix: m[3]! };
}

/** The digits read with the given decimal separator (the other one groups thousands). */
function valueOf(digits: string, sep: DecimalSeparator): number {
  const group = sep === "," ? "." : ",";
  return Number(digits.split(group).join("").replace(sep, "."));
}

type ColumnEvidence = { point: number; comma: number; firstPoint: number; firstComma: number; ambiguous: number[] };

function columnEvidence(sheet: Sheet, c: number): ColumnEvidence {
  const e: ColumnEvidence = { point: 0, comma: 0, firstPoint: -1, firstComma: -1, ambiguous: [] };
  for (let r = 0; r < sheet.rows.length; r++) {
    const read = readingOf(cellAt(sheet, r, c));
    if (read === null) continue;
    if (read.kind === "ambiguous") e.ambiguous.push(r);
    else if (read.kind === "point") {
      if (e.point++ === 0) e.firstPoint = r;
    } else if (e.comma++ === 0) e.firstComma = r;
  }
  return e;
}

function separatorName(sep: DecimalSeparator): string {
  return sep === "," ? "decimal comma" : "decimal point";
}

/** Ambiguous cells read without evidence in their own column: one warning naming them. */
const GUESS_WHY = { columns: "as in the other columns", source: "as the source is written", none: "nothing in the data says otherwise" };

function reportGuess(sheet: Sheet, c: number, e: ColumnEvidence, sep: DecimalSeparator, whyCode: keyof typeof GUESS_WHY, log: IssueLog): void {
  const why = GUESS_WHY[whyCode];
  const cells = e.ambiguous.map((r) => address(sheet, r, c));
  const first = cellAt(sheet, e.ambiguous[0]!, c);
  const digits = readingOf(first)!.digits;
  const other: DecimalSeparator = sep === "," ? "." : ",";
  log.add({
    severity: "warning",
    code: "ambiguous-decimal",
    params: {
      count: cells.length,
      column: columnName(sheet, c),
      cells: `${cells.slice(0, 5).join(", ")}${cells.length > 5 ? ", ..." : ""}`,
      example: show(first),
      asRead: String(valueOf(digits, sep)),
      asOther: String(valueOf(digits, other)),
      sep: sep === "," ? "comma" : "point",
      why: whyCode,
    },
    cell: cells[0],
    found: `${cells.length} cell${cells.length === 1 ? "" : "s"} of column ${columnName(sheet, c)} (${cells.slice(0, 5).join(", ")}${cells.length > 5 ? ", ..." : ""}) hold${cells.length === 1 ? "s" : ""} numbers such as ${show(first)}, which read ${valueOf(digits, sep)} with a ${separatorName(sep)} but ${valueOf(digits, other)} with a ${separatorName(other)}`,
    action: `read with a ${separatorName(sep)} (${why}); check these cells, or write them without a thousands separator`,
  });
}

/**
 * The sheet with text numbers rewritten as plain numbers in text ("12,5" -> "12.5"), read per column as above; the
 * grid itself is not changed. Says what it decided: the columns read with a decimal comma, guesses, mixed columns.
 */
export function readDecimals(sheet: Sheet, hint: DecimalSeparator | undefined, log: IssueLog): Sheet {
  const evidence = sheet.cols.map((_, c) => columnEvidence(sheet, c));
  const point = evidence.reduce((n, e) => n + e.point, 0);
  const comma = evidence.reduce((n, e) => n + e.comma, 0);
  const sheetSep: DecimalSeparator | null = comma > point ? "," : point > comma ? "." : null;
  let values: CellValue[][] | null = null;
  const commaColumns: number[] = [];
  evidence.forEach((e, c) => {
    const own: DecimalSeparator | null = e.comma > e.point ? "," : e.point > e.comma ? "." : null;
    const sep = own ?? sheetSep ?? hint ?? ".";
    if (e.comma > 0 && e.point > 0) reportMixed(sheet, c, e, sep, log);
    if (own === null && e.ambiguous.length > 0) {
      const why = sheetSep !== null ? "columns" : hint !== undefined ? "source" : "none";
      reportGuess(sheet, c, e, sep, why, log);
    }
    if (sep === "," && e.comma + e.ambiguous.length > 0) commaColumns.push(c);
    for (let r = 0; r < sheet.rows.length; r++) {
      const v = cellAt(sheet, r, c);
      const read = readingOf(v);
      if (read === null || read.kind === "point" || (read.kind === "ambiguous" && sep === ".")) continue;
      values ??= sheet.values.slice();
      const gr = sheet.rows[r]!;
      const row = values[gr] === sheet.values[gr] ? (values[gr] = [...sheet.values[gr]!]) : values[gr]!;
      row[sheet.cols[c]!] = `${read.prefix}${valueOf(read.digits, ",")}${read.suffix}`;
    }
  });
  if (commaColumns.length > 0) {
    const c = commaColumns[0]!;
    const e = evidence[c]!;
    const r = e.firstComma >= 0 ? e.firstComma : e.ambiguous[0]!;
    log.add({
      severity: "info",
      code: "decimal-comma",
      params: { count: commaColumns.length, columns: commaColumns.map((k) => columnName(sheet, k)).join(", "), cell: address(sheet, r, c), value: show(cellAt(sheet, r, c)) },
      cell: address(sheet, r, c),
      found: `numbers in column${commaColumns.length === 1 ? "" : "s"} ${commaColumns.map((k) => columnName(sheet, k)).join(", ")} are written with a decimal comma (${address(sheet, r, c)} holds ${show(cellAt(sheet, r, c))})`,
      action: "read with ',' as the decimal separator and '.' between thousands",
    });
  }
  return values === null ? sheet : { ...sheet, values };
}

function reportMixed(sheet: Sheet, c: number, e: ColumnEvidence, sep: DecimalSeparator, log: IssueLog): void {
  const pointCell = address(sheet, e.firstPoint, c);
  const commaCell = address(sheet, e.firstComma, c);
  log.add({
    severity: "warning",
    code: "mixed-decimals",
    params: {
      column: columnName(sheet, c),
      commaCell,
      commaValue: show(cellAt(sheet, e.firstComma, c)),
      pointCell,
      pointValue: show(cellAt(sheet, e.firstPoint, c)),
      sep: sep === "," ? "comma" : "point",
      guessed: e.ambiguous.length > 0 ? "yes" : "no",
    },
    cell: sep === "," ? pointCell : commaCell,
    found: `column ${columnName(sheet, c)} mixes decimal commas (${commaCell} holds ${show(cellAt(sheet, e.firstComma, c))}) and decimal points (${pointCell} holds ${show(cellAt(sheet, e.firstPoint, c))})`,
    action: `each such number read as written${e.ambiguous.length > 0 ? `; numbers such as "2,250" read with a ${separatorName(sep)}, as most of the column` : ""}; check the column`,
  });
}
