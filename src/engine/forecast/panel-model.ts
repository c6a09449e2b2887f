/**
 * The panel-level model interface used by the backtest, the CLI, the task pane and the simulation: a model that
 * forecasts every series of a panel from one cutoff. Classical models wrap a per-series `Forecaster`; the attention
 * model and `auto` train once across all series (cross-learning).
 */
import type { QuantileForecast, SalesPanel, SeriesInput } from "../types";

export type ModelName = "auto" | "attention" | "snaive" | "ets" | "croston" | "classical";

export type PanelForecastRequest = {
  /** Index into panel.timeline of the last period the model may use (values and covariates up to here). */
  cutoff: number;
  horizon: number;
  quantiles: readonly number[];
  /** Covariates known in advance may be read up to cutoff + horizon. */
  signal?: AbortSignal;
  onProgress?: (p: ProgressEvent) => void;
};

export type ProgressEvent = {
  stage: string;
  /** 0..1 */
  fraction: number;
  message?: string;
};

export type PanelForecast = {
  /** One forecast per series, in panel order. */
  forecasts: QuantileForecast[];
  /** Which model produced each series' forecast (for `auto`, the per-SKU choice). */
  chosen: string[];
};

export interface PanelModel {
  readonly name: string;
  forecast(panel: SalesPanel, request: PanelForecastRequest): Promise<PanelForecast>;
}

/** The slice of one series a model may see for a request. */
export function seriesInputAt(panel: SalesPanel, index: number, cutoff: number, horizon: number): SeriesInput {
  const s = panel.series[index];
  const start = Math.max(0, s.start);
  const end = Math.min(cutoff + 1, s.values.length);
  const covariates: Record<string, number[]> = {};
  for (const [k, xs] of Object.entries(s.covariates)) covariates[k] = xs.slice(start, cutoff + 1 + horizon);
  return {
    id: s.id,
    values: s.values.slice(start, Math.max(start, end)),
    frequency: panel.frequency,
    dates: panel.timeline.slice(start, Math.max(start, end)),
    covariates,
  };
}
