// A recalculation of many formulas must not hold the shared runtime's thread: Office restarts an add-in's runtime
// after about 5 s without a response. Fits and model batches run through a time-sliced queue that yields to the
// event loop between slices. The clock is simulated (each fit "takes" 15 ms), so the test does not depend on the
// machine's speed; bench:functions measures the real longest task in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FormulaService, type FormulaModel } from "../../src/functions/service";
import { TimeSlicer } from "../../src/functions/slicer";
import { classicalForecaster, seasonalNaive } from "../../src/engine/forecast/models/index";
import { suggestRestock } from "../../src/engine/restock/restock";
import { DEFAULT_QUANTILES, type Forecaster, type QuantileForecast, type SeriesInput } from "../../src/engine/types";

const column = (xs: readonly number[]) => xs.map((x) => [x]);
const sku = (k: number) => Array.from({ length: 30 }, (_, i) => 10 + k + ((i * 7) % 5));

/** Counts turns of the event loop (tasks) while the recalculation runs. */
function ticker(): { readonly tick: number; stop(): void } {
  let tick = 0;
  let on = true;
  const loop = () => {
    tick++;
    if (on) setImmediate(loop);
  };
  setImmediate(loop);
  return {
    get tick() {
      return tick;
    },
    stop: () => void (on = false),
  };
}

function longestRun(ticks: number[]): number {
  let best = 0;
  let run = 0;
  ticks.forEach((t, i) => {
    run = i > 0 && ticks[i - 1] === t ? run + 1 : 1;
    best = Math.max(best, run);
  });
  return best;
}

test("a recalculation of 200 classical formulas yields to the event loop between fits (40 ms slices)", async () => {
  let clock = 0;
  const seen: number[] = [];
  const t = ticker();
  const real = classicalForecaster("classical");
  const slowFits: Forecaster = {
    name: "classical",
    fit(input: SeriesInput) {
      clock += 15; // each fit takes 15 ms of simulated time
      seen.push(t.tick);
      return real.fit(input);
    },
  };
  const service = new FormulaService(
    { activeModel: () => null, classical: slowFits, baseline: seasonalNaive, detectSeasonLength: () => 7, suggestRestock },
    2000,
    new TimeSlicer(40, undefined, () => clock),
  );
  const outs = await Promise.all(Array.from({ length: 200 }, (_, k) => service.forecast(column(sku(k)), undefined, 3)));
  t.stop();
  assert.equal(outs.length, 200);
  assert.equal(seen.length, 200);
  assert.ok(longestRun(seen) <= 3, `at most 3 fits of 15 ms in one task (40 ms budget), saw ${longestRun(seen)}`);
  assert.ok(service.slicer.tasks >= 60, `fits spread over many tasks, saw ${service.slicer.tasks}`);
  // same numbers as without slicing
  assert.deepEqual(outs[7].map((r) => r[0]), real.fit({ values: sku(7), frequency: "daily" }).predict(3, DEFAULT_QUANTILES).values[4]);
});

test("model forecasts of one recalculation are batched and each batch runs in its own slice", async () => {
  let clock = 0;
  const seen: number[] = [];
  const sizes: number[] = [];
  const t = ticker();
  const model: FormulaModel = {
    card: { trainedAt: "2026-11-29T00:00:00.000Z", backend: "cpu", frequency: "daily", seriesCount: 1, periods: 30, firstDate: "", lastDate: "", horizon: 3, dataFingerprint: "x", scores: {} },
    accepts: () => true,
    forecast: () => {
      throw new Error("batched only");
    },
    forecastMany(inputs: SeriesInput[], horizon: number, quantiles: readonly number[] = DEFAULT_QUANTILES): QuantileForecast[] {
      clock += 100;
      seen.push(t.tick);
      sizes.push(inputs.length);
      return inputs.map((i) => ({ quantiles: [...quantiles], values: quantiles.map(() => Array.from({ length: horizon }, () => i.values.length)) }));
    },
  };
  const service = new FormulaService(
    { activeModel: () => model, classical: classicalForecaster("classical"), baseline: seasonalNaive, detectSeasonLength: () => 7, suggestRestock },
    2000,
    new TimeSlicer(40, undefined, () => clock),
  );
  const outs = await Promise.all(Array.from({ length: 200 }, (_, k) => service.forecast(column(sku(k)), undefined, 3)));
  t.stop();
  assert.equal(outs.length, 200);
  assert.ok(sizes.every((n) => n <= 32), `batches of at most 32 series: ${sizes.join(",")}`);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 200);
  assert.equal(longestRun(seen), 1, "one model batch per task");
});
