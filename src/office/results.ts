/**
 * What the pane writes, as plain sheet specs (pure: no Excel calls, tested in Node): the Forecast table, one chart
 * per chosen SKU (history + P50 + band edges), the Restock sheet (editable inputs, `=TREND.RESTOCK(...)` formulas over
 * each SKU's history written beside them, plus the value computed at write time for Excel without the add-in) and the
 * Model sheet (the model report: summary, graded per-SKU table, settings).
 */
import type { Frequency, QuantileForecast, SalesPanel } from "../engine/types";
import type { ModelCard } from "../engine/forecast/trained-model";
import type { RestockPlan } from "../engine/restock/restock";
import type { Block, ChartSpec, OutCell, SheetSpec } from "./write";
import type { SkuEvidence } from "../engine/evaluate/sku-profile";
import { cellAddress, columnLetters } from "./addresses";
import { forecastDates, lastSaleIndex } from "../engine/ingest/history-end";
import { modelSheetSpec, paneModelReport } from "./model-sheet";
import { t } from "../i18n";

export const EXCEL_EPOCH_OFFSET = 25569;
const DATE_FORMAT = "yyyy-mm-dd";

export type InventoryRow = {
  sku: string;
  onHand: number;
  onOrder: number;
  leadTime: number;
  serviceLevel: number;
  reviewPeriod: number;
  moq: number;
  packSize: number;
};

export type ResultsInput = {
  panel: SalesPanel;
  /** Forecast per SKU id (only SKUs to write); must hold 0.5 and the band's lower and upper quantiles. */
  forecasts: ReadonlyMap<string, QuantileForecast>;
  /** Central band level, e.g. 0.8 -> lower P10, upper P90. */
  level: number;
  /** SKUs that get a chart (at most 6 are drawn). */
  chartSkus: readonly string[];
  card: ModelCard;
  /** Model that produced each SKU's forecast (e.g. "attention"). */
  modelFor: (sku: string) => string;
  inventory: readonly InventoryRow[];
  restock: ReadonlyMap<string, RestockPlan | { error: string }>;
  /** Per written SKU: the backtest on the model's held-out window (error vs seasonal naive, band hit rate). */
  evidence?: readonly SkuEvidence[];
  /** History periods shown before the forecast in a chart (default 3 x horizon). */
  chartHistory?: number;
};

/** Epoch day of the period `steps` after `epochDay`. */
export function periodAfter(epochDay: number, steps: number, frequency: Frequency): number {
  if (frequency === "daily") return epochDay + steps;
  if (frequency === "weekly") return epochDay + 7 * steps;
  const d = new Date(epochDay * 86_400_000);
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + steps, 1);
  const t = new Date(target);
  const lastDay = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(d.getUTCDate(), lastDay)) / 86_400_000);
}

export function bandQuantiles(level: number): { lower: number; upper: number } {
  const tail = Math.round(((1 - level) / 2) * 1000) / 1000;
  return { lower: tail, upper: Math.round((1 - tail) * 1000) / 1000 };
}

function quantileRow(forecast: QuantileForecast, q: number): number[] {
  const i = forecast.quantiles.findIndex((x) => Math.abs(x - q) < 1e-9);
  if (i < 0) throw new Error(`Forecast lacks quantile ${q}`);
  return forecast.values[i];
}

function pct(q: number): string {
  return `P${Math.round(q * 1000) / 10}`;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Forecast sheet rows (header first): SKU, Date, P50, lower, upper, the other quantiles, Model. */
export function forecastRows(input: ResultsInput): { rows: OutCell[][]; formats: (string | null)[] } {
  const { lower, upper } = bandQuantiles(input.level);
  const first = input.forecasts.values().next().value as QuantileForecast | undefined;
  const others = (first?.quantiles ?? []).filter(
    (q) => ![0.5, lower, upper].some((x) => Math.abs(x - q) < 1e-9),
  );
  const header: OutCell[] = [
    t("sheet.sku"), t("sheet.date"), "P50", t("sheet.lower", { level: pct(lower) }), t("sheet.upper", { level: pct(upper) }), ...others.map(pct), t("sheet.model"),
  ];
  const rows: OutCell[][] = [header];
  for (const series of input.panel.series) {
    const f = input.forecasts.get(series.id);
    if (!f) continue;
    const p50 = quantileRow(f, 0.5);
    const lo = quantileRow(f, lower);
    const hi = quantileRow(f, upper);
    const rest = others.map((q) => quantileRow(f, q));
    const model = input.modelFor(series.id);
    const dates = forecastDates(input.panel, p50.length);
    for (let h = 0; h < p50.length; h++) {
      rows.push([
        series.id,
        dates[h] + EXCEL_EPOCH_OFFSET,
        round(p50[h]),
        round(lo[h]),
        round(hi[h]),
        ...rest.map((r) => round(r[h])),
        model,
      ]);
    }
  }
  const formats = [null, DATE_FORMAT, "0.00", "0.00", "0.00", ...others.map(() => "0.00"), null];
  return { rows, formats };
}

/** Chart data block for one SKU: Date, History, Forecast (P50), Lower, Upper. */
export function chartRows(input: ResultsInput, sku: string): OutCell[][] {
  const series = input.panel.series.find((s) => s.id === sku);
  const f = input.forecasts.get(sku);
  if (!series || !f) return [];
  const { lower, upper } = bandQuantiles(input.level);
  const p50 = quantileRow(f, 0.5);
  const lo = quantileRow(f, lower);
  const hi = quantileRow(f, upper);
  const { timeline } = input.panel;
  const lastIndex = lastSaleIndex(input.panel);
  const show = Math.min(input.chartHistory ?? 3 * p50.length, lastIndex - series.start + 1);
  const rows: OutCell[][] = [
    [t("sheet.date"), t("sheet.history", { sku }), t("sheet.forecastP50"), t("sheet.lower", { level: pct(lower) }), t("sheet.upper", { level: pct(upper) })],
  ];
  for (let i = lastIndex - show + 1; i <= lastIndex; i++) {
    const joint = i === lastIndex ? series.values[i] : null;
    rows.push([timeline[i] + EXCEL_EPOCH_OFFSET, series.values[i], joint, joint, joint]);
  }
  const dates = forecastDates(input.panel, p50.length);
  for (let h = 0; h < p50.length; h++) {
    rows.push([dates[h] + EXCEL_EPOCH_OFFSET, null, round(p50[h]), round(lo[h]), round(hi[h])]);
  }
  return rows;
}

function forecastSheet(input: ResultsInput): SheetSpec {
  const { rows, formats } = forecastRows(input);
  const blocks: Block[] = [{ row: 0, column: 0, rows, columnFormats: formats }];
  const charts: ChartSpec[] = [];
  const dataColumn = rows[0].length + 1;
  const chartColumn = dataColumn + 6;
  let top = 0;
  for (const sku of input.chartSkus.slice(0, 6)) {
    const data = chartRows(input, sku);
    if (data.length < 2) continue;
    blocks.push({ row: top, column: dataColumn, rows: data, columnFormats: [DATE_FORMAT, "0.00", "0.00", "0.00", "0.00"] });
    charts.push({
      title: `${sku}: history and forecast`,
      data: `${cellAddress(top, dataColumn)}:${cellAddress(top + data.length - 1, dataColumn + 4)}`,
      anchor: cellAddress(charts.length * 15, chartColumn),
      dashed: [2, 3],
    });
    top += data.length + 1;
  }
  return { name: "Forecast", blocks, table: "TrendcastForecast", charts };
}

/** Restock sheet: inputs (editable), the formula that follows them, the value computed now, and each SKU's history. */
function restockSheet(input: ResultsInput): SheetSpec {
  const header: OutCell[] = [
    t("sheet.sku"), t("sheet.onHand"), t("sheet.onOrder"), t("sheet.leadTime"), t("sheet.serviceLevel"), t("sheet.reviewPeriod"), t("sheet.moq"),
    t("sheet.packSize"), t("sheet.suggestedOrder"), t("sheet.computedOrder"), t("sheet.reorderPoint"), t("sheet.safetyStock"), t("sheet.orderUpTo"),
    t("sheet.daysOfCover"), t("sheet.stockoutRisk"), t("sheet.note"),
  ];
  const historyColumn = header.length + 1;
  const rows: OutCell[][] = [header];
  const history: OutCell[][] = [];
  const written = input.inventory.filter((inv) => input.forecasts.has(inv.sku));
  let maxLength = 0;
  // Each SKU's dates and sales side by side: the formula gets both, so it forecasts on the same calendar (frequency,
  // dates) as the pane did and "Suggested order" agrees with "Computed order".
  // Where the data has a promotion flag, a third column per SKU holds it: the promotions that happened beside the
  // sales, then the plan below them, as the formula's promo_plan (the pane's forecast used the same plan).
  const promo = input.panel.covariateNames.includes("promo") ? "promo" : null;
  const width = promo ? 3 : 2;
  const histories = written.map((inv) => {
    const s = input.panel.series.find((x) => x.id === inv.sku);
    const from = s ? Math.max(0, s.start) : 0;
    const values = s ? s.values.slice(from) : [];
    const flags = s && promo ? (s.covariates[promo] ?? []).slice(from) : [];
    const dates = values.map((_v, k) => input.panel.timeline[from + k] + EXCEL_EPOCH_OFFSET);
    maxLength = Math.max(maxLength, values.length, flags.length);
    return { values, dates, flags };
  });
  history.push(
    written.flatMap((inv) => [
      t("sheet.historyDate", { sku: inv.sku }),
      t("sheet.history", { sku: inv.sku }),
      ...(promo ? [t("sheet.promoPlan", { sku: inv.sku })] : []),
    ]),
  );
  for (let r = 0; r < maxLength; r++) {
    history.push(
      histories.flatMap((h) => [
        r < h.values.length ? h.dates[r] : null,
        r < h.values.length ? h.values[r] : null,
        ...(promo ? [r < h.flags.length ? h.flags[r] : null] : []),
      ]),
    );
  }
  written.forEach((inv, i) => {
    const row = i + 2;
    const dateCol = columnLetters(historyColumn + width * i);
    const col = columnLetters(historyColumn + width * i + 1);
    const end = histories[i].values.length + 1;
    const values = `${col}$2:${col}$${end}`;
    const timeline = `${dateCol}$2:${dateCol}$${end}`;
    const promoCol = columnLetters(historyColumn + width * i + 2);
    const planArg = promo && histories[i].flags.some((f) => f === 1) ? `,${promoCol}$2:${promoCol}$${Math.max(end, histories[i].flags.length + 1)}` : "";
    const plan = input.restock.get(inv.sku);
    const ok = plan && !("error" in plan) ? plan : null;
    rows.push([
      inv.sku, inv.onHand, inv.onOrder, inv.leadTime, inv.serviceLevel, inv.reviewPeriod, inv.moq, inv.packSize,
      // detail FALSE, recalc left empty, then the timeline and, where the data has one, the promotion plan.
      { formula: `=TREND.RESTOCK(${values},B${row},D${row},E${row},C${row},F${row},G${row},H${row},FALSE,,${timeline}${planArg})` },
      ok ? ok.order : null,
      ok ? round(ok.reorderPoint) : null,
      ok ? round(ok.safetyStock) : null,
      ok ? round(ok.orderUpTo) : null,
      ok ? round(ok.daysOfCover, 1) : null,
      ok ? round(ok.stockoutRisk, 4) : null,
      plan && "error" in plan ? plan.error : ok ? ok.reason : "",
    ]);
  });
  return {
    name: "Restock",
    // History first, so the formulas see it as soon as they are written.
    blocks: [
      { row: 0, column: historyColumn, rows: history, columnFormats: written.flatMap(() => (promo ? [DATE_FORMAT, null, "0"] : [DATE_FORMAT, null])) },
      { row: 0, column: 0, rows, columnFormats: [null, "0", "0", "0", "0%", "0", "0", "0", "0", "0", "0.0", "0.0", "0.0", "0.0", "0.0%", null] },
    ],
    table: "TrendcastRestock",
    tableBlock: 1,
  };
}

/** Model sheet: the model report a buyer reads (office/model-sheet.ts, built by engine/evaluate/model-report.ts). */
function modelSheet(input: ResultsInput): SheetSpec {
  return modelSheetSpec(paneModelReport(input.card, input.panel, input.evidence, input.modelFor));
}

/** Forecast, Restock and Model sheets. */
export function buildResultSheets(input: ResultsInput): SheetSpec[] {
  return [forecastSheet(input), restockSheet(input), modelSheet(input)];
}
