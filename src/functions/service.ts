/**
 * What the TREND.* cell functions compute, independent of Excel: argument checks, which model answers (the
 * workbook's trained model when it accepts the series, else the engine's classical auto choice), spill layout and
 * an LRU result cache keyed by the inputs' hash and the model's identity. functions.ts wires the real engine and the
 * workbook's active model in; tests and the benchmark build their own service with the same code.
 */
import { DEFAULT_QUANTILES, TrendcastError, type Forecaster, type Frequency, type QuantileForecast, type SeriesInput } from "../engine/types";
import { attachTimeline, booleanArg, fractionArg, integerArg, numberArg, parseValues, type ParsedSeries, type ParsedValues } from "./args";
import { hashInputs, LruCache } from "./cache";
import { TimeSlicer } from "./slicer";
import { invalidValue, isFormulaError, notAvailable, type FormulaErrorLike } from "./errors";
import { scoreWindows, type Scores, type SeriesWindow } from "../engine/evaluate/metrics";
import type { RestockInput, RestockPlan } from "../engine/restock/restock";
import type { ModelCard } from "../engine/forecast/trained-model";

/** The part of ATTENTION's `TrainedModel` the functions use (the real class satisfies it). */
export type FormulaModel = {
  readonly card: Pick<ModelCard, "trainedAt" | "backend" | "frequency" | "seriesCount" | "periods" | "firstDate" | "lastDate" | "horizon" | "dataFingerprint" | "scores">;
  accepts(input: SeriesInput): boolean;
  forecast(input: SeriesInput, horizon: number, quantiles?: readonly number[]): QuantileForecast;
  /** Many series in one batched forward pass, same result as `forecast` on each (used when present). */
  forecastMany?(inputs: SeriesInput[], horizon: number, quantiles?: readonly number[]): QuantileForecast[];
};

export type FormulaDeps = {
  /** The workbook's model (loaded once and cached by the add-in), or null. */
  activeModel(): FormulaModel | null | Promise<FormulaModel | null>;
  /** The engine's classical auto choice per series. */
  classical: Forecaster;
  /** Seasonal naive, the baseline of TREND.ACCURACY. */
  baseline: Forecaster;
  detectSeasonLength(values: readonly number[], frequency: Frequency): number;
  suggestRestock(input: RestockInput): RestockPlan;
};

export const MAX_HORIZON = 366;
/** Fewer sales figures than this give #N/A. */
export const MIN_HISTORY = 4;
const DEFAULT_HORIZON: Record<Frequency, number> = { daily: 28, weekly: 13, monthly: 12 };
const PERIOD_DAYS: Record<Frequency, number> = { daily: 1, weekly: 7, monthly: 30 };

type Answer = { forecast: QuantileForecast; model: string };

/** Model forecasts requested in the same turn of the event loop (one recalculation), answered in one batch. */
type Batch = { model: FormulaModel; horizon: number; quantiles: readonly number[]; inputs: SeriesInput[]; waiters: { resolve: (f: QuantileForecast) => void; reject: (e: unknown) => void }[] };
const MAX_BATCH = 32;

/** Sorted union of the nine deciles and the requested levels (one cache entry serves FORECAST and BAND). */
function levelsWith(extra: readonly number[]): number[] {
  const all = [...DEFAULT_QUANTILES];
  for (const q of extra) if (!all.some((x) => Math.abs(x - q) < 1e-12)) all.push(q);
  return all.sort((a, b) => a - b);
}

function row(fc: QuantileForecast, q: number): number[] {
  const k = fc.quantiles.findIndex((x) => Math.abs(x - q) < 1e-12);
  return fc.values[k];
}

function skuName(parsed: ParsedValues, s: ParsedSeries): string {
  if (parsed.series.length === 1) return "values";
  return parsed.orientation === "row" ? `values row ${s.index + 1}` : `values column ${s.index + 1}`;
}

/** Turns anything thrown inside a function into a formula error; never lets an exception reach Excel. */
export function toFormulaError(e: unknown, fn: string): FormulaErrorLike {
  if (isFormulaError(e)) return e;
  if (e instanceof TrendcastError) {
    return /history|short|few|enough/i.test(e.code + " " + e.message) ? notAvailable(e.message) : invalidValue(e.message);
  }
  const detail = e instanceof Error && e.message ? ` (${e.message.slice(0, 120)})` : "";
  return invalidValue(`TREND.${fn} could not compute a result${detail}. Check the arguments, or report this with the workbook.`);
}

/** A result row, or #VALUE! when a number in it is NaN or infinite: a cell never shows a number that is not one. */
function finiteRow(row: number[], fn: string): number[] {
  if (row.every((x) => typeof x === "number" && Number.isFinite(x))) return row;
  throw invalidValue(`${fn} could not compute a usable number for these inputs; check the sales history and the arguments.`);
}

let nextModelId = 1;
const modelIds = new WeakMap<object, number>();
function modelId(model: FormulaModel | null): number {
  if (!model) return 0;
  let id = modelIds.get(model);
  if (id === undefined) {
    id = nextModelId++;
    modelIds.set(model, id);
  }
  return id;
}

export class FormulaService {
  readonly cache: LruCache<Promise<Answer>>;
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly deps: FormulaDeps,
    cacheSize = 2000,
    /** Every fit and model batch runs through it, so a recalculation of many formulas yields between them. */
    readonly slicer = new TimeSlicer(),
  ) {
    this.cache = new LruCache<Promise<Answer>>(cacheSize);
  }

  private async parse(values: unknown, timeline: unknown): Promise<{ parsed: ParsedValues; frequency: Frequency; model: FormulaModel | null }> {
    const parsed = parseValues(values);
    const model = await this.deps.activeModel();
    let frequency: Frequency;
    if (timeline === undefined || timeline === null || (Array.isArray(timeline) && timeline.length === 0)) {
      frequency = model?.card.frequency ?? "daily";
    } else frequency = attachTimeline(parsed, timeline);
    for (const s of parsed.series) {
      if (s.values.length < MIN_HISTORY) {
        throw notAvailable(
          `${skuName(parsed, s)} has ${s.values.length} sales ${s.values.length === 1 ? "figure" : "figures"}; at least ${MIN_HISTORY} periods of history are needed.`,
        );
      }
    }
    return { parsed, frequency, model };
  }

  private input(parsed: ParsedValues, s: ParsedSeries, frequency: Frequency): SeriesInput {
    return { id: skuName(parsed, s), values: s.values, frequency, ...(s.dates ? { dates: s.dates } : {}) };
  }

  /**
   * Forecast of one series by the model that answers it. Cached (concurrent identical requests share one
   * computation); model forecasts requested during one recalculation go to the model as one batch.
   */
  answer(input: SeriesInput, horizon: number, quantiles: readonly number[], model: FormulaModel | null): Promise<Answer> {
    const useModel = model !== null && model.accepts(input);
    const key = hashInputs([
      useModel ? modelId(model) : 0,
      input.id,
      input.frequency,
      horizon,
      quantiles,
      input.values,
      input.dates ? input.dates[0] : undefined,
    ]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const compute = async (): Promise<Answer> => {
      let answer: Answer;
      if (useModel && model) {
        const forecast = await this.batched(model, input, horizon, quantiles);
        answer = { forecast, model: forecast.fallback ?? "attention" };
      }
      else {
        answer = await this.slicer.run(() => {
          const fitted = this.deps.classical.fit(input);
          const forecast = fitted.predict(horizon, quantiles);
          return { forecast, model: forecast.fallback ?? fitted.name };
        });
      }
      for (const r of answer.forecast.values) {
        for (const v of r) if (!Number.isFinite(v)) throw invalidValue(`${input.id ?? "values"}: the model gave no usable forecast for this series.`);
      }
      return answer;
    };
    const promise = compute();
    this.cache.set(key, promise);
    promise.catch(() => this.cache.delete(key, promise));
    return promise;
  }

  private batched(model: FormulaModel, input: SeriesInput, horizon: number, quantiles: readonly number[]): Promise<QuantileForecast> {
    if (!model.forecastMany) return this.slicer.run(() => model.forecast(input, horizon, quantiles));
    const key = `${modelId(model)}|${horizon}|${quantiles.join(",")}`;
    let batch = this.batches.get(key);
    if (!batch || batch.inputs.length >= MAX_BATCH) {
      const fresh: Batch = { model, horizon, quantiles, inputs: [], waiters: [] };
      batch = fresh;
      this.batches.set(key, fresh);
      setTimeout(() => void this.slicer.run(() => this.flush(key, fresh)), 0);
    }
    const b = batch;
    return new Promise((resolve, reject) => {
      b.inputs.push(input);
      b.waiters.push({ resolve, reject });
    });
  }

  private flush(key: string, batch: Batch): void {
    if (this.batches.get(key) === batch) this.batches.delete(key);
    try {
      const out = batch.model.forecastMany!(batch.inputs, batch.horizon, batch.quantiles);
      batch.waiters.forEach((w, i) => w.resolve(out[i]));
    } catch {
      // One bad series must not fail the others: answer each on its own, each with its own error.
      batch.inputs.forEach((input, i) => {
        try {
          batch.waiters[i].resolve(batch.model.forecast(input, batch.horizon, batch.quantiles));
        } catch (e) {
          batch.waiters[i].reject(e);
        }
      });
    }
  }

  private layout(parsed: ParsedValues, perSeries: number[][]): number[][] {
    // perSeries[s] is one SKU's output; columns layout puts SKUs side by side, a row layout gives a row.
    if (parsed.orientation === "row") return perSeries;
    const height = perSeries[0].length;
    return Array.from({ length: height }, (_, h) => perSeries.map((col) => col[h]));
  }

  /** TREND.FORECAST: `horizon` rows of the given quantile (P50 by default), one column per SKU. */
  async forecast(values: unknown, timeline?: unknown, horizon?: unknown, quantile?: unknown): Promise<number[][]> {
    const { parsed, frequency, model } = await this.parse(values, timeline);
    const h = integerArg(horizon, "horizon", model?.card.horizon ?? DEFAULT_HORIZON[frequency], 1, MAX_HORIZON);
    const q = fractionArg(quantile, "quantile", 0.5);
    const levels = levelsWith([q]);
    const answers = await Promise.all(parsed.series.map((s) => this.answer(this.input(parsed, s, frequency), h, levels, model)));
    const cols = answers.map((a) => row(a.forecast, q));
    return this.layout(parsed, cols);
  }

  /** TREND.BAND: `horizon` rows x (lower, upper) per SKU for the central `level` band. */
  async band(values: unknown, timeline?: unknown, horizon?: unknown, level?: unknown): Promise<number[][]> {
    const { parsed, frequency, model } = await this.parse(values, timeline);
    const h = integerArg(horizon, "horizon", model?.card.horizon ?? DEFAULT_HORIZON[frequency], 1, MAX_HORIZON);
    const l = fractionArg(level, "level", 0.8);
    const lo = Math.round(((1 - l) / 2) * 1e12) / 1e12;
    const hi = Math.round(((1 + l) / 2) * 1e12) / 1e12;
    const levels = levelsWith([lo, hi]);
    const answers = await Promise.all(parsed.series.map((s) => this.answer(this.input(parsed, s, frequency), h, levels, model)));
    const bands = answers.map(({ forecast: fc }) => [row(fc, lo), row(fc, hi)]);
    if (parsed.orientation === "row") return bands[0];
    return Array.from({ length: h }, (_, t) => bands.flatMap(([a, b]) => [a[t], b[t]]));
  }

  /**
   * TREND.RESTOCK for one SKU: the suggested order, or with `detail` the row
   * [order, reorder point, safety stock, order-up-to, days of cover, stock-out risk].
   */
  async restock(
    values: unknown,
    onHand: unknown,
    leadTime: unknown,
    serviceLevel?: unknown,
    onOrder?: unknown,
    reviewPeriod?: unknown,
    moq?: unknown,
    packSize?: unknown,
    detail?: unknown,
    timeline?: unknown,
  ): Promise<(number | string)[][]> {
    const { parsed, frequency, model } = await this.parse(values, timeline);
    if (parsed.series.length > 1) {
      throw invalidValue(`TREND.RESTOCK takes one SKU's sales (one column); values has ${parsed.series.length}. Use one formula per SKU.`);
    }
    // A blank lead_time cell is 0 periods (Excel desktop passes it as 0 anyway); only a missing argument is an error.
    if (leadTime === undefined) throw invalidValue("lead_time is required: the number of periods from order to delivery (days for daily sales).");
    const lead = integerArg(leadTime, "lead_time", 0, 0, MAX_HORIZON);
    const review = integerArg(reviewPeriod, "review_period", 1, 1, MAX_HORIZON);
    const horizon = lead + review;
    if (horizon > MAX_HORIZON) throw invalidValue(`lead_time + review_period cover ${horizon} periods; at most ${MAX_HORIZON} are supported.`);
    const s = parsed.series[0];
    const request: RestockInput = {
      forecast: (await this.answer(this.input(parsed, s, frequency), horizon, levelsWith([]), model)).forecast,
      onHand: numberArg(onHand, "on_hand", undefined, 0),
      onOrder: numberArg(onOrder, "on_order", 0, 0),
      leadTime: lead,
      reviewPeriod: review,
      serviceLevel: fractionArg(serviceLevel, "service_level", 0.95),
      moq: numberArg(moq, "moq", 0, 0),
      packSize: numberArg(packSize, "pack_size", 1, 0, true),
      periodDays: PERIOD_DAYS[frequency],
      history: s.values,
    };
    const plan = this.deps.suggestRestock(request);
    const out = [plan.order, plan.reorderPoint, plan.safetyStock, plan.orderUpTo, plan.daysOfCover, plan.stockoutRisk];
    if (!booleanArg(detail, "detail")) return [finiteRow([out[0]], "TREND.RESTOCK")];
    return [finiteRow(out, "TREND.RESTOCK")];
  }

  /** TREND.SEASONALITY: detected season length in periods (1 = none), one per SKU. */
  async seasonality(values: unknown, timeline?: unknown): Promise<number[][]> {
    const { parsed, frequency } = await this.parse(values, timeline);
    const seasons = finiteRow(await Promise.all(parsed.series.map((s) => this.slicer.run(() => this.deps.detectSeasonLength(s.values, frequency)))), "TREND.SEASONALITY");
    return parsed.orientation === "row" ? [[seasons[0]]] : [seasons];
  }

  /**
   * TREND.ACCURACY: rolling-origin backtest (up to 3 windows of `horizon`) of the model that answers, against
   * seasonal naive; a table with a header row. The trained model may have seen these periods while training.
   */
  async accuracy(values: unknown, timeline?: unknown, horizon?: unknown): Promise<(number | string)[][]> {
    const { parsed, frequency, model } = await this.parse(values, timeline);
    if (parsed.series.length > 1) {
      throw invalidValue(`TREND.ACCURACY scores one SKU (one column); values has ${parsed.series.length}. Use one formula per SKU.`);
    }
    const s = parsed.series[0];
    const n = s.values.length;
    const h = integerArg(horizon, "horizon", Math.min(model?.card.horizon ?? DEFAULT_HORIZON[frequency], Math.floor(n / 3)) || 1, 1, MAX_HORIZON);
    const windows = Math.min(3, Math.floor((n - 2 * MIN_HISTORY) / h));
    if (windows < 1) {
      throw notAvailable(`values has ${n} periods; a backtest with horizon ${h} needs at least ${2 * MIN_HISTORY + h}.`);
    }
    const season = this.deps.detectSeasonLength(s.values, frequency);
    const levels = levelsWith([]);
    const used: SeriesWindow[] = [];
    const base: SeriesWindow[] = [];
    let name = "";
    for (let w = windows; w >= 1; w--) {
      const cut = n - w * h;
      const history = s.values.slice(0, cut);
      const input: SeriesInput = { ...this.input(parsed, s, frequency), values: history, ...(s.dates ? { dates: s.dates.slice(0, cut) } : {}) };
      const actual = s.values.slice(cut, cut + h);
      const a = await this.answer(input, h, levels, model);
      name = a.model;
      used.push({ actual, history, forecast: a.forecast, season });
      base.push({ actual, history, forecast: await this.slicer.run(() => this.deps.baseline.fit(input).predict(h, levels)), season });
    }
    const mine = scoreWindows(used, DEFAULT_QUANTILES);
    const ref = scoreWindows(base, DEFAULT_QUANTILES);
    const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? "n/a" : x);
    const line = (label: string, sc: Scores) => [label, fmt(sc.wql), fmt(sc.mase), fmt(sc.coverage80), fmt(sc.bias), fmt(sc.wql !== null && ref.wql ? sc.wql / ref.wql : null)];
    return [
      ["model", "WQL", "MASE", "coverage 80%", "bias", "WQL vs seasonal naive"],
      line(name === "attention" ? "attention (trained)" : name, mine),
      line("seasonal naive", ref),
    ];
  }
}

/**
 * A short fingerprint of the model: a hash of its whole card (training time to the millisecond, data fingerprint,
 * backend, scores, settings). Two trainings within the same minute differ; the same model reloaded from the
 * workbook keeps its fingerprint, so reopening a workbook does not recalculate for nothing.
 */
export function modelFingerprint(model: FormulaModel): string {
  return hashInputs([JSON.stringify(model.card)]).replace(":", "");
}

/**
 * TREND.MODEL's table: the first cell changes whenever the model does (it carries the model's fingerprint, not only
 * the minute it was trained), so formulas that reference it recalculate after every retrain.
 */
export function describeModel(model: FormulaModel | null, problem?: string | null): string[][] {
  if (!model) {
    const rows = [
      ["classical (no trained model in this workbook)", ""],
      ["How to train", "Select the sales range and press Forecast on the Home tab, then Train."],
    ];
    if (problem) rows.push(["Stored model", problem]);
    return rows;
  }
  const c = model.card;
  const when = c.trainedAt.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
  const rows: string[][] = [
    [`attention, trained ${when}, model ${modelFingerprint(model)}`, ""],
    ["Backend", c.backend],
    ["Trained on", `${c.seriesCount} SKUs x ${c.periods} ${c.frequency} periods, ${c.firstDate} to ${c.lastDate}`],
    ["Horizon", String(c.horizon)],
    ["Data fingerprint", c.dataFingerprint],
  ];
  for (const [name, sc] of Object.entries(c.scores)) {
    const mase = sc.mase === null || !Number.isFinite(sc.mase) ? "n/a" : sc.mase.toFixed(3);
    rows.push([`Backtest ${name}`, `WQL ${sc.wql.toFixed(3)}, MASE ${mase}, 80% coverage ${sc.coverage80.toFixed(2)}, bias ${sc.bias.toFixed(3)}`]);
  }
  return rows;
}

