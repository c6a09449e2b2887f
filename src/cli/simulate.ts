/**
 * `trendcast simulate <long.csv> --periods N --lead-time L --review R [--service-level 0.95 | --holding-cost H
 * --shortage-cost P] [--initial state.csv] [--model auto] [--json] --out orders.csv`: replays the last N periods of
 * real sales with our restock policy and two baselines (engine/simulate.ts) and reports fill rate, cycle service
 * level, average on hand, lost units and total cost for each.
 */
import { epochDayToIso } from "../engine/ingest/dates";
import type { PanelModel } from "../engine/forecast/panel-model";
import { getPanelModel, MODEL_NAMES, seriesInputAt } from "../engine/forecast/registry";
import { classicalForecaster } from "../engine/forecast/models/index";
import {
  DEFAULT_HOLDING_COST,
  DEFAULT_SHORTAGE_COST,
  simulateReplenishment,
  SIMULATION_POLICIES,
  type InitialState,
  type SimulationResult,
} from "../engine/restock/simulate";
import { TrendcastError, type SalesPanel } from "../engine/types";
import { parseCsv } from "../engine/ingest/csv";
import { lastSaleIndex } from "../engine/ingest/history-end";
import { ingestGrid } from "../engine/ingest/ingest";
import { assertInputFile, describeFailure, EXIT_CODES_HELP, intOption, modelOption, numberOption, parseArgs, readTextFile, UsageError } from "./args";
import { csvNumber, csvText } from "./csv-out";
import { describeIssue } from "./forecast";
import { progressBar } from "./format";
import { readLongCsv } from "./long-csv";
import { prepareOutput, writeOutput } from "./output";
import { csvToGrid } from "./workbook";

export const SIMULATE_HELP = `Usage: trendcast simulate <long.csv> --periods N --lead-time L --review R --out orders.csv [options]

Replays the last N periods of real sales. At each review (every R periods) every policy orders, seeing only the
sales before that period; an order arrives L periods later; each period's real sales are the demand, met from
stock, and unmet demand is lost. Policies, all in the same run:
  trendcast      our forecast (--model) -> quantile sample paths over L + R -> order-up-to at the target,
                 self-calibrating from the stock-outs it has seen; with costs, at the service level whose
                 shadow books cost least on the periods seen so far (from a warm-up just before the replay)
  snaive_normal  seasonal naive + normal safety stock z * sigma * sqrt(L + R)
  last_period    orders what it sold in the last review period
Without --initial every policy starts with on hand = the sales of the L + R periods before the first replayed one.

Options:
  --periods N          recent periods to replay (required)
  --lead-time L        periods from order to delivery, whole, >= 0 (required)
  --review R           periods between orders, whole, >= 1 (default 1)
  --service-level A    cycle service level target, 0 < A < 1 (default 0.95)
  --holding-cost H     cost per unit on hand per period     } together: target P / (P + H R)
  --shortage-cost P    cost per lost unit                   }
                       (costs are reported with H = ${DEFAULT_HOLDING_COST}, P = ${DEFAULT_SHORTAGE_COST} when not given)
  --initial FILE       start state CSV: series_id,on_hand,on_order_1,... (on_order_k arrives in replayed period k)
  --model NAME         forecaster of the trendcast policy: ${MODEL_NAMES.join(", ")} (default auto: trained once on the sales before the replay)
  --history-window W   most recent periods the model sees at each review (default: all)
  --calibration-step G how fast the trendcast policy adapts its bands to observed stock-outs (default 0.05)
  --train-seconds S    with --model auto or attention: training budget (default 60). The model is trained once
                       on the sales before the first replayed period and then forecasts at every review from the
                       history up to that review.
  --out FILE           orders CSV to write: series_id,date,policy,on_hand,order,received,demand,sold,lost;
                       never an input file
  --force              replace --out if it exists
  --json               print only one JSON object with the scores on stdout (progress goes to stderr)

Sales: the strict long CSV series_id,date,value[,covariate...]; a file that is not one (a wide table, say) is read
with the general reader, and the command says so. Negative sales (returns) are counted as 0 demand, with a
warning naming the series.

Scores: fill_rate = sold / demand; cycle_service_level = share of series-review-cycles (the R periods from one
review to the next) without a lost sale; avg_on_hand = mean closing stock per series and period; lost_units;
total_cost = H * (sum of closing stock) + P * lost units.

${EXIT_CODES_HELP}`;

/** Reads `series_id,on_hand,on_order_1,...`; every problem names the file and line. */
export function readInitialState(text: string, file: string, panel: SalesPanel): Map<string, InitialState> {
  const rows = parseCsv(text).filter((r) => !(r.length === 1 && r[0].trim() === ""));
  if (rows.length === 0) throw new TrendcastError(`${file} is empty. Expected a header series_id,on_hand[,on_order_1,...].`, "bad-initial-state");
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const iId = header.indexOf("series_id");
  const iHand = header.indexOf("on_hand");
  if (iId < 0 || iHand < 0) throw new TrendcastError(`${file}, line 1: the header must name series_id and on_hand (found: ${rows[0].join(", ")}).`, "bad-initial-state");
  const orderCols: { index: number; k: number }[] = [];
  header.forEach((h, i) => {
    const m = /^on_order_(\d+)$/.exec(h);
    if (m) orderCols.push({ index: i, k: Number(m[1]) });
  });
  if (orderCols.some((c) => c.k < 1)) throw new TrendcastError(`${file}, line 1: on_order columns are numbered from 1 (on_order_1 arrives in the first replayed period).`, "bad-initial-state");
  const known = new Set(panel.series.map((s) => s.id));
  const out = new Map<string, InitialState>();
  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const row = rows[r];
    const id = (row[iId] ?? "").trim();
    if (id === "") throw new TrendcastError(`${file}, line ${line}: series_id is empty.`, "bad-initial-state");
    if (!known.has(id)) throw new TrendcastError(`${file}, line ${line}: series "${id}" is not in the sales file. Remove the line or fix the id.`, "bad-initial-state");
    if (out.has(id)) throw new TrendcastError(`${file}, line ${line}: series "${id}" appears twice. Keep one line per series.`, "bad-initial-state");
    const num = (text: string | undefined, what: string): number => {
      const t = (text ?? "").trim();
      const v = t === "" ? 0 : Number(t);
      if (!Number.isFinite(v) || v < 0) throw new TrendcastError(`${file}, line ${line}: ${what} "${t}" must be a number of units, 0 or more.`, "bad-initial-state");
      return v;
    };
    const onOrder: number[] = [];
    for (const c of orderCols) onOrder[c.k - 1] = num(row[c.index], `on_order_${c.k}`);
    for (let k = 0; k < onOrder.length; k++) onOrder[k] ??= 0;
    out.set(id, { onHand: num(row[iHand], "on_hand"), onOrder });
  }
  return out;
}

/**
 * "auto" / "attention" for the replay: one model trained on the sales before the first replayed period, then
 * asked at every review with the history up to that review (no retraining per review: training per review would
 * take a minute each; the model never sees a period after its review). Series it does not accept (too short) get
 * the classical chooser.
 */
async function trainedOnceModel(
  name: "auto" | "attention",
  panel: SalesPanel,
  lastTrainingIndex: number,
  horizon: number,
  seconds: number,
  io: CommandIo,
): Promise<PanelModel> {
  const { ensureNodeBackend } = await import("../engine/forecast/attention/backend");
  await ensureNodeBackend();
  const { TrainedModel } = await import("../engine/forecast/trained-model");
  const bar = progressBar("train");
  const trained = await TrainedModel.train(panel, {
    horizon,
    cutoff: lastTrainingIndex,
    selection: name === "auto",
    budget: { seconds },
    onProgress: (p) => bar.update(p.fraction, `epoch ${p.epoch} of ${p.epochs} on ${p.backend}`),
  });
  bar.done();
  io.stderr(`Trained ${name} on the ${lastTrainingIndex + 1} periods before the replay (${trained.card.backend}, ${trained.card.trainingSeconds.toFixed(0)} s).\n`);
  const fallback = classicalForecaster("classical");
  return {
    name,
    async forecast(view, request) {
      const inputs = view.series.map((_, i) => seriesInputAt(view, i, request.cutoff, request.horizon));
      const accepted = inputs.map((input, i) => ({ input, i })).filter(({ input }) => input.values.length > 0 && trained.accepts(input));
      const forecasts = new Array<PanelForecastItem>(inputs.length);
      const chosen = new Array<string>(inputs.length).fill(name);
      const many = trained.forecastMany(accepted.map((a) => a.input), request.horizon, request.quantiles);
      accepted.forEach((a, k) => (forecasts[a.i] = many[k]));
      inputs.forEach((input, i) => {
        if (forecasts[i]) return;
        forecasts[i] =
          input.values.length > 0
            ? fallback.fit(input).predict(request.horizon, request.quantiles)
            : { quantiles: [...request.quantiles], values: request.quantiles.map(() => new Array<number>(request.horizon).fill(0)) };
        chosen[i] = "classical (too little history for the trained model)";
      });
      return { forecasts, chosen };
    },
  };
}

type PanelForecastItem = Awaited<ReturnType<PanelModel["forecast"]>>["forecasts"][number];

/**
 * Long CSV through the strict reader (same as `backtest`); another layout through the general ingest, saying so
 * and listing what ingest found. Negative sales (returns) are counted as 0 demand, with a warning.
 */
export function readSales(text: string, file: string, warn: (line: string) => void): SalesPanel {
  let panel: SalesPanel;
  try {
    panel = readLongCsv(text, file);
  } catch (strictError) {
    if (!(strictError instanceof TrendcastError)) throw strictError;
    const general = ingestGrid(csvToGrid(text, file.split(/[\\/]/).pop() ?? file), { negatives: "clip" });
    if (general.series.length === 0) throw strictError;
    warn(
      `note: ${file} is not a strict long CSV series_id,date,value (${strictError.message.replace(`${file}, `, "").replace(/\.$/, "")}); ` +
        `read it with the general reader instead: ${general.layout} layout, ${general.series.length} series, ${general.frequency}.`,
    );
    for (const issue of general.issues.slice(0, 10)) warn(`  ${describeIssue(issue)}`);
    if (general.issues.length > 10) warn(`  ... and ${general.issues.length - 10} more problem(s)`);
    return general;
  }
  const clipped: string[] = [];
  let total = 0;
  for (const s of panel.series) {
    let count = 0;
    let first = -1;
    for (let t = 0; t < s.values.length; t++) {
      if (s.values[t] < 0) {
        if (first < 0) first = t;
        count++;
        s.values[t] = 0;
      }
    }
    if (count > 0) {
      total += count;
      clipped.push(`${s.id} (${count}, first on ${epochDayToIso(panel.timeline[first])})`);
    }
  }
  if (total > 0) {
    const shown = clipped.slice(0, 5).join(", ") + (clipped.length > 5 ? ` and ${clipped.length - 5} more series` : "");
    warn(`warning: ${file} has ${total} negative sales value(s) (returns?) in ${clipped.length} series: ${shown}. Counted as 0 demand (nothing sold) in the replay.`);
  }
  return panel;
}

export function ordersCsv(result: SimulationResult): string {
  const lines = ["series_id,date,policy,on_hand,order,received,demand,sold,lost"];
  for (const r of result.rows) {
    lines.push([csvText(r.series_id), epochDayToIso(r.date), r.policy, csvNumber(r.on_hand), csvNumber(r.order), csvNumber(r.received), csvNumber(r.demand), csvNumber(r.sold), csvNumber(r.lost)].join(","));
  }
  return lines.join("\n") + "\n";
}

export function formatSimulationTable(result: SimulationResult): string {
  const head = ["policy", "fill_rate", "cycle_service_level", "avg_on_hand", "lost_units", "total_cost"];
  const lines = [head.join(" | "), head.map(() => "---").join(" | ")];
  for (const name of SIMULATION_POLICIES) {
    const m = result.metrics[name];
    if (!m) continue;
    lines.push([name, m.fill_rate.toFixed(4), m.cycle_service_level.toFixed(4), m.avg_on_hand.toFixed(2), String(Math.round(m.lost_units)), m.total_cost.toFixed(1)].join(" | "));
  }
  return lines.map((l) => `| ${l} |`).join("\n");
}

/** Where the command writes: the process streams, or a test's collectors. */
export type CommandIo = { stdout: (text: string) => void; stderr: (text: string) => void };

const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

async function simulate(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ["periods", "lead-time", "review", "service-level", "holding-cost", "shortage-cost", "initial", "model", "out", "history-window", "train-seconds", "calibration-step"], ["json", "force"]);
  if (args.flags.has("help")) {
    io.stdout(SIMULATE_HELP);
    return 0;
  }
  if (args.positional.length !== 1) throw new UsageError("simulate needs exactly one sales file: trendcast simulate <long.csv> --periods N --lead-time L --review R --out orders.csv");
  const periods = intOption(args, "periods", undefined, 1, 100_000);
  const leadTime = intOption(args, "lead-time", undefined, 0, 1000);
  const reviewPeriod = intOption(args, "review", 1, 1, 1000);
  const serviceLevel = numberOption(args, "service-level", 0, 1, true, "0.95 for 95%");
  const holdingCost = numberOption(args, "holding-cost", 0, 1e9);
  const shortageCost = numberOption(args, "shortage-cost", 0, 1e9);
  if ((holdingCost === undefined) !== (shortageCost === undefined)) throw new UsageError("Give both --holding-cost and --shortage-cost, or neither.");
  if (holdingCost !== undefined && shortageCost !== undefined && (!(holdingCost > 0) || !(shortageCost > 0)))
    throw new UsageError("--holding-cost and --shortage-cost must both be above 0.");
  if (serviceLevel !== undefined && holdingCost !== undefined)
    throw new UsageError("Give either --service-level or --holding-cost with --shortage-cost, not both: costs set the service level P / (P + H R).");
  const calibrationStep = numberOption(args, "calibration-step", 0, 1, false, "0.05 (0 = no calibration)");
  const trainSeconds = args.options.has("train-seconds") ? intOption(args, "train-seconds", undefined, 1, 86_400) : 60;
  const historyWindow = args.options.has("history-window") ? intOption(args, "history-window", undefined, 2, 1_000_000) : undefined;
  const out = args.options.get("out");
  const json = args.flags.has("json");
  const modelName = modelOption(args, "auto");
  const file = args.positional[0];
  const initialFile = args.options.get("initial");
  for (const f of [file, ...(initialFile ? [initialFile] : [])]) assertInputFile(f);
  const output = out ? prepareOutput(out, { inputs: [file, ...(initialFile ? [initialFile] : [])], force: args.flags.has("force") }) : undefined;
  const text = readTextFile(file);
  const panel = readSales(text, file, (line) => io.stderr(line + "\n"));
  let initial: Map<string, InitialState> | undefined;
  if (initialFile) {
    initial = readInitialState(readTextFile(initialFile), initialFile, panel);
  }
  const model =
    modelName === "auto" || modelName === "attention"
      ? await trainedOnceModel(modelName, panel, lastSaleIndex(panel) - periods, leadTime + reviewPeriod, trainSeconds, io)
      : await getPanelModel(modelName);
  const bar = progressBar("simulate");
  const started = Date.now();
  const result = await simulateReplenishment(panel, {
    periods,
    leadTime,
    reviewPeriod,
    serviceLevel,
    holdingCost,
    shortageCost,
    initial,
    model,
    historyWindow,
    calibrationStep,
    keepRows: out !== undefined,
    onProgress: (p) => bar.update(p.fraction, p.message),
  });
  bar.done();
  if (output) writeOutput(output, ordersCsv(result));
  if (json) {
    io.stdout(JSON.stringify(result.metrics) + "\n");
    if (out) io.stderr(`Wrote ${result.rows.length} rows to ${out}\n`);
    return 0;
  }
  const first = epochDayToIso(panel.timeline[result.first]);
  const last = epochDayToIso(panel.timeline[result.last]);
  const target = holdingCost !== undefined ? `costs H=${result.holdingCost}, P=${result.shortageCost} (target ${result.targetLevel.toFixed(3)})` : `service level ${result.targetLevel}`;
  io.stdout(
    `Replayed ${periods} periods (${first} .. ${last}) of ${panel.series.length} series, lead time ${leadTime}, review ${reviewPeriod}, ${target}, model ${modelName}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  io.stdout(formatSimulationTable(result) + "\n");
  if (holdingCost === undefined) io.stdout(`(total_cost with H=${result.holdingCost} per unit per period, P=${result.shortageCost} per lost unit)\n`);
  if (out) io.stdout(`Wrote ${result.rows.length} rows to ${out}\n`);
  return 0;
}

/** The `simulate` command. Returns the exit code: 0 done, 1 bad data, 2 bad usage (as every command). */
export async function runSimulate(args: string[], io: CommandIo = processIo): Promise<number> {
  try {
    return await simulate(args, io);
  } catch (e) {
    const failure = describeFailure("simulate", e);
    io.stderr(failure.message);
    return failure.code;
  }
}
