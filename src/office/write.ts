/**
 * Writing to Excel: new sheets (a fresh name such as "Forecast (2)" when one exists, or replacing only when the user
 * said so), values written in chunks that stay well under Excel on the web's 5 MB request limit, Excel tables and
 * native line charts. Text from the data is always written as text (leading apostrophe), never as a formula, so a
 * SKU named "=HYPERLINK(...)" or "+1" stays what it is.
 *
 * Every write is all-or-nothing. The new content is built in hidden staging sheets ("Trendcast staging <n> <id>",
 * marked as staging), checked, and only then swapped in by one last request: a new sheet is renamed and shown; a sheet
 * being replaced gets the staged cells copied into it (its tables converted to ranges and charts removed first), so
 * the sheet object itself survives and the user's formulas that point at it (`=Forecast!C5`) keep working instead of
 * turning into #REF!. Any failure before that last request deletes the staging sheets and leaves the workbook as it
 * was; staging sheets left behind by a closed pane are recognised and deleted by the next write or pane start.
 *
 * Trendcast marks the sheets it makes with a worksheet-level custom property (key "Trendcast", ExcelApi 1.12). It is
 * stored in the sheet itself, so it survives save and reopen, renames and moves, on every platform that has the API;
 * worksheet ids are not an option (they change between sessions), nor is a list of sheet names (users rename). Only
 * marked sheets are ever replaced; a user's own sheet named "Forecast" (or the sales sheet, `keep`) makes Trendcast
 * pick "Forecast (2)". Where ExcelApi 1.12 is missing nothing counts as Trendcast's, so nothing is ever replaced.
 */
import { TrendcastError } from "../engine/types";
import { cellAddress, columnLetters, quoteSheet as quoteSheetName, splitAddress } from "./addresses";

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

/**
 * refuse: fail when a Trendcast sheet of that name exists (the default); replace: rewrite Trendcast's sheet in place;
 * new: write beside it. A user's own sheet of that name is never touched in any mode: a fresh name is picked.
 */
export type WriteMode = "refuse" | "replace" | "new";

export type WriteOptions = {
  mode?: WriteMode;
  /** Sheets never replaced whatever their mark (the sales sheet the data was read from). */
  keep?: readonly string[];
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

/** Days between the 1900 and the 1904 date systems' serial numbers for the same date. */
export const DATE_1904_OFFSET = 1462;

/** A number format that shows a date (yyyy-mm-dd, dd/mm/yy, d-mmm ...), not General, 0.00 or a percentage. */
export function isDateFormat(format: string | null | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");
  return /y|d/i.test(bare) && !/general/i.test(bare);
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


/** Key of the worksheet custom property that marks a sheet Trendcast made. */
export const SHEET_MARK_KEY = "Trendcast";
/** Name prefix of the hidden sheets a write builds its content in. */
export const STAGING_PREFIX = "Trendcast staging";

/** The mark's value: the result role (the wanted name, e.g. "Forecast"); `staging` is the write id while staged. */
export type SheetMark = { role: string; staging?: string };

export function parseMark(value: unknown): SheetMark | null {
  if (typeof value !== "string") return null;
  try {
    const m = JSON.parse(value) as Partial<SheetMark>;
    if (typeof m?.role !== "string" || m.role === "") return null;
    return typeof m.staging === "string" ? { role: m.role, staging: m.staging } : { role: m.role };
  } catch {
    return null;
  }
}

function apiSupported(version: string): boolean {
  try {
    return typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("ExcelApi", version) === true;
  } catch {
    return false;
  }
}

type SheetInfo = { sheet: Excel.Worksheet; name: string; visibility: string; mark: SheetMark | null };

/** Every sheet with its visibility and Trendcast mark (two requests; marks only where ExcelApi 1.12 exists). */
async function inspectSheets(context: Excel.RequestContext): Promise<SheetInfo[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/visibility");
  await context.sync();
  const marks = apiSupported("1.12")
    ? sheets.items.map((s) => s.customProperties.getItemOrNullObject(SHEET_MARK_KEY).load("value"))
    : null;
  if (marks) await context.sync();
  return sheets.items.map((s, i) => ({
    sheet: s,
    name: s.name,
    visibility: String(s.visibility),
    mark: marks && !marks[i].isNullObject ? parseMark(marks[i].value) : null,
  }));
}

const STAGING_NAME = /^Trendcast staging \d+ ([0-9a-z]{6})$/;

/**
 * A staging sheet of some write (this one when `writeId` is given): marked as staging, or named like one (a request
 * that failed halfway may have added the sheet without hiding or marking it; the random id makes the name Trendcast's).
 */
function isStaging(info: SheetInfo, writeId?: string): boolean {
  if (info.mark?.staging !== undefined) return writeId === undefined || info.mark.staging === writeId;
  const named = STAGING_NAME.exec(info.name);
  return named !== null && (writeId === undefined || named[1] === writeId);
}

/** Trendcast sheets that "Replace" would rewrite for this wanted name: marked, with that role, not kept. */
function replaceableFor(infos: readonly SheetInfo[], wanted: string, keep: ReadonlySet<string>): SheetInfo | null {
  const w = wanted.toLowerCase();
  const ours = infos.filter(
    (i) => i.mark && i.mark.staging === undefined && i.mark.role.toLowerCase() === w && !keep.has(i.name.toLowerCase()),
  );
  return ours.find((i) => i.name.toLowerCase() === w) ?? ours[0] ?? null;
}

/** The names of Trendcast's own sheets that writing these wanted names would replace (the pane asks first). */
export async function existingSheets(names: readonly string[], keep: readonly string[] = []): Promise<string[]> {
  return Excel.run(async (context) => {
    const infos = await inspectSheets(context);
    const kept = new Set(keep.map((k) => k.toLowerCase()));
    return names.map((n) => replaceableFor(infos, n, kept)?.name).filter((n): n is string => n !== undefined);
  });
}

/**
 * Deletes staging sheets a write left behind (a closed pane, a lost connection): those of `writeId`, or all of them.
 * Returns how many were deleted. Run by every write and when the pane starts.
 */
export async function cleanupStagingSheets(writeId?: string): Promise<number> {
  return Excel.run(async (context) => {
    const infos = await inspectSheets(context);
    const stale = infos.filter((i) => isStaging(i, writeId));
    for (const s of stale) s.sheet.delete();
    if (stale.length > 0) await context.sync();
    return stale.length;
  });
}

function newWriteId(): string {
  return Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, "0");
}

/** Bounding box (0-based, inclusive) of the cells the blocks hold a value in, or of all their cells. */
function blocksBox(blocks: readonly Block[], valuesOnly: boolean): { r0: number; c0: number; r1: number; c1: number } | null {
  let box: { r0: number; c0: number; r1: number; c1: number } | null = null;
  for (const block of blocks) {
    block.rows.forEach((row, i) => {
      const width = valuesOnly ? row.length : Math.max(...block.rows.map((r) => r.length));
      for (let j = 0; j < width; j++) {
        if (valuesOnly && toExcelCell(row[j] ?? null) === "") continue;
        const r = block.row + i;
        const c = block.column + j;
        box = box
          ? { r0: Math.min(box.r0, r), c0: Math.min(box.c0, c), r1: Math.max(box.r1, r), c1: Math.max(box.c1, c) }
          : { r0: r, c0: c, r1: r, c1: c };
      }
    });
  }
  return box;
}

function boxAddress(box: { r0: number; c0: number; r1: number; c1: number }): string {
  const a = cellAddress(box.r0, box.c0);
  const b = cellAddress(box.r1, box.c1);
  return a === b ? a : `${a}:${b}`;
}

type Target = { spec: SheetSpec; name: string; replace: SheetInfo | null; staging: Excel.Worksheet; stagingName: string };

/**
 * Writes the sheets; returns what was written where. All-or-nothing: after any failure the workbook holds the old
 * sheets as they were (staging sheets deleted); "refuse" changes nothing when a Trendcast sheet of that name exists.
 */
export async function writeSheets(specs: readonly SheetSpec[], options: WriteOptions = {}): Promise<WrittenSheet[]> {
  const writeId = newWriteId();
  try {
    return await Excel.run((context) => writeBatch(context, specs, options, writeId));
  } catch (e) {
    // A fresh request: the failed one's context may be unusable. If Excel is gone too, the next write or pane start
    // finds the hidden staging sheets by their mark and deletes them.
    await cleanupStagingSheets(writeId).catch(() => 0);
    throw e;
  }
}

async function writeBatch(context: Excel.RequestContext, specs: readonly SheetSpec[], options: WriteOptions, writeId: string): Promise<WrittenSheet[]> {
  const mode = options.mode ?? "refuse";
  const requestBytes = options.requestBytes ?? 1_000_000;
  const marks = apiSupported("1.12");
  const wb = context.workbook as Excel.Workbook & { use1904DateSystem?: boolean };
  const date1904Known = apiSupported("1.16");
  if (date1904Known) wb.load("use1904DateSystem");
  const tables = context.workbook.tables;
  tables.load("items/name");
  const all = await inspectSheets(context);
  const date1904 = date1904Known && wb.use1904DateSystem === true;
  const stale = all.filter((i) => isStaging(i));
  const infos = all.filter((i) => !stale.includes(i));
  const keep = new Set((options.keep ?? []).map((k) => k.toLowerCase()));

  const replaceable = specs.map((s) => (mode === "new" ? null : replaceableFor(infos, s.name, keep)));
  if (mode === "refuse" && replaceable.some((r) => r !== null)) {
    const clash = replaceable.filter((r): r is SheetInfo => r !== null).map((r) => r.name);
    throw new TrendcastError(
      `The workbook already has Trendcast ${clash.length === 1 ? "a sheet" : "sheets"} named ${clash.map((c) => `"${c}"`).join(", ")}. ` +
        `Choose "Replace" to overwrite ${clash.length === 1 ? "it" : "them"}, or "Write as new sheets" to keep ` +
        `${clash.length === 1 ? "it" : "them"} and write beside.`,
      "sheet-exists",
      { sheet: clash[0] },
    );
  }

  // 1. Staging sheets (hidden, marked), after deleting any a previous write left behind.
  for (const s of stale) s.sheet.delete();
  const names = infos.map((i) => i.name);
  const targets: Target[] = specs.map((spec, k) => {
    const replace = replaceable[k];
    const name = replace ? replace.name : uniqueName(names, spec.name);
    names.push(name);
    const stagingName = `${STAGING_PREFIX} ${k + 1} ${writeId}`;
    const staging = context.workbook.worksheets.add(stagingName);
    staging.visibility = "Hidden";
    if (marks) staging.customProperties.add(SHEET_MARK_KEY, JSON.stringify({ role: spec.name, staging: writeId } satisfies SheetMark));
    return { spec, name, replace, staging, stagingName };
  });
  await context.sync();

  // 2. Content, chunk by chunk, into the staging sheets.
  const totalRows = specs.reduce((a, s) => a + s.blocks.reduce((b, bl) => b + bl.rows.length, 0), 0);
  let doneRows = 0;
  for (const { spec, staging } of targets) {
    for (const block of spec.blocks) {
      const width = Math.max(0, ...block.rows.map((r) => r.length));
      if (width === 0) continue;
      const formatBytes = block.columnFormats ? JSON.stringify(block.columnFormats).length * 2 : 0;
      const shift = block.columnFormats?.map((f) => (date1904 && isDateFormat(f) ? DATE_1904_OFFSET : 0));
      for (const [start, count] of chunkRows(block.rows, requestBytes, formatBytes)) {
        const range = staging.getRange(blockAddress(block, start, count));
        const rows = block.rows.slice(start, start + count);
        if (block.columnFormats) {
          range.numberFormat = rows.map((_r, i) =>
            Array.from({ length: width }, (_c, j) => (start + i === 0 ? "General" : (block.columnFormats?.[j] ?? "General"))),
          );
        }
        range.formulas = rows.map((r) =>
          Array.from({ length: width }, (_c, j) => {
            const cell = r[j] ?? null;
            return typeof cell === "number" && shift?.[j] ? toExcelCell(cell - shift[j]) : toExcelCell(cell);
          }),
        );
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- intentional: one bounded request per chunk
        await context.sync();
        doneRows += count;
        options.onProgress?.(totalRows > 0 ? Math.min(0.95, (doneRows / totalRows) * 0.95) : 0.95);
      }
    }
  }

  // 3. Tables and charts of brand-new sheets go on the staging sheet (they follow its rename); check every sheet.
  const tableNames = tables.items.map((t) => t.name);
  const tableOf = new Map<Target, string>();
  for (const t of targets) {
    const tableBlock = t.spec.blocks[t.spec.tableBlock ?? 0];
    if (t.spec.table && tableBlock && tableBlock.rows.length > 0) {
      const own = t.replace ? null : tableNameFor(t.name, t.spec.table, tableNames);
      if (own) tableNames.push(own);
      tableOf.set(t, own ?? "");
    }
    if (!t.replace) decorate(t.staging, t.stagingName, t, tableOf.get(t) ?? null);
  }
  const checks = targets.map((t) => t.staging.getUsedRangeOrNullObject(true).load("address"));
  const olds = targets.map((t) => {
    if (!t.replace) return null;
    const ts = t.replace.sheet.tables;
    ts.load("items/name");
    const cs = t.replace.sheet.charts;
    cs.load("items/name");
    return { tables: ts, charts: cs };
  });
  await context.sync();
  targets.forEach((t, k) => {
    const want = blocksBox(t.spec.blocks, true);
    const got = checks[k].isNullObject ? null : splitAddress(checks[k].address);
    const gotText = got ? (got.first === got.last ? got.first : `${got.first}:${got.last}`) : null;
    if ((want ? boxAddress(want) : null) !== gotText) {
      throw new TrendcastError(
        `Excel did not keep all of the "${t.name}" sheet being written (expected ${want ? boxAddress(want) : "nothing"}, found ${gotText ?? "nothing"}), so nothing was changed. Try again.`,
        "write-incomplete",
        { sheet: t.name },
      );
    }
  });

  // 4. The swap, in one request: replaced sheets get the staged cells (the sheet object stays, so references to it
  //    keep working), new sheets are renamed and shown.
  for (const [k, t] of targets.entries()) {
    const old = olds[k];
    if (t.replace && old) {
      const sheet = t.replace.sheet;
      const ownTable = old.tables.items.find((x) => t.spec.table && x.name.toLowerCase().startsWith(t.spec.table.toLowerCase()));
      for (const table of old.tables.items) table.convertToRange();
      for (const chart of old.charts.items) chart.delete();
      sheet.getRange().clear("All");
      const box = blocksBox(t.spec.blocks, false);
      if (box) sheet.getRange(boxAddress(box)).copyFrom(t.staging.getRange(boxAddress(box)), "All");
      let table = tableOf.get(t);
      if (table !== undefined) {
        table = ownTable ? ownTable.name : tableNameFor(t.name, t.spec.table ?? "Table", tableNames);
        tableNames.push(table);
        tableOf.set(t, table);
      }
      decorate(sheet, t.name, t, table ?? null);
      t.staging.delete();
    } else {
      t.staging.name = t.name;
      t.staging.visibility = "Visible";
      if (marks) t.staging.customProperties.add(SHEET_MARK_KEY, JSON.stringify({ role: t.spec.name } satisfies SheetMark));
    }
  }
  (targets[0]?.replace?.sheet ?? targets[0]?.staging)?.activate();
  await context.sync();
  options.onProgress?.(1);

  return targets.map((t) => {
    const tableBlock = t.spec.blocks[t.spec.tableBlock ?? 0];
    const firstBlock = tableBlock ?? t.spec.blocks[0];
    const table = tableOf.get(t);
    return {
      name: t.name,
      address:
        firstBlock && firstBlock.rows.length > 0 ? `${quoteSheetName(t.name)}!${blockAddress(firstBlock, 0, firstBlock.rows.length)}` : t.name,
      ...(table ? { table } : {}),
      charts: t.spec.charts?.length ?? 0,
    };
  });
}

/** Queues the table, the charts and the column widths of a written sheet. */
function decorate(sheet: Excel.Worksheet, sheetName: string, t: Target, table: string | null): void {
  const spec = t.spec;
  const tableBlock = spec.blocks[spec.tableBlock ?? 0];
  if (table && tableBlock) {
    const added = sheet.tables.add(`${quoteSheetName(sheetName)}!${blockAddress(tableBlock, 0, tableBlock.rows.length)}`, true);
    added.name = table;
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
}
