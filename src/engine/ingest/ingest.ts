/**
 * Sales ingest: turns a block of cells exactly as Excel (or a CSV file) hands them over into a `SalesPanel`.
 *
 * Steps: drop blank rows and columns; find header rows (text above columns of numbers or dates); find the date
 * column (date text, Excel serials with a date format, serial-range numbers under a date header, or a period-number
 * column); tell the layout apart (long: one row per SKU and date with a SKU column; wide: one column per SKU; single:
 * one column of values); read every cell, turning problems into issues; detect the frequency from the median date
 * step; map dates onto a regular timeline (weekly dates snapped to the dominant weekday); aggregate duplicates; fill
 * missing periods (zero, or linear interpolation as Excel's FORECAST.ETS data_completion does); keep or clip returns.
 *
 * `ingestGrid` never throws: every problem is an `IngestIssue` naming the sheet-relative cell or row, the SKU, what
 * was found and what was done, and an unusable grid gives a panel with no series and an error issue.
 */
import type { CellGrid, IssueSeverity, SalesPanel } from "../types";
import { columnStats, findDateColumn, findHeaderRows, sampleRows } from "./columns";
import { readDecimals } from "./decimals";
import { epochDayToIso } from "./dates";
import { IssueLog } from "./issues";
import { headerNames, planLayout } from "./layout";
import { type IngestOptions, type PanelSummary, UNDATED_START } from "./limits";
import { readLong, readWide } from "./observations";
import { buildPanel, emptyPanel } from "./panel";
import { monthStart, readDates, type RowDates } from "./row-dates";
import { address, cellAt, cleanSheet, type Sheet } from "./sheet";
import { show } from "./values";

export { ABSURD_MAGNITUDE, type IngestOptions, type PanelSummary } from "./limits";

// Entry points

/**
 * Read a block of cells into a sales panel. Never throws: problems are `panel.issues`; a block that cannot be read
 * gives a panel with no series and an error issue saying why and what to do.
 */
export function ingestGrid(grid: CellGrid, options: IngestOptions = {}): SalesPanel {
  const sheetName = grid && typeof grid.sheet === "string" ? grid.sheet : undefined;
  const log = new IssueLog(sheetName);
  try {
    return ingest(grid, options, log);
  } catch (e) {
    log.add({
      severity: "error",
      code: "unreadable",
      params: { reason: e instanceof Error ? e.message.split("\n")[0]! : "unknown problem" },
      found: `the selection could not be read (${e instanceof Error ? e.message.split("\n")[0] : "unknown problem"})`,
      action: "nothing read; select a block with dates and sales numbers, or report this to the Trendcast team with the workbook",
    });
    return emptyPanel(log);
  }
}

/** Headings that are formula text ("=SUM(...)") are used as written: said once per cell. */
function reportFormulaHeadings(sheet: Sheet, headerRows: number, log: IssueLog): void {
  for (let r = 0; r < headerRows; r++) {
    for (let c = 0; c < sheet.cols.length; c++) {
      const v = cellAt(sheet, r, c);
      if (typeof v === "string" && v.trim().startsWith("=")) {
        log.add({
          severity: "info",
          code: "formula-text",
          params: { cell: address(sheet, r, c), text: show(v) },
          cell: address(sheet, r, c),
          found: `heading ${address(sheet, r, c)} is the formula text ${show(v)}`,
          action: "used as text, as written (never evaluated)",
        });
      }
    }
  }
}

/** No date column: rows are consecutive periods in sheet order, from UNDATED_START. */
function undatedRows(sheet: Sheet, headerRows: number, options: IngestOptions, log: IssueLog): RowDates {
  const nRows = sheet.rows.length;
  const f = options.frequency ?? "daily";
  const days = new Float64Array(nRows).fill(NaN);
  for (let r = headerRows; r < nRows; r++) {
    // Blank rows were dropped from the sheet; in a column without dates they are periods without sales.
    const k = sheet.rows[r]! - sheet.rows[headerRows]!;
    days[r] = f === "daily" ? UNDATED_START + k : f === "weekly" ? UNDATED_START + 2 + 7 * k : monthStart(k);
  }
  log.add({
    severity: "info",
    code: "no-dates",
    params: { frequency: f, start: epochDayToIso(UNDATED_START) },
    cell: address(sheet, headerRows, 0),
    found: "no column holds dates",
    action: `rows read as consecutive ${f} periods in sheet order; dates from ${epochDayToIso(UNDATED_START)} on stand in for real dates (include a date column for real ones)`,
  });
  return { days, frequencyHint: f };
}

export function ingest(grid: CellGrid, options: IngestOptions, log: IssueLog): SalesPanel {
  if (!grid || !Array.isArray(grid.values)) {
    log.add({ severity: "error", code: "empty", found: "nothing was selected", action: "select the sales history and try again", params: { variant: "nothing" } });
    return emptyPanel(log);
  }
  const raw = cleanSheet(grid, log);
  if (raw === null) {
    log.add({
      severity: "error",
      code: "empty",
      params: { variant: "selection" },
      cell: grid.origin ?? "A1",
      found: "the selection is empty",
      action: "nothing read; select the sales history (dates and quantities) and try again",
    });
    return emptyPanel(log);
  }
  // Text numbers read with the file's decimal separator; headings and SKU codes stay as written.
  const sheet = readDecimals(raw, grid.decimalSeparator === "," || grid.decimalSeparator === "." ? grid.decimalSeparator : undefined, log);
  const nRows = sheet.rows.length;
  const nCols = sheet.cols.length;
  const headerRows = findHeaderRows(sheet);
  if (headerRows >= nRows) {
    log.add({
      severity: "error",
      code: "no-data-rows",
      params: { range: `${address(sheet, 0, 0)}:${address(sheet, nRows - 1, nCols - 1)}` },
      cell: address(sheet, 0, 0),
      found: `the selection holds only headings (${address(sheet, 0, 0)}:${address(sheet, nRows - 1, nCols - 1)}) and no sales numbers`,
      action: "nothing read; include the rows of sales below the headings",
    });
    return emptyPanel(log);
  }
  const dataRows = sampleRows(headerRows, nRows);
  const stats = Array.from({ length: nCols }, (_, c) => columnStats(sheet, c, dataRows));
  const firstNames = headerNames(raw, headerRows, null);
  const dateCol = findDateColumn(sheet, firstNames.roleTexts, dataRows, stats);
  const { names, roleTexts } = headerRows > 0 ? headerNames(raw, headerRows, dateCol?.col ?? null) : firstNames;
  reportFormulaHeadings(raw, headerRows, log);
  const plan = planLayout(sheet, headerRows, dateCol, stats, names, roleTexts, log);
  if (plan === null) return emptyPanel(log);

  // Dates of the rows.
  const { days, frequencyHint } = dateCol !== null ? readDates(sheet, dateCol, headerRows, options, log) : undatedRows(sheet, headerRows, options, log);
  const fillText = options.fill === "interpolate" ? "interpolated from its neighbours" : "filled with 0";
  const { obs, skus } =
    plan.layout === "long"
      ? readLong(sheet, plan, headerRows, dateCol!.col, days, fillText, log, raw)
      : readWide(sheet, plan, headerRows, dateCol?.col ?? null, days, fillText, log);
  if (skus.length === 0) {
    log.add({
      severity: "error",
      code: "no-series",
      params: { variant: "rows" },
      found: "no row holds a SKU with a date",
      action: "nothing to forecast; check the issues listed for the rows that could not be read",
    });
    return emptyPanel(log, plan.layout);
  }
  return buildPanel(sheet, plan.layout, obs, skus, dateCol?.col ?? null, frequencyHint, options, log);
}

/** What the pane shows before training: layout, SKUs, periods, frequency, date range, problems found. */
export function describePanel(panel: SalesPanel): PanelSummary {
  const issueCounts: Record<IssueSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const i of panel.issues) issueCounts[i.severity]++;
  const periods = panel.series.reduce((m, s) => Math.max(m, s.values.length), 0);
  const hasDates = periods > 0 && panel.timeline.length >= periods;
  return {
    layout: panel.layout,
    skuCount: panel.series.length,
    periods,
    frequency: panel.frequency,
    firstDate: hasDates ? epochDayToIso(panel.timeline[0]!) : null,
    lastDate: hasDates ? epochDayToIso(panel.timeline[periods - 1]!) : null,
    issueCounts,
  };
}
