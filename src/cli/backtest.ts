/**
 * `trendcast backtest <long.csv> --horizon H --windows W [--quantiles ...] [--model auto] [--season m] --out FILE`:
 * the protocol's rolling-origin backtest, written as `series_id,cutoff,date,q...` for shared/eval/score.py, and the
 * score table from our own metrics.
 */
import { runBacktest, type BacktestResult } from "../engine/evaluate/backtest";
import { epochDayToIso } from "../engine/ingest/dates";
import { getPanelModel, MODEL_NAMES } from "../engine/forecast/registry";
import { DEFAULT_QUANTILES } from "../engine/types";
import { assertInputFile, EXIT_CODES_HELP, intOption, modelOption, parseArgs, quantilesOption, readTextFile, UsageError } from "./args";
import { csvNumber, csvText } from "./csv-out";
import { formatScoreTable, progressBar } from "./format";
import { prepareOutput, writeOutput } from "./output";
import { readLongCsv } from "./long-csv";

export const BACKTEST_HELP = `Usage: trendcast backtest <long.csv> --horizon H --windows W --out forecasts.csv [options]

Rolling-origin backtest: cuts the data at W non-overlapping origins, each followed by H periods, forecasts each
window from the data up to its cutoff only (covariates up to cutoff + H), and writes one row per series, window and
step: series_id,cutoff,date,q0.1,...,q0.9 (shared/eval/score.py scores this file). Prints the score table.

Input: long CSV series_id,date,value[,covariate...] with ISO dates; 0/1 covariates such as promo are used as
plans known in advance.

Options:
  --horizon H          periods per window, 1 to 1000 (required)
  --windows W          number of windows, 1 to 1000 (required)
  --out FILE           forecast CSV to write (required); never the input file
  --force              replace --out if it exists
  --quantiles LIST     levels, default 0.1,0.2,...,0.9
  --model NAME         ${MODEL_NAMES.join(", ")} (default auto)
  --season m           MASE season, 1 to 1000 (default 7 daily, 52 weekly, 12 monthly)

A series_id that a spreadsheet would run as a formula (it starts with = + - @) is written with a leading '.

${EXIT_CODES_HELP}`;

const qLabel = (q: number) => `q${Number(q.toPrecision(6))}`;

/** The forecast CSV of a backtest: header series_id,cutoff,date,q..., rows in series, window, step order. */
export function backtestCsv(result: BacktestResult): string {
  const lines = [["series_id", "cutoff", "date", ...result.quantiles.map(qLabel)].join(",")];
  const order = [...result.rows].sort((a, b) => (a.seriesId < b.seriesId ? -1 : a.seriesId > b.seriesId ? 1 : a.cutoff - b.cutoff || a.date - b.date));
  for (const r of order) {
    lines.push([csvText(r.seriesId), epochDayToIso(r.cutoff), epochDayToIso(r.date), ...r.quantiles.map((v) => csvNumber(v))].join(","));
  }
  return lines.join("\n") + "\n";
}

export async function runBacktestCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["horizon", "windows", "quantiles", "model", "out", "season"], ["force"]);
  if (args.flags.has("help")) {
    process.stdout.write(BACKTEST_HELP);
    return 0;
  }
  if (args.positional.length !== 1) throw new UsageError("backtest needs exactly one input file: trendcast backtest <long.csv> --horizon H --windows W --out FILE");
  const horizon = intOption(args, "horizon", undefined, 1, 1000);
  const windows = intOption(args, "windows", undefined, 1, 1000);
  const season = args.options.has("season") ? intOption(args, "season", undefined, 1, 1000) : undefined;
  const quantiles = quantilesOption(args, DEFAULT_QUANTILES);
  const out = args.options.get("out");
  if (!out) throw new UsageError("backtest needs --out FILE.csv for the forecasts.");
  const modelName = modelOption(args, "auto");
  const file = args.positional[0];
  assertInputFile(file);
  const target = prepareOutput(out, { inputs: [file], force: args.flags.has("force") });
  const text = readTextFile(file);
  const panel = readLongCsv(text, file);
  const model = await getPanelModel(modelName);
  const bar = progressBar("backtest");
  const result = await runBacktest(panel, model, { horizon, windows, quantiles, season, onProgress: (p) => bar.update(p.fraction, p.message) });
  bar.done();
  writeOutput(target, backtestCsv(result));
  process.stdout.write(`Wrote ${result.rows.length} rows (${panel.series.length} series x ${windows} windows x ${horizon} steps) to ${out}\n`);
  const hasLevels = [0.1, 0.5, 0.9].every((l) => quantiles.some((q) => Math.abs(q - l) < 1e-9));
  if (hasLevels) process.stdout.write(formatScoreTable([result]) + "\n");
  else process.stdout.write("Scores need the levels 0.1, 0.5 and 0.9; add them to --quantiles to see the table.\n");
  return 0;
}
