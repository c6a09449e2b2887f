/**
 * Small numeric helpers shared by the classical forecasters: empirical quantiles, a seeded RNG, the normal
 * quantile function, Nelder-Mead minimisation, and the final clean-up every forecast gets (finite, >= 0, sorted
 * across levels so quantiles never cross).
 */
import { TrendcastError, type QuantileForecast } from "../../types";
import { seededRandom } from "../../random";

/** Quantile of an ascending-sorted array, linear interpolation (type 7, R's default). */
export function sortedQuantile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0];
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export { seededRandom };

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * Nelder-Mead simplex minimisation (Nelder & Mead 1965, standard coefficients 1, 2, 0.5, 0.5).
 * `f` should return Infinity for infeasible points.
 */
export function nelderMead(f: (x: number[]) => number, start: number[], step: number[], maxEvals = 300, tol = 1e-7): { x: number[]; value: number } {
  const n = start.length;
  const simplex: { x: number[]; v: number }[] = [{ x: start.slice(), v: f(start) }];
  for (let i = 0; i < n; i++) {
    const x = start.slice();
    x[i] += step[i];
    simplex.push({ x, v: f(x) });
  }
  let evals = n + 1;
  while (evals < maxEvals) {
    simplex.sort((p, q) => p.v - q.v);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + 1e-12)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i].x[j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const xr = along(-1);
    const vr = f(xr);
    evals++;
    if (vr < best.v) {
      const xe = along(-2);
      const ve = f(xe);
      evals++;
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[n - 1].v) {
      simplex[n] = { x: xr, v: vr };
    } else {
      const xc = vr < worst.v ? along(-0.5) : along(0.5);
      const vc = f(xc);
      evals++;
      if (vc < Math.min(vr, worst.v)) {
        simplex[n] = { x: xc, v: vc };
      } else {
        for (let i = 1; i <= n; i++) {
          const x = simplex[i].x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]));
          simplex[i] = { x, v: f(x) };
          evals++;
        }
      }
    }
  }
  simplex.sort((p, q) => p.v - q.v);
  return { x: simplex[0].x, value: simplex[0].v };
}

/** The located error for a forecast holding NaN or Infinity: which model, which SKU, which step. Never a silent 0. */
export function nonFiniteForecast(model: string, sku: string | undefined, step: number): TrendcastError {
  const who = sku !== undefined && sku !== "" ? ` for SKU "${sku}"` : "";
  return new TrendcastError(
    `The ${model} model gave a forecast that is not a number (NaN or Infinity)${who} at step ${step + 1}; it is not used.`,
    "non-finite-forecast",
    sku !== undefined && sku !== "" ? { sku } : undefined,
  );
}

/** Throws `nonFiniteForecast` when any value of a [level][step] grid is NaN or infinite. */
export function assertFinite(values: readonly (readonly number[])[], model: string, sku: string | undefined): void {
  for (const row of values) {
    const h = row.findIndex((v) => !Number.isFinite(v));
    if (h >= 0) throw nonFiniteForecast(model, sku, h);
  }
}

/**
 * Makes a forecast safe to hand out: clipped at zero (sales), non-crossing across levels. A value that is not finite
 * is a located error (`non-finite-forecast`), never a zero: callers fall back to another model and say so.
 */
export function finishForecast(quantiles: readonly number[], values: number[][], model = "forecasting", sku?: string): QuantileForecast {
  assertFinite(values, model, sku);
  const order = quantiles.map((q, i) => ({ q, i })).sort((a, b) => a.q - b.q);
  const horizon = values.length > 0 ? values[0].length : 0;
  const out = values.map((row) => row.map((v) => (v > 0 ? v : 0)));
  for (let h = 0; h < horizon; h++) {
    const col = order.map(({ i }) => out[i][h]).sort((a, b) => a - b);
    order.forEach(({ i }, k) => (out[i][h] = col[k]));
  }
  return { quantiles: quantiles.slice(), values: out };
}

/** Validates the requested horizon and levels; throws a message a person can act on. */
export function checkRequest(horizon: number, quantiles: readonly number[]): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new TrendcastError(`The horizon must be a whole number of periods, 1 or more (got ${horizon}).`, "bad-horizon");
  }
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) {
      throw new TrendcastError(`Quantile levels must lie strictly between 0 and 1, such as 0.1 or 0.9 (got ${q}).`, "bad-quantile");
    }
  }
}
