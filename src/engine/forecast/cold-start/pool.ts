/**
 * What the long-history SKUs of a panel teach about a new one, learned at one cutoff from data up to it (covariates
 * up to cutoff + horizon): each pooled across SKUs after dividing every SKU by its own scale, so small and large
 * sellers count alike.
 *
 * - the within-week profile (daily data; one multiplier per weekday, mean 1), from periods without any flag;
 * - the effect of each 0/1 known covariate (a promotion lifts sales, a closed day takes them to zero): the ratio
 *   of a SKU's scaled mean on flagged periods to its mean on unflagged ones, pooled as a ratio of sums weighted by
 *   how often each SKU is flagged;
 * - the yearly movement: pooled, de-flagged sales one (two, three) years before the forecast dates against the same
 *   SKUs' sales one year before the new SKU's history (prefix sums, so any range is O(1));
 * - a prior for the level: the median scale of the pool (of the SKUs whose id shares the new SKU's prefix, when
 *   there are enough of them), which a very short history is shrunk toward.
 */
import type { Frequency, SalesPanel } from "../../types";

export type Pool = {
  frequency: Frequency;
  cutoff: number;
  /** Periods per within-week cycle (7 daily, else 1). */
  cycle: number;
  /** Multiplier per position t % cycle (mean 1). */
  profile: number[];
  /** Covariates (0/1 in the pool's history) and their pooled multiplicative effect. */
  effects: { name: string; factor: number }[];
  /** Periods in a year on this timeline (364 daily keeps the weekday, 52 weekly, 12 monthly). */
  yearLag: number;
  /** Prefix sums over the timeline of pooled de-flagged scaled sales and of the number of SKUs behind them. */
  sumZ: Float64Array;
  sumN: Float64Array;
  /** Each pool SKU's scale (mean of the last year) with its id, for the level prior. */
  scales: { id: string; scale: number }[];
  /** Panel indices of the pool SKUs. */
  members: number[];
  /** Level priors by id prefix, filled on first use. */
  priors: Map<string, number>;
};

/** Periods looked back for scales, the profile and the effects: one year. */
export function recentSpan(frequency: Frequency): number {
  return frequency === "daily" ? 364 : frequency === "weekly" ? 52 : 12;
}

/** Names of the covariates that are 0/1 in the data and flagged somewhere in [from, to]. */
function binaryCovariates(panel: SalesPanel, members: number[], from: number, to: number): string[] {
  return panel.covariateNames.filter((name) => {
    let ones = 0;
    for (const s of members) {
      const xs = panel.series[s].covariates[name] ?? [];
      for (let t = from; t <= to; t++) {
        const x = xs[t] ?? 0;
        if (x !== 0 && x !== 1) return false;
        if (x === 1) ones++;
      }
    }
    return ones > 0;
  });
}

function flaggedAt(panel: SalesPanel, s: number, names: string[], t: number): boolean {
  return names.some((n) => (panel.series[s].covariates[n]?.[t] ?? 0) === 1);
}

/** Scale of a SKU over [from, to]: mean of its values (0 when it sold nothing). */
function meanOver(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let t = Math.max(0, from); t <= to; t++) {
    const v = values[t];
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/** Within-week profile from unflagged periods of the pool over [from, to]. */
function learnProfile(panel: SalesPanel, members: number[], scales: number[], names: string[], cycle: number, from: number, to: number): number[] {
  if (cycle <= 1) return [1];
  const sum = new Array<number>(cycle).fill(0);
  const cnt = new Array<number>(cycle).fill(0);
  members.forEach((s, k) => {
    const v = panel.series[s].values;
    for (let t = Math.max(from, panel.series[s].start); t <= to; t++) {
      if (flaggedAt(panel, s, names, t)) continue;
      sum[t % cycle] += v[t] / scales[k];
      cnt[t % cycle]++;
    }
  });
  const raw = sum.map((x, d) => (cnt[d] > 0 ? x / cnt[d] : 0));
  const mean = raw.reduce((a, b) => a + b, 0) / cycle;
  return mean > 0 ? raw.map((x) => (x > 0 ? x / mean : 1)) : raw.map(() => 1);
}

/** Pooled multiplicative effect of each 0/1 covariate: flagged periods against periods without any flag. */
function learnEffects(panel: SalesPanel, members: number[], scales: number[], names: string[], profile: number[], from: number, to: number): { name: string; factor: number }[] {
  const cycle = profile.length;
  return names.map((name) => {
    let num = 0;
    let den = 0;
    members.forEach((s, k) => {
      const v = panel.series[s].values;
      const xs = panel.series[s].covariates[name] ?? [];
      let on = 0;
      let onN = 0;
      let off = 0;
      let offN = 0;
      for (let t = Math.max(from, panel.series[s].start); t <= to; t++) {
        const z = v[t] / scales[k] / profile[t % cycle];
        if ((xs[t] ?? 0) === 1) {
          on += z;
          onN++;
        } else if (!flaggedAt(panel, s, names, t)) {
          off += z;
          offN++;
        }
      }
      if (onN === 0 || offN === 0) return;
      num += on;
      den += onN * (off / offN);
    });
    // Two pseudo-periods at no effect keep a rarely seen flag near 1.
    return { name, factor: den > 0 ? (num + 2) / (den + 2) : 1 };
  });
}

/** Multiplier of the flags of series `s` at period t. */
export function flagMultiplier(pool: Pool, covariates: Record<string, number[]>, t: number): number {
  let f = 1;
  for (const e of pool.effects) if ((covariates[e.name]?.[t] ?? 0) === 1) f *= e.factor;
  return f;
}

/** Prefix sums over the timeline of de-flagged scaled sales of the pool. */
function pooledSums(panel: SalesPanel, pool: Pool, scales: number[]): void {
  const n = pool.cutoff + 1;
  const z = new Float64Array(n);
  const c = new Float64Array(n);
  pool.members.forEach((s, k) => {
    const series = panel.series[s];
    for (let t = Math.max(0, series.start); t < n; t++) {
      const m = flagMultiplier(pool, series.covariates, t) * pool.profile[t % pool.cycle];
      if (m < 0.2) continue;
      z[t] += series.values[t] / scales[k] / m;
      c[t]++;
    }
  });
  for (let t = 0; t < n; t++) {
    pool.sumZ[t + 1] = pool.sumZ[t] + z[t];
    pool.sumN[t + 1] = pool.sumN[t] + c[t];
  }
}

/**
 * Learns the pool at `cutoff` from the SKUs in `members` (those with a long history); null when none of them sold
 * anything in the last year.
 */
export function learnPool(panel: SalesPanel, cutoff: number, members: number[]): Pool | null {
  const span = recentSpan(panel.frequency);
  const from = Math.max(0, cutoff - span + 1);
  const kept: number[] = [];
  const scales: number[] = [];
  for (const s of members) {
    const series = panel.series[s];
    const scale = meanOver(series.values, Math.max(from, series.start), cutoff);
    if (scale > 0 && series.start <= cutoff) {
      kept.push(s);
      scales.push(scale);
    }
  }
  if (kept.length === 0) return null;
  const names = binaryCovariates(panel, kept, from, cutoff);
  const cycle = panel.frequency === "daily" ? 7 : 1;
  const profile = learnProfile(panel, kept, scales, names, cycle, from, cutoff);
  const effects = learnEffects(panel, kept, scales, names, profile, from, cutoff);
  const pool: Pool = {
    frequency: panel.frequency,
    cutoff,
    cycle,
    profile,
    effects,
    yearLag: recentSpan(panel.frequency),
    sumZ: new Float64Array(cutoff + 2),
    sumN: new Float64Array(cutoff + 2),
    scales: kept.map((s, k) => ({ id: panel.series[s].id, scale: scales[k] })),
    members: kept,
    priors: new Map(),
  };
  pooledSums(panel, pool, scales);
  return pool;
}

/** Pooled mean of de-flagged scaled sales over [from, to] and how many SKU-periods it rests on. */
function pooledMean(pool: Pool, from: number, to: number): { mean: number; n: number } {
  if (from < 0 || to > pool.cutoff || to < from) return { mean: 0, n: 0 };
  const z = pool.sumZ[to + 1] - pool.sumZ[from];
  const n = pool.sumN[to + 1] - pool.sumN[from];
  return { mean: n > 0 ? z / n : 0, n };
}

/**
 * Yearly movement for each forecast step: pooled sales over the step's block one year (and two, three) before,
 * against the pool's sales over the new SKU's history period a year before. 1 where the data does not reach back.
 * Blocks of `block` periods smooth the day-to-day noise.
 */
export function yearlyFactors(pool: Pool, historyLength: number, horizon: number, block: number): number[] {
  const out = new Array<number>(horizon).fill(1);
  const o = pool.cutoff;
  for (let b = 0; b * block < horizon; b++) {
    let sum = 0;
    let years = 0;
    for (let y = 1; y <= 3; y++) {
      const lag = y * pool.yearLag;
      const hist = pooledMean(pool, o - historyLength + 1 - lag, o - lag);
      const fut = pooledMean(pool, o + 1 + b * block - lag, Math.min(o + horizon, o + (b + 1) * block) - lag);
      if (hist.n < 3 * historyLength || fut.n < 3 || hist.mean <= 0) continue;
      sum += Math.log(Math.max(1e-3, fut.mean / hist.mean));
      years++;
    }
    const g = years > 0 ? Math.exp(sum / years) : 1;
    for (let h = b * block; h < Math.min(horizon, (b + 1) * block); h++) out[h] = g;
  }
  return out;
}

/** Prefix of an id before its last separator ("B1_07" -> "B1"), or "" when it has none. */
export function idGroup(id: string): string {
  const m = /^(.*?)[\s_\-./:]+[^\s_\-./:]*$/.exec(id);
  return m ? m[1] : "";
}

/** Median scale of the pool, of the SKUs sharing the id prefix when at least five do. */
export function levelPrior(pool: Pool, id: string | undefined): number {
  const group = id !== undefined ? idGroup(id) : "";
  let known = pool.priors.get(group);
  if (known === undefined) {
    known = medianScale(pool, group);
    pool.priors.set(group, known);
  }
  return known;
}

function medianScale(pool: Pool, group: string): number {
  const same = group !== "" ? pool.scales.filter((s) => idGroup(s.id) === group) : [];
  const xs = (same.length >= 5 ? same : pool.scales).map((s) => s.scale).sort((a, b) => a - b);
  return xs.length > 0 ? xs[Math.floor(xs.length / 2)] : 1;
}
