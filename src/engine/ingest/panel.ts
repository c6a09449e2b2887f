/**
 * Building the panel: from observations to a regular timeline. This file finds the timeline (outlier dates, the
 * frequency, the period anchor, period keys, missing periods); panel-values.ts combines the values per SKU and
 * period, panel-series.ts makes the series (start, gaps, negatives, covariates).
 */
import type { Frequency, PanelLayout, SalesPanel } from "../types";
import { epochDayToIso, weekdayOf } from "./dates";
import { type PeriodAnchor, chooseAnchor, detectFrequency, frequencyLabel, periodDay, periodKey } from "./frequency";
import type { IssueLog } from "./issues";
import { type IngestOptions, MAX_CELLS } from "./limits";
import type { Observations, SkuInfo } from "./observations";
import { emptyPanel, makeContext, type BuildContext, type Timeline } from "./panel-context";
import { covariateGrids, lastInventory, reportUnsorted, skuValues } from "./panel-values";
import { exactDuplicateRows, reportDuplicates } from "./panel-duplicates";
import { makeSeries } from "./panel-series";
import { type Sheet, address, sheetRow } from "./sheet";

export { emptyPanel };

/** Dates far from all others (a year typed 2204 for 2024) would stretch the timeline: left out with an issue. */
export function outlierBounds(sortedDays: number[]): { lo: number; hi: number } {
  const n = sortedDays.length;
  let lo = 0;
  let hi = n - 1;
  if (n < 5) return { lo: sortedDays[0] ?? 0, hi: sortedDays[n - 1] ?? 0 };
  const steps: number[] = [];
  for (let i = 1; i < n; i++) steps.push(sortedDays[i]! - sortedDays[i - 1]!);
  steps.sort((a, b) => a - b);
  const med = steps[steps.length >> 1]!;
  const far = Math.max(3 * 366, 60 * med);
  const maxCut = Math.max(2, Math.floor(n * 0.01));
  for (let k = 1; k <= maxCut && k < n - 3; k++) if (sortedDays[k]! - sortedDays[k - 1]! > far) lo = k;
  for (let k = 1; k <= maxCut && n - 1 - k > lo + 2; k++) if (sortedDays[n - k]! - sortedDays[n - k - 1]! > far) hi = n - 1 - k;
  return { lo: sortedDays[lo]!, hi: sortedDays[hi]! };
}

export function weekdayName(w: number): string {
  return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][w]!;
}

/** Distinct dates that carry something, outliers left out (with an issue per row); null when there are none. */
function distinctDays(ctx: BuildContext): { distinct: number[]; lo: number; hi: number } | null {
  const { obs, content, nObs, log, sheet, dateCell } = ctx;
  const daySet = new Set<number>();
  for (let i = 0; i < nObs; i++) if (content[i]) daySet.add(obs.day[i]!);
  if (daySet.size === 0) {
    log.add({
      severity: "error",
      code: "no-sales-values",
      params: { variant: "selection" },
      cell: address(sheet, 0, 0),
      found: "the selection holds no sales numbers",
      action: "nothing read; select the sales history (dates and quantities)",
    });
    return null;
  }
  let distinct = [...daySet].sort((a, b) => a - b);
  const { lo, hi } = outlierBounds(distinct);
  if (lo > distinct[0]! || hi < distinct[distinct.length - 1]!) {
    const reported = new Set<number>();
    for (let i = 0; i < nObs; i++) {
      const d = obs.day[i]!;
      if (content[i] && (d < lo || d > hi) && !reported.has(obs.r[i]!)) {
        reported.add(obs.r[i]!);
        log.add({
          severity: "warning",
          code: "far-date",
          params: { place: dateCell(i), date: epochDayToIso(d), from: epochDayToIso(lo), to: epochDayToIso(hi), row: String(sheetRow(sheet, obs.r[i]!)) },
          cell: dateCell(i),
          row: sheetRow(sheet, obs.r[i]!),
          found: `${dateCell(i)} holds ${epochDayToIso(d)}, years away from the other dates (${epochDayToIso(lo)} to ${epochDayToIso(hi)}): probably a typing slip`,
          action: `row ${sheetRow(sheet, obs.r[i]!)} left out; correct the date to use it`,
        });
      }
    }
    distinct = distinct.filter((d) => d >= lo && d <= hi);
  }
  return { distinct, lo, hi };
}

/** The frequency asked for, known from the date column, or detected; null (with an error) when unsupported. */
function chooseFrequency(ctx: BuildContext, distinct: number[], frequencyHint: Frequency | null): { frequency: Frequency; grouping: boolean } | null {
  const { options, log, sheet, obs, dateColIndex } = ctx;
  if (options.frequency) {
    const frequency = options.frequency;
    const native = frequencyHint === null ? detectFrequency(distinct) : null;
    const rank: Record<Frequency, number> = { daily: 0, weekly: 1, monthly: 2 };
    if (native?.ok && rank[native.frequency] < rank[frequency]) {
      log.add({
        severity: "info",
        code: "grouped-dates",
        params: { native: native.frequency, frequency, how: ctx.how },
        found: `the dates are ${native.frequency}`,
        action: `grouped into ${frequency} periods as asked; values of one ${frequencyLabel(frequency)} ${ctx.howWord}`,
      });
      return { frequency, grouping: true };
    }
    return { frequency, grouping: false };
  }
  if (frequencyHint) return { frequency: frequencyHint, grouping: false };
  const det = detectFrequency(distinct);
  if (!det.ok) {
    log.add({
      severity: "error",
      code: "unsupported-frequency",
      params: { days: det.days, months: det.months },
      cell: dateColIndex !== null ? address(sheet, obs.r[0]!, dateColIndex) : undefined,
      found: `${det.reason}`,
      action: "nothing read; use daily, weekly or monthly sales, or choose the frequency to group the dates by",
    });
    return null;
  }
  if (det.frequency === "daily" && det.medianStep > 1) {
    log.add({
      severity: "info",
      code: "sparse-dates",
      params: { variant: "daily", days: det.medianStep },
      found: `dates are a median ${det.medianStep} days apart`,
      action: "read as daily sales; days without a row are filled like other missing periods",
    });
  } else if (det.frequency === "weekly" && det.medianPeriods > 1) {
    log.add({
      severity: "warning",
      code: "sparse-dates",
      params: { variant: "weekly", days: det.medianStep },
      found: `dates are a median ${det.medianStep} days apart`,
      action: "read as weekly sales; weeks without a row are filled like other missing periods",
    });
  }
  return { frequency: det.frequency, grouping: false };
}

/** Where periods start; weekly dates off the dominant weekday are snapped to it (one issue). */
function periodAnchor(ctx: BuildContext, distinct: number[], frequency: Frequency, grouping: boolean): PeriodAnchor {
  const { obs, content, nObs, log, dateCell } = ctx;
  const anchor: PeriodAnchor =
    grouping && frequency === "weekly"
      ? { frequency, weekday: weekdayOf(distinct[0]!), from: true }
      : chooseAnchor(distinct, frequency);
  if (anchor.frequency === "weekly" && !ctx.options.frequency) {
    const off: number[] = distinct.filter((d) => weekdayOf(d) !== anchor.weekday);
    if (off.length > 0) {
      const first = off[0]!;
      let at = -1;
      for (let i = 0; i < nObs && at < 0; i++) if (obs.day[i] === first && content[i]) at = i;
      log.add({
        severity: "warning",
        code: "weekday-snapped",
        params: { count: off.length, day: weekdayName(anchor.weekday), date: epochDayToIso(first), where: at >= 0 ? "yes" : "no", cell: at >= 0 ? dateCell(at) : "" },
        cell: at >= 0 ? dateCell(at) : undefined,
        found: `${off.length} date${off.length === 1 ? " is" : "s are"} not on a ${weekdayName(anchor.weekday)} like the others (first: ${epochDayToIso(first)}${at >= 0 ? ` in ${dateCell(at)}` : ""})`,
        action: `moved to the nearest ${weekdayName(anchor.weekday)}; sales landing in the same week are combined`,
      });
    }
  }
  return anchor;
}

/** Period key of every observation, the first and last period with content, and the end of the sales history. */
function periodKeys(ctx: BuildContext, lo: number, hi: number, anchor: PeriodAnchor): { keys: Float64Array; minKey: number; maxKey: number; histEnd: number } {
  const { obs, content, nObs } = ctx;
  const keys = new Float64Array(nObs);
  let minKey = Infinity;
  let maxKey = -Infinity;
  let histEnd = -Infinity;
  for (let i = 0; i < nObs; i++) {
    const d = obs.day[i]!;
    if (d < lo || d > hi) {
      keys[i] = NaN;
      continue;
    }
    const k = periodKey(d, anchor);
    keys[i] = k;
    if (!content[i]) continue;
    if (k < minKey) minKey = k;
    if (k > maxKey) maxKey = k;
    // A sales cell that could not be read still belongs to the history; a blank one with covariates may be a plan.
    if (content[i] === 2 && k > histEnd) histEnd = k;
  }
  return { keys, minKey, maxKey, histEnd };
}

/** Dated rows after the last sale that hold nothing (a sheet prepared for future weeks) are said, not used. */
function reportEmptyFuture(ctx: BuildContext, hi: number): void {
  const { obs, content, nObs } = ctx;
  const emptyFuture = new Set<number>();
  for (let i = 0; i < nObs; i++) if (content[i] === 0 && obs.day[i]! > hi) emptyFuture.add(obs.day[i]!);
  if (emptyFuture.size > 0) {
    const days = [...emptyFuture].sort((a, b) => a - b);
    ctx.log.add({
      severity: "info",
      code: "empty-future-dates",
      params: { count: days.length, from: epochDayToIso(days[0]!), to: epochDayToIso(days[days.length - 1]!) },
      found: `${days.length} date${days.length === 1 ? "" : "s"} after the last data (${epochDayToIso(days[0]!)}${days.length > 1 ? ` to ${epochDayToIso(days[days.length - 1]!)}` : ""}) ${days.length === 1 ? "has" : "have"} no sales and no plans`,
      action: "not used; the forecast starts after the last sale",
    });
  }
}

/** Periods with no row at all (for any SKU): one issue saying how they are filled. */
function missingPeriods(ctx: BuildContext, keys: Float64Array, minKey: number, histEnd: number, H: number, timeline: number[], frequency: Frequency): Uint8Array {
  const rowPresent = new Uint8Array(H);
  for (let i = 0; i < ctx.nObs; i++) {
    const k = keys[i]!;
    if (ctx.content[i] && k <= histEnd) rowPresent[k - minKey] = 1;
  }
  const fillMode = ctx.options.fill ?? "zero";
  const fillWord = fillMode === "interpolate" ? "interpolated between the neighbouring values" : "filled with 0";
  const missing: number[] = [];
  for (let t = 0; t < H; t++) if (!rowPresent[t]) missing.push(t);
  if (missing.length > 0) {
    const sample = missing.slice(0, 5).map((t) => epochDayToIso(timeline[t]!)).join(", ");
    ctx.log.add({
      severity: "info",
      code: "missing-periods",
      params: {
        count: missing.length, frequency, from: epochDayToIso(timeline[0]!), to: epochDayToIso(timeline[H - 1]!),
        sample: `${sample}${missing.length > 5 ? ", ..." : ""}`, variant: fillMode === "interpolate" ? "interpolate" : "zero",
      },
      found: `${missing.length} ${frequencyLabel(frequency)}${missing.length === 1 ? "" : "s"} between ${epochDayToIso(timeline[0]!)} and ${epochDayToIso(timeline[H - 1]!)} ${missing.length === 1 ? "has" : "have"} no row (${sample}${missing.length > 5 ? ", ..." : ""})`,
      action: `sales ${fillWord} for every SKU${fillMode === "interpolate" ? " (0 before a SKU's first sale)" : ""}`,
    });
  }
  return rowPresent;
}

/** The regular timeline of the observations, or a panel with no series (and an error issue) when there is none. */
function findTimeline(ctx: BuildContext, frequencyHint: Frequency | null): Timeline | SalesPanel {
  const { log, layout, sheet } = ctx;
  const days = distinctDays(ctx);
  if (days === null) return emptyPanel(log, layout);
  const { distinct, lo, hi } = days;
  const freq = chooseFrequency(ctx, distinct, frequencyHint);
  if (freq === null) return emptyPanel(log, layout);
  const { frequency, grouping } = freq;
  const anchor = periodAnchor(ctx, distinct, frequency, grouping);
  const { keys, minKey, maxKey, histEnd } = periodKeys(ctx, lo, hi, anchor);
  if (!Number.isFinite(histEnd)) {
    log.add({
      severity: "error",
      code: "no-sales-values",
      params: { variant: "cells" },
      cell: address(sheet, 0, 0),
      found: "no cell of the selection holds a usable sales number",
      action: "nothing read; check the issues above for the cells that could not be read",
    });
    return emptyPanel(log, layout, frequency);
  }
  reportEmptyFuture(ctx, hi);
  const nSku = ctx.skus.length;
  const T = maxKey - minKey + 1;
  const H = histEnd - minKey + 1;
  if (T * Math.max(1, nSku) > MAX_CELLS) {
    log.add({
      severity: "error",
      code: "too-large",
      params: { count: nSku, periods: T, frequency, from: epochDayToIso(periodDay(minKey, anchor)), to: epochDayToIso(periodDay(maxKey, anchor)) },
      found: `${nSku} SKUs over ${T} ${frequencyLabel(frequency)}s (${epochDayToIso(periodDay(minKey, anchor))} to ${epochDayToIso(periodDay(maxKey, anchor))}) is more than Trendcast can hold in memory`,
      action: "nothing read; select fewer SKUs or a shorter period, or group the dates by week or month",
    });
    return emptyPanel(log, layout, frequency);
  }
  const timeline: number[] = new Array<number>(T);
  for (let t = 0; t < T; t++) timeline[t] = periodDay(minKey + t, anchor);
  const rowPresent = missingPeriods(ctx, keys, minKey, histEnd, H, timeline, frequency);
  return { frequency, grouping, anchor, lo, hi, keys, minKey, histEnd, T, H, timeline, rowPresent };
}

export function buildPanel(
  sheet: Sheet,
  layout: PanelLayout,
  obs: Observations,
  skus: SkuInfo[],
  dateColIndex: number | null,
  frequencyHint: Frequency | null,
  options: IngestOptions,
  log: IssueLog,
): SalesPanel {
  const ctx = makeContext(sheet, layout, obs, skus, dateColIndex, options, log);
  const tl = findTimeline(ctx, frequencyHint);
  if (!("keys" in tl)) return tl;
  const repeated = exactDuplicateRows(ctx, tl);
  const combined = skuValues(ctx, tl, repeated.dupOf);
  reportUnsorted(ctx, combined.unsorted);
  reportDuplicates(ctx, tl, repeated, combined.conflicts, combined.values);
  const covNames = [...obs.covariates.keys()];
  const covValues = covariateGrids(ctx, tl, covNames);
  const inventory = lastInventory(ctx, tl);
  const series = makeSeries(ctx, tl, combined.values, covNames, covValues, inventory);
  if (series.length === 0) {
    log.add({
      severity: "error",
      code: "no-series",
      params: { variant: "skus" },
      found: "no SKU has sales numbers",
      action: "nothing to forecast; check the issues listed for the cells that could not be read",
    });
    return emptyPanel(log, layout, tl.frequency);
  }
  return {
    layout,
    frequency: tl.frequency,
    timeline: tl.timeline,
    series,
    covariateNames: covNames,
    issues: log.finish(),
    lastSale: tl.H - 1,
  };
}
