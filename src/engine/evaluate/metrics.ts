/**
 * Forecast accuracy exactly as the evaluation protocol (shared/eval/PROTOCOL.md §4, `score.py`) defines it:
 *
 * - WQL  = sum_{points, q} 2 rho_q(y, f_q) / (|Q| sum_{points} |y|), rho_q the pinball loss;
 * - MASE = mean over series-windows of mean_h |y - q0.5| / scale, scale = mean_{t=m+1..n_c} |y_t - y_{t-m}| over
 *   the history up to the cutoff; series-windows with n_c <= m or scale 0 are skipped and counted;
 * - coverage80 = share of points with q0.1 <= y <= q0.9;  bias = sum(q0.5 - y) / sum(y);
 *   WAPE = sum |q0.5 - y| / sum |y|.
 *
 * Scores are built from per-point statistics accumulated in the same order as score.py, then aggregated.
 */
import type { QuantileForecast } from "../types";

export type Scores = {
  wql: number | null;
  /** Quantile loss per level, 2 sum rho_q / sum |y|. */
  qlPerLevel: Record<string, number | null>;
  mase: number | null;
  maseUsed: number;
  maseSkippedZeroScale: number;
  maseSkippedShortHistory: number;
  coverage80: number | null;
  bias: number | null;
  wape: number | null;
  points: number;
  sumAbsActual: number;
};

export type SeriesWindow = {
  /** The series' values up to and including the cutoff (used for the MASE scale). */
  history: readonly number[];
  /** Actual values of the forecast steps. */
  actual: readonly number[];
  forecast: QuantileForecast;
  /** MASE season m. */
  season: number;
};

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** MASE scale: mean_{t=m..n-1} |y_t - y_{t-m}| (0-based), or null when the history has n <= m points. */
export function maseScale(history: readonly number[], season: number): number | null {
  const n = history.length;
  if (n <= season) return null;
  let s = 0;
  for (let t = season; t < n; t++) s += Math.abs(history[t] - history[t - season]);
  return s / (n - season);
}

/** Accumulates per-point statistics over series-windows; `result()` aggregates them. */
export class ScoreAccumulator {
  private pin = 0;
  private pinLevel: number[];
  private absY = 0;
  private sumY = 0;
  private sumErr = 0;
  private absErr = 0;
  private n = 0;
  private covered = 0;
  private coverageKnown = true;
  private maseSum = 0;
  private maseN = 0;
  private skipZero = 0;
  private skipShort = 0;

  constructor(readonly levels: readonly number[]) {
    this.pinLevel = levels.map(() => 0);
  }

  add(sw: SeriesWindow): void {
    const { forecast, actual } = sw;
    const idx = this.levels.map((l) => forecast.quantiles.findIndex((q) => near(q, l)));
    if (idx.some((i) => i < 0)) {
      throw new RangeError(`forecast lacks some scored levels (has ${forecast.quantiles.join(", ")}, needs ${this.levels.join(", ")})`);
    }
    const iMed = forecast.quantiles.findIndex((q) => near(q, 0.5));
    const iLo = forecast.quantiles.findIndex((q) => near(q, 0.1));
    const iHi = forecast.quantiles.findIndex((q) => near(q, 0.9));
    if (iLo < 0 || iHi < 0) this.coverageKnown = false;
    let ae = 0;
    for (let h = 0; h < actual.length; h++) {
      const y = actual[h];
      this.levels.forEach((lev, j) => {
        const e = y - forecast.values[idx[j]][h];
        const p = e >= 0 ? lev * e : (lev - 1) * e;
        this.pinLevel[j] += p;
        this.pin += p;
      });
      const med = iMed >= 0 ? forecast.values[iMed][h] : NaN;
      this.absY += Math.abs(y);
      this.sumY += y;
      this.sumErr += med - y;
      this.absErr += Math.abs(med - y);
      ae += Math.abs(med - y);
      this.n++;
      if (iLo >= 0 && iHi >= 0 && forecast.values[iLo][h] <= y && y <= forecast.values[iHi][h]) this.covered++;
    }
    if (actual.length === 0) return;
    const scale = maseScale(sw.history, sw.season);
    if (scale === null) this.skipShort++;
    else if (scale === 0) this.skipZero++;
    else {
      this.maseSum += ae / actual.length / scale;
      this.maseN++;
    }
  }

  result(): Scores {
    const ok = (v: number) => (Number.isFinite(v) ? v : null);
    const qlPerLevel: Record<string, number | null> = {};
    this.levels.forEach((l, j) => (qlPerLevel[String(l)] = this.absY > 0 ? (2 * this.pinLevel[j]) / this.absY : null));
    return {
      wql: this.absY > 0 ? (2 * this.pin) / (this.absY * this.levels.length) : null,
      qlPerLevel,
      mase: this.maseN > 0 ? ok(this.maseSum / this.maseN) : null,
      maseUsed: this.maseN,
      maseSkippedZeroScale: this.skipZero,
      maseSkippedShortHistory: this.skipShort,
      coverage80: this.n > 0 && this.coverageKnown ? this.covered / this.n : null,
      bias: this.sumY !== 0 ? ok(this.sumErr / this.sumY) : null,
      wape: this.absY > 0 ? ok(this.absErr / this.absY) : null,
      points: this.n,
      sumAbsActual: this.absY,
    };
  }
}

/** Scores a list of series-windows in one go. */
export function scoreWindows(windows: readonly SeriesWindow[], levels: readonly number[]): Scores {
  const acc = new ScoreAccumulator(levels);
  for (const w of windows) acc.add(w);
  return acc.result();
}
