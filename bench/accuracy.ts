/**
 * Accuracy benchmark: rolling-origin backtest (PROTOCOL.md §2) of each of our models and of augurs MSTL + ETS
 * (`@bsull/augurs` 0.10.2, a devDependency used only here as a peer), scored with our metrics (same as score.py).
 *
 *   npm run bench:accuracy -- <long.csv> --horizon H --windows W [--models snaive,ets,croston,classical,auto]
 *                             [--season m] [--no-augurs] [--out-dir DIR] [--promo-lift [models]] [--short]
 *
 * Prints WQL, MASE, 80% coverage, bias, WAPE and seconds per model. With --out-dir it also writes each model's
 * forecast CSV, which shared/eval/score.py accepts. With --promo-lift it adds the promotion lift predicted vs
 * actual on the same windows (bench/promo-lift.ts; default model classical).
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { runBacktest, type BacktestResult } from "../src/engine/evaluate/backtest";
import { getPanelModel, MODEL_NAMES } from "../src/engine/forecast/registry";
import { candidateSeason } from "../src/engine/forecast/season";
import type { ModelName, PanelModel } from "../src/engine/forecast/panel-model";
import type { SalesPanel } from "../src/engine/types";
import { readLongCsv } from "../src/cli/long-csv";
import { backtestCsv } from "../src/cli/backtest";
import { formatScoreTable } from "../src/cli/format";
import { reportTo } from "./report";

reportTo("accuracy"); // --write-docs: this run's output goes into docs/benchmarks.md

type Args = { file: string; horizon: number; windows: number; models: string[]; season?: number; augurs: boolean; outDir?: string; promoLift?: string[]; short?: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { file: "", horizon: 0, windows: 0, models: ["snaive", "ets", "croston", "classical", "auto"], augurs: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? "";
    if (a === "--horizon") args.horizon = Number(next());
    else if (a === "--windows") args.windows = Number(next());
    else if (a === "--models") args.models = next().split(",").map((s) => s.trim()).filter(Boolean);
    else if (a === "--season") args.season = Number(next());
    else if (a === "--no-augurs") args.augurs = false;
    else if (a === "--out-dir") args.outDir = next();
    else if (a === "--short") args.short = true;
    else if (a === "--promo-lift") args.promoLift = argv[i + 1] && !argv[i + 1].startsWith("--") ? next().split(",") : ["classical"];
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run bench:accuracy -- <long.csv> --horizon H --windows W [--models a,b] [--season m] [--no-augurs] [--out-dir DIR]");
      process.exit(0);
    } else if (!a.startsWith("--") && args.file === "") args.file = a;
    else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (!args.file || !(args.horizon >= 1) || !(args.windows >= 1)) {
    console.error("usage: npm run bench:accuracy -- <long.csv> --horizon H --windows W [--models a,b]");
    process.exit(2);
  }
  return args;
}

/** augurs MSTL (seasons [m]) + ETS trend, per series, quantiles from its intervals at levels 0.2..0.8, clipped at 0. */
async function augursModel(season: number): Promise<PanelModel> {
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(path.dirname(require.resolve("@bsull/augurs")), "mstl_bg.wasm");
  const mod = await import("@bsull/augurs/mstl");
  mod.initSync({ module: readFileSync(wasmPath) });
  const etsMod = await import("@bsull/augurs/ets");
  etsMod.initSync({ module: readFileSync(path.join(path.dirname(wasmPath), "ets_bg.wasm")) });
  return {
    name: `augurs MSTL(${season})+ETS`,
    async forecast(panel: SalesPanel, request) {
      let fallbacks = 0;
      const forecasts = panel.series.map((s) => {
        const y = s.values.slice(s.start, request.cutoff + 1);
        // MSTL needs two full seasons; with less history augurs' non-seasonal AutoETS ("ZZN") stands in, as one would.
        let model: { fit(y: number[]): void; predict(h: number, level?: number | null): ReturnType<InstanceType<typeof mod.MSTL>["predict"]>; free(): void };
        if (y.length >= 2 * season) {
          model = mod.MSTL.ets([season]);
        } else {
          model = new etsMod.AutoETS(1, "ZZN");
          fallbacks++;
        }
        model.fit(y);
        const values = request.quantiles.map(() => new Array<number>(request.horizon).fill(0));
        const central = (q: number) => Math.round(Math.abs(1 - 2 * q) * 1000) / 1000;
        const cache = new Map<number, ReturnType<typeof model.predict>>();
        request.quantiles.forEach((q, k) => {
          const level = central(q);
          let f = cache.get(level);
          if (!f) {
            f = model.predict(request.horizon, level > 0 ? level : null);
            cache.set(level, f);
          }
          for (let h = 0; h < request.horizon; h++) {
            const v = level === 0 || !f.intervals ? f.point[h] : q < 0.5 ? f.intervals.lower[h] : f.intervals.upper[h];
            values[k][h] = Math.max(0, Number.isFinite(v) ? v : 0);
          }
        });
        model.free();
        return { quantiles: [...request.quantiles], values };
      });
      if (fallbacks > 0) console.error(`augurs: ${fallbacks} series have less than two seasons before cutoff ${request.cutoff}: augurs AutoETS (no season) used for them`);
      return { forecasts, chosen: panel.series.map(() => "mstl+ets") };
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const panel = readLongCsv(readFileSync(args.file, "utf8"), args.file);
  const season = args.season ?? candidateSeason(panel.frequency);
  console.log(`${args.file}: ${panel.series.length} series, ${panel.frequency}, H=${args.horizon}, W=${args.windows}, MASE season ${season}`);
  const results: BacktestResult[] = [];
  const models: PanelModel[] = [];
  for (const name of args.models) {
    if (!(MODEL_NAMES as readonly string[]).includes(name)) {
      console.error(`unknown model ${name}; known: ${MODEL_NAMES.join(", ")}`);
      process.exit(2);
    }
    try {
      models.push(await getPanelModel(name as ModelName));
    } catch (e) {
      console.error(`skipping ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (args.augurs) models.push(await augursModel(season));
  for (const model of models) {
    const r = await runBacktest(panel, model, { horizon: args.horizon, windows: args.windows, season });
    results.push(r);
    console.error(`${model.name}: WQL ${r.scores.wql?.toFixed(4)} in ${r.seconds.toFixed(1)} s`);
    if (model.name === "auto" || model.name === "classical") {
      const counts = new Map<string, number>();
      for (const p of r.perSeries) for (const c of p.chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
      console.log(`${model.name} choices (SKU x window): ${[...counts].sort((x, y) => y[1] - x[1]).map(([c, n]) => `${c} ${n}`).join(", ")}`);
    }
    if (args.outDir) {
      mkdirSync(args.outDir, { recursive: true });
      const safe = model.name.replace(/[^A-Za-z0-9]+/g, "_");
      writeFileSync(path.join(args.outDir, `${safe}.csv`), backtestCsv(r));
    }
  }
  const reference = results.find((r) => r.model.startsWith("augurs")) ?? results.find((r) => r.model === "snaive");
  console.log(formatScoreTable(results, reference));
  if (args.promoLift) await (await import("./promo-lift")).promoLiftSection(panel, args.promoLift, args.horizon, args.windows);
  if (args.short) {
    // SKUs cut to 14/28/60 days (or weeks) of history on the same file and windows (bench/short-history.ts).
    console.log("\n## Short histories (new SKUs)\n");
    await (await import("./short-history")).shortHistorySection([args.file, "--horizon", String(args.horizon), "--windows", String(args.windows)]);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
