// Issue 10 §3: a model output that is not finite must never become a forecast (and an order) of 0: it raises a
// located error (the SKU) and the SKU falls back to another forecaster, said in `fallback` / the Model column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TrendcastError, type Forecaster, type SeriesInput } from "../../src/engine/types";
import { finishForecast } from "../../src/engine/forecast/models/util";
import { classicalForecaster, withFallback } from "../../src/engine/forecast/models/index";
import { finiteOrClassical } from "../../src/engine/forecast/trained/grids";
import { classicalPanelModel } from "../../src/engine/forecast/registry";
import type { SalesPanel } from "../../src/engine/types";

const Q = [0.1, 0.5, 0.9];
const history = (scale: number): number[] => Array.from({ length: 60 }, (_, i) => scale * (i % 7 === 0 ? 3 : 1) * (1 + (i % 3)));

test("finishForecast raises a located error on NaN or Infinity instead of writing 0", () => {
  assert.throws(
    () => finishForecast(Q, [[1, 2], [NaN, 3], [4, 5]], "ets", "SKU-9"),
    (e: unknown) => e instanceof TrendcastError && e.code === "non-finite-forecast" && e.where?.sku === "SKU-9" && /ets .*SKU "SKU-9" at step 1/.test(e.message),
  );
  assert.throws(() => finishForecast(Q, [[Infinity], [1], [2]]), TrendcastError);
  assert.deepEqual(finishForecast(Q, [[-1], [2], [1]]).values, [[0], [1], [2]], "negatives still clip to 0 and levels still sort");
});

test("a forecaster whose numbers are not finite falls back to seasonal naive for that SKU, saying so", () => {
  const broken: Forecaster = {
    name: "broken",
    fit: (s: SeriesInput) => ({ name: "broken", predict: (h, q) => finishForecast(q, q.map(() => new Array<number>(h).fill(NaN)), "broken", s.id) }),
  };
  const fc = withFallback(broken).fit({ id: "A", values: [3, 4, 5, 6, 7, 8, 9], frequency: "daily" }).predict(2, Q);
  assert.equal(fc.fallback, "snaive (fallback: broken gave NaN or Infinity)");
  for (const row of fc.values) for (const v of row) assert.ok(Number.isFinite(v) && v > 0, `value ${v}`);
});

test("TSB whose fit overflows no longer forecasts 0: the panel model falls back and names it", async () => {
  const values = history(1e200);
  const direct = classicalForecaster("croston").fit({ id: "HUGE", values, frequency: "daily" }).predict(3, Q);
  assert.match(direct.fallback ?? "", /croston gave NaN or Infinity/);
  assert.ok(direct.values[1]!.every((v) => v > 1e199), "the fallback forecast is of the sales' size, not 0");
  const panel: SalesPanel = {
    layout: "long", frequency: "daily", timeline: values.map((_, i) => 19700 + i), covariateNames: [], issues: [],
    series: [{ id: "HUGE", values, start: 0, covariates: {} }, { id: "OK", values: history(1), start: 0, covariates: {} }],
  };
  const out = await classicalPanelModel("croston").forecast(panel, { cutoff: 59, horizon: 3, quantiles: Q });
  assert.deepEqual(out.chosen, ["snaive (fallback: croston gave NaN or Infinity)", "croston"]);
});

test("the trained model's non-finite forecast for a SKU is replaced by the classical forecaster's, said in fallback", () => {
  const input: SeriesInput = { id: "A", values: history(1), frequency: "daily" };
  const bad = { quantiles: Q, values: [[1, 2], [NaN, 3], [4, 5]] };
  const fc = finiteOrClassical("attention", input, bad, 2, Q);
  assert.equal(fc.fallback, "classical (fallback: attention gave NaN or Infinity)");
  assert.deepEqual(fc.values, classicalForecaster("classical").fit(input).predict(2, Q).values);
  const good = { quantiles: Q, values: [[1, 2], [2, 3], [4, 5]] };
  assert.equal(finiteOrClassical("attention", input, good, 2, Q), good);
});
