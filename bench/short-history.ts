/**
 * Short-history benchmark (issue 12 §3): how well does a SKU with only a few weeks of history get forecast?
 *
 *   npm run bench:short -- <long.csv> [--horizon 28] [--windows 4] [--lengths 14,28,60] [--every 9]
 *                          [--seconds 45 | --samples N] [--weekly] [--earlier] [--no-trained]
 *
 * The rolling-origin backtest of PROTOCOL.md §2 (same cutoffs), except that at each cutoff a set of SKUs is cut
 * short: SKU number i (in file order) with i % every == k gets only the last lengths[k] periods before the cutoff
 * (as if it had been listed then); every other SKU keeps its full history. Only the cut SKUs are scored, per
 * history length, over the H periods after the cutoff. Side by side, in one run:
 *
 *   auto (now)           what auto now gives short histories: the average of new-SKU (pooled) and the trained
 *                        model's choice when the model accepts the SKU (>= one patch), new-SKU (pooled) below that
 *   new-SKU (pooled)     the pooled new-SKU forecaster alone (src/engine/forecast/cold-start/)
 *   auto (before)        what auto gave them before: the trained model's default choice for SKUs it accepts
 *                        (>= one patch of history), seasonal naive below that
 *   attention            the trained attention network alone, from the padded short window (< one patch: snaive)
 *   pooled + attention   level-by-level average of the two (pooled + auto (before) likewise)
 *   snaive, classical    per-series seasonal naive and the per-series classical choice
 *   own mean             the SKU's own mean, flat, in every quantile (so its WQL is its WAPE)
 *   own history          flat: the empirical quantiles of the SKU's own history
 *
 * --weekly sums the data to weeks (promo: 1 when promoted on at least 4 of the 7 days; closed: 1 when closed on
 * any day) and defaults to H 13, W 3, lengths 4,8,12. --earlier moves every cutoff W*H periods back, to windows
 * before the scored ones (for choosing constants without looking at the scored windows).
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { readLongCsv } from "../src/cli/long-csv";
import { ScoreAccumulator } from "../src/engine/evaluate/metrics";
import { backtestCutoffs } from "../src/engine/evaluate/backtest";
import { COLD_START_NAME, coldStartForecasts, withNewSku } from "../src/engine/forecast/cold-start/forecast";
import { seriesInputAt } from "../src/engine/forecast/panel-model";
import { classicalForecaster } from "../src/engine/forecast/models/index";
import { sortedQuantile } from "../src/engine/forecast/models/util";
import { candidateSeason } from "../src/engine/forecast/season";
import { DEFAULT_QUANTILES, type QuantileForecast, type SalesPanel, type SeriesInput } from "../src/engine/types";
import { weeklyPanel } from "./data/short-history-data";
import { reportTo } from "./report";

reportTo("short-history"); // --write-docs: this run's output goes into docs/benchmarks.md

type Args = { file: string; horizon: number; windows: number; lengths: number[]; every: number; seconds: number; samples?: number; weekly: boolean; earlier: boolean; trained: boolean };

function parseArgs(argv: string[]): Args {
  const a: Args = { file: "", horizon: 0, windows: 0, lengths: [], every: 9, seconds: 45, weekly: false, earlier: false, trained: true };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i] ?? "";
    const k = argv[i];
    if (k === "--horizon") a.horizon = Number(next());
    else if (k === "--windows") a.windows = Number(next());
    else if (k === "--lengths") a.lengths = next().split(",").map(Number);
    else if (k === "--every") a.every = Number(next());
    else if (k === "--seconds") a.seconds = Number(next());
    else if (k === "--samples") a.samples = Number(next());
    else if (k === "--weekly") a.weekly = true;
    else if (k === "--earlier") a.earlier = true;
    else if (k === "--no-trained") a.trained = false;
    else if (!k.startsWith("--") && a.file === "") a.file = k;
    else {
      console.error(`unknown argument ${k}; usage: npm run bench:short -- <long.csv> [--horizon H] [--windows W] [--lengths 14,28,60] [--every 9] [--weekly] [--earlier]`);
      process.exit(2);
    }
  }
  if (!a.file) {
    console.error("usage: npm run bench:short -- <long.csv> [--horizon H] [--windows W] [--lengths 14,28,60] [--every 9] [--weekly] [--earlier]");
    process.exit(2);
  }
  a.horizon ||= a.weekly ? 13 : 28;
  a.windows ||= a.weekly ? 3 : 4;
  if (a.lengths.length === 0) a.lengths = a.weekly ? [4, 8, 12] : [14, 28, 60];
  if (a.lengths.length > a.every) a.every = a.lengths.length;
  return a;
}

/** The panel at one cutoff with the chosen SKUs cut to their last `length` periods; returns it and the cut SKUs. */
function cutPanel(panel: SalesPanel, cutoff: number, lengths: number[], every: number): { panel: SalesPanel; targets: { s: number; length: number }[] } {
  const targets: { s: number; length: number }[] = [];
  const series = panel.series.map((s, i) => {
    const k = i % every;
    if (k >= lengths.length) return s;
    const start = cutoff - lengths[k] + 1;
    targets.push({ s: i, length: lengths[k] });
    return { ...s, start, values: s.values.map((v, t) => (t < start ? 0 : v)) };
  });
  return { panel: { ...panel, series }, targets };
}

function flat(values: number[], horizon: number): number[] {
  return new Array<number>(horizon).fill(0).map((_, h) => values[h % values.length]);
}

function ownMean(input: SeriesInput, horizon: number, quantiles: readonly number[]): QuantileForecast {
  const m = input.values.reduce((a, b) => a + b, 0) / Math.max(1, input.values.length);
  return { quantiles: [...quantiles], values: quantiles.map(() => flat([m], horizon)) };
}

function ownHistory(input: SeriesInput, horizon: number, quantiles: readonly number[]): QuantileForecast {
  const sorted = [...input.values].sort((a, b) => a - b);
  return { quantiles: [...quantiles], values: quantiles.map((q) => flat([sortedQuantile(sorted, q)], horizon)) };
}

function average(a: QuantileForecast, b: QuantileForecast): QuantileForecast {
  return { quantiles: a.quantiles, values: a.values.map((row, k) => row.map((v, h) => (v + b.values[k][h]) / 2)) };
}

type Trained = { auto: QuantileForecast[]; attention: QuantileForecast[]; choices: string[]; accepted: boolean[] };

/** Trains the model as auto does on the cut panel; "auto (before)" and "attention" forecasts of the targets. */
async function trainedForecasts(panel: SalesPanel, cutoff: number, targets: number[], args: Args): Promise<Trained> {
  const { TrainedModel } = await import("../src/engine/forecast/trained-model");
  await import("../src/engine/forecast/attention/backend");
  const H = args.horizon;
  const Q = DEFAULT_QUANTILES;
  const model = await TrainedModel.train(panel, {
    horizon: H,
    quantiles: Q,
    cutoff,
    seed: 42,
    budget: args.samples !== undefined ? { samples: args.samples } : { seconds: args.seconds },
    selection: true,
  });
  try {
    const inputs = targets.map((s) => seriesInputAt(panel, s, cutoff, H));
    const out: Trained = { auto: [], attention: [], choices: [], accepted: [] };
    inputs.forEach((input) => {
      if (model.accepts(input)) {
        out.auto.push(model.forecast(input, H, Q));
        out.attention.push(model.forecastMany([input], H, Q, "attention")[0]);
        out.choices.push(model.choiceFor(input.id, input.values));
        out.accepted.push(true);
      } else {
        const f = classicalForecaster("snaive").fit(input).predict(H, Q);
        out.auto.push(f);
        out.attention.push(f);
        out.choices.push("snaive (short history)");
        out.accepted.push(false);
      }
    });
    return out;
  } finally {
    model.dispose();
  }
}

const ROWS = ["auto (now)", COLD_START_NAME, "auto (before)", "attention", "pooled + attention", "pooled + auto (before)", "snaive", "classical", "own mean", "own history"];

/** The short-history table for the arguments of this script (also `bench:accuracy -- ... --short`). */
export async function shortHistorySection(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  let panel = readLongCsv(readFileSync(args.file, "utf8"), args.file);
  if (args.weekly) panel = weeklyPanel(panel);
  const H = args.horizon;
  const Q = DEFAULT_QUANTILES;
  const season = candidateSeason(panel.frequency);
  const last = Math.max(...panel.series.map((s) => s.values.length)) - 1;
  const cutoffs = backtestCutoffs(last - (args.earlier ? args.windows * H : 0), H, args.windows);
  const acc = new Map<string, ScoreAccumulator>();
  const key = (model: string, length: number) => `${model}|${length}`;
  const choices = new Map<string, number>();
  const t0 = performance.now();
  for (const cutoff of cutoffs) {
    const cut = cutPanel(panel, cutoff, args.lengths, args.every);
    const p = cut.panel;
    const targets = cut.targets.map((t) => t.s);
    const longs = p.series.map((_, i) => i).filter((i) => !targets.includes(i));
    const forecasts = new Map<string, QuantileForecast[]>();
    forecasts.set(COLD_START_NAME, coldStartForecasts(p, cutoff, H, Q, targets, longs));
    const inputs = targets.map((s) => seriesInputAt(p, s, cutoff, H));
    forecasts.set("snaive", inputs.map((x) => classicalForecaster("snaive").fit(x).predict(H, Q)));
    forecasts.set("classical", inputs.map((x) => classicalForecaster("classical").fit(x).predict(H, Q)));
    forecasts.set("own mean", inputs.map((x) => ownMean(x, H, Q)));
    forecasts.set("own history", inputs.map((x) => ownHistory(x, H, Q)));
    if (args.trained) {
      const tr = await trainedForecasts(p, cutoff, targets, args);
      forecasts.set("auto (before)", tr.auto);
      forecasts.set("attention", tr.attention);
      forecasts.set("pooled + attention", tr.attention.map((f, i) => average(forecasts.get(COLD_START_NAME)![i], f)));
      const pooled = forecasts.get(COLD_START_NAME)!;
      forecasts.set("pooled + auto (before)", tr.auto.map((f, i) => average(pooled[i], f)));
      // What auto.ts now gives these SKUs (the same function it calls).
      forecasts.set("auto (now)", tr.auto.map((f, i) => withNewSku(pooled[i], tr.accepted[i] ? f : null, tr.choices[i]).forecast));
      tr.choices.forEach((c, i) => {
        const k = `${cut.targets[i].length}: ${c}`;
        choices.set(k, (choices.get(k) ?? 0) + 1);
      });
    }
    for (const [model, fs] of forecasts) {
      cut.targets.forEach(({ s, length }, i) => {
        const series = p.series[s];
        const sw = { history: series.values.slice(series.start, cutoff + 1), actual: series.values.slice(cutoff + 1, cutoff + 1 + H), forecast: fs[i], season };
        for (const k of [key(model, length), key(model, 0)]) {
          if (!acc.has(k)) acc.set(k, new ScoreAccumulator(Q));
          acc.get(k)!.add(sw);
        }
      });
    }
    console.error(`cutoff ${new Date(p.timeline[cutoff] * 86_400_000).toISOString().slice(0, 10)} done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  printTable(args, panel, cutoffs, acc, key);
  if (choices.size > 0) console.log(`\nauto (before), choice per short SKU-window: ${[...choices].map(([k, n]) => `${k} x${n}`).join("; ")}`);
}

function printTable(args: Args, panel: SalesPanel, cutoffs: number[], acc: Map<string, ScoreAccumulator>, key: (m: string, l: number) => string): void {
  const unit = panel.frequency === "daily" ? "days" : panel.frequency === "weekly" ? "weeks" : "months";
  const cut = args.lengths.length;
  const n = Math.ceil((panel.series.length * cut) / args.every);
  console.log(`${args.file}${args.weekly ? " (summed to weeks)" : ""}: ${panel.series.length} SKUs, H=${args.horizon}, W=${args.windows}${args.earlier ? " (earlier windows)" : ""}, cutoffs ${cutoffs.map((c) => new Date(panel.timeline[c] * 86_400_000).toISOString().slice(0, 10)).join(", ")}`);
  console.log(`about ${n} SKUs cut short at each cutoff (every ${args.every}th SKU per length); WQL of those SKUs only (80% coverage, bias)\n`);
  const cols = [...args.lengths.map((l) => `${l} ${unit}`), "all short"];
  console.log(`| model | ${cols.join(" | ")} |`);
  console.log(`|---|${cols.map(() => "---").join("|")}|`);
  for (const model of ROWS) {
    const cells = [...args.lengths, 0].map((l) => {
      const a = acc.get(key(model, l));
      if (!a) return "-";
      const r = a.result();
      return `${r.wql?.toFixed(3)} (${r.coverage80?.toFixed(2)}, ${r.bias !== null && r.bias >= 0 ? "+" : ""}${r.bias?.toFixed(2)})`;
    });
    if (cells.every((c) => c === "-")) continue;
    console.log(`| ${model} | ${cells.join(" | ")} |`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  shortHistorySection(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  });
}
