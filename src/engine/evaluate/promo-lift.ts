/**
 * How well a model prices in promotions, measured on backtest windows (same cutoffs as the accuracy backtest).
 * For every SKU and window that has both promoted and unpromoted days, two lifts are compared:
 *
 * - against unpromoted days: actual = mean sales on promoted days / mean sales on the window's other days; predicted =
 *   the same ratio of the model's forecast means (the mean of its quantiles) on the same days. Both sides see the same
 *   days, so weekday mix and trend fall alike on both.
 * - against the model's own baseline: the model is asked again with the window's promotion flags set to 0 (the
 *   what-if machinery, forecast/scenario.ts); predicted = forecast with / forecast without on promoted days,
 *   actual = sales / forecast without on the same days.
 *
 * Pooled figures are ratios of sums over all SKU-windows (big sellers weigh more); the median of per-SKU-window
 * lifts is given too.
 */
import { backtestCutoffs } from "./backtest";
import { withPromoPlan } from "../forecast/scenario";
import type { PanelModel } from "../forecast/panel-model";
import { DEFAULT_QUANTILES, type QuantileForecast, type SalesPanel } from "../types";

export type LiftFigures = { predicted: number; actual: number; medianPredicted: number; medianActual: number };

export type PromoLiftReport = {
  model: string;
  windows: number;
  horizon: number;
  /** SKU-windows with promoted and unpromoted days, and promoted SKU-days counted. */
  pairs: number;
  promotedDays: number;
  vsUnpromoted: LiftFigures;
  vsBaseline: LiftFigures;
};

type Acc = { pn: number[]; pd: number[]; an: number[]; ad: number[] };

function meanOfQuantiles(fc: QuantileForecast, h: number): number {
  let s = 0;
  for (const row of fc.values) s += row[h];
  return s / fc.values.length;
}

function median(xs: number[]): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

function figures(acc: Acc): LiftFigures {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ratio = (n: number[], d: number[]) => n.map((x, i) => x / d[i] - 1);
  return {
    predicted: sum(acc.pn) / sum(acc.pd) - 1,
    actual: sum(acc.an) / sum(acc.ad) - 1,
    medianPredicted: median(ratio(acc.pn, acc.pd)),
    medianActual: median(ratio(acc.an, acc.ad)),
  };
}

/** Forecasts of every series from one cutoff, with the data's promotion flags and with the window's flags set to 0. */
export type PromoPair = (cutoff: number) => Promise<{ withPromo: QuantileForecast[]; without: QuantileForecast[] }>;

/** The panel with every SKU's promotion flags after `cutoff` set to 0 for `horizon` periods (the counterfactual). */
export function withoutPromotions(panel: SalesPanel, cutoff: number, horizon: number): SalesPanel {
  const zeros: Record<string, number[]> = {};
  for (const s of panel.series) zeros[s.id] = new Array<number>(horizon).fill(0);
  return withPromoPlan(panel, cutoff, horizon, zeros);
}

/** A panel model asked twice per cutoff (right for models that fit deterministically per request, such as classical). */
export function panelModelPair(panel: SalesPanel, model: PanelModel, horizon: number): PromoPair {
  return async (cutoff) => {
    const request = { cutoff, horizon, quantiles: DEFAULT_QUANTILES };
    const withPromo = (await model.forecast(panel, request)).forecasts;
    const without = (await model.forecast(withoutPromotions(panel, cutoff, horizon), request)).forecasts;
    return { withPromo, without };
  };
}

/** Promotion lift predicted vs actual over `windows` backtest windows of `horizon` periods. */
export async function measurePromoLift(panel: SalesPanel, pair: PromoPair, name: string, horizon: number, windows: number): Promise<PromoLiftReport> {
  const lastIndex = Math.max(...panel.series.map((s) => s.values.length)) - 1;
  const vsU: Acc = { pn: [], pd: [], an: [], ad: [] };
  const vsB: Acc = { pn: [], pd: [], an: [], ad: [] };
  let promotedDays = 0;
  for (const cutoff of backtestCutoffs(lastIndex, horizon, windows)) {
    const { withPromo, without } = await pair(cutoff);
    panel.series.forEach((s, i) => {
      const flags = s.covariates.promo ?? [];
      const m = { yP: 0, nP: 0, yU: 0, nU: 0, fP: 0, fU: 0, f0P: 0 };
      for (let h = 0; h < horizon; h++) {
        const t = cutoff + 1 + h;
        if (t >= s.values.length || !Number.isFinite(s.values[t]) || (s.covariates.closed?.[t] ?? 0) === 1) continue;
        const f = meanOfQuantiles(withPromo[i], h);
        if (flags[t] === 1) {
          m.yP += s.values[t];
          m.nP++;
          m.fP += f;
          m.f0P += meanOfQuantiles(without[i], h);
        } else {
          m.yU += s.values[t];
          m.nU++;
          m.fU += f;
        }
      }
      if (m.nP === 0) return;
      promotedDays += m.nP;
      if (m.f0P > 0) {
        vsB.pn.push(m.fP);
        vsB.pd.push(m.f0P);
        vsB.an.push(m.yP);
        vsB.ad.push(m.f0P);
      }
      if (m.nU === 0 || m.yU === 0 || m.fU === 0) return;
      vsU.pn.push(m.fP / m.nP);
      vsU.pd.push(m.fU / m.nU);
      vsU.an.push(m.yP / m.nP);
      vsU.ad.push(m.yU / m.nU);
    });
  }
  return { model: name, windows, horizon, pairs: vsU.pn.length, promotedDays, vsUnpromoted: figures(vsU), vsBaseline: figures(vsB) };
}

/** The report as a few lines of text for a terminal. */
export function formatPromoLift(r: PromoLiftReport): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%` : "n/a");
  const line = (label: string, f: LiftFigures) =>
    `${label.padEnd(34)} predicted ${pct(f.predicted).padStart(8)}  actual ${pct(f.actual).padStart(8)}   (median per SKU-window: predicted ${pct(f.medianPredicted)}, actual ${pct(f.medianActual)})`;
  return [
    `Promotion lift, model ${r.model}: ${r.windows} windows x ${r.horizon} periods, ${r.pairs} SKU-windows with and without promotion, ${r.promotedDays} promoted SKU-days`,
    line("vs unpromoted days (same SKU, window)", r.vsUnpromoted),
    line("vs the model's no-promotion forecast", r.vsBaseline),
  ].join("\n");
}
