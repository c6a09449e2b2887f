/**
 * `trendcast forecast <file.xlsx|file.csv> [--sheet NAME] [--horizon N] [--level 0.8] [--model auto] [--out FILE]`:
 * reads a workbook or CSV as Excel would hand it to the add-in, ingests it (engine/ingest), forecasts every SKU
 * with the chosen panel model, and writes Forecast, Restock and Model sheets (.xlsx) or the Forecast table (.csv).
 */
import path from "node:path";
import { runBacktest, type BacktestResult } from "../engine/evaluate/backtest";
import { addPeriods, epochDayToIso } from "../engine/ingest/dates";
import { ingestGrid } from "../engine/ingest/ingest";
import { lastSaleDay, lastSaleIndex } from "../engine/ingest/history-end";
import type { ModelName, PanelForecast } from "../engine/forecast/panel-model";
import { getPanelModel, MODEL_NAMES } from "../engine/forecast/registry";
import { suggestRestock, type RestockPlan } from "../engine/restock/restock";
import { DEFAULT_QUANTILES, TrendcastError, type CellGrid, type Frequency, type IngestIssue, type SalesPanel } from "../engine/types";
import { assertInputFile, EXIT_CODES_HELP, intOption, modelOption, numberOption, parseArgs, UsageError } from "./args";
import { csvNumber, csvText } from "./csv-out";
import { formatScoreTable, progressBar, statusLine } from "./format";
import { prepareOutput, writeOutput, type OutputTarget } from "./output";
import { readInputFile } from "./workbook";
import { writeXlsx, type WriteValue } from "./xlsx";

/** Longest horizon accepted: ten years of weeks, about three years of days. */
export const MAX_HORIZON = 1000;
/** Rows of an Excel worksheet. */
export const XLSX_MAX_ROWS = 1_048_576;

export const FORECAST_HELP = `Usage: trendcast forecast <input.xlsx|input.csv> [options]

Reads the sales history (wide: a date column and one column per SKU; long: date, SKU, quantity and optional
columns such as promo, on hand, lead time; or a single column), forecasts every SKU and writes a workbook with the
sheets Forecast (SKU, date, P50, band, quantiles), Restock (suggested orders) and Model (what was used, backtest
scores against seasonal naive, data problems found). Sheets of an .xlsx whose name contains "promo" are read as
promotion plans (0/1 per SKU and date, future dates included).

Options:
  --sheet NAME      sheet to read (default: the first)
  --horizon N       periods to forecast, 1 to ${MAX_HORIZON} (default 28 daily, 13 weekly, 6 monthly)
  --level L         central band level for Lower/Upper, between 0 and 1 (default 0.8)
  --model NAME      ${MODEL_NAMES.join(", ")} (default auto)
  --out FILE        .xlsx or .csv to write (default out/<input name>-forecast.xlsx); never the input file
  --force           replace --out if it exists (without it, an existing file is left alone)
  --no-backtest     skip the one-window backtest shown on the Model sheet

An .xlsx holds at most ${XLSX_MAX_ROWS - 1} forecast rows (SKUs x horizon); write a .csv for more.

${EXIT_CODES_HELP}`;


export type ForecastJob = {
  file: string;
  sheet?: string;
  horizon?: number;
  level: number;
  model: ModelName;
  out?: string;
  backtest: boolean;
  /** Replace an existing output. */
  force?: boolean;
  /** Whether an existing output may be replaced without force (demo's own earlier output). */
  mayReplace?: (file: string) => boolean;
  /** Which command writes (marked in the workbook's properties). */
  kind?: string;
};

export type ForecastOutcome = {
  panel: SalesPanel;
  forecast: PanelForecast;
  quantiles: number[];
  horizon: number;
  out: string;
  restock: (RestockPlan | string)[];
  backtest: BacktestResult[];
};

const DEFAULT_HORIZON: Record<Frequency, number> = { daily: 28, weekly: 13, monthly: 6 };
const PERIOD_DAYS: Record<Frequency, number> = { daily: 1, weekly: 7, monthly: 30 };
const DEFAULT_LEAD_TIME: Record<Frequency, number> = { daily: 7, weekly: 2, monthly: 1 };

export function describeIssue(i: IngestIssue): string {
  const where = [i.sheet, i.cell ?? (i.row !== undefined ? `row ${i.row}` : undefined), i.sku ? `SKU ${i.sku}` : undefined].filter(Boolean).join(" ");
  return `${i.severity}${where ? ` at ${where}` : ""}: ${i.found} — ${i.action}`;
}

/** Problems grouped by kind: a count and the first few places of each, so a repeated problem stays readable. */
export function summarizeIssues(issues: readonly IngestIssue[], file: string, perKind = 3): string[] {
  const lines = [`${issues.length} data problem(s) found in ${file}:`];
  const byCode = new Map<string, IngestIssue[]>();
  for (const i of issues) byCode.set(i.code, [...(byCode.get(i.code) ?? []), i]);
  for (const group of byCode.values()) {
    for (const i of group.slice(0, perKind)) lines.push("  " + describeIssue(i));
    if (group.length > perKind) lines.push(`    ... and ${group.length - perKind} more like this (all listed on the Model sheet)`);
  }
  return lines;
}

/** Copies promotion plans (0/1 per SKU and date) from plan sheets into the panel's "promo" covariate. */
export function attachPlans(panel: SalesPanel, plans: CellGrid[], horizon: number): void {
  if (plans.length === 0 || panel.covariateNames.includes("promo") || panel.timeline.length === 0) return;
  const flags = new Map<string, Map<number, number>>();
  for (const grid of plans) {
    const plan = ingestGrid(grid, { fill: "zero", frequency: panel.frequency });
    for (const s of plan.series) {
      const byDate = flags.get(s.id) ?? new Map<number, number>();
      s.values.forEach((v, i) => byDate.set(plan.timeline[i], v > 0 ? 1 : 0));
      flags.set(s.id, byDate);
    }
  }
  if (flags.size === 0) return;
  const length = panel.timeline.length + horizon;
  const dates = Array.from({ length }, (_, i) => addPeriods(panel.timeline[0], i, panel.frequency));
  for (const s of panel.series) {
    const byDate = flags.get(s.id);
    s.covariates.promo = dates.map((d) => byDate?.get(d) ?? 0);
  }
  panel.covariateNames.push("promo");
}

function bandLevels(level: number): number[] {
  const lo = Math.round(((1 - level) / 2) * 1e6) / 1e6;
  const hi = Math.round(((1 + level) / 2) * 1e6) / 1e6;
  return [...new Set([...DEFAULT_QUANTILES, lo, 0.5, hi])].sort((a, b) => a - b);
}

function restockFor(panel: SalesPanel, forecast: PanelForecast, horizon: number, onProgress?: (fraction: number, message: string) => void): (RestockPlan | string)[] {
  const total = panel.series.length;
  return panel.series.map((s, i) => {
    if (i % 25 === 0) onProgress?.(i / total, `${i + 1}/${total} SKUs`);
    const inv = s.inventory ?? {};
    const leadTime = inv.leadTime ?? DEFAULT_LEAD_TIME[panel.frequency];
    const reviewPeriod = inv.reviewPeriod ?? 1;
    if (leadTime + reviewPeriod > horizon) {
      return `Lead time ${leadTime} + review period ${reviewPeriod} exceeds the horizon ${horizon}; forecast a longer horizon to get a suggestion.`;
    }
    try {
      return suggestRestock({
        forecast: forecast.forecasts[i],
        onHand: inv.onHand ?? 0,
        onOrder: inv.onOrder ?? 0,
        leadTime,
        reviewPeriod,
        serviceLevel: inv.serviceLevel,
        moq: inv.moq,
        packSize: inv.packSize,
        periodDays: PERIOD_DAYS[panel.frequency],
        history: s.values.slice(Math.max(s.start, s.values.length - 365)),
        sku: s.id,
      });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  });
}

const utcDate = (epochDay: number) => new Date(epochDay * 86400000);
const qLabel = (q: number) => `q${Number(q.toPrecision(6))}`;

function forecastTable(outcome: ForecastOutcome, level: number): WriteValue[][] {
  const { panel, forecast, quantiles, horizon } = outcome;
  const iLo = quantiles.findIndex((q) => Math.abs(q - (1 - level) / 2) < 1e-6);
  const iHi = quantiles.findIndex((q) => Math.abs(q - (1 + level) / 2) < 1e-6);
  const iMed = quantiles.findIndex((q) => Math.abs(q - 0.5) < 1e-9);
  const last = lastSaleDay(panel);
  const rows: WriteValue[][] = [];
  panel.series.forEach((s, i) => {
    const f = forecast.forecasts[i];
    for (let h = 0; h < horizon; h++) {
      const r = (v: number) => Math.round(v * 1000) / 1000;
      rows.push([s.id, utcDate(addPeriods(last, h + 1, panel.frequency)), forecast.chosen[i], r(f.values[iMed][h]), r(f.values[iLo][h]), r(f.values[iHi][h]), ...f.values.map((row) => r(row[h]))]);
    }
  });
  return rows;
}

function workbookBytes(outcome: ForecastOutcome, job: ForecastJob): Uint8Array {
  const { panel, quantiles, restock, backtest } = outcome;
  const pct = Math.round(job.level * 100);
  const forecastRows: WriteValue[][] = [["SKU", "Date", "Model", "P50", `Lower ${pct}%`, `Upper ${pct}%`, ...quantiles.map(qLabel)], ...forecastTable(outcome, job.level)];

  const restockRows: WriteValue[][] = [
    ["SKU", "On hand", "On order", "Lead time", "Review period", "Service level", "MOQ", "Pack size", "Order", "Reorder point", "Safety stock", "Order-up-to", "Days of cover", "Stock-out risk", "Expected demand", "Reason"],
  ];
  panel.series.forEach((s, i) => {
    const inv = s.inventory ?? {};
    const plan = restock[i];
    const inputs = [s.id, inv.onHand ?? 0, inv.onOrder ?? 0, inv.leadTime ?? DEFAULT_LEAD_TIME[panel.frequency], inv.reviewPeriod ?? 1, inv.serviceLevel ?? 0.95, inv.moq ?? 0, inv.packSize ?? 1];
    if (typeof plan === "string") restockRows.push([...inputs, "", "", "", "", "", "", "", plan]);
    else {
      const r = (v: number) => Math.round(v * 100) / 100;
      const note = inv.onHand === undefined ? " On hand was not in the data: assumed 0; enter it and rerun." : "";
      restockRows.push([...inputs, plan.order, r(plan.reorderPoint), r(plan.safetyStock), r(plan.orderUpTo), r(plan.daysOfCover), r(plan.stockoutRisk), r(plan.expectedDemand), plan.reason + note]);
    }
  });

  const last = lastSaleDay(panel);
  const modelRows: WriteValue[][] = [
    ["Model", job.model],
    ["Run at", new Date().toISOString()],
    ["Input", path.basename(job.file) + (job.sheet ? ` (sheet ${job.sheet})` : "")],
    ["Layout", panel.layout],
    ["Frequency", panel.frequency],
    ["SKUs", panel.series.length],
    ["Periods", panel.timeline.length],
    ["First date", epochDayToIso(panel.timeline[0])],
    ["Last date", epochDayToIso(last)],
    ["Horizon", outcome.horizon],
    ["Band level", job.level],
    ["Covariates", panel.covariateNames.join(", ") || "none"],
    [],
  ];
  const bold: number[] = [];
  if (backtest.length > 0) {
    bold.push(modelRows.length);
    modelRows.push(["Backtest (last window of the history)", "WQL", "MASE", "80% coverage", "bias"]);
    for (const b of backtest) modelRows.push([b.model, b.scores.wql ?? "n/a", b.scores.mase ?? "n/a", b.scores.coverage80 ?? "n/a", b.scores.bias ?? "n/a"]);
    modelRows.push([]);
  }
  bold.push(modelRows.length);
  modelRows.push(["SKU", "Model used", "Backtest WQL"]);
  panel.series.forEach((s, i) => modelRows.push([s.id, outcome.forecast.chosen[i], backtest[0]?.perSeries[i]?.scores.wql ?? "n/a"]));
  if (panel.issues.length > 0) {
    modelRows.push([]);
    bold.push(modelRows.length);
    modelRows.push(["Data problems found", "Where", "What was found", "What Trendcast did"]);
    for (const i of panel.issues) modelRows.push([i.severity, [i.sheet, i.cell ?? (i.row !== undefined ? `row ${i.row}` : "")].filter(Boolean).join("!"), i.found, i.action]);
  }
  return writeXlsx(
    [
      { name: "Forecast", rows: forecastRows, boldRows: [0], freeze: { rows: 1 }, columns: [{ width: 16 }, { width: 12, numFmt: "yyyy-mm-dd" }, { width: 18 }] },
      { name: "Restock", rows: restockRows, boldRows: [0], freeze: { rows: 1 }, columns: [{ width: 16 }, ...new Array(14).fill({ width: 12 }), { width: 60 }] },
      { name: "Model", rows: modelRows, boldRows: bold, columns: [{ width: 38 }, { width: 24 }, { width: 40 }, { width: 50 }] },
    ],
    { kind: job.kind ?? "forecast" },
  );
}

function csvBytes(outcome: ForecastOutcome, job: ForecastJob): string {
  const pct = Math.round(job.level * 100);
  const header = ["sku", "date", "model", "p50", `lower${pct}`, `upper${pct}`, ...outcome.quantiles.map(qLabel)];
  const field = (v: WriteValue) =>
    v instanceof Date ? epochDayToIso(Math.round(v.getTime() / 86400000)) : typeof v === "number" ? csvNumber(v) : csvText(String(v ?? ""));
  const lines = [header.join(","), ...forecastTable(outcome, job.level).map((r) => r.map(field).join(","))];
  return lines.join("\n") + "\n";
}

/** The default output of a forecast: out/<input name>-forecast.xlsx. */
export function defaultForecastOut(file: string): string {
  return path.join("out", `${path.basename(file).replace(/\.[^.]+$/, "")}-forecast.xlsx`);
}

/** Runs a forecast job end to end; prints issues to stderr; returns what it wrote. */
export async function forecastFile(job: ForecastJob, log: (line: string) => void = (l) => process.stderr.write(l + "\n")): Promise<ForecastOutcome> {
  const out = job.out ?? defaultForecastOut(job.file);
  assertInputFile(job.file);
  // The output is checked before the long work: not the input, not an existing file without --force, a folder
  // that can be written to.
  const target: OutputTarget = prepareOutput(out, { inputs: [job.file], force: job.force ?? false, mayReplace: job.mayReplace });
  const status = statusLine();
  status(`reading ${job.file} ...`);
  const input = await readInputFile(job.file, job.sheet);
  status("");
  const panel = ingestGrid(input.sales);
  panel.issues.unshift(...input.issues);
  const usable = panel.series.length > 0;
  if (panel.issues.length > 0) for (const line of summarizeIssues(panel.issues, path.basename(job.file))) log(line);
  if (!usable) {
    throw new TrendcastError(`No sales series could be read from ${path.basename(job.file)}${input.sales.sheet ? ` (sheet ${input.sales.sheet})` : ""}. See the problems above.`, "no-series");
  }
  const horizon = job.horizon ?? DEFAULT_HORIZON[panel.frequency];
  const csv = out.toLowerCase().endsWith(".csv");
  if (!csv && panel.series.length * horizon >= XLSX_MAX_ROWS) {
    throw new UsageError(
      `${panel.series.length} SKUs x ${horizon} periods = ${panel.series.length * horizon} forecast rows do not fit on one Excel sheet (${XLSX_MAX_ROWS - 1} rows at most). Write a .csv with --out, or forecast a shorter --horizon.`,
    );
  }
  attachPlans(panel, input.plans, horizon);
  const quantiles = bandLevels(job.level);
  const lastIndex = lastSaleIndex(panel);
  const model = await getPanelModel(job.model);
  const bar = progressBar("forecast");
  const forecast = await model.forecast(panel, { cutoff: lastIndex, horizon, quantiles, onProgress: (p) => bar.update(p.fraction, p.message) });
  bar.done();
  const backtest: BacktestResult[] = [];
  if (job.backtest && lastIndex + 1 >= 2 * horizon + 14) {
    const models = job.model === "snaive" ? [model] : [model, await getPanelModel("snaive")];
    const btBar = progressBar("backtest");
    for (let k = 0; k < models.length; k++) {
      const onProgress = (p: { fraction: number; message: string }) => btBar.update((k + p.fraction) / models.length, `${models[k].name} ${p.message}`);
      backtest.push(await runBacktest(panel, models[k], { horizon, windows: 1, quantiles, onProgress }));
    }
    btBar.done();
  }
  const restockBar = progressBar("restock");
  const restock = restockFor(panel, forecast, horizon, (f, m) => restockBar.update(f, m));
  restockBar.done();
  status(`writing ${out} ...`);
  const outcome: ForecastOutcome = { panel, forecast, quantiles, horizon, out, restock, backtest };
  writeOutput(target, csv ? csvBytes(outcome, { ...job, out }) : workbookBytes(outcome, { ...job, out }));
  status("");
  return outcome;
}

export async function runForecastCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["sheet", "horizon", "level", "model", "out"], ["no-backtest", "force"]);
  if (args.flags.has("help")) {
    process.stdout.write(FORECAST_HELP);
    return 0;
  }
  if (args.positional.length !== 1) throw new UsageError("forecast needs exactly one input file: trendcast forecast <file.xlsx|file.csv> [options]");
  const level = numberOption(args, "level", 0, 1, true, "0.8 for an 80% band") ?? 0.8;
  const model = modelOption(args, "auto");
  const out = args.options.get("out");
  if (out !== undefined && !/\.(xlsx|csv)$/i.test(out)) throw new UsageError(`--out must end in .xlsx or .csv (got "${out}").`);
  const job: ForecastJob = {
    file: args.positional[0],
    sheet: args.options.get("sheet"),
    horizon: args.options.has("horizon") ? intOption(args, "horizon", undefined, 1, MAX_HORIZON) : undefined,
    level,
    model,
    out,
    backtest: !args.flags.has("no-backtest"),
    force: args.flags.has("force"),
  };
  const outcome = await forecastFile(job);
  const p = outcome.panel;
  const last = lastSaleDay(p);
  process.stdout.write(
    `Read ${p.series.length} SKUs, ${p.frequency}, ${epochDayToIso(p.timeline[0])} to ${epochDayToIso(last)}` +
      `${p.covariateNames.length > 0 ? `, plans: ${p.covariateNames.join(", ")}` : ""}.\n` +
      `Forecast ${p.series.length} SKUs x ${outcome.horizon} ${p.frequency} periods with ${job.model}; wrote ${outcome.out}\n`,
  );
  if (outcome.backtest.length > 0) {
    process.stdout.write(`Backtest on the last ${outcome.horizon} periods of the history:\n`);
    process.stdout.write(formatScoreTable(outcome.backtest, outcome.backtest.find((b) => b.model === "snaive")) + "\n");
  }
  const orders = outcome.restock.filter((r): r is RestockPlan => typeof r !== "string" && r.order > 0).length;
  if (outcome.out.toLowerCase().endsWith(".csv")) {
    process.stdout.write(`Restock: ${orders} of ${p.series.length} SKU(s) would order now; write an .xlsx to get the Restock and Model sheets.\n`);
  } else {
    process.stdout.write(`Restock: ${orders} of ${p.series.length} SKU(s) have a suggested order now (sheet Restock).\n`);
  }
  return 0;
}
