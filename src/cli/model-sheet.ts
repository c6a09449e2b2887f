/**
 * The CLI's Model sheet: the engine's model report (engine/evaluate/model-report.ts) filled from what the forecast
 * command has — the backtest of the model used against seasonal naive (per SKU and overall), or, without one, the
 * trained model's own held-out validation scores — and laid out as an .xlsx sheet (widths, number formats, bold).
 */
import os from "node:os";
import path from "node:path";
import type { BacktestResult } from "../engine/evaluate/backtest";
import { buildModelReport, overallFromCard, type ModelReport, type OverallBacktest } from "../engine/evaluate/model-report";
import { fillText, modelSheetText } from "../engine/evaluate/model-text";
import type { SkuEvidence } from "../engine/evaluate/sku-profile";
import type { PanelForecast } from "../engine/forecast/panel-model";
import type { SalesPanel } from "../engine/types";
import type { WriteSheet, WriteValue } from "./xlsx";

export type ModelSheetInput = {
  panel: SalesPanel;
  forecast: PanelForecast;
  backtest: readonly BacktestResult[];
  horizon: number;
  level: number;
  model: string;
  file: string;
  sheet?: string;
  madeAt: Date;
  seconds: number;
  /** --no-backtest was given. */
  backtestSkipped?: boolean;
};

/** Per-SKU and overall evidence from the backtest of the model used (first result) against seasonal naive. */
function fromBacktest(input: ModelSheetInput): { evidence: SkuEvidence[]; overall: OverallBacktest } | null {
  const used = input.backtest[0];
  const base = input.backtest.find((b) => b.model === "snaive");
  if (!used || !base) return null;
  const evidence = input.panel.series.map((s, i): SkuEvidence => {
    const own = used.perSeries[i];
    return {
      sku: s.id,
      forecaster: input.forecast.chosen[i],
      wql: own?.scores.wql ?? null,
      baselineWql: base.perSeries[i]?.scores.wql ?? null,
      hitRate: own?.scores.coverage80 ?? null,
    };
  });
  const overall = { windows: used.cutoffIndices.length, horizon: input.horizon, wql: used.scores.wql, baselineWql: base.scores.wql, hitRate: used.scores.coverage80 };
  return { evidence, overall };
}

/** Without a backtest: the card's per-SKU validation WQL (no per-SKU band figure), or nothing. */
function fromCard(input: ModelSheetInput): { evidence: SkuEvidence[]; overall: OverallBacktest | null } {
  const card = input.forecast.card;
  const perSku = new Map((card?.perSku ?? []).map((p) => [p.sku, p]));
  const evidence = input.panel.series.map((s, i): SkuEvidence => {
    const p = perSku.get(s.id);
    return { sku: s.id, forecaster: input.forecast.chosen[i], wql: p?.wql ?? null, baselineWql: p?.snaiveWql ?? null, hitRate: null };
  });
  return { evidence, overall: card ? overallFromCard(card) : null };
}

export function cliModelReport(input: ModelSheetInput): ModelReport {
  const { panel } = input;
  const card = input.forecast.card;
  const figures = fromBacktest(input) ?? fromCard(input);
  const cores = os.cpus().length;
  const hardware = card ? fillText(modelSheetText.hardwareNode, { cores, backend: card.backend }) : fillText(modelSheetText.hardwareNodeClassical, { cores });
  const settings: [string, string | number][] = [
    ["model", input.model],
    ["input", path.basename(input.file) + (input.sheet ? ` (${input.sheet})` : "")],
    ["layout", panel.layout],
    ["horizon", input.horizon],
    ["level", input.level],
    ["covariates", panel.covariateNames.join(", ") || modelSheetText.none],
  ];
  if (card) {
    settings.push(["backend", card.backend], ["parameters", card.parameters], ["trainingSeconds", Math.round(card.trainingSeconds * 10) / 10], ["fingerprint", card.dataFingerprint]);
    // The network's own settings; a name the run's settings already use (model, covariates) says it is the network's.
    for (const [k, v] of Object.entries(card.settings)) settings.push([settings.some(([name]) => name === k) ? `network ${k}` : k, v]);
  }
  const scores = input.backtest.map((b) => ({ model: b.model, wql: b.scores.wql, mase: b.scores.mase, coverage80: b.scores.coverage80, bias: b.scores.bias }));
  return buildModelReport({
    panel,
    horizon: input.horizon,
    evidence: figures.evidence,
    overall: figures.overall,
    backtestSkipped: input.backtestSkipped,
    madeAt: input.madeAt.toISOString(),
    trainingSeconds: card ? card.trainingSeconds : input.seconds,
    hardware,
    settings,
    scores,
    issues: panel.issues,
  });
}

/** The report as one .xlsx sheet: blocks placed at their rows, per-cell number formats, column widths. */
export function reportToWriteSheet(report: ModelReport): WriteSheet {
  const rows: WriteValue[][] = [];
  const cellFormats: (string | null)[][] = [];
  const boldRows: number[] = [];
  for (const block of report.blocks) {
    block.rows.forEach((r, k) => {
      rows[block.row + k] = [...r];
      cellFormats[block.row + k] = r.map((_v, c) => block.columnFormats?.[c] ?? null);
    });
    for (const b of block.bold ?? []) boldRows.push(block.row + b);
  }
  for (let r = 0; r < rows.length; r++) rows[r] ??= [];
  return { name: report.name, rows, boldRows, cellFormats, columns: report.columnWidths.map((width) => ({ width })) };
}
