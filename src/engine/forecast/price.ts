/**
 * Price as a known covariate: the response of sales to price changes, as a log-log (constant) elasticity per SKU,
 *
 *   E[y_t] = base_t * exp(a + b * x_t),   x_t = log(p_t) - (centred local mean of log p),
 *
 * a Poisson regression with offset log(base_t), where base_t is the centred local mean of sales (the same window as
 * the classical covariate effects, models/covariates.ts), fitted by Newton's method. Periods flagged by a 0/1
 * covariate (promotion, closed day) are left out, so a promotion's lift is not read as a price response.
 *
 * Per-SKU slopes are shrunk toward a pooled slope (precision-weighted mean, prior sd `PRIOR_SD`), and the shape is
 * constrained: a higher price never raises demand (b <= 0) unless the pooled estimate says so clearly (its 95%
 * interval lies above 0). A what-if applies (new price / old price)^b to the forecast quantiles.
 */
import { TrendcastError, type SalesPanel } from "../types";
import { baselineHalfWindow } from "./models/covariates";

export type Elasticity = {
  /** Pooled elasticity across SKUs (constrained), and its standard error before the constraint. */
  pooled: number;
  pooledSe: number;
  /** The data clearly say demand rises with price: slopes are not capped at 0. */
  positiveAllowed: boolean;
  /** Elasticity per SKU id (shrunk toward the pooled one; the pooled one for a SKU whose price never moved). */
  perSku: Record<string, number>;
  /** SKUs whose own price varied enough to inform their slope. */
  informed: number;
};

/** Prior standard deviation of a SKU's elasticity around the pooled one. */
const PRIOR_SD = 0.5;
const MIN_PERIODS = 20;

type SkuFit = { b: number; info: number };

/** Centred local mean of the usable values around each period, the period itself left out. */
function centredMean(xs: readonly number[], ok: readonly boolean[], half: number): number[] {
  const n = xs.length;
  const cs = new Float64Array(n + 1);
  const cc = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    cs[t + 1] = cs[t] + (ok[t] ? xs[t] : 0);
    cc[t + 1] = cc[t] + (ok[t] ? 1 : 0);
  }
  return xs.map((_, t) => {
    const lo = Math.max(0, t - half);
    const hi = Math.min(n, t + half + 1);
    const self = ok[t] ? 1 : 0;
    const c = cc[hi] - cc[lo] - self;
    return c > 0 ? (cs[hi] - cs[lo] - (self ? xs[t] : 0)) / c : NaN;
  });
}

/** Two-parameter Poisson fit (intercept a, slope b) with offset; the slope and its profile information. */
function poissonSlope(y: number[], x: number[], offset: number[]): SkuFit | null {
  let a = 0;
  let b = 0;
  let info = 0;
  for (let it = 0; it < 30; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0; // prettier-ignore
    for (let t = 0; t < y.length; t++) {
      const mu = offset[t] * Math.exp(a + b * x[t]);
      ga += y[t] - mu;
      gb += x[t] * (y[t] - mu);
      haa += mu;
      hab += mu * x[t];
      hbb += mu * x[t] * x[t];
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12) || !(haa > 0)) return null;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += Math.max(-2, Math.min(2, da));
    b += Math.max(-2, Math.min(2, db));
    info = hbb - (hab * hab) / haa;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  if (!Number.isFinite(b) || !(info > 0)) return null;
  // Overdispersion: Pearson chi-square per degree of freedom, at least 1.
  let chi = 0;
  for (let t = 0; t < y.length; t++) {
    const mu = offset[t] * Math.exp(a + b * x[t]);
    if (mu > 0) chi += ((y[t] - mu) * (y[t] - mu)) / mu;
  }
  const phi = Math.max(1, chi / Math.max(1, y.length - 2));
  return { b, info: info / phi };
}

/** One SKU's slope from its history up to `cutoff`; null when its price has no usable variation. */
function fitSku(panel: SalesPanel, index: number, cutoff: number): SkuFit | null {
  const s = panel.series[index];
  const prices = s.covariates.price;
  if (!prices) return null;
  const end = Math.min(cutoff, s.values.length - 1);
  const start = Math.max(0, s.start);
  const flags = panel.covariateNames.filter((k) => k !== "price" && (s.covariates[k] ?? []).every((v) => v === 0 || v === 1 || !Number.isFinite(v)));
  const y: number[] = [];
  const lp: number[] = [];
  const ok: boolean[] = [];
  for (let t = start; t <= end; t++) {
    const p = prices[t];
    const v = s.values[t];
    const flagged = flags.some((k) => s.covariates[k][t] === 1);
    const good = Number.isFinite(v) && v >= 0 && Number.isFinite(p) && p > 0 && !flagged;
    ok.push(good);
    y.push(good ? v : 0);
    lp.push(good ? Math.log(p) : 0);
  }
  const used = ok.filter(Boolean).length;
  if (used < MIN_PERIODS) return null;
  const meanLp = lp.reduce((a, v, t) => a + (ok[t] ? v : 0), 0) / used;
  const x = lp.map((v) => v - meanLp);
  const spread = Math.sqrt(x.reduce((a, v, t) => a + (ok[t] ? v * v : 0), 0) / used);
  if (spread < 1e-4) return null;
  // Backfitting: the local baseline is taken from sales with the current price effect divided out, so a price
  // held for weeks is not absorbed into the baseline (which would pull the slope toward 0).
  const half = baselineHalfWindow(panel.frequency);
  let fit: SkuFit | null = { b: 0, info: 0 };
  for (let round = 0; round < 25 && fit; round++) {
    const b = fit.b;
    const base = centredMean(y.map((v, t) => v * Math.exp(-b * x[t])), ok, half);
    const yy: number[] = [];
    const xx: number[] = [];
    const off: number[] = [];
    for (let t = 0; t < y.length; t++) {
      if (!ok[t] || !(base[t] > 0)) continue;
      yy.push(y[t]);
      xx.push(x[t]);
      off.push(base[t]);
    }
    fit = yy.length >= MIN_PERIODS ? poissonSlope(yy, xx, off) : null;
  }
  return fit;
}

/** Elasticities of every SKU from history up to `cutoff` (default: the last period); null without a price column. */
export function estimateElasticity(panel: SalesPanel, cutoff = panel.timeline.length - 1): Elasticity | null {
  if (!panel.covariateNames.includes("price")) return null;
  const fits = panel.series.map((_, i) => fitSku(panel, i, cutoff));
  let sw = 0;
  let swb = 0;
  for (const f of fits) {
    if (!f) continue;
    sw += f.info;
    swb += f.info * f.b;
  }
  if (!(sw > 0)) return null;
  const raw = swb / sw;
  const pooledSe = 1 / Math.sqrt(sw);
  const positiveAllowed = raw - 1.96 * pooledSe > 0;
  const cap = (b: number) => (positiveAllowed ? b : Math.min(0, b));
  const pooled = cap(raw);
  const prior = 1 / (PRIOR_SD * PRIOR_SD);
  const perSku: Record<string, number> = {};
  panel.series.forEach((s, i) => {
    const f = fits[i];
    perSku[s.id] = f ? cap((f.info * f.b + prior * pooled) / (f.info + prior)) : pooled;
  });
  return { pooled, pooledSe, positiveAllowed, perSku, informed: fits.filter((f) => f !== null).length };
}

/** Multiplier of demand when the price changes by `changePct` percent (e.g. -10 for a 10% cut). */
export function priceFactor(elasticity: number, changePct: number): number {
  const ratio = 1 + changePct / 100;
  if (!(ratio > 0)) throw new TrendcastError(`A price change of ${changePct}% leaves no price; enter a change above -100%.`, "bad-price-change");
  return Math.pow(ratio, elasticity);
}
