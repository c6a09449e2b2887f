import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/engine/forecast/tf";
import { ensureNodeBackend } from "../../src/engine/forecast/attention/backend";
import { trainedPanelModel } from "../../src/engine/forecast/auto";
import { classicalForecaster, type ClassicalName } from "../../src/engine/forecast/models/index";
import { DEFAULT_QUANTILES, type QuantileForecast, type SalesPanel } from "../../src/engine/types";
import { seededRandom } from "../../src/engine/random";


/** Weekly panel, 2.5 years: yearly shape, holiday weeks (flag known in advance) tripling sales, noisy. */
function weeklyPanel(): SalesPanel {
  const r = seededRandom(11);
  const weeks = 130;
  const timeline = Array.from({ length: weeks }, (_, i) => 17_000 + 7 * i);
  return {
    layout: "long",
    frequency: "weekly",
    timeline,
    covariateNames: ["holiday"],
    issues: [],
    series: Array.from({ length: 24 }, (_, s) => {
      const level = 20 + 180 * r();
      // Moving holidays (like Easter): a year earlier is not a holiday, so seasonal naive cannot see them coming.
      const holiday = timeline.map((_, i) => ([20, 50, 75, 102, 124].includes(i) ? 1 : 0));
      const values = timeline.map((_, i) => {
        const mean = level * (1 + 0.4 * Math.sin((2 * Math.PI * i) / 52)) * (holiday[i] ? 3 : 1);
        return Math.max(0, Math.round(mean * (1 + 0.5 * (r() - 0.5))));
      });
      return { id: `W${s}`, values, start: s % 4 === 0 ? 40 : 0, covariates: { holiday } };
    }),
  };
}

/** Weekly intermittent panel: mostly zeros, occasional small orders, no covariates. */
function intermittentPanel(): SalesPanel {
  const r = seededRandom(5);
  const weeks = 156;
  const timeline = Array.from({ length: weeks }, (_, i) => 17_000 + 7 * i);
  return {
    layout: "long",
    frequency: "weekly",
    timeline,
    covariateNames: [],
    issues: [],
    series: Array.from({ length: 24 }, (_, s) => {
      const p = 0.1 + 0.3 * r();
      return { id: `I${s}`, values: timeline.map(() => (r() < p ? 1 + Math.floor(4 * r()) : 0)), start: 0, covariates: {} };
    }),
  };
}

function wql(forecasts: QuantileForecast[], panel: SalesPanel, cutoff: number, horizon: number): number {
  let loss = 0;
  let denom = 0;
  forecasts.forEach((f, s) => {
    for (let h = 0; h < horizon; h++) {
      const y = panel.series[s].values[cutoff + 1 + h];
      f.quantiles.forEach((q, k) => {
        const v = f.values[k][h];
        loss += (2 * (y >= v ? q * (y - v) : (1 - q) * (v - y))) / f.quantiles.length;
      });
      denom += Math.abs(y);
    }
  });
  return loss / denom;
}

function classicalWql(name: ClassicalName, panel: SalesPanel, cutoff: number, horizon: number): number {
  const fc = panel.series.map((s) =>
    classicalForecaster(name)
      .fit({ id: s.id, values: s.values.slice(s.start, cutoff + 1), frequency: panel.frequency, dates: panel.timeline.slice(s.start, cutoff + 1), seasonLength: 52 })
      .predict(horizon, DEFAULT_QUANTILES),
  );
  return wql(fc, panel, cutoff, horizon);
}

test("auto on weekly data with a yearly season and a holiday flag beats seasonal naive", async () => {
  await ensureNodeBackend();
  const panel = weeklyPanel();
  const H = 13;
  const cutoff = panel.timeline.length - 1 - H;
  const before = tf.memory().numTensors;
  const result = await trainedPanelModel("auto", { samples: 128 * 40 }).forecast(panel, { cutoff, horizon: H, quantiles: DEFAULT_QUANTILES });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.forecasts.length, panel.series.length);
  const allowed = /^(attention|ets|snaive|croston|blend:ets|blend:croston|blend:ets\+croston)$/;
  for (const c of result.chosen) assert.match(c, allowed);
  const ours = wql(result.forecasts, panel, cutoff, H);
  const snaive = classicalWql("snaive", panel, cutoff, H);
  assert.ok(ours < snaive, `auto WQL ${ours.toFixed(3)} should beat seasonal naive ${snaive.toFixed(3)}`);
  // The holiday week inside the horizon (index 124) is forecast well above the week before it.
  const holidayStep = 124 - (cutoff + 1);
  assert.ok(holidayStep >= 1 && holidayStep < H);
  const median = result.forecasts.map((f) => f.values[4]);
  const lifted = median.filter((m) => m[holidayStep] > 1.5 * m[holidayStep - 1]).length;
  assert.ok(lifted >= panel.series.length * 0.5, `${lifted} of ${panel.series.length} SKUs see the holiday`);
});

test("auto on intermittent weekly data does not lose to Croston/TSB", async () => {
  await ensureNodeBackend();
  const panel = intermittentPanel();
  const H = 8;
  const cutoff = panel.timeline.length - 1 - H;
  const result = await trainedPanelModel("auto", { samples: 128 * 20 }).forecast(panel, { cutoff, horizon: H, quantiles: DEFAULT_QUANTILES });
  const ours = wql(result.forecasts, panel, cutoff, H);
  const croston = classicalWql("croston", panel, cutoff, H);
  assert.ok(ours <= croston * 1.03, `auto WQL ${ours.toFixed(3)} vs Croston ${croston.toFixed(3)}`);
  for (const f of result.forecasts) for (const row of f.values) for (const v of row) assert.ok(v >= 0 && Number.isFinite(v));
});

test("too little history for training: auto falls back to the classical choice per SKU", async () => {
  await ensureNodeBackend();
  const timeline = Array.from({ length: 12 }, (_, i) => 19_000 + i);
  const panel: SalesPanel = {
    layout: "long",
    frequency: "daily",
    timeline,
    covariateNames: [],
    issues: [],
    series: [
      { id: "A", values: timeline.map((_, i) => 5 + (i % 3)), start: 0, covariates: {} },
      { id: "B", values: timeline.map(() => 0), start: 11, covariates: {} },
    ],
  };
  const result = await trainedPanelModel("auto", { samples: 128 }).forecast(panel, { cutoff: 8, horizon: 3, quantiles: DEFAULT_QUANTILES });
  assert.equal(result.chosen[0], "classical (too little history to train)");
  assert.equal(result.chosen[1], "none (no history)");
  assert.ok(result.forecasts[0].values[4].every((v) => v >= 4 && v <= 8), `median ${result.forecasts[0].values[4]}`);
});
