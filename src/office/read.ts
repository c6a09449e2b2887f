/**
 * Reading from Excel: the selection (or the Excel table / data region around the active cell when one cell is
 * selected) into a CellGrid, in batched, chunked calls so a large selection never builds one huge response.
 */
import type { CellGrid, CellValue } from "../engine/types";
import { TrendcastError } from "../engine/types";
import { parseCell, splitAddress, cellAddress } from "./addresses";
import { DATE_1904_OFFSET, isDateFormat } from "./write";

export type ReadOptions = {
  /** Most cells per chunk request (default 50,000). */
  chunkCells?: number;
  /** Target response size per chunk request, estimated from what earlier chunks returned (default 1,500,000 bytes:
   *  under a third of Excel on the web's 5 MB limit, so long text cells cannot push a chunk over it). */
  chunkBytes?: number;
  /** Cells in the first chunk, before anything is known about the data's size (default 2,000). */
  probeCells?: number;
  /** Refuse selections larger than this (default 2,000,000 cells), counted after clipping to the used range. */
  maxCells?: number;
};

export type ReadResult = CellGrid & {
  sheet: string;
  origin: string;
  /** Full address of what was read, e.g. "Sales!A1:M366". */
  address: string;
  /** What was read: the selection itself, the Excel table around the active cell, or the data region around it. */
  source: "selection" | "table" | "region";
  tableName?: string;
  /** The workbook counts dates from 1904; date cells in `values` were converted to 1900-system serials. */
  date1904?: boolean;
};

function apiSupported(version: string): boolean {
  try {
    return typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("ExcelApi", version) === true;
  } catch {
    return false;
  }
}

/** Estimated response size of a chunk (UTF-16 characters of its JSON, as Excel on the web measures generously). */
function responseBytes(values: unknown[][], formats: unknown[][]): number {
  return (JSON.stringify(values).length + JSON.stringify(formats).length) * 2;
}

/**
 * Reads the selection; a single selected cell reads the table or data region around it. A selection is first clipped
 * to the sheet's used range, so whole columns (A:C) read only the rows that hold data. Chunks are sized by the bytes
 * earlier chunks returned; a chunk Excel still refuses as too large is read again in smaller pieces. Workbooks on the
 * 1904 date system (ExcelApi 1.16 tells; older hosts are taken as 1900) get their date cells converted, so the engine
 * always sees 1900-system serials.
 */
export async function readSelection(options: ReadOptions = {}): Promise<ReadResult> {
  const chunkCells = options.chunkCells ?? 50_000;
  const chunkBytes = options.chunkBytes ?? 1_500_000;
  const probeCells = Math.min(options.probeCells ?? 2_000, chunkCells);
  const maxCells = options.maxCells ?? 2_000_000;
  return Excel.run(async (context) => {
    const selection = context.workbook.getSelectedRange();
    selection.load("address,rowCount,columnCount");
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.load("name");
    const clipped = selection.getIntersectionOrNullObject(sheet.getUsedRange(true));
    clipped.load("address,rowCount,columnCount");
    const wb = context.workbook as Excel.Workbook & { use1904DateSystem?: boolean };
    const know1904 = apiSupported("1.16");
    if (know1904) wb.load("use1904DateSystem");
    await context.sync();
    const date1904 = know1904 && wb.use1904DateSystem === true;

    let target: Excel.Range = selection;
    let source: ReadResult["source"] = "selection";
    let tableName: string | undefined;
    if (selection.rowCount === 1 && selection.columnCount === 1) {
      const tables = selection.getTables(false);
      tables.load("items");
      const region = selection.getSurroundingRegion();
      region.load("address,rowCount,columnCount");
      await context.sync();
      const found = tables.items;
      if (found.length > 0) {
        tableName = found[0].name;
        target = found[0].getRange();
        target.load("address,rowCount,columnCount");
        await context.sync();
        source = "table";
      } else {
        target = region;
        source = "region";
      }
    } else if (clipped.isNullObject) {
      throw new TrendcastError(
        `The selection on sheet "${sheet.name}" (${selection.address}) holds no data. Select the sales history with its ` +
          `header row (dates in one column, sales in the others), or click inside an Excel table, then Use selection.`,
        "selection-empty",
        { sheet: sheet.name, cell: splitAddress(selection.address).first },
      );
    } else {
      target = clipped;
    }
    const rows = target.rowCount;
    const columns = target.columnCount;
    const { first } = splitAddress(target.address);
    if (rows * columns > maxCells) {
      throw new TrendcastError(
        `The selection on sheet "${sheet.name}" has ${(rows * columns).toLocaleString("en-US")} cells with data; Trendcast reads ` +
          `up to ${maxCells.toLocaleString("en-US")}. Select only the date column and the SKU columns you want to forecast.`,
        "selection-too-large",
        { sheet: sheet.name, cell: first },
      );
    }
    if (rows < 2) {
      throw new TrendcastError(
        `Only one row is selected on sheet "${sheet.name}" (${target.address}). Select the sales history with its ` +
          `header row (dates in one column, sales in the others), or click inside an Excel table, then Use selection.`,
        "selection-too-small",
        { sheet: sheet.name, cell: first },
      );
    }
    const start = parseCell(first);
    const maxRows = Math.max(1, Math.floor(chunkCells / Math.max(1, columns)));
    let rowsPerChunk = Math.max(1, Math.min(maxRows, Math.floor(probeCells / Math.max(1, columns))));
    let bytesPerRow = 0;
    const values: CellValue[][] = [];
    const numberFormats: string[][] = [];
    // One request per chunk keeps each response small (Excel on the web caps a request at about 5 MB).
    for (let r = 0; r < rows; ) {
      const n = Math.min(rowsPerChunk, rows - r);
      const chunk = sheet.getRangeByIndexes(start.row + r, start.column, n, columns);
      chunk.load("values,numberFormat");
      try {
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- intentional: one bounded request per chunk
        await context.sync();
      } catch (e) {
        if ((e as { code?: unknown }).code === "ResponsePayloadSizeLimitExceeded" && n > 1) {
          rowsPerChunk = Math.max(1, Math.floor(n / 4));
          continue;
        }
        throw e;
      }
      bytesPerRow = Math.max(bytesPerRow, responseBytes(chunk.values, chunk.numberFormat) / n);
      chunk.values.forEach((row, i) => {
        const formats = chunk.numberFormat[i].map((f) => String(f));
        values.push(
          (date1904
            ? row.map((v, j) => (typeof v === "number" && isDateFormat(formats[j]) ? v + DATE_1904_OFFSET : v))
            : row) as CellValue[],
        );
        numberFormats.push(formats);
      });
      r += n;
      rowsPerChunk = Math.max(1, Math.min(maxRows, Math.floor(chunkBytes / Math.max(1, bytesPerRow))));
    }
    return {
      values,
      numberFormats,
      sheet: sheet.name,
      origin: cellAddress(start.row, start.column),
      address: target.address,
      source,
      ...(tableName ? { tableName } : {}),
      ...(date1904 ? { date1904 } : {}),
    };
  });
}

/** Activates the sheet and selects the cell (the pane's problem list links here). */
export async function selectCell(sheetName: string, cell: string): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell).select();
    await context.sync();
  });
}

/** Names of the workbook's sheets, in order. */
export async function listSheetNames(): Promise<string[]> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items");
    await context.sync();
    return sheets.items.map((s) => s.name);
  });
}
