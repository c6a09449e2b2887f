import { test } from "node:test";
import assert from "node:assert/strict";
import { backtestCutoffs, runBacktest } from "../../src/engine/evaluate/backtest";
import { getPanelModel } from "../../src/engine/forecast/registry";
import type { PanelModel } from "../../src/engine/forecast/panel-model";
import type { SalesPanel } from "../../src/engine/types";

function panel(n: number, extraPlan = 0): SalesPanel {
  const timeline = Array.from({ length: n + extraPlan }, (_, i) => 19000 + i);
  return {
    layout: "long",
    frequency: "daily",
    timeline,
    covariateNames: ["promo"],
    issues: [],
    series: [
      { id: "A", values: Array.from({ length: n }, (_, t) => 10 + (t % 7)), start: 0, covariates: { promo: timeline.map((_, t) => (t % 5 === 0 ? 1 : 0)) } },
      { id: "B", values: Array.from({ length: n }, (_, t) => (t < 30 ? 0 : t % 3)), start: 30, covariates: { promo: timeline.map(() => 0) } },
    ],
  };
}

test("cutoffs follow c_w = T - (W - w + 1) H", () => {
  assert.deepEqual(backtestCutoffs(99, 7, 3), [78, 85, 92]);
});

test("the model sees only values up to each cutoff and covariates up to cutoff + H", async () => {
  const seen: { cutoff: number; valueLengths: number[]; covLengths: number[] }[] = [];
  const spy: PanelModel = {
    name: "spy",
    async forecast(p, req) {
      const inner = await getPanelModel("snaive");
      const { seriesInputAt } = await import("../../src/engine/forecast/registry");
      const inputs = p.series.map((_, i) => seriesInputAt(p, i, req.cutoff, req.horizon));
      seen.push({ cutoff: req.cutoff, valueLengths: inputs.map((x) => x.values.length), covLengths: inputs.map((x) => x.covariates?.promo.length ?? 0) });
      return inner.forecast(p, req);
    },
  };
  const r = await runBacktest(panel(100, 10), spy, { horizon: 7, windows: 3 });
  assert.deepEqual(seen.map((s) => s.cutoff), [78, 85, 92]);
  // A starts at 0: values 0..cutoff; B starts at 30
  assert.deepEqual(seen[0].valueLengths, [79, 49]);
  assert.deepEqual(seen[0].covLengths, [79 + 7, 49 + 7]);
  assert.equal(r.rows.length, 2 * 3 * 7);
  assert.equal(r.rows[0].cutoff, 19078);
  assert.equal(r.rows[0].date, 19079);
  assert.equal(r.scores.points, 2 * 3 * 7);
});

test("a perfect seasonal series is forecast nearly perfectly by snaive and scored consistently", async () => {
  const p = panel(100);
  p.series = [p.series[0]];
  const r = await runBacktest(p, await getPanelModel("snaive"), { horizon: 7, windows: 2 });
  assert.equal(r.scores.wql, 0);
  assert.equal(r.scores.mase, null); // the in-sample seasonal naive error is 0: MASE skips both series-windows
  assert.equal(r.scores.maseSkippedZeroScale, 2);
  assert.equal(r.perWindow.length, 2);
  assert.deepEqual(r.perSeries[0].chosen, ["snaive", "snaive"]);
});

test("too little data is a clear error", async () => {
  await assert.rejects(runBacktest(panel(20), await getPanelModel("ets"), { horizon: 7, windows: 3 }), /too few for 3 windows/);
});

test("registry: classical panel model forecasts every series; unknown names are refused", async () => {
  const auto = await getPanelModel("classical");
  const f = await auto.forecast(panel(120), { cutoff: 119, horizon: 7, quantiles: [0.1, 0.5, 0.9] });
  assert.equal(f.forecasts.length, 2);
  assert.ok(["snaive", "ets", "croston"].includes(f.chosen[0]) || f.chosen[0].length > 0);
  assert.ok(f.forecasts[0].values[1].every((v) => v > 5 && v < 20), `A median ${f.forecasts[0].values[1]}`);
  await assert.rejects(getPanelModel("nope" as never), /not available/);
});
