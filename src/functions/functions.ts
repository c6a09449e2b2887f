/**
 * The TREND.* cell functions (namespace TREND from the manifest). Each exported function is one formula; its JSDoc
 * is the formula's definition: custom-functions-metadata-plugin turns it into dist/functions.json at build time.
 *
 * Which model answers: the workbook's trained attention model when present and it accepts the series (frequency,
 * history), otherwise the engine's classical auto choice (snaive / ETS / Croston per series by backtest).
 * Results are cached per input hash and model, so recalculation is cheap and a retrain never answers from stale
 * entries. `values` and `timeline` are typed any[][] (not number[][]) so that blank cells reach us as blanks, not
 * as 0 sales, and text gets a message naming its row. Formulas recalculate after a retrain when they reference TREND.MODEL()'s cell in their last argument
 * (`recalc`); TREND.MODEL() itself is a streaming function that updates when the pane trains or loads a model.
 */
import { classicalForecaster, seasonalNaive } from "../engine/forecast/models/index";
import { detectSeasonLength } from "../engine/forecast/season";
import { suggestRestock } from "../engine/restock/restock";
import { ensureModelLoaded, getModelLoadProblem, onActiveModelChange } from "../office/active-model";
import { describeModel, FormulaService, toFormulaError, type FormulaModel } from "./service";

let service: FormulaService | null = null;

/** The `recalc` argument only makes Excel recalculate a formula when TREND.MODEL() changes; its value is unused. */
function dependsOn(_cell: unknown): void {}

/** The one service of this runtime: the cached model and results are shared by every formula. */
export function formulaService(): FormulaService {
  if (!service) {
    service = new FormulaService({
      activeModel: () => ensureModelLoaded() as Promise<FormulaModel | null>,
      classical: classicalForecaster("classical"),
      baseline: seasonalNaive,
      detectSeasonLength,
      suggestRestock,
    });
  }
  return service;
}

/**
 * Forecasts future sales: one column of `horizon` periods per SKU (the median, or the quantile you ask for).
 * Uses the workbook's trained model when it fits the data, else a classical model. Blank cells after the data are ignored.
 * @customfunction FORECAST
 * @param values Sales history, oldest first: one column per SKU (or one row for a single SKU). Blanks between numbers count as 0 sales.
 * @param [timeline] Dates of the sales rows (Excel dates), one day, week or month apart; same height as values. Sets the frequency.
 * @param [horizon] Number of future periods to forecast (1-366). Default: the trained model's horizon, else 28 days, 13 weeks or 12 months.
 * @param [quantile] Which quantile to return, between 0 and 1 (0.5 = median, 0.9 = a high case). Default 0.5.
 * @param [recalc] Optional reference to the cell holding =TREND.MODEL(), so this formula recalculates after a retrain.
 * @returns Forecasts, one row per future period, one column per SKU.
 */
export async function forecast(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  values: any[][],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  timeline?: any[][],
  horizon?: number,
  quantile?: number,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  recalc?: any,
): Promise<number[][]> {
  dependsOn(recalc);
  try {
    return await formulaService().forecast(values, timeline, horizon, quantile);
  } catch (e) {
    throw toFormulaError(e, "FORECAST");
  }
}

/**
 * Forecast band: for each future period the lower and upper bound of the central `level` interval (default 80%).
 * @customfunction BAND
 * @param values Sales history, oldest first: one column per SKU (or one row for a single SKU).
 * @param [timeline] Dates of the sales rows (Excel dates), one day, week or month apart; same height as values.
 * @param [horizon] Number of future periods (1-366). Default: the trained model's horizon, else 28 days, 13 weeks or 12 months.
 * @param [level] Share of outcomes the band should hold, between 0 and 1. Default 0.8 (10th to 90th percentile).
 * @param [recalc] Optional reference to the cell holding =TREND.MODEL(), so this formula recalculates after a retrain.
 * @returns One row per future period: lower, upper (two columns per SKU).
 */
export async function band(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  values: any[][],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  timeline?: any[][],
  horizon?: number,
  level?: number,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  recalc?: any,
): Promise<number[][]> {
  dependsOn(recalc);
  try {
    return await formulaService().band(values, timeline, horizon, level);
  } catch (e) {
    throw toFormulaError(e, "BAND");
  }
}

/**
 * Suggested order quantity for one SKU from its sales forecast over lead time plus review period. With detail = TRUE,
 * a row: order, reorder point, safety stock, order-up-to level, days of cover, stock-out risk.
 * @customfunction RESTOCK
 * @param values Sales history of one SKU, oldest first (one column). Periods are the trained model's (see TREND.MODEL), else days.
 * @param on_hand Units in stock now.
 * @param lead_time Whole periods (days for daily sales) from placing an order until it arrives.
 * @param [service_level] Wanted chance of not running out before the next delivery, between 0 and 1. Default 0.95.
 * @param [on_order] Units already ordered and not yet received. Default 0.
 * @param [review_period] Whole periods between two orders. Default 1 (you can order every period).
 * @param [moq] Minimum order quantity. Default 0 (none).
 * @param [pack_size] Orders are rounded up to whole packs of this many units. Default 1.
 * @param [detail] TRUE for the detail row instead of the order alone. Default FALSE.
 * @param [recalc] Optional reference to the cell holding =TREND.MODEL(), so this formula recalculates after a retrain.
 * @param [timeline] Dates of the sales rows (Excel dates), as in TREND.FORECAST; sets the frequency (default: the trained model's, else daily).
 * @returns The order quantity, or the detail row.
 */
export async function restock(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  values: any[][],
  on_hand: number,
  lead_time: number,
  service_level?: number,
  on_order?: number,
  review_period?: number,
  moq?: number,
  pack_size?: number,
  detail?: boolean,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  recalc?: any,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  timeline?: any[][],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any[][]> {
  dependsOn(recalc);
  try {
    return await formulaService().restock(values, on_hand, lead_time, service_level, on_order, review_period, moq, pack_size, detail, timeline);
  } catch (e) {
    throw toFormulaError(e, "RESTOCK");
  }
}

/**
 * Detected season length in periods (7 for a weekly pattern in daily data, 52 in weekly data, 12 in monthly data; 1 = none found).
 * @customfunction SEASONALITY
 * @param values Sales history, oldest first: one column per SKU (or one row for a single SKU).
 * @param [timeline] Dates of the sales rows (Excel dates); sets the frequency (default daily).
 * @returns The season length, one per SKU.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function seasonality(values: any[][], timeline?: any[][]): Promise<number[][]> {
  try {
    return await formulaService().seasonality(values, timeline);
  } catch (e) {
    throw toFormulaError(e, "SEASONALITY");
  }
}

/**
 * Backtest of the model these formulas use against seasonal naive on the last periods of one SKU: WQL, MASE,
 * 80% band coverage, bias, and WQL relative to seasonal naive (below 1 = better).
 * @customfunction ACCURACY
 * @param values Sales history of one SKU, oldest first (one column).
 * @param [timeline] Dates of the sales rows (Excel dates); sets the frequency.
 * @param [horizon] Periods per backtest window (up to 3 windows). Default: the model's horizon, capped at a third of the history.
 * @param [recalc] Optional reference to the cell holding =TREND.MODEL(), so this formula recalculates after a retrain.
 * @returns A table with a header row, a row for the model used and a row for seasonal naive.
 */
export async function accuracy(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  values: any[][],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  timeline?: any[][],
  horizon?: number,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  recalc?: any,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any[][]> {
  dependsOn(recalc);
  try {
    return await formulaService().accuracy(values, timeline, horizon);
  } catch (e) {
    throw toFormulaError(e, "ACCURACY");
  }
}

/**
 * Which model the TREND formulas use: trained when, on what data, on which backend, with what backtest scores.
 * Updates by itself when the task pane trains or loads a model; reference its first cell from other formulas' recalc argument.
 * @customfunction MODEL
 * @streaming
 * @param invocation Streaming invocation (supplied by Excel).
 * @returns A two-column table describing the model.
 */
export function model(invocation: CustomFunctions.StreamingInvocation<string[][]>): void {
  const show = (m: FormulaModel | null) => {
    try {
      invocation.setResult(describeModel(m, getModelLoadProblem()));
    } catch (e) {
      invocation.setResult(toFormulaError(e, "MODEL") as unknown as CustomFunctions.Error);
    }
  };
  const unsubscribe = onActiveModelChange((m) => show(m as FormulaModel | null));
  invocation.onCanceled = unsubscribe;
  ensureModelLoaded().then(
    (m) => show(m as FormulaModel | null),
    () => show(null),
  );
}
