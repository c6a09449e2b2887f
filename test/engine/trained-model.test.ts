import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/engine/forecast/tf";
import { ensureNodeBackend } from "../../src/engine/forecast/attention/backend";
import { TrainedModel } from "../../src/engine/forecast/trained-model";
import { classicalForecaster } from "../../src/engine/forecast/models/index";
import { DEFAULT_QUANTILES, TrendcastError, type QuantileForecast, type SalesPanel, type SeriesInput } from "../../src/engine/types";
import { seededRandom } from "../../src/engine/random";

const H = 14;


/** Daily panel: weekly profile, promotions doubling sales (flag known in advance), mild noise. */
function syntheticPanel(series = 16, days = 280): SalesPanel {
  const r = seededRandom(7);
  const profile = [0.8, 0.9, 1, 1, 1.1, 1.5, 0.7];
  const start = 19000; // a Monday-aligned epoch day is not needed: weekday comes from the date
  const timeline = Array.from({ length: days }, (_, i) => start + i);
  return {
    layout: "long",
    frequency: "daily",
    timeline,
    covariateNames: ["promo"],
    issues: [],
    series: Array.from({ length: series }, (_, s) => {
      const level = 5 + 45 * r();
      const promo = timeline.map(() => (r() < 0.12 ? 1 : 0));
      const values = timeline.map((d, i) => {
        const mean = level * profile[(d + 3) % 7] * (promo[i] ? 2.2 : 1);
        return Math.max(0, Math.round(mean * (1 + 0.12 * (r() + r() + r() - 1.5))));
      });
      return { id: `SKU${s}`, values, start: 0, covariates: { promo } };
    }),
  };
}

function inputOf(panel: SalesPanel, s: number, cutoff: number): SeriesInput {
  const series = panel.series[s];
  return {
    id: series.id,
    values: series.values.slice(0, cutoff + 1),
    frequency: panel.frequency,
    dates: panel.timeline.slice(0, cutoff + 1),
    covariates: { promo: series.covariates.promo.slice(0, cutoff + 1 + H) },
  };
}

function wql(forecasts: QuantileForecast[], actuals: number[][]): number {
  let loss = 0;
  let denom = 0;
  forecasts.forEach((f, s) => {
    actuals[s].forEach((y, h) => {
      f.quantiles.forEach((q, k) => {
        const v = f.values[k][h];
        loss += 2 * (y >= v ? q * (y - v) : (1 - q) * (v - y));
      });
      denom += Math.abs(y);
    });
  });
  return loss / (denom * forecasts[0].quantiles.length);
}

const panel = syntheticPanel();
const cutoff = panel.timeline.length - 1 - H;
let model: TrainedModel;
let tensorsBefore = 0;

test("trains on wasm without leaking tensors and beats seasonal naive on a promotion panel", async () => {
  assert.equal(await ensureNodeBackend(), "wasm");
  tensorsBefore = tf.memory().numTensors;
  const progress: number[] = [];
  model = await TrainedModel.train(panel, {
    horizon: H,
    cutoff,
    seed: 1,
    budget: { samples: 128 * 40 * 2 },
    selection: false,
    onProgress: (p) => progress.push(p.epoch),
  });
  assert.equal(tf.memory().numTensors, tensorsBefore, "training must free every tensor");
  // Epochs of 10 batches of 128 samples: the sample budget gives 8 of them, each reported once.
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(model.card.backend, "wasm");
  assert.equal(model.card.seriesCount, 16);
  assert.equal(model.card.horizon, H);
  assert.ok(model.card.parameters > 15_000 && model.card.parameters < 80_000, `parameters ${model.card.parameters}`);

  const inputs = panel.series.map((_, s) => inputOf(panel, s, cutoff));
  const actuals = panel.series.map((s) => s.values.slice(cutoff + 1, cutoff + 1 + H));
  const ours = model.forecastMany(inputs, H, DEFAULT_QUANTILES);
  const snaive = inputs.map((inp) => classicalForecaster("snaive").fit(inp).predict(H, DEFAULT_QUANTILES));
  const a = wql(ours, actuals);
  const b = wql(snaive, actuals);
  assert.ok(a < 0.8 * b, `attention WQL ${a.toFixed(3)} should beat seasonal naive ${b.toFixed(3)} by 20%`);
  // Promotion days are forecast higher than the same weekday a week apart without promotion.
  let pairs = 0;
  let lifted = 0;
  panel.series.forEach((s, i) => {
    const promo = s.covariates.promo.slice(cutoff + 1, cutoff + 1 + H);
    const median = ours[i].values[4];
    for (let h = 0; h < H; h++) {
      for (const other of [h - 7, h + 7]) {
        if (promo[h] === 1 && other >= 0 && other < H && promo[other] === 0) {
          pairs++;
          if (median[h] > 1.4 * median[other]) lifted++;
        }
      }
    }
  });
  assert.ok(pairs >= 5, `only ${pairs} promotion pairs in the synthetic horizon`);
  assert.ok(lifted >= 0.8 * pairs, `${lifted} of ${pairs} promotion days forecast 40% above the same weekday without one`);
  model.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore, "forecast tensors are freed by dispose()");
});

test("quantiles never cross, forecasts are never negative, longer horizons work", () => {
  const input = inputOf(panel, 3, cutoff);
  const levels = [0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98];
  const f = model.forecast(input, 3 * H, levels);
  assert.equal(f.values.length, levels.length);
  for (let h = 0; h < 3 * H; h++) {
    for (let k = 0; k < levels.length; k++) {
      assert.ok(Number.isFinite(f.values[k][h]) && f.values[k][h] >= 0);
      if (k > 0) assert.ok(f.values[k][h] >= f.values[k - 1][h], `crossing at step ${h}`);
    }
  }
  // An all-zero history still gives a finite, non-negative forecast.
  const z = model.forecast({ ...input, id: "new", values: input.values.map(() => 0) }, H);
  assert.ok(z.values.every((row) => row.every((v) => v >= 0 && Number.isFinite(v))));
  model.dispose();
});

test("save and load give identical forecasts; damaged bytes are refused", () => {
  const bytes = model.toBytes();
  const again = TrainedModel.fromBytes(bytes);
  const input = inputOf(panel, 5, cutoff);
  assert.deepEqual(again.forecast(input, H), model.forecast(input, H));
  assert.deepEqual(again.card, model.card);
  const broken = bytes.slice();
  broken[bytes.length - 40] ^= 0xff;
  assert.throws(() => TrainedModel.fromBytes(broken), (e: unknown) => e instanceof TrendcastError && e.code === "bad-model");
  const future = bytes.slice();
  future[4] = 99;
  assert.throws(() => TrainedModel.fromBytes(future), (e: unknown) => e instanceof TrendcastError && e.code === "model-version");
  assert.throws(() => TrainedModel.fromBytes(new Uint8Array(3)), TrendcastError);
  again.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, tensorsBefore);
});

test("an unnamed series (a formula's range) is matched to its training SKU by history, also after reload", () => {
  const again = TrainedModel.fromBytes(model.toBytes());
  panel.series.forEach((series, s) => {
    const { id: _id, ...unnamed } = inputOf(panel, s, cutoff);
    assert.equal(model.skuForHistory(unnamed.values), series.id);
    assert.equal(again.skuForHistory(unnamed.values), series.id);
    assert.equal(model.choiceFor(undefined, unnamed.values), model.choiceFor(series.id));
  });
  const changed = inputOf(panel, 3, cutoff).values.slice();
  changed[changed.length - 1] += 1;
  assert.equal(model.skuForHistory(changed), undefined, "a history that differs in its last period is another series");
  assert.equal(model.skuForHistory(inputOf(panel, 3, cutoff - 1).values), undefined);
  again.dispose();
});

test("accepts only series of the trained frequency with enough history", () => {
  const input = inputOf(panel, 0, cutoff);
  assert.equal(model.accepts(input), true);
  assert.equal(model.accepts({ ...input, frequency: "weekly" }), false);
  assert.equal(model.accepts({ ...input, values: [1, 2] }), false);
  assert.throws(() => model.forecast({ ...input, frequency: "weekly" }, H), (e: unknown) => e instanceof TrendcastError && e.code === "model-mismatch");
});
