/**
 * ABC / XYZ classes for the Restock sheet, with a default service level per class that the user can change.
 *
 * ABC (Pareto analysis, Silver, Pyke & Thomas §2.4): items sorted by revenue (units x price) or by units, largest
 * first; an item is A while the cumulative share before it is below the A threshold (default 80%), B below the B
 * threshold (default 95%), C otherwise. Items with no sales are C.
 *
 * XYZ (by forecast variability, as in SAP/Inventory Planner practice): the coefficient of variation of demand per
 * period. From a quantile forecast it is the mean over steps of sigma_h / mean of the step means, with sigma_h read
 * from the central 80% band (q0.9 - q0.1) / 2.563 (the normal 10%-90% width; for other levels the widest symmetric
 * pair p, 1 - p gives sigma = (q(1-p) - q(p)) / (2 Phi^-1(1-p))). From history it is the sample standard deviation
 * over the mean. X when CV <= 0.5, Y when <= 1.0, Z above (thresholds configurable). No demand at all: Z.
 */
import { normalQuantile } from "./restock";
import { TrendcastError, type QuantileForecast } from "../types";

export type AbcClass = "A" | "B" | "C";
export type XyzClass = "X" | "Y" | "Z";
export type ItemClass = `${AbcClass}${XyzClass}`;

/** Default cycle service levels per class: high for important steady items, lower for cheap erratic ones. */
export const DEFAULT_CLASS_SERVICE_LEVELS: Readonly<Record<ItemClass, number>> = {
  AX: 0.98,
  AY: 0.97,
  AZ: 0.95,
  BX: 0.96,
  BY: 0.95,
  BZ: 0.93,
  CX: 0.93,
  CY: 0.92,
  CZ: 0.9,
};

export type ClassifyItem = {
  sku: string;
  /** Units sold (or forecast) over the period the classes are for. */
  units: number;
  /** Unit price, for ABC by revenue. */
  price?: number;
  /** Forecast used for XYZ (preferred). */
  forecast?: QuantileForecast;
  /** Sales history used for XYZ when there is no forecast. */
  history?: number[];
};

export type ClassifyOptions = {
  /** "revenue" (default when every item has a price) or "units". */
  abcBy?: "revenue" | "units";
  /** Cumulative shares ending A and B. Default [0.8, 0.95]. */
  abcThresholds?: [number, number];
  /** Coefficients of variation ending X and Y. Default [0.5, 1.0]. */
  xyzThresholds?: [number, number];
  /** Service levels per class that replace the defaults. */
  serviceLevels?: Partial<Record<ItemClass, number>>;
};

export type SkuClass = {
  sku: string;
  abc: AbcClass;
  xyz: XyzClass;
  class: ItemClass;
  /** The item's share of revenue (or units). */
  share: number;
  /** Cumulative share up to and including this item, in ABC order. */
  cumulativeShare: number;
  /** Coefficient of variation used for XYZ (null when there is no demand to measure). */
  variability: number | null;
  serviceLevel: number;
};

function fail(message: string, sku?: string): never {
  throw new TrendcastError(message, "bad-classify-input", sku ? { sku } : undefined);
}

/** Coefficient of variation of demand per period from a quantile forecast; null when the forecast is all zero. */
export function forecastVariability(forecast: QuantileForecast): number | null {
  const qs = forecast.quantiles;
  let lowIndex = -1;
  let highIndex = -1;
  let best = 0;
  for (let i = 0; i < qs.length; i++) {
    for (let j = 0; j < qs.length; j++) {
      if (qs[i] < 0.5 && Math.abs(qs[i] + qs[j] - 1) < 1e-9 && 0.5 - qs[i] > best) {
        best = 0.5 - qs[i];
        lowIndex = i;
        highIndex = j;
      }
    }
  }
  const steps = Math.min(...forecast.values.map((r) => r.length));
  if (!(steps > 0)) return null;
  const median = qs.findIndex((q) => Math.abs(q - 0.5) < 1e-9);
  let meanSum = 0;
  let sigmaSum = 0;
  for (let h = 0; h < steps; h++) {
    const center = median >= 0 ? forecast.values[median][h] : forecast.values.reduce((a, r) => a + r[h], 0) / forecast.values.length;
    let sigma = 0;
    let mean = center;
    if (lowIndex >= 0) {
      const lo = forecast.values[lowIndex][h];
      const hi = forecast.values[highIndex][h];
      sigma = Math.max(0, hi - lo) / (2 * normalQuantile(qs[highIndex]));
      // A skewed band: the midpoint of the band is a better mean than the median.
      mean = Math.max(center, (lo + hi) / 2);
    }
    meanSum += mean;
    sigmaSum += sigma;
  }
  if (!(meanSum > 1e-12)) return null;
  return sigmaSum / meanSum;
}

/** Coefficient of variation of a sales history; null when it has no sales. */
export function historyVariability(history: readonly number[]): number | null {
  const x = history.filter((v) => Number.isFinite(v));
  if (x.length < 2) return null;
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  if (!(mean > 1e-12)) return null;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
  return sd / mean;
}

/** ABC/XYZ class and service level of each item, in input order. */
export function classifySkus(items: readonly ClassifyItem[], options: ClassifyOptions = {}): SkuClass[] {
  const [aEnd, bEnd] = options.abcThresholds ?? [0.8, 0.95];
  if (!(aEnd > 0 && aEnd < bEnd && bEnd <= 1)) fail(`ABC thresholds ${aEnd}, ${bEnd} must satisfy 0 < A < B <= 1, e.g. 0.8 and 0.95.`);
  const [xEnd, yEnd] = options.xyzThresholds ?? [0.5, 1.0];
  if (!(xEnd > 0 && xEnd < yEnd)) fail(`XYZ thresholds ${xEnd}, ${yEnd} must satisfy 0 < X < Y, e.g. 0.5 and 1.0.`);
  const levels: Record<ItemClass, number> = { ...DEFAULT_CLASS_SERVICE_LEVELS };
  for (const [k, v] of Object.entries(options.serviceLevels ?? {})) {
    if (!(k in levels)) fail(`Unknown class "${k}": classes are AX, AY, AZ, BX, BY, BZ, CX, CY, CZ.`);
    if (v === undefined || !(v > 0 && v < 1)) fail(`Service level ${String(v)} for class ${k} must be between 0 and 1, e.g. 0.95.`);
    levels[k as ItemClass] = v;
  }
  const byRevenue = (options.abcBy ?? (items.length > 0 && items.every((i) => i.price !== undefined) ? "revenue" : "units")) === "revenue";
  const weights = items.map((item) => {
    if (!Number.isFinite(item.units) || item.units < 0) fail(`${item.sku}: units ${item.units} must be a number, 0 or more.`, item.sku);
    if (byRevenue) {
      if (item.price === undefined) fail(`${item.sku}: ABC by revenue needs a price for every item. Enter the price or classify by units.`, item.sku);
      if (!Number.isFinite(item.price) || item.price < 0) fail(`${item.sku}: price ${item.price} must be a number, 0 or more.`, item.sku);
      return item.units * item.price;
    }
    return item.units;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const order = items.map((_, i) => i).sort((a, b) => weights[b] - weights[a] || (items[a].sku < items[b].sku ? -1 : 1));
  const abc = new Array<AbcClass>(items.length);
  const shares = new Array<number>(items.length);
  const cumulative = new Array<number>(items.length);
  let before = 0;
  for (const i of order) {
    const share = total > 0 ? weights[i] / total : 0;
    shares[i] = share;
    cumulative[i] = before + share;
    abc[i] = weights[i] <= 0 ? "C" : before < aEnd - 1e-12 ? "A" : before < bEnd - 1e-12 ? "B" : "C";
    before += share;
  }
  return items.map((item, i) => {
    const variability = item.forecast ? forecastVariability(item.forecast) : item.history ? historyVariability(item.history) : null;
    const xyz: XyzClass = variability === null ? "Z" : variability <= xEnd ? "X" : variability <= yEnd ? "Y" : "Z";
    const cls = `${abc[i]}${xyz}` as ItemClass;
    return {
      sku: item.sku,
      abc: abc[i],
      xyz,
      class: cls,
      share: Math.round(shares[i] * 1e6) / 1e6,
      cumulativeShare: Math.round(cumulative[i] * 1e6) / 1e6,
      variability: variability === null ? null : Math.round(variability * 1e4) / 1e4,
      serviceLevel: levels[cls],
    };
  });
}
