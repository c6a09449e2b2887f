/**
 * Reading input files into the CellGrid shape Excel's JavaScript API hands the add-in (`range.values` plus
 * `range.numberFormat`): dates become Excel serial numbers with their date format, formulas their cached result,
 * errors their text ("#N/A"), rich text and hyperlinks their text, empty cells "". CSV fields that read as numbers
 * become numbers, as Excel does when it opens a CSV.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { parseCsv } from "../engine/ingest/csv";
import { TrendcastError, type CellGrid, type CellValue } from "../engine/types";
import { UsageError } from "./args";

const MS_PER_DAY = 86400000;
const EXCEL_EPOCH_OFFSET = 25569;

function dateToSerial(d: Date): number {
  return d.getTime() / MS_PER_DAY + EXCEL_EPOCH_OFFSET;
}

type Converted = { value: CellValue; format?: string };

function convert(v: ExcelJS.CellValue, numFmt: string | undefined): Converted {
  if (v === null || v === undefined) return { value: "" };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return { value: v };
  if (v instanceof Date) return { value: dateToSerial(v), format: numFmt && numFmt !== "General" ? numFmt : "yyyy-mm-dd" };
  if (typeof v === "object") {
    if ("error" in v) return { value: String(v.error) };
    if ("richText" in v) return { value: v.richText.map((r) => r.text).join("") };
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as { result?: ExcelJS.CellValue }).result;
      if (result === undefined) return { value: "" };
      return convert(result, numFmt);
    }
    if ("hyperlink" in v) return { value: String((v as { text?: unknown }).text ?? "") };
  }
  return { value: String(v) };
}

/** Converts one ExcelJS worksheet to a CellGrid from A1 to its last used cell. */
export function worksheetToGrid(ws: ExcelJS.Worksheet): CellGrid {
  const rows = ws.rowCount;
  const cols = ws.columnCount;
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  for (let r = 1; r <= rows; r++) {
    const row = ws.getRow(r);
    const vRow: CellValue[] = [];
    const fRow: string[] = [];
    for (let c = 1; c <= cols; c++) {
      const found = row.findCell(c);
      const raw: ExcelJS.CellValue = found === undefined ? null : found.value;
      const numFmt: string | undefined = found === undefined ? undefined : found.numFmt;
      const { value, format } = convert(raw, numFmt);
      vRow.push(value);
      fRow.push(format ?? (numFmt || "General"));
    }
    values.push(vRow);
    numberFormats.push(fRow);
  }
  return { values, numberFormats, sheet: ws.name, origin: "A1" };
}

/** CSV text as a grid: numeric fields become numbers, everything else stays text. */
export function csvToGrid(text: string, sheet: string): CellGrid {
  const rows = parseCsv(text);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const values: CellValue[][] = rows.map((r) =>
    Array.from({ length: width }, (_, i) => {
      const t = (r[i] ?? "").trim();
      if (t === "") return "";
      const n = Number(t);
      return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) && Number.isFinite(n) ? n : t;
    }),
  );
  return { values, sheet, origin: "A1" };
}

export type InputGrids = { sales: CellGrid; /** Sheets holding promotion plans (0/1 per SKU and date), if any. */ plans: CellGrid[] };

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
    return { sales: csvToGrid(bytes.toString("utf8"), file.split(/[\\/]/).pop() ?? file), plans: [] };
  }
  if (!lower.endsWith(".xlsx")) throw new UsageError(`${file}: use an .xlsx workbook or a .csv file.`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new TrendcastError(`${file} is not a readable .xlsx workbook (damaged, encrypted or another format). Save it again from Excel as .xlsx.`, "bad-workbook");
  }
  const sheets = wb.worksheets;
  if (sheets.length === 0) throw new TrendcastError(`${file} has no sheets.`, "bad-workbook");
  const ws = sheetName ? wb.getWorksheet(sheetName) : sheets[0];
  if (!ws) throw new UsageError(`${file} has no sheet named "${sheetName}". Its sheets: ${sheets.map((s) => s.name).join(", ")}.`);
  const plans = sheets.filter((s) => s !== ws && /promo/i.test(s.name)).map(worksheetToGrid);
  return { sales: worksheetToGrid(ws), plans };
}
