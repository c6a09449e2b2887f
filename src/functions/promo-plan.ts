/**
 * The `promo_plan` argument of TREND.FORECAST, TREND.BAND and TREND.RESTOCK: 0/1 per period, a what-if.
 *
 * Two shapes are read:
 * - beside the sales: a column (one for all SKUs, or one per SKU) that starts on the same row as `values` and runs
 *   on past the last sales row; the rows beside the sales are the promotions that happened (the model learns their
 *   effect from them), the rows after the last sales row are the plan for future periods 1, 2, ...
 * - the plan alone: at most `horizon` rows, fewer than `values` has, read as future periods 1, 2, ...; past
 *   promotions are then unknown, so only a trained model that learned promotions can price the plan in.
 * Blank cells (null, "" or 0, however Excel passes them), 0 and FALSE mean "no promotion"; 1 and TRUE mean "on
 * promotion"; anything else is #VALUE! naming the row. A plan with no 1 in it is the same as no plan. A single text cell such as TREND.MODEL()'s first cell is a
 * `recalc` reference written where promo_plan now stands (formulas from before promo_plan existed): it is ignored.
 */
import { asMatrix, type ParsedSeries, type ParsedValues } from "./args";
import { invalidValue, notAvailable } from "./errors";

/** Messages for people, one object so the string catalogue can take them over. */
export const PROMO_PLAN_TEXT = {
  badCell: "promo_plan row {row} holds {found}; use 1 for a period on promotion and 0 (or blank) for one without.",
  badWidth: "promo_plan has {width} columns but values has {skus} SKUs; give one column for all SKUs or one per SKU.",
  needsHistory:
    "promo_plan holds only future periods, so the effect of a promotion cannot be learned for {sku}: make promo_plan the column beside values, from its first row down into the future (past promotions, then the plan).",
} as const;

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

export type PromoPlan = {
  /** Flags of one SKU over its history and the next `horizon` periods (index 0 = its first sales period). */
  flagsFor(s: ParsedSeries, horizon: number): number[];
  /** true when the plan also gives the promotions that happened (the effect can be learned from the sales). */
  withHistory: boolean;
};

function flag(v: unknown, row: number): number {
  if (v === null || v === undefined || v === 0 || v === false || (typeof v === "string" && v.trim() === "")) return 0;
  if (v === 1 || v === true) return 1;
  const found = typeof v === "string" ? `the text "${v.slice(0, 20)}"` : String(v);
  throw invalidValue(fill(PROMO_PLAN_TEXT.badCell, { row, found }));
}

/** A reference to TREND.MODEL()'s cell given where promo_plan stands (the old recalc position). */
function isRecalcReference(m: unknown[][]): boolean {
  const first = m[0]?.[0];
  return typeof first === "string" && /^(attention|classical)\b/.test(first);
}

/** Reads promo_plan; null when it is omitted or is a recalc reference. */
export function parsePromoPlan(arg: unknown, parsed: ParsedValues, horizon: number): PromoPlan | null {
  if (arg === undefined || arg === null) return null;
  let m = asMatrix(arg, "promo_plan");
  if (isRecalcReference(m)) return null;
  if (parsed.orientation === "row" && m.length === 1) m = m[0].map((v) => [v]);
  const width = m[0].length;
  if (width !== 1 && width !== parsed.series.length) throw invalidValue(fill(PROMO_PLAN_TEXT.badWidth, { width, skus: parsed.series.length }));
  const cells = m.map((r, i) => r.map((v) => flag(v, i + 1)));
  // No promotion anywhere (a blank cell, however Excel passes it, or all zeros): the same as no plan.
  if (cells.every((r) => r.every((v) => v === 0))) return null;
  const column = (s: ParsedSeries) => cells.map((r) => r[width === 1 ? 0 : s.index]);
  const withHistory = !(m.length <= horizon && m.length < parsed.length);
  return {
    withHistory,
    flagsFor(s: ParsedSeries, h: number): number[] {
      const col = column(s);
      const n = s.values.length;
      const out = new Array<number>(n + h).fill(0);
      if (withHistory) for (let t = 0; t < n + h; t++) out[t] = col[s.first + t] ?? 0;
      else for (let t = 0; t < h; t++) out[n + t] = col[t] ?? 0;
      return out;
    },
  };
}

/** The error for a future-only plan when the model that answers cannot have learned promotions. */
export function needsHistory(sku: string): Error {
  return notAvailable(fill(PROMO_PLAN_TEXT.needsHistory, { sku }));
}
