// Byte-identity guard: the engine's results on the sample data (samples/sample-sales.csv) must not change when the
// engine is reorganised. Ingest summary, a classical backtest, a seeded attention + selection training run (fixed
// sample budget, wasm backend), its forecasts, restock plans, ABC/XYZ classes and a short replenishment replay are
// compared exactly with test/fixtures/golden/sample-forecast.json.
// Rewrite the fixture on purpose only: TRENDCAST_UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/engine/golden
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNodeBackend } from "../../src/engine/forecast/attention/backend";
import { parseCsv } from "../../src/engine/ingest/csv";
import { describePanel, ingestGrid } from "../../src/engine/ingest/ingest";
import { TrainedModel } from "../../src/engine/forecast/trained-model";
import { getPanelModel, seriesInputAt } from "../../src/engine/forecast/registry";
import { runBacktest } from "../../src/engine/evaluate/backtest";
import { suggestRestock } from "../../src/engine/restock/restock";
import { classifySkus } from "../../src/engine/restock/classify";
import { simulateReplenishment } from "../../src/engine/restock/simulate";
import { DEFAULT_QUANTILES } from "../../src/engine/types";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FIXTURE = join(root, "test", "fixtures", "golden", "sample-forecast.json");
const H = 14;

/** Card settings that depend on the clock or the machine's speed, not on the data. */
const TIMING_SETTINGS = new Set(["samplesPerSec"]);

async function goldenResults(): Promise<unknown> {
  const text = readFileSync(join(root, "samples", "sample-sales.csv"), "utf8");
  const rows = parseCsv(text, ",").filter((r) => !(r.length === 1 && r[0].trim() === ""));
  const panel = ingestGrid({ values: rows, sheet: "sample-sales" });
  const summary = describePanel(panel);
  const cutoff = panel.timeline.length - 1 - H;

  const classical = await getPanelModel("classical");
  const backtest = await runBacktest(panel, classical, { horizon: H, windows: 2 });

  const backend = await ensureNodeBackend();
  const model = await TrainedModel.train(panel, { horizon: H, cutoff, seed: 7, budget: { samples: 128 * 12 }, selection: true });
  const inputs = panel.series.map((_, i) => seriesInputAt(panel, i, cutoff, H));
  const forecasts = model.forecastMany(inputs, H, DEFAULT_QUANTILES);
  const choices = inputs.map((inp) => model.choiceFor(inp.id, inp.values));
  // The selection may pick classical models for every SKU: the attention network and a blend are checked directly too.
  const attention = model.forecastMany(inputs, H, DEFAULT_QUANTILES, "attention");
  const blend = model.forecastMany(inputs.slice(0, 6), H, [0.1, 0.5, 0.9], "blend:ets+croston");
  const bytes = model.toBytes();
  const reloaded = TrainedModel.fromBytes(bytes).forecastMany(inputs.slice(0, 3), H + 30, [0.05, 0.5, 0.95], "attention");
  model.dispose();
  const settings = Object.fromEntries(Object.entries(model.card.settings).filter(([k]) => !TIMING_SETTINGS.has(k)));

  const restock = forecasts.slice(0, 8).map((fc, i) =>
    suggestRestock({ forecast: fc, onHand: 40 + 10 * i, onOrder: i % 3, leadTime: 3 + (i % 4), reviewPeriod: 7, moq: 10, packSize: 6, history: inputs[i].values.slice(-60), sku: inputs[i].id }),
  );
  const classes = classifySkus(forecasts.map((fc, i) => ({ sku: inputs[i].id ?? String(i), units: fc.values[4].reduce((a, b) => a + b, 0), forecast: fc })));
  const snaive = await getPanelModel("snaive");
  const replay = await simulateReplenishment(panel, { periods: 28, leadTime: 3, reviewPeriod: 7, model: snaive, historyWindow: 120, samples: 200, keepRows: false });

  return {
    summary,
    issues: panel.issues,
    backtest: { ...backtest, rows: backtest.rows.length, seconds: undefined },
    trained: { backend, scores: model.card.scores, perSku: model.card.perSku, settings, parameters: model.card.parameters, choices, forecasts, attention, blend, reloaded },
    restock,
    classes,
    replay,
  };
}

test("the engine gives the same results on the sample data as recorded (byte-identical forecasts)", { timeout: 600_000 }, async () => {
  const json = JSON.stringify(await goldenResults(), null, 1) + "\n";
  if (process.env.TRENDCAST_UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(FIXTURE), { recursive: true });
    writeFileSync(FIXTURE, json);
    return;
  }
  const expected = readFileSync(FIXTURE, "utf8");
  if (json !== expected) {
    const a = json.split("\n");
    const b = expected.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`results differ from ${FIXTURE} first at line ${line + 1}:\n  got      ${a[line]}\n  expected ${b[line]}`);
  }
});
