/**
 * `trendcast demo`: forecasts the bundled sample workbook (samples/sample-sales.xlsx, made by scripts/make-sample.ts)
 * into out/demo-forecast.xlsx, then prints a rolling-origin backtest of our models against seasonal naive.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runBacktest, type BacktestResult } from "../engine/evaluate/backtest";
import type { ModelName } from "../engine/forecast/panel-model";
import { getPanelModel } from "../engine/forecast/registry";
import { EXIT_CODES_HELP, modelOption, parseArgs, UsageError } from "./args";
import { forecastFile } from "./forecast";
import { formatScoreTable, progressBar } from "./format";
import { readXlsx, TRENDCAST_MARK } from "./xlsx";

export const DEMO_HELP = `Usage: trendcast demo [--model NAME] [--out FILE.xlsx] [--force] [--backtest-auto]

Forecasts the bundled sample workbook samples/sample-sales.xlsx (a few dozen SKUs, two years of daily sales with
promotions, intermittent SKUs and some data problems) 28 days ahead into out/demo-forecast.xlsx, then prints a
backtest (4 windows of 28 days) of our classical models against seasonal naive.

Options:
  --model NAME       model for the forecast (default auto: the trained attention model with per-SKU choice)
  --out FILE.xlsx    where to write (default out/demo-forecast.xlsx)
  --force            replace --out even if it is not an earlier demo output
  --backtest-auto    also backtest auto (trains it once per window: several minutes on a laptop CPU)

Run it as often as you like: demo replaces the workbook it wrote itself on an earlier run (Trendcast marks the
files it writes; a workbook saved since in Excel or LibreOffice no longer counts as demo's own). Any other
existing file at --out is left alone unless you add --force.

${EXIT_CODES_HELP}`;

/**
 * Whether a file is a workbook that \`trendcast demo\` wrote and nobody has saved since: demo's mark in its
 * properties, and Trendcast still the last to modify it.
 */
export function isOwnDemoOutput(file: string): boolean {
  try {
    const { core } = readXlsx(readFileSync(file));
    const words = (core.keywords ?? "").split(/\s+/);
    return words.includes(TRENDCAST_MARK) && words.includes("demo") && core.creator === "Trendcast" && core.lastModifiedBy === "Trendcast";
  } catch {
    return false;
  }
}

/** The package folder: the nearest folder above this module (src/cli/ or the built bin/) with samples/ in it. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    if (existsSync(path.join(dir, "samples"))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
}
export const SAMPLE_WORKBOOK = path.join(packageRoot(), "samples", "sample-sales.xlsx");

export async function runDemoCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["out", "model"], ["backtest-auto", "force"]);
  if (args.flags.has("help")) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  if (args.positional.length > 0) throw new UsageError("demo takes no input file; use `trendcast forecast <file>` for your own data.");
  if (!existsSync(SAMPLE_WORKBOOK)) throw new UsageError(`The sample workbook ${SAMPLE_WORKBOOK} is missing. Run \`npm run sample\` to make it.`);
  const out = args.options.get("out") ?? path.join("out", "demo-forecast.xlsx");
  if (!/\.xlsx$/i.test(out)) throw new UsageError(`demo writes a workbook: --out must end in .xlsx (got "${out}").`);
  process.stdout.write(`Trendcast demo: forecasting ${path.relative(process.cwd(), SAMPLE_WORKBOOK)} (sheet Sales, promotion plan on sheet Promotions)\n`);
  const modelName = modelOption(args, "auto");
  const t0 = performance.now();
  const outcome = await forecastFile({
    file: SAMPLE_WORKBOOK,
    sheet: "Sales",
    horizon: 28,
    level: 0.8,
    model: modelName,
    out,
    backtest: false,
    force: args.flags.has("force"),
    mayReplace: isOwnDemoOutput,
    kind: "demo",
  });
  const p = outcome.panel;
  const took = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(`Forecast ${p.series.length} SKUs x ${outcome.horizon} days with ${modelName} in ${took} s; wrote ${outcome.out} (sheets Forecast, Restock, Model)\n`);
  const counts = new Map<string, number>();
  for (const c of outcome.forecast.chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
  process.stdout.write(`Model per SKU: ${[...counts].map(([k, v]) => `${k} ${v}`).join(", ")}\n\n`);
  const results: BacktestResult[] = [];
  const names: ModelName[] = [...(args.flags.has("backtest-auto") ? (["auto"] as ModelName[]) : []), "classical", "ets", "croston", "snaive"];
  const bar = progressBar("backtest");
  for (let k = 0; k < names.length; k++) {
    const model = await getPanelModel(names[k]);
    results.push(await runBacktest(p, model, { horizon: 28, windows: 4, onProgress: (e) => bar.update((k + e.fraction) / names.length, `${names[k]} ${e.message}`) }));
  }
  bar.done();
  process.stdout.write(`Backtest: 4 windows x 28 days, only data up to each cutoff (promotion plan known ahead)\n`);
  process.stdout.write(formatScoreTable(results, results.find((r) => r.model === "snaive")) + "\n");
  return 0;
}
