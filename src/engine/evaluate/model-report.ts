/**
 * The Model sheet, built once for every writer (the pane's Office writer, the CLI's .xlsx writer) and for the pane's
 * summary: a plain-words summary (what was trained on what, how it did in the backtest, when and on what hardware,
 * how to read the workbook without the add-in), one row per SKU (forecaster, backtest error against seasonal naive,
 * band hit rate, promotion lift, seasonal peak, recent trend, trust grade with its rule under the table), then the
 * technical settings. Pure: no Office, no files. Words come from model-text.ts, or from the words object the caller
 * passes (the pane passes its locale's, src/i18n/model-sheet.zh-CN.ts); the numbers never depend on the words.
 */
import { lastSaleDay, lastSaleIndex } from "../ingest/history-end";
import type { Frequency, IngestIssue, SalesPanel } from "../types";
import { fillText, forecasterName, modelSheetText, type ModelSheetText } from "./model-text";
import { betterBy, grade, GRADE_RULE, promoLift, seasonalPeak, trendPerMonth, type Grade, type SkuEvidence } from "./sku-profile";

/** A cell: text, a number in General format, or a number with its own number format. */
export type ReportCell = string | number | null;

/** A rectangle of cells at a row of the sheet (column A), with a number format per column and bold rows. */
export type ReportBlock = {
  row: number;
  rows: ReportCell[][];
  /** Number format per column (null: General). */
  columnFormats?: (string | null)[];
  /** 0-based rows of this block shown bold (headings). */
  bold?: number[];
};

export type ModelReport = {
  name: "Model";
  blocks: ReportBlock[];
  /** Column widths in characters, from column A. */
  columnWidths: number[];
  /** The summary sentences (the sheet's top, and the pane's summary after training). */
  summary: string[];
  grades: Grade[];
};

/** Backtest over all SKUs: the model's WQL and seasonal naive's on the same periods, the band's hit rate. */
export type OverallBacktest = { windows: number; horizon: number; wql: number | null; baselineWql: number | null; hitRate: number | null };

export type ModelReportInput = {
  panel: SalesPanel;
  /** What the model was trained on (the pane's stored model may predate the current selection). */
  trainedOn?: { skus: number; frequency: Frequency; from: string; to: string; periods: number };
  horizon: number;
  /** Per SKU, in panel order (SKUs missing here get no row). */
  evidence: readonly SkuEvidence[];
  overall: OverallBacktest | null;
  /** The backtest was switched off (not too little history) when `overall` is null. */
  backtestSkipped?: boolean;
  /** ISO time the model was trained or the forecast made. */
  madeAt: string;
  trainingSeconds?: number | null;
  hardware: string;
  settings: readonly [string, string | number][];
  scores?: readonly { model: string; wql: number | null; mase: number | null; coverage80: number | null; bias: number | null }[];
  issues?: readonly IngestIssue[];
};

const BAND_LEVEL = 80;
const pctText = (x: number) => String(Math.round(x * 100));
const round = (x: number | null, digits: number) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

function trainedOnOf(input: ModelReportInput): NonNullable<ModelReportInput["trainedOn"]> {
  if (input.trainedOn) return input.trainedOn;
  const { panel } = input;
  const iso = (d: number | undefined) => (d === undefined ? "" : new Date(d * 86_400_000).toISOString().slice(0, 10));
  return { skus: panel.series.length, frequency: panel.frequency, from: iso(panel.timeline[0]), to: iso(lastSaleDay(panel)), periods: lastSaleIndex(panel) + 1 };
}

/** The backtest sentence for the overall figures. */
export function backtestSentence(overall: OverallBacktest | null, frequency: Frequency, horizon: number, skipped = false, T: ModelSheetText = modelSheetText): string {
  const unit = T.units[frequency];
  const b = overall ? betterBy(overall.wql, overall.baselineWql) : null;
  if (!overall && skipped) return T.backtestSkipped;
  if (!overall || b === null) return fillText(T.backtestNone, { horizon, unit });
  const values = { windows: overall.windows, horizon: overall.horizon, unit, pct: pctText(Math.abs(b)), baseline: T.baselines[frequency], level: BAND_LEVEL, hit: overall.hitRate === null ? "" : pctText(overall.hitRate) };
  const template = overall.hitRate === null ? (b >= 0 ? T.backtestBetterNoBand : T.backtestWorseNoBand) : b >= 0 ? T.backtestBetter : T.backtestWorse;
  return fillText(template, values);
}

/** The summary sentences: trained on what, backtest, when and where. */
export function summarySentences(input: ModelReportInput, grades?: readonly Grade[], T: ModelSheetText = modelSheetText): string[] {
  const on = trainedOnOf(input);
  const at = new Date(input.madeAt);
  const valid = Number.isFinite(at.getTime());
  const date = valid ? at.toISOString().slice(0, 10) : input.madeAt;
  const time = valid ? at.toISOString().slice(11, 16) : "";
  const lines = [
    fillText(T.trainedOn, { skus: on.skus, frequency: T.frequencies[on.frequency], from: on.from, to: on.to, periods: on.periods, horizon: input.horizon, unit: T.units[on.frequency] }),
    backtestSentence(input.overall, on.frequency, input.horizon, input.backtestSkipped, T),
    T.backtestHow,
    input.trainingSeconds !== undefined && input.trainingSeconds !== null
      ? fillText(T.trainedWhen, { date, time, seconds: input.trainingSeconds < 10 ? Math.round(input.trainingSeconds * 10) / 10 : Math.round(input.trainingSeconds), hardware: input.hardware })
      : fillText(T.trainedWhenNoTime, { date, time, hardware: input.hardware }),
  ];
  if (grades && grades.length > 0) {
    const count = (g: Grade) => grades.filter((x) => x === g).length;
    lines.push(fillText(T.gradeCounts, { a: count("A"), b: count("B"), c: count("C") }));
  }
  return lines;
}

function peakText(input: ModelReportInput, index: number, T: ModelSheetText): string {
  const p = seasonalPeak(input.panel, input.panel.series[index]);
  if (!p) return T.none;
  return p.kind === "weekday" ? T.weekdays[p.index] : T.months[p.index];
}

function skuBlock(input: ModelReportInput, row: number, T: ModelSheetText): { block: ReportBlock; grades: Grade[] } {
  const c = T.columns;
  const header: ReportCell[] = [c.sku, c.forecaster, c.vsBaseline, fillText(c.hit, { level: BAND_LEVEL }), c.lift, c.peak, c.trend, c.grade];
  const bySku = new Map(input.evidence.map((e) => [e.sku, e]));
  const rows: ReportCell[][] = [header];
  const grades: Grade[] = [];
  input.panel.series.forEach((s, i) => {
    const e = bySku.get(s.id);
    if (!e) return;
    const g = grade(e);
    grades.push(g);
    const lift = promoLift(input.panel, s);
    const trend = trendPerMonth(input.panel, s);
    const b = betterBy(e.wql, e.baselineWql);
    rows.push([
      s.id,
      forecasterName(e.forecaster, T),
      b === null ? T.none : round(b, 3),
      e.hitRate === null ? T.none : round(e.hitRate, 3),
      lift === null ? T.none : round(lift, 2),
      peakText(input, i, T),
      trend === null ? T.none : round(trend, 3),
      g,
    ]);
  });
  return { block: { row, rows, columnFormats: [null, null, T.formatBetterWorse, "0%", T.formatLift, null, T.formatTrend, null], bold: [0] }, grades };
}

function gradeRuleRows(frequency: Frequency, T: ModelSheetText): ReportCell[][] {
  const v = { margin: pctText(GRADE_RULE.margin), low: pctText(GRADE_RULE.low), high: pctText(GRADE_RULE.high), level: BAND_LEVEL };
  return [[T.gradeRuleHeading], [fillText(T.gradeA, v)], [fillText(T.gradeB, v)], [fillText(T.gradeC, v)], [fillText(T.columnNotes, { trendSpan: T.trendSpans[frequency] })]];
}

function technicalBlocks(input: ModelReportInput, row: number, T: ModelSheetText): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  const settings: ReportCell[][] = [[T.settingsHeading], ...input.settings.map(([k, v]): ReportCell[] => [T.settingNames[k] ?? k, v])];
  blocks.push({ row, rows: settings, bold: [0] });
  row += settings.length + 1;
  if (input.scores && input.scores.length > 0) {
    const rows: ReportCell[][] = [[T.scoresHeading], [...T.scoreColumns]];
    for (const s of input.scores) rows.push([s.model, round(s.wql, 4) ?? T.none, round(s.mase, 3) ?? T.none, round(s.coverage80, 3) ?? T.none, round(s.bias, 4) ?? T.none]);
    blocks.push({ row, rows, columnFormats: [null, "0.0000", "0.000", "0%", "0.0%"], bold: [0, 1] });
    row += rows.length + 1;
  }
  if (input.issues && input.issues.length > 0) {
    const rows: ReportCell[][] = [[T.issuesHeading], [...T.issueColumns]];
    for (const i of input.issues) rows.push([T.severities[i.severity] ?? i.severity, [i.sheet, i.cell ?? (i.row !== undefined ? fillText(T.issueRow, { row: i.row }) : "")].filter(Boolean).join("!"), i.found, i.action]);
    blocks.push({ row, rows, bold: [0, 1] });
  }
  return blocks;
}

/** The whole Model sheet, in the words of `T` (English unless the caller passes another language's). */
export function buildModelReport(input: ModelReportInput, T: ModelSheetText = modelSheetText): ModelReport {
  const frequency = trainedOnOf(input).frequency;
  const sku = skuBlock(input, 0, T);
  const summary = summarySentences(input, sku.grades, T);
  const top: ReportCell[][] = [[T.sheetTitle], [T.summaryHeading], ...summary.map((s) => [s]), [], [T.addInHeading], [T.addInValues], [T.addInGet], []];
  const blocks: ReportBlock[] = [{ row: 0, rows: top, bold: [0, 1, summary.length + 3] }];
  let row = top.length;
  blocks.push({ row, rows: [[T.perSkuHeading]], bold: [0] });
  row += 1;
  sku.block.row = row;
  blocks.push(sku.block);
  row += sku.block.rows.length + 1;
  const rule = gradeRuleRows(frequency, T);
  blocks.push({ row, rows: rule, bold: [0] });
  row += rule.length + 1;
  blocks.push(...technicalBlocks(input, row, T));
  return { name: "Model", blocks, columnWidths: [24, 38, 20, 16, 16, 14, 18, 12], summary, grades: sku.grades };
}

/** The overall backtest from a model card's scores (the trained model's held-out validation window). */
export function overallFromCard(card: {
  horizon: number;
  scores: Record<string, { wql: number; coverage80: number }>;
}): OverallBacktest | null {
  const model = card.scores.auto ?? card.scores["attention (calibrated)"] ?? card.scores.attention;
  const base = card.scores.snaive;
  if (!model || !base) return null;
  return { windows: 1, horizon: card.horizon, wql: model.wql, baselineWql: base.wql, hitRate: model.coverage80 };
}
