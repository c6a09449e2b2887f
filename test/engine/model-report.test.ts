// Issue 12 §1: the Model sheet's content, built once (engine/evaluate/model-report.ts) for the pane, the CLI and the
// pane's summary: plain-words sentences from templates, per-SKU figures from the history and the backtest, grades.
import { test } from "node:test";
import assert from "node:assert/strict";
import { backtestSentence, buildModelReport } from "../../src/engine/evaluate/model-report";
import { fillText, forecasterName, modelSheetText } from "../../src/engine/evaluate/model-text";
import { betterBy, grade, holdoutEvidence, promoLift, seasonalPeak, trendPerMonth } from "../../src/engine/evaluate/sku-profile";
import type { SalesPanel, Series } from "../../src/engine/types";

const DAY0 = Date.UTC(2024, 0, 1) / 86_400_000; // a Monday
const N = 140;
const timeline = Array.from({ length: N }, (_, t) => DAY0 + t);
// Saturday peak (2024-01-06 is t = 5), promotions every 10th day doubling sales, a rising trend.
const promo = Array.from({ length: N + 7 }, (_, t) => (t % 10 === 0 ? 1 : 0));
const values = timeline.map((d, t) => (10 + 0.05 * t) * ((d + 4) % 7 === 6 ? 2 : 1) * (promo[t] ? 2 : 1));
const series: Series = { id: "S1", values, start: 0, covariates: { promo } };
const flat: Series = { id: "S2", values: timeline.map(() => 5), start: 0, covariates: { promo } };
const panel: SalesPanel = { layout: "long", frequency: "daily", timeline, series: [series, flat], covariateNames: ["promo"], issues: [] };

test("templates: named placeholders, whole sentences; forecaster names a buyer reads", () => {
  assert.equal(fillText("{a} of {b}, {c}", { a: 1, b: "two" }), "1 of two, {c}");
  assert.equal(forecasterName("ets"), "Exponential smoothing (ETS)");
  assert.equal(forecasterName("blend:ets+croston"), "Attention network blended with ETS + Croston");
  assert.equal(forecasterName("snaive (short history)"), "Seasonal naive");
  assert.equal(forecasterName("something new"), "something new");
});

test("the backtest in one sentence: better or worse than seasonal naive, the band's hit rate", () => {
  assert.equal(
    backtestSentence({ windows: 4, horizon: 28, wql: 0.48, baselineWql: 1, hitRate: 0.81 }, "daily", 28),
    "Over the last 4 × 28 days its error was 52% lower than repeating last week's sales; the 80% band held the actual sales 81% of the time.",
  );
  assert.match(backtestSentence({ windows: 1, horizon: 13, wql: 1.2, baselineWql: 1, hitRate: null }, "weekly", 13), /^Over the last 1 × 13 weeks its error was 20% higher than repeating the same week of last year\.$/);
  assert.match(backtestSentence(null, "monthly", 6), /not backtested.*6 months/);
  assert.match(backtestSentence(null, "daily", 28, true), /backtest was switched off/);
});

test("trust grade: A beats seasonal naive by 10%+ with the band holding 70-90%; B within 10%; C otherwise", () => {
  assert.equal(betterBy(0.5, 1), 0.5);
  assert.equal(betterBy(1, 0), null);
  assert.equal(grade({ wql: 0.5, baselineWql: 1, hitRate: 0.8 }), "A");
  assert.equal(grade({ wql: 0.9, baselineWql: 1, hitRate: 0.7 }), "A", "exactly 10% better, exactly 70%");
  assert.equal(grade({ wql: 0.5, baselineWql: 1, hitRate: 0.95 }), "B", "band too wide");
  assert.equal(grade({ wql: 0.5, baselineWql: 1, hitRate: null }), "B");
  assert.equal(grade({ wql: 1.05, baselineWql: 1, hitRate: 0.8 }), "B");
  assert.equal(grade({ wql: 1.2, baselineWql: 1, hitRate: 0.8 }), "C");
  assert.equal(grade({ wql: null, baselineWql: null, hitRate: null }), "C", "not backtested");
});

test("per-SKU figures from the history: promotion lift, weekday peak, trend per month", () => {
  const lift = promoLift(panel, series)!;
  assert.ok(lift > 1.8 && lift < 2.3, `lift ${lift}`);
  assert.equal(promoLift({ ...panel, covariateNames: [] }, series), null, "no promotion column: no lift");
  assert.deepEqual(seasonalPeak(panel, series), { kind: "weekday", index: 6 }, "Saturday");
  const trend = trendPerMonth(panel, series)!;
  assert.ok(trend > 0.05 && trend < 0.2, `rising about 1.5 a month on a level near 20: ${trend}`);
  assert.equal(trendPerMonth(panel, flat), 0);
  const weekly: SalesPanel = { ...panel, frequency: "weekly", timeline: Array.from({ length: 60 }, (_, t) => DAY0 + 7 * t) };
  const dec = { ...series, values: weekly.timeline.map((d) => (new Date(d * 86_400_000).getUTCMonth() === 11 ? 50 : 10)) };
  assert.deepEqual(seasonalPeak(weekly, dec), { kind: "month", index: 11 }, "December");
});

test("holdout evidence scores the forecast and seasonal naive on the same periods", () => {
  const Q = [0.1, 0.5, 0.9];
  const cutoff = N - 1 - 7;
  const actual = values.slice(cutoff + 1);
  const perfect = { quantiles: Q, values: Q.map(() => [...actual]) };
  const off = { quantiles: Q, values: Q.map(() => actual.map((v) => v + 5)) };
  const e = holdoutEvidence(panel, 0, cutoff, perfect, off, "ets");
  assert.equal(e.wql, 0);
  assert.ok((e.baselineWql ?? 0) > 0);
  assert.equal(e.hitRate, 1);
  assert.equal(grade(e), "B", "perfect, but a band holding 100% is not a calibrated 80% band");
});

test("buildModelReport: summary on top, one graded row per SKU, the rule under it, settings below", () => {
  const report = buildModelReport({
    panel,
    horizon: 7,
    evidence: [
      { sku: "S1", forecaster: "blend:ets", wql: 0.2, baselineWql: 0.5, hitRate: 0.8 },
      { sku: "S2", forecaster: "snaive", wql: 0.6, baselineWql: 0.5, hitRate: 0.5 },
    ],
    overall: { windows: 1, horizon: 7, wql: 0.4, baselineWql: 0.5, hitRate: 0.75 },
    madeAt: "2026-11-29T10:30:00Z",
    trainingSeconds: 42,
    hardware: "this computer (wasm backend)",
    settings: [["backend", "wasm"], ["dModel", 32]],
  });
  assert.deepEqual(report.summary, [
    "Trained on 2 SKUs of daily sales from 2024-01-01 to 2024-05-19 (140 periods), to forecast 7 days ahead.",
    "Over the last 1 × 7 days its error was 20% lower than repeating last week's sales; the 80% band held the actual sales 75% of the time.",
    modelSheetText.backtestHow,
    "Training ran on 2026-11-29 at 10:30 UTC for 42 seconds on this computer (wasm backend).",
    "SKUs by trust grade: A 1, B 0, C 1 (the rule is under the table).",
  ]);
  assert.deepEqual(report.grades, ["A", "C"]);
  const table = report.blocks.find((b) => b.rows[0][0] === "SKU")!;
  assert.equal(table.rows.length, 3);
  assert.deepEqual(table.rows[1], ["S1", "Attention network blended with ETS", 0.6, 0.8, table.rows[1][4], "Sat", table.rows[1][6], "A"]);
  assert.deepEqual(table.rows[2].slice(0, 4), ["S2", "Seasonal naive", -0.2, 0.5]);
  assert.equal(table.rows[2][7], "C");
  const rule = report.blocks.find((b) => b.row === table.row + table.rows.length + 1)!;
  assert.match(String(rule.rows[0][0]), /How the trust grade is set/);
  const settings = report.blocks.find((b) => b.rows[0][0] === "Technical settings")!;
  assert.ok(settings.row > rule.row);
  assert.deepEqual(settings.rows[1], ["Backend", "wasm"]);
  assert.deepEqual(settings.rows[2], ["dModel", 32]);
  assert.ok(report.columnWidths.every((w) => w >= 10));
});
