/**
 * Rolling-origin backtest exactly as the evaluation protocol (PROTOCOL.md §2): with T the last period index and
 * W windows of horizon H, window w = 1..W (1 = earliest) has cutoff c_w = T - (W - w + 1) * H and forecasts
 * c_w + 1 .. c_w + H. Windows are contiguous, non-overlapping, and cover the last W*H periods. The model sees
 * values up to c_w only (covariates up to c_w + H, as plans known in advance).
 */
import type { PanelModel } from "../forecast/panel-model";
import { candidateSeason } from "../forecast/season";
import { ScoreAccumulator, type Scores } from "./metrics";
import { DEFAULT_QUANTILES, TrendcastError, type SalesPanel } from "../types";
import { lastSaleIndex } from "../ingest/history-end";

export type BacktestOptions = {
  horizon: number;
  windows: number;
  quantiles?: readonly number[];
  /** MASE season; default the frequency's natural season (7 daily, 52 weekly, 12 monthly). */
  season?: number;
  signal?: AbortSignal;
  onProgress?: (p: { fraction: number; message: string }) => void;
};

export type BacktestRow = {
  seriesId: string;
  /** Epoch day of the cutoff (last period the model could use). */
  cutoff: number;
  /** Epoch day of the forecast period. */
  date: number;
  /** Forecast values, one per requested quantile level. */
  quantiles: number[];
};

export type BacktestResult = {
  model: string;
  quantiles: number[];
  /** Cutoff period indices, earliest window first. */
  cutoffIndices: number[];
  rows: BacktestRow[];
  scores: Scores;
  perWindow: Scores[];
  perSeries: { id: string; scores: Scores; chosen: string[] }[];
  seconds: number;
};

/** Cutoff indices c_w = T - (W - w + 1) * H for w = 1..W, earliest first. */
export function backtestCutoffs(lastIndex: number, horizon: number, windows: number): number[] {
  return Array.from({ length: windows }, (_, i) => lastIndex - (windows - i) * horizon);
}

export async function runBacktest(panel: SalesPanel, model: PanelModel, options: BacktestOptions): Promise<BacktestResult> {
  const t0 = performance.now();
  const { horizon, windows } = options;
  const quantiles = [...(options.quantiles ?? DEFAULT_QUANTILES)];
  if (!Number.isInteger(horizon) || horizon < 1) throw new TrendcastError(`--horizon must be a whole number >= 1 (got ${horizon}).`, "bad-horizon");
  if (!Number.isInteger(windows) || windows < 1) throw new TrendcastError(`--windows must be a whole number >= 1 (got ${windows}).`, "bad-windows");
  if (panel.series.length === 0) throw new TrendcastError("The data holds no series to backtest.", "no-series");
  const lastIndex = lastSaleIndex(panel);
  const cutoffIndices = backtestCutoffs(lastIndex, horizon, windows);
  if (cutoffIndices[0] < 1) {
    throw new TrendcastError(
      `The data has ${lastIndex + 1} periods, too few for ${windows} windows of ${horizon} periods plus history. ` +
        `Use fewer windows or a shorter horizon.`,
      "too-short",
    );
  }
  const season = options.season ?? candidateSeason(panel.frequency);
  const scoredLevels = quantiles;
  const total = new ScoreAccumulator(scoredLevels);
  const perWindow = cutoffIndices.map(() => new ScoreAccumulator(scoredLevels));
  const perSeriesAcc = panel.series.map(() => new ScoreAccumulator(scoredLevels));
  const chosen: string[][] = panel.series.map(() => []);
  const rows: BacktestRow[] = [];
  for (let w = 0; w < cutoffIndices.length; w++) {
    const cutoff = cutoffIndices[w];
    const result = await model.forecast(panel, {
      cutoff,
      horizon,
      quantiles,
      signal: options.signal,
      onProgress: (p) =>
        options.onProgress?.({ fraction: (w + p.fraction) / cutoffIndices.length, message: `window ${w + 1}/${windows}: ${p.message ?? p.stage}` }),
    });
    panel.series.forEach((s, i) => {
      const f = result.forecasts[i];
      chosen[i].push(result.chosen[i]);
      const start = Math.max(0, s.start);
      const history = s.values.slice(start, cutoff + 1);
      const actual = s.values.slice(cutoff + 1, cutoff + 1 + horizon);
      for (let h = 0; h < horizon; h++) {
        rows.push({
          seriesId: s.id,
          cutoff: panel.timeline[cutoff],
          date: panel.timeline[cutoff + 1 + h],
          quantiles: f.values.map((row) => row[h]),
        });
      }
      if (start > cutoff) return; // no history yet: the series is forecast but not scored
      const sw = { history, actual, forecast: f, season };
      total.add(sw);
      perWindow[w].add(sw);
      perSeriesAcc[i].add(sw);
    });
  }
  return {
    model: model.name,
    quantiles,
    cutoffIndices,
    rows,
    scores: total.result(),
    perWindow: perWindow.map((a) => a.result()),
    perSeries: panel.series.map((s, i) => ({ id: s.id, scores: perSeriesAcc[i].result(), chosen: chosen[i] })),
    seconds: (performance.now() - t0) / 1000,
  };
}
