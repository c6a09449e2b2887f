/**
 * Reading input files into the CellGrid shape Excel's JavaScript API hands the add-in (`range.values` plus
 * `range.numberFormat`): dates become Excel serial numbers with their date format, formulas their cached result,
 * errors their text ("#N/A"), rich text and hyperlinks their text, empty cells "". CSV fields that read as numbers
 * become numbers, as Excel does when it opens a CSV.
 */
import { readFileSync } from "node:fs";
import { csvDelimiter, parseCsv } from "../engine/ingest/csv";
import { TrendcastError, type CellGrid, type CellValue, type IngestIssue } from "../engine/types";
import { UsageError } from "./args";
import { readXlsx, XlsxFormatError, type ReadSheet } from "./xlsx";

function sheetToGrid(sheet: ReadSheet): CellGrid {
  return { values: sheet.values, numberFormats: sheet.numberFormats, sheet: sheet.name, origin: "A1" };
}

/** A warning that names the formula cells saved without a result (read as blank). */
export function formulaIssues(sheet: ReadSheet, perIssue = 20): IngestIssue[] {
  const cells = sheet.formulasWithoutResult;
  if (cells.length === 0) return [];
  const shown = cells.slice(0, perIssue).join(", ") + (cells.length > perIssue ? ` and ${cells.length - perIssue} more` : "");
  return [
    {
      severity: "warning",
      code: "formula-without-result",
      sheet: sheet.name,
      cell: cells[0],
      found: `${cells.length} formula cell(s) saved without a calculated result: ${shown}`,
      action: "read as blank (a missing value); open the file in Excel or LibreOffice and save it so the results are stored, then run again",
    },
  ];
}

/**
 * Rows with more fields than the header shift their values into the wrong columns (an unquoted comma in a name, or
 * a number written 1,234): such a file is refused with the rows and their field counts. Trailing empty fields do not
 * count. A first line much shorter than nearly every row (a title above the table) is left to ingest.
 */
export function checkFieldCounts(rows: readonly string[][], file: string): void {
  const used = (r: readonly string[]) => {
    let n = r.length;
    while (n > 0 && r[n - 1].trim() === "") n--;
    return n;
  };
  const h = rows.findIndex((r) => used(r) > 0);
  if (h < 0) return;
  const width = rows[h].length;
  const long: { row: number; fields: number }[] = [];
  let data = 0;
  for (let r = h + 1; r < rows.length; r++) {
    const n = used(rows[r]);
    if (n === 0) continue;
    data++;
    if (n > width) long.push({ row: r + 1, fields: rows[r].length });
  }
  if (long.length === 0 || long.length > data / 2) return;
  const shown = long.slice(0, 5).map((l) => `row ${l.row} has ${l.fields}`);
  const more = long.length > 5 ? ` and ${long.length - 5} more row(s)` : "";
  throw new TrendcastError(
    `${file}: ${long.length} row(s) have more fields than the header (row ${h + 1}, ${width} fields): ${shown.join(", ")}${more}. ` +
      `A comma inside a SKU name or a number written like 1,234 splits a field: put such fields in double quotes, or save the file again from Excel.`,
    "csv-field-count",
    { row: long[0].row },
  );
}

/**
 * CSV text as a grid: numeric fields become numbers, everything else stays text. A `;`-separated file usually writes
 * decimal commas ("2,5", "1.234,5"): there only whole numbers become numbers here and the engine reads the rest with
 * the decimal separator it finds in each column ("2.250" is 2250 there, not 2.25).
 */
export function csvToGrid(text: string, sheet: string): CellGrid {
  const delimiter = csvDelimiter(text);
  const rows = parseCsv(text, delimiter);
  checkFieldCounts(rows, sheet);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const plain = delimiter === ";" ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  const values: CellValue[][] = rows.map((r) =>
    Array.from({ length: width }, (_, i) => {
      const t = (r[i] ?? "").trim();
      if (t === "") return "";
      const n = Number(t);
      return plain.test(t) && Number.isFinite(n) ? n : t;
    }),
  );
  return delimiter === ";" ? { values, sheet, origin: "A1", decimalSeparator: "," } : { values, sheet, origin: "A1" };
}

export type InputGrids = {
  sales: CellGrid;
  /** Sheets holding promotion plans (0/1 per SKU and date), if any. */
  plans: CellGrid[];
  /** Problems found while reading the file, before ingest (formulas without a result). */
  issues: IngestIssue[];
};

/** Reads an .xlsx (the named sheet, or the first) or a .csv file. Promotion-plan sheets travel along. */
export async function readInputFile(file: string, sheetName?: string): Promise<InputGrids> {
  const lower = file.toLowerCase();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UsageError(`Cannot read ${file}. Check the path.`);
  }
  if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
    if (sheetName) throw new UsageError("--sheet applies to .xlsx workbooks only; a CSV file has one table.");
    const name = file.split(/[\\/]/).pop() ?? file;
    return { sales: csvToGrid(bytes.toString("utf8"), name), plans: [], issues: [] };
  }
  if (!lower.endsWith(".xlsx")) throw new UsageError(`${file}: use an .xlsx workbook or a .csv file.`);
  let sheets: ReadSheet[];
  try {
    sheets = readXlsx(bytes).sheets;
  } catch (e) {
    const why = e instanceof XlsxFormatError ? ` (${e.message})` : "";
    throw new TrendcastError(`${file} is not a readable .xlsx workbook${why}: damaged, encrypted or another format. Save it again from Excel as .xlsx.`, "bad-workbook");
  }
  if (sheets.length === 0) throw new TrendcastError(`${file} has no sheets.`, "bad-workbook");
  const ws = sheetName ? sheets.find((s) => s.name === sheetName) : sheets[0];
  if (!ws) throw new UsageError(`${file} has no sheet named "${sheetName}". Its sheets: ${sheets.map((s) => s.name).join(", ")}.`);
  const planSheets = sheets.filter((s) => s !== ws && /promo/i.test(s.name));
  return { sales: sheetToGrid(ws), plans: planSheets.map(sheetToGrid), issues: [ws, ...planSheets].flatMap((s) => formulaIssues(s)) };
}
