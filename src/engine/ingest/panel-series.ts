/** Building the panel: the series — each SKU's start, gaps filled, negatives kept or clipped, covariates filled. */
import type { InventoryInputs, Series } from "../types";
import { epochDayToIso } from "./dates";
import { frequencyLabel } from "./frequency";
import type { BuildContext, Timeline } from "./panel-context";

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

/** First and last period with a value (-1, -1 when none). */
function historySpan(arr: Float64Array, H: number): { start: number; last: number } {
  let start = -1;
  let last = -1;
  for (let t = 0; t < H; t++) {
    if (!Number.isNaN(arr[t]!)) {
      if (start < 0) start = t;
      last = t;
    }
  }
  return { start, last };
}

/** Periods after a SKU's first sale where other SKUs have a row but this one has no value: one issue. */
function reportGaps(ctx: BuildContext, tl: Timeline, s: number, arr: Float64Array, start: number, last: number): void {
  let gaps = 0;
  let firstGap = -1;
  for (let t = start; t < tl.H; t++) {
    if (!Number.isNaN(arr[t]!)) continue;
    if (tl.rowPresent[t]) {
      gaps++;
      if (firstGap < 0) firstGap = t;
    }
  }
  if (gaps > 0) {
    const id = ctx.skus[s]!.id;
    ctx.log.add({
      severity: "info",
      code: "missing-values",
      params: {
        sku: id, count: gaps, frequency: tl.frequency, first: epochDayToIso(tl.timeline[firstGap]!),
        variant: (ctx.options.fill ?? "zero") === "interpolate" ? "interpolate" : "zero", last: epochDayToIso(tl.timeline[last]!),
      },
      sku: id,
      found: `SKU "${id}" has no value for ${gaps} ${frequencyLabel(tl.frequency)}${gaps === 1 ? "" : "s"} after its first sale (first: ${epochDayToIso(tl.timeline[firstGap]!)})`,
      action: (ctx.options.fill ?? "zero") === "interpolate" ? `interpolated (0 after its last sale on ${epochDayToIso(tl.timeline[last]!)})` : "filled with 0",
    });
  }
}

/** 0 before the first sale; gaps interpolated (when asked) up to the last sale, else 0. */
function fillHistory(arr: Float64Array, start: number, last: number, H: number, interpolate: boolean): void {
  for (let t = 0; t < start; t++) arr[t] = 0;
  if (interpolate) {
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
}

/** Negative values from the start on (clipped to 0 when asked): how many and the first. */
function negativesOf(arr: Float64Array, start: number, H: number, clip: boolean): { count: number; first: number } {
  let neg = 0;
  let firstNeg = -1;
  for (let t = start; t < H; t++) {
    if (arr[t]! < 0) {
      neg++;
      if (firstNeg < 0) firstNeg = t;
      if (clip) arr[t] = 0;
    }
  }
  return { count: neg, first: firstNeg };
}

/** After the series: negatives, covariates filled in the history, covariates planned past the last sale. */
function reportAfterSeries(ctx: BuildContext, tl: Timeline, negatives: Array<{ s: number; count: number; first: number }>, covNames: string[], covFills: number[], seriesCount: number): void {
  const { log } = ctx;
  const { frequency, timeline, T, H } = tl;
  const clip = ctx.options.negatives === "clip";
  for (const n of negatives) {
    const id = ctx.skus[n.s]!.id;
    log.add({
      severity: clip ? "warning" : "info",
      code: "negative-sales",
      params: { sku: id, count: n.count, first: epochDayToIso(timeline[n.first]!), variant: clip ? "clip" : "keep" },
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
        params: { name, count: covFills[k]!, frequency, flag: isFlagName(name) ? "yes" : "no" },
        found: `"${name}" is missing for ${covFills[k]} SKU-${frequencyLabel(frequency)}s of the sales history`,
        action: `filled with ${isFlagName(name) ? "0" : "the previous known value"}`,
      });
    }
  });
  if (T > H && covNames.length > 0 && seriesCount > 0) {
    log.add({
      severity: "info",
      code: "future-covariates",
      params: { names: covNames.map((n) => `"${n}"`).join(", "), count: T - H, frequency, from: epochDayToIso(timeline[H]!), to: epochDayToIso(timeline[T - 1]!) },
      found: `${covNames.map((n) => `"${n}"`).join(", ")} given for ${T - H} ${frequencyLabel(frequency)}${T - H === 1 ? "" : "s"} after the last sale (${T - H === 1 ? epochDayToIso(timeline[H]!) : `${epochDayToIso(timeline[H]!)} to ${epochDayToIso(timeline[T - 1]!)}`})`,
      action: "kept as planned values for the forecast",
    });
  }
}

/** Series: start, fill, negatives, covariates; SKUs without any sales number are left out with an issue. */
export function makeSeries(
  ctx: BuildContext,
  tl: Timeline,
  values: Float64Array[],
  covNames: string[],
  covValues: Float64Array[][],
  inventory: Array<Partial<InventoryInputs>>,
): Series[] {
  const { skus, log } = ctx;
  const clip = ctx.options.negatives === "clip";
  const interpolate = (ctx.options.fill ?? "zero") === "interpolate";
  const series: Series[] = [];
  const negatives: Array<{ s: number; count: number; first: number }> = [];
  const covFills = new Array<number>(covNames.length).fill(0);
  for (let s = 0; s < skus.length; s++) {
    const arr = values[s]!;
    const { start, last } = historySpan(arr, tl.H);
    if (start < 0) {
      log.add({
        severity: "warning",
        code: "sku-no-data",
        params: { sku: skus[s]!.id, cell: skus[s]!.firstCell },
        cell: skus[s]!.firstCell,
        sku: skus[s]!.id,
        found: `SKU "${skus[s]!.id}" (from ${skus[s]!.firstCell}) has no sales numbers`,
        action: "left out of the forecast; enter its sales to include it",
      });
      continue;
    }
    reportGaps(ctx, tl, s, arr, start, last);
    fillHistory(arr, start, last, tl.H, interpolate);
    const neg = negativesOf(arr, start, tl.H, clip);
    if (neg.count > 0) negatives.push({ s, count: neg.count, first: neg.first });

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
  reportAfterSeries(ctx, tl, negatives, covNames, covFills, series.length);
  return series;
}
