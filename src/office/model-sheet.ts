/**
 * The pane's Model sheet and summary: the engine's model report (engine/evaluate/model-report.ts) filled from the
 * trained model's card (its held-out validation window) and the per-SKU evidence the pane computed when writing,
 * laid out as a SheetSpec for the staged writer, in the pane's language (the numbers are the same in every language).
 * Pure: no Excel calls.
 */
import { buildModelReport, overallFromCard, summarySentences, type ModelReport, type ModelReportInput } from "../engine/evaluate/model-report";
import { fillText, type ModelSheetText } from "../engine/evaluate/model-text";
import type { SkuEvidence } from "../engine/evaluate/sku-profile";
import type { ModelCard } from "../engine/forecast/trained-model";
import type { SalesPanel } from "../engine/types";
import type { SheetSpec } from "./write";
import { getLocale, type Locale } from "../i18n";
import { issueParts } from "../i18n/issues";
import { modelSheetTextFor } from "../i18n/model-sheet.zh-CN";

function cardInput(card: ModelCard, text: ModelSheetText): Omit<ModelReportInput, "panel" | "evidence"> {
  return {
    trainedOn: { skus: card.seriesCount, frequency: card.frequency, from: card.firstDate, to: card.lastDate, periods: card.periods },
    horizon: card.horizon,
    overall: overallFromCard(card),
    madeAt: card.trainedAt,
    trainingSeconds: card.trainingSeconds,
    hardware: fillText(text.hardwarePane, { backend: card.backend }),
    settings: [
      ["backend", card.backend],
      ["parameters", card.parameters],
      ["trainingSeconds", Math.round(card.trainingSeconds * 10) / 10],
      ["fingerprint", card.dataFingerprint],
      ...Object.entries(card.settings),
    ],
    scores: Object.entries(card.scores).map(([model, s]) => ({ model, wql: s.wql, mase: s.mase, coverage80: s.coverage80, bias: s.bias })),
  };
}

/** The summary sentences the pane shows after training (and the Model sheet's top). */
export function cardSummary(card: ModelCard, locale: Locale = getLocale()): string[] {
  const text = modelSheetTextFor(locale);
  const panel: SalesPanel = { layout: "wide", frequency: card.frequency, timeline: [], series: [], covariateNames: [], issues: [] };
  return summarySentences({ ...cardInput(card, text), panel, evidence: [] }, undefined, text);
}

/**
 * The Model sheet's report. `evidence` (per written SKU, from the pane's holdout forecasts) gives the band hit rate;
 * without it the card's per-SKU validation errors are used and the hit rate shows "—".
 */
export function paneModelReport(
  card: ModelCard,
  panel: SalesPanel,
  evidence?: readonly SkuEvidence[],
  modelFor?: (sku: string) => string,
  locale: Locale = getLocale(),
): ModelReport {
  const text = modelSheetTextFor(locale);
  const perSku = new Map(card.perSku.map((p) => [p.sku, p]));
  const fallback: SkuEvidence[] = panel.series
    .filter((s) => perSku.has(s.id))
    .map((s) => {
      const p = perSku.get(s.id)!;
      return { sku: s.id, forecaster: modelFor?.(s.id) ?? p.chosen, wql: p.wql, baselineWql: p.snaiveWql, hitRate: null };
    });
  const issues = panel.issues.map((i) => ({ ...i, ...issueParts(i, locale) }));
  return buildModelReport({ ...cardInput(card, text), panel, evidence: evidence ?? fallback, issues }, text);
}

export function modelSheetSpec(report: ModelReport): SheetSpec {
  return {
    name: report.name,
    blocks: report.blocks.map((b) => ({ row: b.row, column: 0, rows: b.rows, columnFormats: b.columnFormats, boldRows: b.bold })),
    columnWidths: report.columnWidths,
  };
}
