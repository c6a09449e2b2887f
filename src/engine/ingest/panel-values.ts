/** Building the panel: values per SKU and period (duplicates combined, unsorted and repeated dates said), covariates and inventory. */
import type { InventoryInputs } from "../types";
import { epochDayToIso } from "./dates";
import type { BuildContext, Timeline } from "./panel-context";
import type { Conflicts } from "./panel-duplicates";
import { sheetRow } from "./sheet";

/** Sales per SKU over the history (NaN where nothing), with what was seen on the way. */
export type SkuValues = {
  values: Float64Array[];
  /** SKU-periods (s * H + t) combining several different rows: their observations, first one first. */
  conflicts: Conflicts;
  /** First observation per SKU whose date comes before an earlier row's (-1 when in order). */
  unsorted: Int32Array;
};

/** Values per SKU, duplicates combined; rows that repeat an earlier row exactly (`dupOf`) count once. */
export function skuValues(ctx: BuildContext, tl: Timeline, dupOf: Int32Array): SkuValues {
  const { obs, content, nObs, how } = ctx;
  const { keys, minKey, H } = tl;
  const nSku = ctx.skus.length;
  const values: Float64Array[] = [];
  const firstObs: Int32Array[] = [];
  for (let s = 0; s < nSku; s++) {
    values.push(new Float64Array(H).fill(NaN));
    firstObs.push(new Int32Array(H).fill(-1));
  }
  const conflicts: Conflicts = new Map();
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
    if (Number.isNaN(v) || dupOf[obs.r[i]!]! >= 0) continue;
    const t = k - minKey;
    const arr = values[s]!;
    const first = firstObs[s]![t]!;
    if (first >= 0) {
      arr[t] = how === "last" ? v : arr[t]! + v;
      const cell = s * H + t;
      const list = conflicts.get(cell);
      if (list) list.push(i);
      else conflicts.set(cell, [first, i]);
    } else {
      arr[t] = v;
      firstObs[s]![t] = i;
    }
  }
  if (how === "mean") for (const [cell, list] of conflicts) values[Math.floor(cell / H)]![cell % H]! /= list.length;
  return { values, conflicts, unsorted };
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
