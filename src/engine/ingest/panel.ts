/** Building the panel: from observations to a regular timeline per frequency, duplicates, gaps, outliers, covariates. */
import type { Frequency, InventoryInputs, PanelLayout, SalesPanel, Series } from "../types";
import { epochDayToIso, weekdayOf } from "./dates";
import { type PeriodAnchor, chooseAnchor, detectFrequency, frequencyLabel, periodDay, periodKey } from "./frequency";
import { IssueLog } from "./issues";
import { type IngestOptions, MAX_CELLS } from "./limits";
import type { Observations, SkuInfo } from "./observations";
import { type Sheet, address, sheetRow } from "./sheet";

// From observations to the panel

export function emptyPanel(log: IssueLog, layout: PanelLayout = "single", frequency: Frequency = "daily"): SalesPanel {
  return { layout, frequency, timeline: [], series: [], covariateNames: [], issues: log.finish() };
}

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
  const nObs = obs.sku.length;
  const content = obs.content;
  const dateCell = (i: number): string => (dateColIndex === null ? address(sheet, obs.r[i]!, obs.c[i]!) : address(sheet, obs.r[i]!, dateColIndex));

  // Distinct dates that carry something; outliers left out.
  const daySet = new Set<number>();
  for (let i = 0; i < nObs; i++) if (content[i]) daySet.add(obs.day[i]!);
  if (daySet.size === 0) {
    log.add({
      severity: "error",
      code: "no-sales-values",
      cell: address(sheet, 0, 0),
      found: "the selection holds no sales numbers",
      action: "nothing read; select the sales history (dates and quantities)",
    });
    return emptyPanel(log, layout);
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
          cell: dateCell(i),
          row: sheetRow(sheet, obs.r[i]!),
          found: `${dateCell(i)} holds ${epochDayToIso(d)}, years away from the other dates (${epochDayToIso(lo)} to ${epochDayToIso(hi)}): probably a typing slip`,
          action: `row ${sheetRow(sheet, obs.r[i]!)} left out; correct the date to use it`,
        });
      }
    }
    distinct = distinct.filter((d) => d >= lo && d <= hi);
  }

  // Frequency and the anchor of periods.
  let frequency: Frequency;
  let grouping = false;
  const how = options.duplicates ?? "sum";
  const howWord = how === "sum" ? "added up" : how === "mean" ? "averaged" : "the last one kept";
  if (options.frequency) {
    frequency = options.frequency;
    const native = frequencyHint === null ? detectFrequency(distinct) : null;
    const rank: Record<Frequency, number> = { daily: 0, weekly: 1, monthly: 2 };
    if (native?.ok && rank[native.frequency] < rank[frequency]) {
      grouping = true;
      log.add({
        severity: "info",
        code: "grouped-dates",
        found: `the dates are ${native.frequency}`,
        action: `grouped into ${frequency} periods as asked; values of one ${frequencyLabel(frequency)} ${howWord}`,
      });
    }
  } else if (frequencyHint) frequency = frequencyHint;
  else {
    const det = detectFrequency(distinct);
    if (!det.ok) {
      log.add({
        severity: "error",
        code: "unsupported-frequency",
        cell: dateColIndex !== null ? address(sheet, obs.r[0]!, dateColIndex) : undefined,
        found: `${det.reason}`,
        action: "nothing read; use daily, weekly or monthly sales, or choose the frequency to group the dates by",
      });
      return emptyPanel(log, layout);
    }
    frequency = det.frequency;
    if (det.frequency === "daily" && det.medianStep > 1) {
      log.add({
        severity: "info",
        code: "sparse-dates",
        found: `dates are a median ${det.medianStep} days apart`,
        action: "read as daily sales; days without a row are filled like other missing periods",
      });
    } else if (det.frequency === "weekly" && det.medianPeriods > 1) {
      log.add({
        severity: "warning",
        code: "sparse-dates",
        found: `dates are a median ${det.medianStep} days apart`,
        action: "read as weekly sales; weeks without a row are filled like other missing periods",
      });
    }
  }
  const anchor: PeriodAnchor =
    grouping && frequency === "weekly"
      ? { frequency, weekday: weekdayOf(distinct[0]!), from: true }
      : chooseAnchor(distinct, frequency);
  if (anchor.frequency === "weekly" && !options.frequency) {
    const off: number[] = distinct.filter((d) => weekdayOf(d) !== anchor.weekday);
    if (off.length > 0) {
      const first = off[0]!;
      let at = -1;
      for (let i = 0; i < nObs && at < 0; i++) if (obs.day[i] === first && content[i]) at = i;
      log.add({
        severity: "warning",
        code: "weekday-snapped",
        cell: at >= 0 ? dateCell(at) : undefined,
        found: `${off.length} date${off.length === 1 ? " is" : "s are"} not on a ${weekdayName(anchor.weekday)} like the others (first: ${epochDayToIso(first)}${at >= 0 ? ` in ${dateCell(at)}` : ""})`,
        action: `moved to the nearest ${weekdayName(anchor.weekday)}; sales landing in the same week are combined`,
      });
    }
  }

  // Period keys, the history end and the timeline.
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
  if (!Number.isFinite(histEnd)) {
    log.add({
      severity: "error",
      code: "no-sales-values",
      cell: address(sheet, 0, 0),
      found: "no cell of the selection holds a usable sales number",
      action: "nothing read; check the issues above for the cells that could not be read",
    });
    return emptyPanel(log, layout, frequency);
  }
  // Dated rows after the last sale that hold nothing (a sheet prepared for future weeks) are said, not used.
  const emptyFuture = new Set<number>();
  for (let i = 0; i < nObs; i++) if (content[i] === 0 && obs.day[i]! > hi) emptyFuture.add(obs.day[i]!);
  if (emptyFuture.size > 0) {
    const days = [...emptyFuture].sort((a, b) => a - b);
    log.add({
      severity: "info",
      code: "empty-future-dates",
      found: `${days.length} date${days.length === 1 ? "" : "s"} after the last data (${epochDayToIso(days[0]!)}${days.length > 1 ? ` to ${epochDayToIso(days[days.length - 1]!)}` : ""}) ${days.length === 1 ? "has" : "have"} no sales and no plans`,
      action: "not used; the forecast starts after the last sale",
    });
  }
  const nSku = skus.length;
  const T = maxKey - minKey + 1;
  const H = histEnd - minKey + 1;
  if (T * Math.max(1, nSku) > MAX_CELLS) {
    log.add({
      severity: "error",
      code: "too-large",
      found: `${nSku} SKUs over ${T} ${frequencyLabel(frequency)}s (${epochDayToIso(periodDay(minKey, anchor))} to ${epochDayToIso(periodDay(maxKey, anchor))}) is more than Trendcast can hold in memory`,
      action: "nothing read; select fewer SKUs or a shorter period, or group the dates by week or month",
    });
    return emptyPanel(log, layout, frequency);
  }
  const timeline: number[] = new Array<number>(T);
  for (let t = 0; t < T; t++) timeline[t] = periodDay(minKey + t, anchor);

  // Periods with no row at all (for any SKU).
  const rowPresent = new Uint8Array(H);
  for (let i = 0; i < nObs; i++) {
    const k = keys[i]!;
    if (content[i] && k <= histEnd) rowPresent[k - minKey] = 1;
  }
  const fillMode = options.fill ?? "zero";
  const fillWord = fillMode === "interpolate" ? "interpolated between the neighbouring values" : "filled with 0";
  const missingPeriods: number[] = [];
  for (let t = 0; t < H; t++) if (!rowPresent[t]) missingPeriods.push(t);
  if (missingPeriods.length > 0) {
    const sample = missingPeriods.slice(0, 5).map((t) => epochDayToIso(timeline[t]!)).join(", ");
    log.add({
      severity: "info",
      code: "missing-periods",
      found: `${missingPeriods.length} ${frequencyLabel(frequency)}${missingPeriods.length === 1 ? "" : "s"} between ${epochDayToIso(timeline[0]!)} and ${epochDayToIso(timeline[H - 1]!)} ${missingPeriods.length === 1 ? "has" : "have"} no row (${sample}${missingPeriods.length > 5 ? ", ..." : ""})`,
      action: `sales ${fillWord} for every SKU${fillMode === "interpolate" ? " (0 before a SKU's first sale)" : ""}`,
    });
  }

  // Values per SKU, duplicates combined.
  const values: Float64Array[] = [];
  const counts: Uint32Array[] = [];
  for (let s = 0; s < nSku; s++) {
    values.push(new Float64Array(H).fill(NaN));
    counts.push(new Uint32Array(H));
  }
  const dupCount = new Uint32Array(nSku);
  const dupFirst = new Int32Array(nSku).fill(-1);
  const unsorted = new Int32Array(nSku).fill(-1);
  const lastKeySeen = new Float64Array(nSku).fill(-Infinity);
  for (let i = 0; i < nObs; i++) {
    const k = keys[i]!;
    if (Number.isNaN(k)) continue;
    const s = obs.sku[i]!;
    if (content[i]) {
      if (k < lastKeySeen[s]! && unsorted[s]! < 0) unsorted[s] = i;
      if (k > lastKeySeen[s]!) lastKeySeen[s] = k;
    }
    const v = obs.value[i]!;
    if (Number.isNaN(v)) continue;
    const t = k - minKey;
    const arr = values[s]!;
    const cnt = counts[s]!;
    if (cnt[t]! > 0) {
      dupCount[s]!++;
      if (dupFirst[s]! < 0) dupFirst[s] = i;
      arr[t] = how === "last" ? v : arr[t]! + v;
    } else arr[t] = v;
    cnt[t]!++;
  }
  if (how === "mean") {
    for (let s = 0; s < nSku; s++) {
      const arr = values[s]!;
      const cnt = counts[s]!;
      for (let t = 0; t < H; t++) if (cnt[t]! > 1) arr[t] = arr[t]! / cnt[t]!;
    }
  }
  const unsortedSkus = [];
  for (let s = 0; s < nSku; s++) if (unsorted[s]! >= 0) unsortedSkus.push(s);
  if (unsortedSkus.length > 0) {
    const i = unsorted[unsortedSkus[0]!]!;
    log.add({
      severity: "info",
      code: "unsorted-dates",
      cell: dateCell(i),
      row: sheetRow(sheet, obs.r[i]!),
      found: `dates are not in order (first at row ${sheetRow(sheet, obs.r[i]!)}, ${epochDayToIso(obs.day[i]!)} after a later date)${layout === "long" ? ` for ${unsortedSkus.length} SKU${unsortedSkus.length === 1 ? "" : "s"}` : ""}`,
      action: "sorted by date",
    });
  }
  if (layout !== "long" && !grouping) {
    // A repeated date row in a wide sheet: one issue for the row, not one per SKU.
    const firstRowOfKey = new Map<number, number>();
    const reported = new Set<number>();
    for (let i = 0; i < nObs; i++) {
      const k = keys[i]!;
      if (content[i] !== 2 || Number.isNaN(k)) continue;
      const r = obs.r[i]!;
      const first = firstRowOfKey.get(k);
      if (first === undefined) firstRowOfKey.set(k, r);
      else if (first !== r && !reported.has(r)) {
        reported.add(r);
        log.add({
          severity: "warning",
          code: "duplicate-date",
          cell: dateCell(i),
          row: sheetRow(sheet, r),
          found: `row ${sheetRow(sheet, r)} (${epochDayToIso(obs.day[i]!)}) falls in the same ${frequencyLabel(frequency)} as row ${sheetRow(sheet, first)}`,
          action: `values of the same ${frequencyLabel(frequency)} ${howWord}`,
        });
      }
    }
  }
  for (let s = 0; s < nSku && !grouping && layout === "long"; s++) {
    if (dupCount[s]! === 0) continue;
    const i = dupFirst[s]!;
    log.add({
      severity: "warning",
      code: "duplicate-date",
      cell: dateCell(i),
      row: sheetRow(sheet, obs.r[i]!),
      sku: skus[s]!.id,
      found: `${dupCount[s]} extra value${dupCount[s] === 1 ? "" : "s"} for SKU "${skus[s]!.id}" in a ${frequencyLabel(frequency)} that already has one (first: ${epochDayToIso(obs.day[i]!)}, row ${sheetRow(sheet, obs.r[i]!)})`,
      action: `values of the same ${frequencyLabel(frequency)} ${howWord}`,
    });
  }

  // Covariates over the whole timeline (past and planned), inventory as last known value.
  const covNames = [...obs.covariates.keys()];
  const covValues = covNames.map(() => [] as Float64Array[]);
  for (let k = 0; k < covNames.length; k++) for (let s = 0; s < nSku; s++) covValues[k]!.push(new Float64Array(T).fill(NaN));
  covNames.forEach((name, k) => {
    const src = obs.covariates.get(name)!;
    const dst = covValues[k]!;
    for (let i = 0; i < nObs; i++) {
      const v = src[i]!;
      const key = keys[i]!;
      if (Number.isNaN(v) || Number.isNaN(key)) continue;
      dst[obs.sku[i]!]![key - minKey] = v;
    }
  });
  const invKeys = [...obs.inventory.keys()];
  const inventory: Array<Partial<InventoryInputs>> = skus.map(() => ({}));
  const invDay: Array<Record<string, number>> = skus.map(() => ({}));
  for (const key of invKeys) {
    const src = obs.inventory.get(key)!;
    for (let i = 0; i < nObs; i++) {
      const v = src[i]!;
      if (Number.isNaN(v) || Number.isNaN(keys[i]!)) continue;
      const s = obs.sku[i]!;
      const seen = invDay[s]![key];
      if (seen === undefined || keys[i]! >= seen) {
        invDay[s]![key] = keys[i]!;
        inventory[s]![key] = v;
      }
    }
  }

  // Series: start, fill, negatives.
  const clip = options.negatives === "clip";
  const series: Series[] = [];
  const noData: string[] = [];
  const negatives: Array<{ s: number; count: number; first: number }> = [];
  const covFills = new Array<number>(covNames.length).fill(0);
  for (let s = 0; s < nSku; s++) {
    const arr = values[s]!;
    let start = -1;
    let last = -1;
    for (let t = 0; t < H; t++) {
      if (!Number.isNaN(arr[t]!)) {
        if (start < 0) start = t;
        last = t;
      }
    }
    if (start < 0) {
      noData.push(skus[s]!.id);
      log.add({
        severity: "warning",
        code: "sku-no-data",
        cell: skus[s]!.firstCell,
        sku: skus[s]!.id,
        found: `SKU "${skus[s]!.id}" (from ${skus[s]!.firstCell}) has no sales numbers`,
        action: "left out of the forecast; enter its sales to include it",
      });
      continue;
    }
    let gaps = 0;
    let firstGap = -1;
    for (let t = start; t < H; t++) {
      if (!Number.isNaN(arr[t]!)) continue;
      if (rowPresent[t]) {
        gaps++;
        if (firstGap < 0) firstGap = t;
      }
    }
    if (gaps > 0) {
      log.add({
        severity: "info",
        code: "missing-values",
        sku: skus[s]!.id,
        found: `SKU "${skus[s]!.id}" has no value for ${gaps} ${frequencyLabel(frequency)}${gaps === 1 ? "" : "s"} after its first sale (first: ${epochDayToIso(timeline[firstGap]!)})`,
        action: fillMode === "interpolate" ? `interpolated (0 after its last sale on ${epochDayToIso(timeline[last]!)})` : "filled with 0",
      });
    }
    for (let t = 0; t < start; t++) arr[t] = 0;
    if (fillMode === "interpolate") {
      let prev = start;
      for (let t = start + 1; t <= last; t++) {
        if (Number.isNaN(arr[t]!)) continue;
        if (t > prev + 1) {
          const a = arr[prev]!;
          const b = arr[t]!;
          for (let u = prev + 1; u < t; u++) arr[u] = a + ((b - a) * (u - prev)) / (t - prev);
        }
        prev = t;
      }
    }
    for (let t = start; t < H; t++) if (Number.isNaN(arr[t]!)) arr[t] = 0;
    let neg = 0;
    let firstNeg = -1;
    for (let t = start; t < H; t++) {
      if (arr[t]! < 0) {
        neg++;
        if (firstNeg < 0) firstNeg = t;
        if (clip) arr[t] = 0;
      }
    }
    if (neg > 0) negatives.push({ s, count: neg, first: firstNeg });

    const covariates: Record<string, number[]> = {};
    for (let k = 0; k < covNames.length; k++) {
      const c = covValues[k]![s]!;
      const filled = fillCovariate(c);
      if (filled.filledInHistory > 0) covFills[k]! += filled.filledInHistory;
      covariates[covNames[k]!] = Array.from(c);
    }
    const out: Series = { id: skus[s]!.id, values: Array.from(arr), start, covariates };
    if (Object.keys(inventory[s]!).length > 0) out.inventory = inventory[s]!;
    series.push(out);
  }
  for (const n of negatives) {
    const id = skus[n.s]!.id;
    log.add({
      severity: clip ? "warning" : "info",
      code: "negative-sales",
      sku: id,
      found: `SKU "${id}" has ${n.count} negative value${n.count === 1 ? "" : "s"} (returns?), first on ${epochDayToIso(timeline[n.first]!)}`,
      action: clip ? "set to 0" : "kept as returns; choose to clip negatives if they are mistakes",
    });
  }
  covNames.forEach((name, k) => {
    if (covFills[k]! > 0) {
      log.add({
        severity: "info",
        code: "missing-covariate",
        found: `"${name}" is missing for ${covFills[k]} SKU-${frequencyLabel(frequency)}s of the sales history`,
        action: `filled with ${isFlagName(name) ? "0" : "the previous known value"}`,
      });
    }
  });
  if (T > H && covNames.length > 0 && series.length > 0) {
    log.add({
      severity: "info",
      code: "future-covariates",
      found: `${covNames.map((n) => `"${n}"`).join(", ")} given for ${T - H} ${frequencyLabel(frequency)}${T - H === 1 ? "" : "s"} after the last sale (${T - H === 1 ? epochDayToIso(timeline[H]!) : `${epochDayToIso(timeline[H]!)} to ${epochDayToIso(timeline[T - 1]!)}`})`,
      action: "kept as planned values for the forecast",
    });
  }
  if (series.length === 0) {
    log.add({
      severity: "error",
      code: "no-series",
      found: "no SKU has sales numbers",
      action: "nothing to forecast; check the issues listed for the cells that could not be read",
    });
    return emptyPanel(log, layout, frequency);
  }
  return {
    layout,
    frequency,
    timeline,
    series,
    covariateNames: covNames,
    issues: log.finish(),
  };
}

export function isFlagName(name: string): boolean {
  return name !== "price" && name !== "discount";
}

/** Fill a covariate row in place: flags (only 0/1 seen) with 0, other values with the previous (else next) known one. */
export function fillCovariate(c: Float64Array): { filledInHistory: number } {
  let flag = true;
  let any = false;
  for (let t = 0; t < c.length; t++) {
    const v = c[t]!;
    if (Number.isNaN(v)) continue;
    any = true;
    if (v !== 0 && v !== 1) flag = false;
  }
  let filled = 0;
  if (!any || flag) {
    for (let t = 0; t < c.length; t++) {
      if (Number.isNaN(c[t]!)) {
        c[t] = 0;
        if (any) filled++;
      }
    }
    return { filledInHistory: filled };
  }
  let prev = NaN;
  for (let t = 0; t < c.length; t++) {
    if (Number.isNaN(c[t]!)) {
      if (!Number.isNaN(prev)) {
        c[t] = prev;
        filled++;
      }
    } else prev = c[t]!;
  }
  let next = NaN;
  for (let t = c.length - 1; t >= 0; t--) {
    if (Number.isNaN(c[t]!)) {
      c[t] = next;
      filled++;
    } else next = c[t]!;
  }
  return { filledInHistory: filled };
}

// ---------------------------------------------------------------------------------------------------------------
