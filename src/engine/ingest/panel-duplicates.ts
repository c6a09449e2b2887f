/**
 * Building the panel: rows that fall on the same SKU and period. A row repeated cell for cell (a copy-paste slip)
 * counts once, with an info note naming both rows; rows of one SKU and period that differ are combined (added up by
 * default) with a warning naming the rows and their quantities.
 */
import { epochDayToIso } from "./dates";
import { frequencyLabel } from "./frequency";
import type { BuildContext, Timeline } from "./panel-context";
import { type Sheet, cellAt, isBlank, sheetRow } from "./sheet";
import { show } from "./values";

/** One row's cells as a key: rows with equal keys hold the same cells. */
function rowKey(sheet: Sheet, r: number): string {
  const parts: string[] = [];
  for (let c = 0; c < sheet.cols.length; c++) {
    const v = cellAt(sheet, r, c);
    parts.push(isBlank(v) ? "" : `${typeof v}:${typeof v === "string" ? v.trim() : String(v)}`);
  }
  return parts.join("\u0001");
}

/** Rows repeated exactly, and whether there are so many that the rows are sale lines rather than slips. */
export type RepeatedRows = {
  /** For each row of the cleaned sheet, the earlier row it copies and that it is counted with (-1 when none). */
  dupOf: Int32Array;
  /** The data lists sales line by line (many rows repeat others exactly): every row counts, none is a slip. */
  lines: boolean;
};

/** Share of rows repeating others exactly from which they are taken for sale lines (a till export), not slips. */
const LINES_SHARE = 0.1;

/** Repeated rows that continue a copied block (row r copies row f and row r + 1 copies row f + 1): pasted twice. */
function pastedBlocks(dupOf: Int32Array): number {
  let n = 0;
  for (let r = 1; r < dupOf.length; r++) if (dupOf[r]! >= 0 && dupOf[r - 1]! >= 0 && dupOf[r] === dupOf[r - 1]! + 1) n++;
  return n;
}

/**
 * Dated rows that repeat an earlier row cell for cell. Without a date column rows are consecutive periods, so equal
 * rows are not duplicates; when many rows of a long table repeat others here and there (a sale per row, as tills
 * export) every row counts, said once. A block pasted twice is a slip however large.
 */
export function exactDuplicateRows(ctx: BuildContext, tl: Timeline): RepeatedRows {
  const { sheet, obs, nObs, content } = ctx;
  const dupOf = new Int32Array(sheet.rows.length).fill(-1);
  if (ctx.dateColIndex === null) return { dupOf, lines: false };
  const seen = new Map<string, number>();
  const done = new Uint8Array(sheet.rows.length);
  let repeated = 0;
  for (let i = 0; i < nObs; i++) {
    const r = obs.r[i]!;
    if (done[r] || !content[i]) continue;
    done[r] = 1;
    const key = rowKey(sheet, r);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, r);
    else {
      dupOf[r] = first;
      repeated++;
    }
  }
  const rows = seen.size + repeated;
  if (ctx.layout !== "long" || repeated < 5 || repeated < LINES_SHARE * rows || pastedBlocks(dupOf) * 2 >= repeated) return { dupOf, lines: false };
  ctx.log.add({
    severity: "info",
    code: "sale-lines",
    params: { repeated, rows, frequency: tl.frequency, how: ctx.how },
    found: `${repeated} of ${rows} rows repeat another row exactly: too many for copy-paste slips, so the rows are read as one line per sale`,
    action: `every row counts; rows of the same SKU and ${frequencyLabel(tl.frequency)}: ${ctx.howWord}`,
  });
  return { dupOf: dupOf.fill(-1), lines: true };
}

/** One info note per repeated row: which row it copies, what it holds, that it counts once. */
export function reportExactDuplicates(ctx: BuildContext, dupOf: Int32Array): void {
  const { obs, nObs, sheet, layout, skus, dateCell } = ctx;
  const reported = new Uint8Array(sheet.rows.length);
  for (let i = 0; i < nObs; i++) {
    const r = obs.r[i]!;
    const first = dupOf[r]!;
    if (first < 0 || reported[r]) continue;
    reported[r] = 1;
    const v = obs.value[i]!;
    const quantity = Number.isNaN(v) ? show(cellAt(sheet, r, obs.c[i]!)) : String(v);
    const what = layout === "long" ? `, SKU "${skus[obs.sku[i]!]!.id}", quantity ${quantity}` : "";
    ctx.log.add({
      severity: "info",
      code: "duplicate-row",
      params:
        layout === "long"
          ? { variant: "long", row: sheetRow(sheet, r), of: sheetRow(sheet, first), date: epochDayToIso(obs.day[i]!), sku: skus[obs.sku[i]!]!.id, quantity }
          : { row: sheetRow(sheet, r), of: sheetRow(sheet, first), date: epochDayToIso(obs.day[i]!) },
      cell: dateCell(i),
      row: sheetRow(sheet, r),
      sku: layout === "long" ? skus[obs.sku[i]!]!.id : undefined,
      found: `row ${sheetRow(sheet, r)} repeats row ${sheetRow(sheet, first)} exactly (${epochDayToIso(obs.day[i]!)}${what})`,
      action: "counted once, as a copy-paste slip; if both sales are real, change one row (or add them up in one)",
    });
  }
}

/** Rows of one SKU and period that differ: the observations combined into each (SKU, period), first one first. */
export type Conflicts = Map<number, number[]>;

/** A repeated date row in a wide sheet: one warning for the row, not one per SKU. */
function reportDuplicateRows(ctx: BuildContext, tl: Timeline, dupOf: Int32Array): void {
  const { obs, content, nObs, sheet, dateCell } = ctx;
  const firstRowOfKey = new Map<number, number>();
  const reported = new Set<number>();
  for (let i = 0; i < nObs; i++) {
    const k = tl.keys[i]!;
    const r = obs.r[i]!;
    if (content[i] !== 2 || Number.isNaN(k) || dupOf[r]! >= 0) continue;
    const first = firstRowOfKey.get(k);
    if (first === undefined) firstRowOfKey.set(k, r);
    else if (first !== r && !reported.has(r)) {
      reported.add(r);
      const period = frequencyLabel(tl.frequency);
      ctx.log.add({
        severity: "warning",
        code: "duplicate-date",
        params: { of: sheetRow(sheet, first), row: sheetRow(sheet, r), date: epochDayToIso(obs.day[i]!), frequency: tl.frequency, how: ctx.how },
        cell: dateCell(i),
        row: sheetRow(sheet, r),
        found: `rows ${sheetRow(sheet, first)} and ${sheetRow(sheet, r)} fall in the same ${period} (${epochDayToIso(obs.day[i]!)}) with different sales`,
        action: `values of the same ${period} ${ctx.howWord}; delete or correct a row if it is a slip`,
      });
    }
  }
}

/** Long layout: one warning per SKU and period with several different rows, naming the rows and quantities. */
function reportConflicts(ctx: BuildContext, tl: Timeline, conflicts: Conflicts, combined: Float64Array[]): void {
  const { obs, sheet, skus, dateCell } = ctx;
  const period = frequencyLabel(tl.frequency);
  for (const [cell, list] of conflicts) {
    const s = Math.floor(cell / tl.H);
    const t = cell - s * tl.H;
    const id = skus[s]!.id;
    const rows = list.map((i) => sheetRow(sheet, obs.r[i]!));
    const rowsText = `${rows.slice(0, -1).join(", ")} and ${rows[rows.length - 1]}`;
    const quantities = list.map((i) => String(obs.value[i]!));
    const when = tl.frequency === "daily" ? epochDayToIso(tl.timeline[t]!) : `the ${period} of ${epochDayToIso(tl.timeline[t]!)}`;
    const extra = list[1]!;
    ctx.log.add({
      severity: "warning",
      code: "duplicate-date",
      params: {
        variant: "long",
        sku: id,
        count: list.length,
        frequency: tl.frequency,
        date: epochDayToIso(tl.timeline[t]!),
        rows: rows.slice(0, -1).join(", "),
        lastRow: String(rows[rows.length - 1]),
        quantities: quantities.join(", "),
        how: ctx.how,
        total: String(Math.round(combined[s]![t]! * 1e6) / 1e6),
      },
      cell: dateCell(extra),
      row: sheetRow(sheet, obs.r[extra]!),
      sku: id,
      found: `SKU "${id}" has ${list.length} different rows for ${when}: rows ${rowsText} (quantities ${quantities.join(", ")})`,
      action: `${ctx.howWord} (${Math.round(combined[s]![t]! * 1e6) / 1e6}); delete or correct a row if it is a slip`,
    });
  }
}

export function reportDuplicates(ctx: BuildContext, tl: Timeline, repeated: RepeatedRows, conflicts: Conflicts, combined: Float64Array[]): void {
  const { dupOf, lines } = repeated;
  reportExactDuplicates(ctx, dupOf);
  if (tl.grouping || lines) return;
  if (ctx.layout === "long") reportConflicts(ctx, tl, conflicts, combined);
  else reportDuplicateRows(ctx, tl, dupOf);
}
