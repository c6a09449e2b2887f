/**
 * Core data types shared by every part of Trendcast. The engine is pure TypeScript: no DOM, no Office, no React.
 *
 * Dates are held as "epoch days": whole days since 1970-01-01 UTC (Excel serial = epochDay + 25569).
 */

/** One cell value exactly as Excel hands it over (`range.values`): errors arrive as strings such as "#N/A". */
export type CellValue = number | string | boolean | null | undefined;

/** A rectangular block of cells read from a sheet or file. */
export type CellGrid = {
  values: CellValue[][];
  /** Excel number formats, same shape as values, when known (used to recognise date serials). */
  numberFormats?: string[][];
  /** Sheet name, used in issue messages. */
  sheet?: string;
  /** Sheet-relative address of the top-left cell, e.g. "B3". Default "A1". */
  origin?: string;
  /**
   * The decimal separator of numbers written as text, when the source says it (a `;`-separated CSV, a comma-decimal
   * locale). Only a hint: evidence in the cells ("12,5", "1.234,56") decides first (ingest/decimals.ts).
   */
  decimalSeparator?: "." | ",";
};

export type Frequency = "daily" | "weekly" | "monthly";

export type IssueSeverity = "error" | "warning" | "info";

/** A problem found in the input: where, what was found, what was done. Nothing is dropped silently. */
export type IngestIssue = {
  severity: IssueSeverity;
  /** Machine-readable kind, e.g. "text-in-number-cell", "duplicate-date". */
  code: string;
  /** Sheet-relative cell address such as "C14", when one cell is concerned. */
  cell?: string;
  /** 1-based row number in the sheet or file, when a row is concerned. */
  row?: number;
  sheet?: string;
  sku?: string;
  /** What was found, in the merchant's words. */
  found: string;
  /** What Trendcast did about it. */
  action: string;
};

/** One SKU's sales on the panel's regular timeline. */
export type Series = {
  id: string;
  /** Sales per period, aligned with `SalesPanel.timeline` (index i is the period timeline[i]). */
  values: number[];
  /** Index into the timeline of the first period with data for this SKU (earlier values are fill). */
  start: number;
  /**
   * Known-in-advance covariates (promotion flag, holiday flag, price...), aligned with the timeline and possibly
   * longer than `values` when the file holds plans for future periods.
   */
  covariates: Record<string, number[]>;
  /** Optional inventory inputs read from the data (last known value). */
  inventory?: Partial<InventoryInputs>;
};

export type InventoryInputs = {
  onHand: number;
  onOrder: number;
  leadTime: number;
  serviceLevel: number;
  moq: number;
  packSize: number;
  reviewPeriod: number;
  unitCost: number;
};

export type PanelLayout = "wide" | "long" | "single";

export type SalesPanel = {
  layout: PanelLayout;
  frequency: Frequency;
  /** Epoch day of each period (regular: daily step 1, weekly step 7, monthly = first of month or same day). */
  timeline: number[];
  series: Series[];
  /** Names of covariate columns present in every series' `covariates`. */
  covariateNames: string[];
  issues: IngestIssue[];
  /**
   * Index into `timeline` of the last period of sales history; later periods hold only planned covariates. Forecasts
   * start the period after it: read it through `lastSaleIndex` / `forecastDates` (ingest/history-end.ts), which fall
   * back to the longest series for a panel built without it.
   */
  lastSale?: number;
};

/** Probabilistic forecast for one series: `values[k][h]` is the quantile `quantiles[k]` at step h (0-based). */
export type QuantileForecast = {
  quantiles: number[];
  values: number[][];
  /**
   * Set when the model asked for gave numbers that are not finite (NaN, Infinity) for this series and another model
   * forecast it instead: which one and why, e.g. "classical (fallback: attention gave NaN or Infinity)".
   */
  fallback?: string;
};

/** What a forecaster sees of one series. */
export type SeriesInput = {
  id?: string;
  /** History, oldest first, regular timeline. */
  values: number[];
  frequency: Frequency;
  /** Epoch day of each history value (same length as values), when known. */
  dates?: number[];
  /** Known covariates over history + horizon (length values.length + horizon or longer), when known. */
  covariates?: Record<string, number[]>;
  /** Season length override; otherwise detected. */
  seasonLength?: number;
};

/** The small interface every model has (after augurs / statsforecast): fit once, predict quantiles. */
export interface Forecaster {
  readonly name: string;
  fit(series: SeriesInput): FittedForecaster;
}

export interface FittedForecaster {
  readonly name: string;
  predict(horizon: number, quantiles: readonly number[]): QuantileForecast;
}

export const DEFAULT_QUANTILES: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Error with a message for people: what is wrong, where, and what to do. */
export class TrendcastError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly where?: { sheet?: string; cell?: string; row?: number; sku?: string },
  ) {
    super(message);
    this.name = "TrendcastError";
  }
}
