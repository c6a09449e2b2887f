/**
 * Where the sales history ends and the forecast begins: the one answer every writer uses (Forecast table, chart, CLI,
 * task pane, training cutoff). A panel's timeline may run past the last sale when the data holds plans for future
 * periods (promotion flags, holidays); those periods supply the known future covariates and never move the forecast:
 * forecasts start the period after the last sale.
 */
import type { SalesPanel } from "../types";
import { addPeriods } from "./dates";

/**
 * Index into `panel.timeline` of the last period of sales history (-1 for a panel without sales): `panel.lastSale`,
 * never past the longest series (a view that cuts the values off keeps its history end right even with the field
 * copied along) nor past the timeline.
 */
export function lastSaleIndex(panel: SalesPanel): number {
  const longest = panel.series.reduce((m, s) => Math.max(m, s.values.length), 0);
  return Math.min(panel.lastSale ?? Infinity, longest - 1, panel.timeline.length - 1);
}

/** Epoch day of the last period of sales history (NaN for a panel without sales). */
export function lastSaleDay(panel: SalesPanel): number {
  const i = lastSaleIndex(panel);
  return i >= 0 ? panel.timeline[i]! : NaN;
}

/** Epoch day of each forecast step: the periods after the last sale, plan rows or not. */
export function forecastDates(panel: SalesPanel, horizon: number): number[] {
  const last = lastSaleDay(panel);
  return Array.from({ length: Math.max(0, horizon) }, (_, h) => addPeriods(last, h + 1, panel.frequency));
}
