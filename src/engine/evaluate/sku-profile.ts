/**
 * Per-SKU figures a buyer reads on the Model sheet, from the sales history alone (promotion lift, seasonal peak,
 * recent trend) and from the backtest (error against seasonal naive, band hit rate, trust grade).
 */
import { candidateSeason } from "../forecast/season";
import type { Frequency, QuantileForecast, SalesPanel, Series } from "../types";
import { scoreWindows } from "./metrics";

/** What the backtest says about one SKU. */
export type SkuEvidence = {
  sku: string;
  /** Forecaster choice as the engine names it ("attention", "ets", "blend:ets" ...). */
  forecaster: string;
  /** WQL of the forecaster and of seasonal naive on the same periods; null when not backtested. */
  wql: number | null;
  baselineWql: number | null;
  /** Share of actual sales inside the central band (null when unknown). */
  hitRate: number | null;
};

export type Grade = "A" | "B" | "C";

/** The trust grade's rule; its words are modelSheetText.gradeA/B/C. */
export const GRADE_RULE = { margin: 0.1, low: 0.7, high: 0.9 } as const;

/** Error against seasonal naive as "better by": 0.52 = 52% lower error, -0.1 = 10% higher; null when unknown. */
export function betterBy(wql: number | null, baselineWql: number | null): number | null {
  if (wql === null || baselineWql === null || !Number.isFinite(wql) || !Number.isFinite(baselineWql) || baselineWql <= 0) return null;
  return 1 - wql / baselineWql;
}

export function grade(e: Pick<SkuEvidence, "wql" | "baselineWql" | "hitRate">): Grade {
  const b = betterBy(e.wql, e.baselineWql);
  if (b === null) return "C";
  const bandOk = e.hitRate !== null && e.hitRate >= GRADE_RULE.low - 1e-9 && e.hitRate <= GRADE_RULE.high + 1e-9;
  if (b >= GRADE_RULE.margin - 1e-9 && bandOk) return "A";
  if (b >= -GRADE_RULE.margin - 1e-9) return "B";
  return "C";
}

function history(s: Series): { values: number[]; from: number } {
  const from = Math.max(0, s.start);
  return { values: s.values.slice(from), from };
}

const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Mean sales in promotion periods / mean sales in other periods; null without at least 3 of each or no sales. */
export function promoLift(panel: SalesPanel, s: Series): number | null {
  const name = panel.covariateNames.find((c) => /promo/i.test(c));
  const flags = name ? s.covariates[name] : undefined;
  if (!flags) return null;
  const { values, from } = history(s);
  const on: number[] = [];
  const off: number[] = [];
  values.forEach((v, k) => {
    const f = flags[from + k];
    if (!Number.isFinite(v) || f === undefined || !Number.isFinite(f)) return;
    (f > 0 ? on : off).push(v);
  });
  if (on.length < 3 || off.length < 3) return null;
  const base = mean(off);
  return base > 0 ? mean(on) / base : null;
}

/**
 * The peak of the seasonal pattern: for daily data the weekday with the highest average over the last 52 weeks
 * (0 = Sunday), for weekly and monthly data the month with the highest average (0 = January) when there is at least
 * a year of history; null otherwise.
 */
export function seasonalPeak(panel: SalesPanel, s: Series): { kind: "weekday" | "month"; index: number } | null {
  const { values, from } = history(s);
  const daily = panel.frequency === "daily";
  const need = daily ? 14 : candidateSeason(panel.frequency);
  if (values.length < need) return null;
  const take = daily ? Math.min(values.length, 364) : values.length;
  const sums = new Array<number>(daily ? 7 : 12).fill(0);
  const counts = new Array<number>(sums.length).fill(0);
  for (let k = values.length - take; k < values.length; k++) {
    const day = panel.timeline[from + k];
    const v = values[k];
    if (!Number.isFinite(v) || day === undefined) continue;
    const slot = daily ? (((day + 4) % 7) + 7) % 7 : new Date(day * 86_400_000).getUTCMonth();
    sums[slot] += v;
    counts[slot]++;
  }
  const means = sums.map((x, i) => (counts[i] > 0 ? x / counts[i] : -Infinity));
  const best = means.indexOf(Math.max(...means));
  if (!Number.isFinite(means[best]) || means[best] <= 0) return null;
  return { kind: daily ? "weekday" : "month", index: best };
}

const TREND_SPAN: Record<Frequency, number> = { daily: 91, weekly: 26, monthly: 12 };
const PERIODS_PER_MONTH: Record<Frequency, number> = { daily: 365.25 / 12, weekly: 365.25 / 12 / 7, monthly: 1 };

/** Least-squares slope of the last 13 weeks / 26 weeks / 12 months, per month, as a share of their average. */
export function trendPerMonth(panel: SalesPanel, s: Series): number | null {
  const ys = history(s).values.slice(-TREND_SPAN[panel.frequency]).filter((v) => Number.isFinite(v));
  if (ys.length < Math.min(8, TREND_SPAN[panel.frequency])) return null;
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = mean(ys);
  if (!(my > 0)) return null;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return ((num / den) * PERIODS_PER_MONTH[panel.frequency]) / my;
}

/**
 * One SKU's evidence from a forecast made at `cutoff` (index into the timeline) against the actual sales after it,
 * scored with the protocol's WQL, beside seasonal naive's forecast of the same periods.
 */
export function holdoutEvidence(
  panel: SalesPanel,
  index: number,
  cutoff: number,
  forecast: QuantileForecast,
  baseline: QuantileForecast,
  forecaster: string,
): SkuEvidence {
  const s = panel.series[index];
  const horizon = forecast.values[0]?.length ?? 0;
  const actual = s.values.slice(cutoff + 1, cutoff + 1 + horizon);
  const hist = s.values.slice(Math.max(0, s.start), cutoff + 1);
  if (actual.length < horizon || hist.length === 0 || actual.some((v) => !Number.isFinite(v))) {
    return { sku: s.id, forecaster, wql: null, baselineWql: null, hitRate: null };
  }
  const season = candidateSeason(panel.frequency);
  const levels = forecast.quantiles.filter((q) => baseline.quantiles.some((b) => Math.abs(b - q) < 1e-9));
  const ours = scoreWindows([{ history: hist, actual, forecast, season }], levels);
  const base = scoreWindows([{ history: hist, actual, forecast: baseline, season }], levels);
  return { sku: s.id, forecaster, wql: ours.wql, baselineWql: base.wql, hitRate: ours.coverage80 };
}
