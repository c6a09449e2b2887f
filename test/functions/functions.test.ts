// The TREND.* functions called the way Excel calls them: 2-D arrays with "" / null blanks, Excel serial dates,
// omitted optional arguments as undefined or null. Numbers are compared with the engine called directly.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { accuracy, band, forecast, model, restock, seasonality } from "../../src/functions/functions";
import { FormulaError } from "../../src/functions/errors";
import { resetActiveModel, setActiveModel } from "../../src/office/active-model";
import { classicalForecaster, seasonalNaive } from "../../src/engine/forecast/models/index";
import { suggestRestock } from "../../src/engine/restock/restock";
import { scoreWindows } from "../../src/engine/evaluate/metrics";
import { DEFAULT_QUANTILES, type QuantileForecast, type SeriesInput } from "../../src/engine/types";
import type { FormulaModel as FormulaModelLike } from "../../src/functions/service";

const SERIAL_2024_01_01 = 45292;
type ActiveModel = Parameters<typeof setActiveModel>[0];

/** Deterministic daily sales with a weekly pattern. */
function sales(n: number, level = 20, phase = 0): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(level + 6 * Math.sin((2 * Math.PI * (i + phase)) / 7) + ((i * 7919) % 5)));
}
const column = (xs: readonly (number | string | null)[]) => xs.map((x) => [x]);
const dates = (n: number, start = SERIAL_2024_01_01, step = 1) => column(Array.from({ length: n }, (_, i) => start + i * step));
const direct = (values: number[], horizon: number, q = 0.5) => {
  const fc = classicalForecaster("classical").fit({ values, frequency: "daily" }).predict(horizon, DEFAULT_QUANTILES);
  return fc.values[DEFAULT_QUANTILES.indexOf(q)];
};

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof FormulaError, `expected a FormulaError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

/** A stand-in trained model: forecasts level + 100 * q + h for every step, accepts daily series of 10+ points. */
class FakeModel {
  calls: SeriesInput[] = [];
  disposed = false;
  constructor(
    readonly level: number,
    readonly trainedAt = "2026-11-28T20:00:00.000Z",
  ) {}
  get card() {
    return {
      trainedAt: this.trainedAt,
      backend: "wasm",
      frequency: "daily" as const,
      seriesCount: 3,
      periods: 400,
      firstDate: "2024-01-01",
      lastDate: "2025-02-03",
      horizon: 14,
      dataFingerprint: "abc123",
      scores: { attention: { wql: 0.31, mase: 0.8, coverage80: 0.79, bias: 0.01 } },
    };
  }
  accepts(input: SeriesInput): boolean {
    return input.frequency === "daily" && input.values.length >= 10;
  }
  forecast(input: SeriesInput, horizon: number, quantiles: readonly number[] = DEFAULT_QUANTILES): QuantileForecast {
    this.calls.push(input);
    return { quantiles: [...quantiles], values: quantiles.map((q) => Array.from({ length: horizon }, (_, h) => this.level + 100 * q + h)) };
  }
  dispose(): void {
    this.disposed = true;
  }
}

beforeEach(() => resetActiveModel(async () => ({ status: "none" })));

test("FORECAST of a column with trailing blanks equals the classical engine on the trimmed history", async () => {
  const y = sales(60);
  const cells = column([...y, "", null, ""]);
  const out = await forecast(cells, dates(63), 10);
  assert.equal(out.length, 10);
  assert.equal(out[0].length, 1);
  assert.deepEqual(out.map((r) => r[0]), direct(y, 10));
});

test("FORECAST: a blank between numbers is a period with no sales; quantile 0.9 sits above the median", async () => {
  const y = sales(40);
  const withGap: (number | string)[] = [...y];
  withGap[17] = "";
  const zero = [...y];
  zero[17] = 0;
  const out = await forecast(column(withGap), undefined, 7);
  assert.deepEqual(out.map((r) => r[0]), direct(zero, 7));
  const high = await forecast(column(withGap), undefined, 7, 0.9);
  assert.deepEqual(high.map((r) => r[0]), direct(zero, 7, 0.9));
  assert.ok(high.every((r, h) => r[0] >= out[h][0]));
});

test("FORECAST of SKUs in columns spills a matrix whose columns equal the single-SKU results", async () => {
  const a = sales(50, 20);
  const b = sales(45, 80, 3);
  const grid = a.map((x, i) => [x, i < 5 ? null : b[i - 5]]);
  const out = await forecast(grid, dates(50), 5);
  assert.equal(out.length, 5);
  assert.deepEqual(out.map((r) => r[0]), direct(a, 5));
  assert.deepEqual(out.map((r) => r[1]), direct(b, 5));
});

test("FORECAST of a single row spills a row", async () => {
  const y = sales(30);
  const out = await forecast([y], undefined, 4);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0], direct(y, 4));
});

test("BAND gives lower and upper of the central level, matching FORECAST at those quantiles", async () => {
  const y = sales(60);
  const out = await band(column(y), dates(60), 6, 0.8);
  assert.equal(out.length, 6);
  assert.deepEqual(out.map((r) => r[0]), direct(y, 6, 0.1));
  assert.deepEqual(out.map((r) => r[1]), direct(y, 6, 0.9));
  const wide = await band(column(y), dates(60), 6, 0.98);
  assert.ok(wide.every((r, h) => r[0] <= out[h][0] && r[1] >= out[h][1]));
  assert.ok(wide.some((r, h) => r[1] > out[h][1]));
  const two = await band(y.map((x) => [x, x * 2]), undefined, 3);
  assert.equal(two[0].length, 4);
});

test("the workbook's trained model answers when it accepts the series, with dates from Excel serials", async () => {
  const m = new FakeModel(1000);
  setActiveModel(m as unknown as ActiveModel, "trained");
  const y = sales(30);
  const out = await forecast(column(y), dates(30), 3, 0.5);
  assert.deepEqual(out.map((r) => r[0]), [1050, 1051, 1052]);
  assert.equal(m.calls.length, 1);
  assert.deepEqual(m.calls[0].dates?.slice(0, 2), [SERIAL_2024_01_01 - 25569, SERIAL_2024_01_01 - 25568]);
  assert.equal(m.calls[0].values.length, 30);
  // horizon defaults to the model's horizon
  assert.equal((await forecast(column(y))).length, 14);
  // a series the model does not accept (too short) falls back to the classical model
  const short = sales(8);
  assert.deepEqual((await forecast(column(short), undefined, 3)).map((r) => r[0]), direct(short, 3));
  // weekly data does not fit a daily model
  const weekly = await forecast(column(y), dates(30, SERIAL_2024_01_01, 7), 3);
  assert.notEqual(weekly[0][0], 1050);
});

test("results are cached per model: the same call does not call the model again, a retrain does", async () => {
  const first = new FakeModel(1000);
  setActiveModel(first as unknown as ActiveModel, "trained");
  const y = column(sales(40, 33));
  await forecast(y, undefined, 5);
  await forecast(y, undefined, 5);
  await band(y, undefined, 5);
  assert.equal(first.calls.length, 1);
  const second = new FakeModel(2000, "2026-11-28T21:00:00.000Z");
  setActiveModel(second as unknown as ActiveModel, "trained");
  assert.equal(first.disposed, true);
  const out = await forecast(y, undefined, 5);
  assert.equal(out[0][0], 2050);
  assert.equal(second.calls.length, 1);
});

test("concurrent calls (one recalculation) reach the model as one batch; a bad series fails alone", async () => {
  class BatchModel extends FakeModel {
    batches: number[] = [];
    forecastMany(inputs: SeriesInput[], horizon: number, quantiles: readonly number[] = DEFAULT_QUANTILES): QuantileForecast[] {
      this.batches.push(inputs.length);
      if (inputs.some((i) => i.values[0] === 666)) throw new Error("this series breaks the batch");
      return inputs.map((i) => this.forecast(i, horizon, quantiles));
    }
    override forecast(input: SeriesInput, horizon: number, quantiles: readonly number[] = DEFAULT_QUANTILES): QuantileForecast {
      if (input.values[0] === 666) throw new TypeError("bad series");
      const fc = super.forecast(input, horizon, quantiles);
      fc.values = fc.values.map((r) => r.map((v) => v + input.values.length));
      return fc;
    }
  }
  const m = new BatchModel(500);
  setActiveModel(m as unknown as ActiveModel, "trained");
  const outs = await Promise.all([20, 21, 22, 23, 24].map((n) => forecast(column(sales(n)), undefined, 2)));
  assert.deepEqual(m.batches, [5]);
  assert.deepEqual(outs.map((o) => o[0][0]), [570, 571, 572, 573, 574]);
  const bad = sales(30);
  bad[0] = 666;
  const [ok, broken] = await Promise.allSettled([forecast(column(sales(31)), undefined, 2), forecast(column(bad), undefined, 2)]);
  assert.equal(ok.status, "fulfilled");
  assert.equal(ok.status === "fulfilled" && ok.value[0][0], 581);
  assert.equal(broken.status, "rejected");
  assert.ok(broken.status === "rejected" && broken.reason instanceof FormulaError && broken.reason.code === "#VALUE!");
});

test("MODEL streams a description and updates when the pane retrains, until cancelled", async () => {
  const results: unknown[] = [];
  const invocation = {
    address: "A1",
    setResult: (r: unknown) => results.push(r),
    onCanceled: () => {},
  };
  model(invocation as unknown as CustomFunctions.StreamingInvocation<string[][]>);
  await new Promise((r) => setTimeout(r, 10));
  assert.match((results.at(-1) as string[][])[0][0], /^classical/);
  setActiveModel(new FakeModel(1) as unknown as ActiveModel, "trained");
  const table = results.at(-1) as string[][];
  assert.match(table[0][0], /^attention, trained 2026-11-28 20:00 UTC, model [0-9a-z]+$/);
  assert.deepEqual(table[1], ["Backend", "wasm"]);
  assert.match(table.map((r) => r.join(" ")).join("\n"), /WQL 0\.310, MASE 0\.800/);
  invocation.onCanceled();
  const count = results.length;
  setActiveModel(new FakeModel(2, "2026-11-29T08:00:00.000Z") as unknown as ActiveModel, "trained");
  assert.equal(results.length, count);
});

test("RESTOCK gives the engine's suggestion on the same forecast, and the detail row on request", async () => {
  const y = sales(90);
  const order = await restock(column(y), 15, 5, 0.95, 4, 2, 0, 12);
  const fc = classicalForecaster("classical").fit({ values: y, frequency: "daily" }).predict(7, DEFAULT_QUANTILES);
  const plan = suggestRestock({ forecast: fc, onHand: 15, onOrder: 4, leadTime: 5, reviewPeriod: 2, serviceLevel: 0.95, moq: 0, packSize: 12, periodDays: 1, history: y });
  assert.deepEqual(order, [[plan.order]]);
  assert.equal(plan.order % 12, 0);
  assert.ok(plan.order > 0);
  const detail = await restock(column(y), 15, 5, 0.95, 4, 2, 0, 12, true);
  assert.deepEqual(detail, [[plan.order, plan.reorderPoint, plan.safetyStock, plan.orderUpTo, plan.daysOfCover, plan.stockoutRisk]]);
  const plenty = await restock(column(y), 10000, 5);
  assert.deepEqual(plenty, [[0]]);
});

test("SEASONALITY finds the weekly pattern in daily sales and none in a flat series", async () => {
  assert.deepEqual(await seasonality(column(sales(70)), dates(70)), [[7]]);
  const flat = Array.from({ length: 70 }, (_, i) => 10 + ((i * 37) % 3));
  assert.deepEqual(await seasonality(sales(70).map((x, i) => [x, flat[i]])), [[7, 1]]);
});

test("ACCURACY backtests the model used against seasonal naive with the protocol's metrics", async () => {
  const y = sales(100);
  const table = await accuracy(column(y), dates(100), 10);
  assert.deepEqual(table[0], ["model", "WQL", "MASE", "coverage 80%", "bias", "WQL vs seasonal naive"]);
  assert.equal(table.length, 3);
  assert.equal(table[2][0], "seasonal naive");
  assert.equal(table[2][5], 1);
  const windows = [70, 80, 90].map((cut) => ({
    history: y.slice(0, cut),
    actual: y.slice(cut, cut + 10),
    forecast: seasonalNaive.fit({ values: y.slice(0, cut), frequency: "daily" }).predict(10, DEFAULT_QUANTILES),
    season: 7,
  }));
  const ref = scoreWindows(windows, DEFAULT_QUANTILES);
  assert.equal(table[2][1], ref.wql);
  assert.equal(table[2][2], ref.mase);
  assert.equal(table[1][0], "classical");
  assert.ok(typeof table[1][1] === "number" && table[1][1] >= 0);
});

test("wrong arguments give #VALUE! with a message naming the argument and row", async () => {
  const y = sales(30);
  const text = column(y) as (number | string)[][];
  text[4] = ["twelve"];
  await rejects(forecast(text as number[][]), "#VALUE!", /values row 5 holds the text "twelve"/);
  await rejects(forecast(y.map((x, i) => [x, i === 2 ? "n/a" : x])), "#VALUE!", /values row 3, column 2/);
  await rejects(forecast(column([...y, true as unknown as number])), "#VALUE!", /TRUE/);
  await rejects(forecast(column(y), dates(29)), "#VALUE!", /timeline has 29 dates but values has 30 periods/);
  const gap = dates(30);
  gap[12] = [(gap[12][0] as number) + 1];
  await rejects(forecast(column(y), gap), "#VALUE!", /timeline row 13 \(2024-01-14\) does not follow row 12/);
  const blankDate = dates(30) as (number | string)[][];
  blankDate[3] = [""];
  await rejects(forecast(column(y), blankDate as number[][]), "#VALUE!", /timeline row 4 is blank/);
  await rejects(forecast(column(y), dates(30, SERIAL_2024_01_01, 3)), "#VALUE!", /one day, one week or one month apart/);
  await rejects(forecast(column(y), undefined, -1), "#VALUE!", /horizon must be between 1 and 366, not -1/);
  await rejects(forecast(column(y), undefined, 400), "#VALUE!", /horizon must be between 1 and 366/);
  await rejects(forecast(column(y), undefined, 2.5), "#VALUE!", /horizon must be a whole number/);
  await rejects(forecast(column(y), undefined, 7, -0.5), "#VALUE!", /quantile must be between 0 and 1/);
  await rejects(forecast(column(y), undefined, 7, 1.5), "#VALUE!", /quantile must be between 0 and 1/);
  await rejects(forecast(column(y), undefined, "x" as unknown as number), "#VALUE!", /horizon must be a number, not the text "x"/);
  await rejects(band(column(y), undefined, 7, 1), "#VALUE!", /level must be between 0 and 1/);
  await rejects(restock(y.map((x) => [x, x]), 1, 2), "#VALUE!", /one SKU's sales/);
  await rejects(restock(column(y), 1, undefined as unknown as number), "#VALUE!", /lead_time is required/);
  await rejects(restock(column(y), -1, 2), "#VALUE!", /on_hand must be at least 0/);
  await rejects(restock(column(y), 1, 2, 1), "#VALUE!", /service_level must be between 0 and 1/);
  await rejects(restock(column(y), 1, 2, 0.9, 0, 1, 0, -2), "#VALUE!", /pack_size must be at least 0, not -2/);
  await rejects(restock(column(y), 1, 2.5), "#VALUE!", /lead_time must be a whole number/);
  await rejects(accuracy(y.map((x) => [x, x])), "#VALUE!", /scores one SKU/);
  await rejects(forecast([]), "#VALUE!", /values is empty/);
});

test("too little history gives #N/A with the count and what is needed", async () => {
  await rejects(forecast(column([5, 6, "", ""])), "#N/A", /values has 2 sales figures; at least 4 periods/);
  await rejects(forecast([[5, 1], [6, 2], [7, ""], [8, ""], [9, ""]]), "#N/A", /values column 2 has 2 sales figures/);
  await rejects(forecast(column(["", null])), "#N/A", /has 0 sales figures/);
  await rejects(accuracy(column(sales(12)), undefined, 7), "#N/A", /needs at least 15/);
  await rejects(seasonality(column([1, 2, 3])), "#N/A", /at least 4/);
});

test("MODEL's first cell changes on a retrain within the same minute, and not when the same model is loaded again", async () => {
  const results: string[][][] = [];
  const invocation = { address: "A1", setResult: (r: string[][]) => results.push(r), onCanceled: () => {} };
  model(invocation as unknown as CustomFunctions.StreamingInvocation<string[][]>);
  await new Promise((r) => setTimeout(r, 10));
  setActiveModel(new FakeModel(1, "2026-11-28T20:00:05.123Z") as unknown as ActiveModel, "trained");
  const first = results.at(-1)![0][0];
  setActiveModel(new FakeModel(1, "2026-11-28T20:00:41.456Z") as unknown as ActiveModel, "trained");
  const second = results.at(-1)![0][0];
  assert.match(first, /^attention, trained 2026-11-28 20:00 UTC/);
  assert.match(second, /^attention, trained 2026-11-28 20:00 UTC/);
  assert.notEqual(second, first, "a formula referencing TREND.MODEL's first cell must see a new value");
  setActiveModel(new FakeModel(1, "2026-11-28T20:00:41.456Z") as unknown as ActiveModel, "workbook");
  assert.equal(results.at(-1)![0][0], second, "the same model (same card) reloaded keeps its fingerprint");
  invocation.onCanceled();
});

test("a non-finite number from the engine or the model never reaches a cell: #VALUE! instead", async () => {
  const { FormulaService } = await import("../../src/functions/service");
  const classical = classicalForecaster("classical");
  const deps = (over: Partial<ConstructorParameters<typeof FormulaService>[0]>) =>
    new FormulaService({ activeModel: () => null, classical, baseline: seasonalNaive, detectSeasonLength: () => 7, suggestRestock, ...over });
  const y = column(sales(40));
  const nanPlan = deps({ suggestRestock: (input) => ({ ...suggestRestock(input), order: Number.NaN }) });
  await rejects(nanPlan.restock(y, 5, 3), "#VALUE!", /TREND.RESTOCK could not compute a usable number/);
  const infRisk = deps({ suggestRestock: (input) => ({ ...suggestRestock(input), stockoutRisk: Number.POSITIVE_INFINITY }) });
  assert.equal(typeof (await infRisk.restock(y, 5, 3))[0][0], "number", "the order alone is fine");
  await rejects(infRisk.restock(y, 5, 3, undefined, undefined, undefined, undefined, undefined, true), "#VALUE!", /usable number/);
  await rejects(deps({ detectSeasonLength: () => Number.NaN }).seasonality(y), "#VALUE!", /TREND.SEASONALITY could not compute/);
  const nanModel = new FakeModel(Number.NaN);
  await rejects(deps({ activeModel: () => nanModel as unknown as FormulaModelLike }).forecast(y, undefined, 3), "#VALUE!", /no usable forecast/);
});
