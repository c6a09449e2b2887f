import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/engine/forecast/tf";
import { ensureNodeBackend } from "../../src/engine/forecast/attention/backend";
import { contextLength, defaultLayout, makeCalendar, tokenCount, tokenDim, writeFeatures, type Track } from "../../src/engine/forecast/attention/features";
import { forward, initWeights, type NetConfig } from "../../src/engine/forecast/attention/network";
import { TrainedModel, type TrainProgress } from "../../src/engine/forecast/trained-model";
import { TrendcastError, type SalesPanel } from "../../src/engine/types";

function smallPanel(): SalesPanel {
  const days = 150;
  const timeline = Array.from({ length: days }, (_, i) => 19000 + i);
  return {
    layout: "long",
    frequency: "daily",
    timeline,
    covariateNames: [],
    issues: [],
    series: Array.from({ length: 6 }, (_, s) => ({
      id: `S${s}`,
      values: timeline.map((d, i) => (s + 1) * (3 + ((d % 7) === 2 ? 4 : 0)) + ((i * (s + 3)) % 5)),
      start: s === 5 ? 100 : 0,
      covariates: {},
    })),
  };
}

test("the network's quantile outputs are non-decreasing for random weights and inputs", async () => {
  await ensureNodeBackend();
  const layout = defaultLayout("daily", 14, ["promo"]);
  const cfg: NetConfig = {
    tokens: tokenCount(layout),
    tokenDim: tokenDim(layout),
    contextTokens: layout.contextTokens,
    futureTokens: layout.futureTokens,
    patch: layout.patch,
    dModel: 16,
    heads: 2,
    layers: 1,
    ff: 32,
    levels: [0.1, 0.5, 0.9],
  };
  const before = tf.memory().numTensors;
  const params = new Map<string, tf.Tensor>(initWeights(cfg, 3).map((w) => [w.name, tf.tensor(w.data, w.shape)]));
  const out = tf.tidy(() => forward(params, tf.randomNormal([5, cfg.tokens, cfg.tokenDim], 0, 3, "float32", 1) as tf.Tensor3D, cfg));
  assert.deepEqual(out.shape, [5, 14, 3]);
  const v = out.arraySync();
  for (const sample of v) for (const step of sample) assert.ok(step[0] <= step[1] && step[1] <= step[2], `crossing ${step}`);
  out.dispose();
  for (const t of params.values()) t.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("features: scaled context, observed mask, year lag, covariates and weekday one-hot", () => {
  const layout = defaultLayout("weekly", 8, ["holiday"]);
  const n = 120;
  const dates = Array.from({ length: n + 8 }, (_, i) => 19000 + 7 * i);
  const values = Float32Array.from({ length: n + 8 }, (_, i) => (i < n ? 10 + (i % 52) : 0));
  const track: Track = { values, start: 0, last: n - 1, covariates: [Float32Array.from(dates, (_, i) => (i === n + 2 ? 1 : 0))], calendar: makeCalendar(dates) };
  const T = tokenCount(layout);
  const F = tokenDim(layout);
  const x = new Float32Array(T * F);
  const origin = n - 1;
  const scale = writeFeatures(x, 0, track, origin, layout);
  const ctx = contextLength(layout);
  let mean = 0;
  for (let i = n - ctx; i < n; i++) mean += values[i] / ctx;
  assert.ok(Math.abs(scale - mean) < 1e-4);
  const sd = 4 + 1; // value, observed, lag, lag observed, holiday (no weekday slots for weekly data)
  // last context step
  const lastCtx = (layout.contextTokens - 1) * F + (layout.patch - 1) * sd;
  assert.ok(Math.abs(x[lastCtx] - values[origin] / scale) < 1e-6);
  assert.equal(x[lastCtx + 1], 1);
  // third future step: no value, the value 52 weeks earlier as lag, holiday flag set
  const fut = layout.contextTokens * F + 2 * sd;
  assert.equal(x[fut], 0);
  assert.equal(x[fut + 1], 0);
  assert.ok(Math.abs(x[fut + 2] - values[n + 2 - 52] / scale) < 1e-6);
  assert.equal(x[fut + 3], 1);
  assert.equal(x[fut + 4], 1);
  // future-token flag
  assert.equal(x[layout.contextTokens * F + layout.patch * sd], 1);
  assert.equal(x[(layout.contextTokens - 1) * F + layout.patch * sd], 0);
});

test("same panel + seed gives the same model; another seed a different one", async () => {
  await ensureNodeBackend();
  const panel = smallPanel();
  const opts = { horizon: 7, seed: 5, budget: { samples: 256 }, selection: false } as const;
  const a = await TrainedModel.train(panel, opts);
  const b = await TrainedModel.train(panel, opts);
  const c = await TrainedModel.train(panel, { ...opts, seed: 6 });
  const input = { id: "S1", values: panel.series[1].values, frequency: "daily" as const, dates: panel.timeline };
  const fa = a.forecast(input, 7);
  assert.deepEqual(b.forecast(input, 7), fa);
  assert.notDeepEqual(c.forecast(input, 7), fa);
  for (const m of [a, b, c]) m.dispose();
});

test("cancel mid-epoch rejects with code 'cancelled' and frees every tensor", async () => {
  await ensureNodeBackend();
  const panel = smallPanel();
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  let batches = 0;
  const started = Date.now();
  setTimeout(() => controller.abort(), 300);
  await assert.rejects(
    TrainedModel.train(panel, {
      horizon: 7,
      budget: { samples: 128 * 40 * 50 },
      signal: controller.signal,
      onProgress: () => batches++,
    }),
    (e: unknown) => e instanceof TrendcastError && e.code === "cancelled",
  );
  assert.ok(Date.now() - started < 5000, "cancellation is prompt (before the end of the epoch)");
  assert.equal(batches, 0, "cancelled inside the first epoch");
  assert.equal(tf.memory().numTensors, before);
});

test("progress, checkpoints and resume on another run", async () => {
  await ensureNodeBackend();
  const panel = smallPanel();
  const events: TrainProgress[] = [];
  const checkpoints: { bytes: Uint8Array; epoch: number }[] = [];
  const m = await TrainedModel.train(panel, {
    horizon: 7,
    budget: { samples: 128 * 2 },
    selection: false,
    onProgress: (p) => events.push(p),
    onCheckpoint: (bytes, epoch) => checkpoints.push({ bytes, epoch }),
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(events.length, 1);
  assert.equal(events[0].epoch, 1);
  assert.equal(events[0].backend, "wasm");
  assert.ok(events[0].samplesPerSec > 0 && Number.isFinite(events[0].loss));
  assert.equal(events[0].fraction, 1);
  assert.equal(checkpoints.length, 1);
  const cp = TrainedModel.fromBytes(checkpoints[0].bytes);
  assert.equal(cp.card.settings.checkpoint, "yes");
  const resumed = await TrainedModel.train(panel, { horizon: 7, budget: { samples: 128 * 2 }, selection: false, resumeFrom: checkpoints[0].bytes });
  assert.equal(resumed.card.horizon, 7);
  await assert.rejects(TrainedModel.train(panel, { horizon: 9, resumeFrom: checkpoints[0].bytes }), (e: unknown) => e instanceof TrendcastError && e.code === "bad-checkpoint");
  for (const x of [m, cp, resumed]) x.dispose();
});
