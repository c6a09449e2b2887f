/**
 * Where the trained model wins and loses: for each protocol window, trains one model at the cutoff and scores on
 * the window that follows the attention network alone, each classical candidate, the blends and the per-SKU choice
 * (all through the same calibration map, so only the point/shape differs).
 *
 *   npx tsx bench/attention-ablation.ts <long.csv> --horizon H --windows W [--seconds S] [--season m]
 */
import { readFileSync } from "node:fs";
import { readLongCsv } from "../src/cli/long-csv";
import { backtestCutoffs } from "../src/engine/evaluate/backtest";
import { ensureNodeBackend } from "../src/engine/forecast/attention/backend";
import { TrainedModel } from "../src/engine/forecast/trained-model";
import { DEFAULT_QUANTILES, type QuantileForecast, type SeriesInput } from "../src/engine/types";
import { reportTo } from "./report";

reportTo("attention-ablation", { fence: true }); // --write-docs: this run's output goes into docs/benchmarks.md

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : dflt);
const file = argv[0];
const H = Number(opt("--horizon", "28"));
const W = Number(opt("--windows", "4"));
const seconds = Number(opt("--seconds", "40"));
await ensureNodeBackend();
const panel = readLongCsv(readFileSync(file, "utf8"), file);
const last = Math.max(...panel.series.map((s) => s.values.length)) - 1;
const choices = ["auto", "attention", "ets", "snaive", "croston", "blend:ets", "blend:croston", "blend:ets+croston"];
const acc = new Map<string, { loss: number; denom: number; cov: number; n: number }>();
for (const cutoff of backtestCutoffs(last, H, W)) {
  const t0 = Date.now();
  const model = await TrainedModel.train(panel, { horizon: H, cutoff, budget: { seconds }, tuning: { weightPower: Number(opt("--weight-power", "0.5")) } });
  const trainS = (Date.now() - t0) / 1000;
  const inputs: SeriesInput[] = panel.series.map((s) => {
    const covariates: Record<string, number[]> = {};
    for (const [k, xs] of Object.entries(s.covariates)) covariates[k] = xs.slice(s.start, cutoff + 1 + H);
    return { id: s.id, values: s.values.slice(s.start, cutoff + 1), frequency: panel.frequency, dates: panel.timeline.slice(s.start, cutoff + 1), covariates };
  });
  const actual = panel.series.map((s) => s.values.slice(cutoff + 1, cutoff + 1 + H));
  const line: string[] = [];
  for (const c of choices) {
    const t1 = Date.now();
    const fc: QuantileForecast[] = model.forecastMany(inputs, H, DEFAULT_QUANTILES, c === "auto" ? undefined : c);
    const ms = (Date.now() - t1) / inputs.length;
    let loss = 0, denom = 0, cov = 0, n = 0;
    fc.forEach((f, s) => actual[s].forEach((y, h) => {
      f.quantiles.forEach((q, k) => { const v = f.values[k][h]; loss += (2 * (y >= v ? q * (y - v) : (1 - q) * (v - y))) / f.quantiles.length; });
      denom += Math.abs(y); n++;
      if (y >= f.values[0][h] && y <= f.values[f.quantiles.length - 1][h]) cov++;
    }));
    const a = acc.get(c) ?? { loss: 0, denom: 0, cov: 0, n: 0 };
    acc.set(c, { loss: a.loss + loss, denom: a.denom + denom, cov: a.cov + cov, n: a.n + n });
    line.push(`${c} ${(loss / denom).toFixed(4)}${c === "auto" ? ` (${ms.toFixed(1)} ms/series)` : ""}`);
  }
  console.log(`cutoff ${cutoff}: train ${trainS.toFixed(1)} s, ${model.card.settings.epochs} epochs, ${model.card.settings.samplesPerSec} samples/s, default ${model.card.settings.defaultChoice} | ${line.join(" | ")}`);
  model.dispose();
}
console.log("overall (calibrated):");
for (const [c, a] of acc) console.log(`  ${c.padEnd(14)} WQL ${(a.loss / a.denom).toFixed(4)}  cov80 ${(a.cov / a.n).toFixed(3)}`);
