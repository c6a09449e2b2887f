/** Building the panel: values per SKU and period (duplicates combined, unsorted and repeated dates said), covariates and inventory. */
import type { InventoryInputs } from "../types";
import { epochDayToIso } from "./dates";
import { frequencyLabel } from "./frequency";
import type { BuildContext, Timeline } from "./panel-context";
import { sheetRow } from "./sheet";

/** Sales per SKU over the history (NaN where nothing), with what was seen on the way. */
export type SkuValues = {
  values: Float64Array[];
  /** Extra values per SKU in periods that already had one, and the observation of the first. */
  dupCount: Uint32Array;
  dupFirst: Int32Array;
  /** First observation per SKU whose date comes before an earlier row's (-1 when in order). */
  unsorted: Int32Array;
};

/** Values per SKU, duplicates combined. */
export function skuValues(ctx: BuildContext, tl: Timeline): SkuValues {
  const { obs, content, nObs, how } = ctx;
  const { keys, minKey, H } = tl;
  const nSku = ctx.skus.length;
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
  return { values, dupCount, dupFirst, unsorted };
}

export function reportUnsorted(ctx: BuildContext, unsorted: Int32Array): void {
  const { obs, sheet, layout, dateCell } = ctx;
  const unsortedSkus = [];
  for (let s = 0; s < ctx.skus.length; s++) if (unsorted[s]! >= 0) unsortedSkus.push(s);
  if (unsortedSkus.length > 0) {
    const i = unsorted[unsortedSkus[0]!]!;
    ctx.log.add({
      severity: "info",
      code: "unsorted-dates",
      cell: dateCell(i),
      row: sheetRow(sheet, obs.r[i]!),
      found: `dates are not in order (first at row ${sheetRow(sheet, obs.r[i]!)}, ${epochDayToIso(obs.day[i]!)} after a later date)${layout === "long" ? ` for ${unsortedSkus.length} SKU${unsortedSkus.length === 1 ? "" : "s"}` : ""}`,
      action: "sorted by date",
    });
  }
}

/** A repeated date row in a wide sheet: one issue for the row, not one per SKU. */
function reportDuplicateRows(ctx: BuildContext, tl: Timeline): void {
  const { obs, content, nObs, sheet, dateCell } = ctx;
  const firstRowOfKey = new Map<number, number>();
  const reported = new Set<number>();
  for (let i = 0; i < nObs; i++) {
    const k = tl.keys[i]!;
    if (content[i] !== 2 || Number.isNaN(k)) continue;
    const r = obs.r[i]!;
    const first = firstRowOfKey.get(k);
    if (first === undefined) firstRowOfKey.set(k, r);
    else if (first !== r && !reported.has(r)) {
      reported.add(r);
      ctx.log.add({
        severity: "warning",
        code: "duplicate-date",
        cell: dateCell(i),
        row: sheetRow(sheet, r),
        found: `row ${sheetRow(sheet, r)} (${epochDayToIso(obs.day[i]!)}) falls in the same ${frequencyLabel(tl.frequency)} as row ${sheetRow(sheet, first)}`,
        action: `values of the same ${frequencyLabel(tl.frequency)} ${ctx.howWord}`,
      });
    }
  }
}

export function reportDuplicates(ctx: BuildContext, tl: Timeline, v: SkuValues): void {
  const { obs, sheet, layout, skus, dateCell } = ctx;
  const { grouping, frequency } = tl;
  if (layout !== "long" && !grouping) reportDuplicateRows(ctx, tl);
  for (let s = 0; s < skus.length && !grouping && layout === "long"; s++) {
    if (v.dupCount[s]! === 0) continue;
    const i = v.dupFirst[s]!;
    ctx.log.add({
      severity: "warning",
      code: "duplicate-date",
      cell: dateCell(i),
      row: sheetRow(sheet, obs.r[i]!),
      sku: skus[s]!.id,
      found: `${v.dupCount[s]} extra value${v.dupCount[s] === 1 ? "" : "s"} for SKU "${skus[s]!.id}" in a ${frequencyLabel(frequency)} that already has one (first: ${epochDayToIso(obs.day[i]!)}, row ${sheetRow(sheet, obs.r[i]!)})`,
      action: `values of the same ${frequencyLabel(frequency)} ${ctx.howWord}`,
    });
  }
}

/** Covariates over the whole timeline (past and planned): [covariate][sku][period], NaN where unknown. */
export function covariateGrids(ctx: BuildContext, tl: Timeline, covNames: string[]): Float64Array[][] {
  const { obs, nObs } = ctx;
  const covValues = covNames.map(() => [] as Float64Array[]);
  for (let k = 0; k < covNames.length; k++) for (let s = 0; s < ctx.skus.length; s++) covValues[k]!.push(new Float64Array(tl.T).fill(NaN));
  covNames.forEach((name, k) => {
    const src = obs.covariates.get(name)!;
    const dst = covValues[k]!;
    for (let i = 0; i < nObs; i++) {
      const v = src[i]!;
      const key = tl.keys[i]!;
      if (Number.isNaN(v) || Number.isNaN(key)) continue;
      dst[obs.sku[i]!]![key - tl.minKey] = v;
    }
  });
  return covValues;
}

/** Inventory inputs per SKU: the last known value of each. */
export function lastInventory(ctx: BuildContext, tl: Timeline): Array<Partial<InventoryInputs>> {
  const { obs, nObs, skus } = ctx;
  const keys = tl.keys;
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
  return inventory;
}
