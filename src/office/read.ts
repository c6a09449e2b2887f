/**
 * Reading from Excel: the selection (or the Excel table / data region around the active cell when one cell is
 * selected) into a CellGrid, in batched, chunked calls so a large selection never builds one huge response.
 */
import type { CellGrid, CellValue } from "../engine/types";
import { TrendcastError } from "../engine/types";
import { parseCell, splitAddress, cellAddress } from "./addresses";

export type ReadOptions = {
  /** Cells per chunk request (default 50,000). */
  chunkCells?: number;
  /** Refuse selections larger than this (default 2,000,000 cells). */
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
};

/** Reads the selection; a single selected cell reads the table or data region around it. */
export async function readSelection(options: ReadOptions = {}): Promise<ReadResult> {
  const chunkCells = options.chunkCells ?? 50_000;
  const maxCells = options.maxCells ?? 2_000_000;
  return Excel.run(async (context) => {
    const selection = context.workbook.getSelectedRange();
    selection.load("address,rowCount,columnCount");
    const sheet = context.workbook.worksheets.getActiveWorksheet();
    sheet.load("name");
    await context.sync();

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
    }
    const rows = target.rowCount;
    const columns = target.columnCount;
    const { first } = splitAddress(target.address);
    if (rows * columns > maxCells) {
      throw new TrendcastError(
        `The selection on sheet "${sheet.name}" has ${(rows * columns).toLocaleString("en-US")} cells; Trendcast reads ` +
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
    const rowsPerChunk = Math.max(1, Math.floor(chunkCells / Math.max(1, columns)));
    const values: CellValue[][] = [];
    const numberFormats: string[][] = [];
    // One request per chunk keeps each response small (Excel on the web caps a request at about 5 MB).
    for (let r = 0; r < rows; r += rowsPerChunk) {
      const n = Math.min(rowsPerChunk, rows - r);
      const chunk = sheet.getRangeByIndexes(start.row + r, start.column, n, columns);
      chunk.load("values,numberFormat");
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- intentional: one bounded request per chunk
      await context.sync();
      for (const row of chunk.values) values.push(row as CellValue[]);
      for (const row of chunk.numberFormat) numberFormats.push(row.map((f) => String(f)));
    }
    return {
      values,
      numberFormats,
      sheet: sheet.name,
      origin: cellAddress(start.row, start.column),
      address: target.address,
      source,
      ...(tableName ? { tableName } : {}),
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
