/**
 * Writing to Excel: new sheets (a fresh name such as "Forecast (2)" when one exists, or replacing only when the user
 * said so), values written in chunks that stay well under Excel on the web's 5 MB request limit, Excel tables and
 * native line charts. Text from the data is always written as text (leading apostrophe), never as a formula, so a
 * SKU named "=HYPERLINK(...)" or "+1" stays what it is.
 */
import { TrendcastError } from "../engine/types";
import { cellAddress, columnLetters, quoteSheet as quoteSheetName } from "./addresses";

/** A cell to write: a value, or a formula we built ourselves. */
export type OutCell = number | string | boolean | null | { formula: string };

export type Block = {
  /** 0-based top-left position on the sheet. */
  row: number;
  column: number;
  rows: OutCell[][];
  /** Number format per column of the block (null: General). */
  columnFormats?: (string | null)[];
};

export type ChartSpec = {
  title: string;
  /** Sheet-relative address of the chart data with its header row, first column = dates, e.g. "R1:V120". */
  data: string;
  /** Cell the chart's top-left corner sits on. */
  anchor: string;
  /** 0-based indexes of series drawn dashed (the band's edges). */
  dashed?: number[];
};

export type SheetSpec = {
  /** Wanted name; a fresh one is chosen when it exists and mode is "new". */
  name: string;
  blocks: Block[];
  /** Make a block (tableBlock, default the first) an Excel table with this name (made unique in the workbook). */
  table?: string;
  tableBlock?: number;
  charts?: ChartSpec[];
};

/** refuse: fail when a sheet exists (the default); replace: delete and rewrite it; new: write beside it. */
export type WriteMode = "refuse" | "replace" | "new";

export type WriteOptions = {
  mode?: WriteMode;
  /** Estimated bytes per write request (default 1,000,000: a fifth of Excel on the web's limit). */
  requestBytes?: number;
  onProgress?: (fraction: number) => void;
};

export type WrittenSheet = { name: string; address: string; table?: string; charts: number };

/** "Forecast" -> "Forecast (2)", "Forecast (3)", ... skipping names in use (Excel compares names case-insensitively). */
export function uniqueName(existing: readonly string[], wanted: string): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) {
    const candidate = `${wanted} (${i})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** The value Excel receives: strings become text with a leading apostrophe, formulas stay formulas. */
export function toExcelCell(cell: OutCell): string | number | boolean {
  if (cell === null) return "";
  if (typeof cell === "object") return cell.formula;
  if (typeof cell === "string") return cell === "" ? "" : `'${cell}`;
  if (typeof cell === "number" && !Number.isFinite(cell)) return "";
  return cell;
}

/** Splits rows into chunks whose estimated request size stays under the budget. */
export function chunkRows(rows: OutCell[][], requestBytes: number, extraBytesPerRow = 0): [start: number, count: number][] {
  const out: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const rowBytes = JSON.stringify(rows[i].map(toExcelCell)).length * 2 + 16 + extraBytesPerRow;
    if (i > start && bytes + rowBytes > requestBytes) {
      out.push([start, i - start]);
      start = i;
      bytes = 0;
    }
    bytes += rowBytes;
  }
  if (rows.length > start) out.push([start, rows.length - start]);
  return out;
}

function blockAddress(block: Block, firstRow: number, count: number): string {
  const width = Math.max(...block.rows.map((r) => r.length));
  const top = cellAddress(block.row + firstRow, block.column);
  const bottom = cellAddress(block.row + firstRow + count - 1, block.column + width - 1);
  return `${top}:${bottom}`;
}

function tableNameFor(sheetName: string, wanted: string, existingTables: readonly string[]): string {
  const suffix = /\((\d+)\)$/.exec(sheetName)?.[1] ?? "";
  return uniqueName(existingTables, `${wanted}${suffix}`).replace(/[^A-Za-z0-9_.]/g, "_");
}

/** The sheet names that already exist among the wanted ones. */
export async function existingSheets(names: readonly string[]): Promise<string[]> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items");
    await context.sync();
    const have = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    return names.filter((n) => have.has(n.toLowerCase()));
  });
}

/** Writes the sheets; returns what was written where. Nothing is changed when mode is "refuse" and a name exists. */
export async function writeSheets(specs: readonly SheetSpec[], options: WriteOptions = {}): Promise<WrittenSheet[]> {
  const mode = options.mode ?? "refuse";
  const requestBytes = options.requestBytes ?? 1_000_000;
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items");
    const tables = context.workbook.tables;
    tables.load("items");
    await context.sync();
    const names = sheets.items.map((s) => s.name);
    const clash = specs.filter((s) => names.some((n) => n.toLowerCase() === s.name.toLowerCase())).map((s) => s.name);
    if (mode === "refuse" && clash.length > 0) {
      throw new TrendcastError(
        `The workbook already has ${clash.length === 1 ? "a sheet" : "sheets"} named ${clash.map((c) => `"${c}"`).join(", ")}. ` +
          `Choose "Replace" to overwrite ${clash.length === 1 ? "it" : "them"}, or "Write as new sheets" to keep ` +
          `${clash.length === 1 ? "it" : "them"} and write beside.`,
        "sheet-exists",
        { sheet: clash[0] },
      );
    }
    const tableNames = tables.items.map((t) => t.name);
    const targets: { spec: SheetSpec; sheet: Excel.Worksheet; name: string }[] = [];
    for (const spec of specs) {
      let name = spec.name;
      if (mode === "new") {
        name = uniqueName(names, spec.name);
      } else if (mode === "replace") {
        const old = sheets.items.find((s) => s.name.toLowerCase() === spec.name.toLowerCase());
        if (old) {
          // Excel cannot delete the only sheet: add the new one first, then delete the old one.
          const placeholder = uniqueName(names, `${spec.name} (new)`);
          const added = sheets.add(placeholder);
          old.delete();
          added.name = spec.name;
          names.push(placeholder);
          targets.push({ spec, sheet: added, name });
          continue;
        }
      }
      names.push(name);
      targets.push({ spec, sheet: sheets.add(name), name });
    }
    await context.sync();

    const totalRows = specs.reduce((a, s) => a + s.blocks.reduce((b, bl) => b + bl.rows.length, 0), 0);
    let doneRows = 0;
    const written: WrittenSheet[] = [];
    for (const { spec, sheet, name } of targets) {
      for (const block of spec.blocks) {
        const width = Math.max(0, ...block.rows.map((r) => r.length));
        if (width === 0) continue;
        const formatBytes = block.columnFormats ? JSON.stringify(block.columnFormats).length * 2 : 0;
        for (const [start, count] of chunkRows(block.rows, requestBytes, formatBytes)) {
          const range = sheet.getRange(blockAddress(block, start, count));
          const rows = block.rows.slice(start, start + count);
          if (block.columnFormats) {
            range.numberFormat = rows.map((_r, i) =>
              Array.from({ length: width }, (_c, j) =>
                start + i === 0 ? "General" : (block.columnFormats?.[j] ?? "General"),
              ),
            );
          }
          range.formulas = rows.map((r) => Array.from({ length: width }, (_c, j) => toExcelCell(r[j] ?? null)));
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- intentional: one bounded request per chunk
          await context.sync();
          doneRows += count;
          options.onProgress?.(totalRows > 0 ? doneRows / totalRows : 1);
        }
      }
      let table: string | undefined;
      const tableBlock = spec.blocks[spec.tableBlock ?? 0];
      if (spec.table && tableBlock && tableBlock.rows.length > 0) {
        table = tableNameFor(name, spec.table, tableNames);
        tableNames.push(table);
        const t = sheet.tables.add(`${quoteSheetName(name)}!${blockAddress(tableBlock, 0, tableBlock.rows.length)}`, true);
        t.name = table;
      }
      for (const chart of spec.charts ?? []) {
        const c = sheet.charts.add(Excel.ChartType.line, sheet.getRange(chart.data), Excel.ChartSeriesBy.columns);
        c.title.text = chart.title;
        c.setPosition(chart.anchor);
        c.width = 480;
        c.height = 260;
        for (const i of chart.dashed ?? []) c.series.getItemAt(i).format.line.lineStyle = Excel.ChartLineStyle.dash;
      }
      sheet.getRange(`A:${columnLetters(Math.max(0, ...spec.blocks.map((b) => b.column + (b.rows[0]?.length ?? 1) - 1)))}`).format.autofitColumns();
      await context.sync();
      const firstBlock = tableBlock ?? spec.blocks[0];
      written.push({
        name,
        address: firstBlock && firstBlock.rows.length > 0 ? `${quoteSheetName(name)}!${blockAddress(firstBlock, 0, firstBlock.rows.length)}` : name,
        ...(table ? { table } : {}),
        charts: spec.charts?.length ?? 0,
      });
    }
    targets[0]?.sheet.activate();
    await context.sync();
    return written;
  });
}

