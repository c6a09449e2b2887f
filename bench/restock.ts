/**
 * Replenishment benchmark: replays real sales with the trendcast restock policy and the two baselines
 * (src/engine/restock/simulate.ts), daily and summed to weeks, at a service-level target and with costs, and prints a table.
 *
 *   npm run bench:restock -- [long.csv] [--weekly-periods 52] [--daily-periods 56] [--model classical]
 *                            [--daily-model ets] [--daily-history 365] [--only weekly|intermittent|daily]
 *
 * The daily replay forecasts 118 series at each of 56 reviews: it uses ETS alone by default (the classical chooser
 * runs a small backtest per series and review, several times slower).
 *
 * Default data: ../shared/data/pasta/pasta.long.csv. "At the same service level": the seasonal-naive baseline is
 * re-run with its z swept over service levels, and its average on hand is interpolated at the cycle service level
 * trendcast achieved.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ModelName } from "../src/engine/forecast/panel-model";
import { getPanelModel } from "../src/engine/forecast/registry";
import { simulateReplenishment, type PolicyMetrics, type SimulationOptions } from "../src/engine/restock/simulate";
import type { SalesPanel } from "../src/engine/types";
import { readLongCsv } from "../src/cli/long-csv";
import { seededRandom } from "../src/engine/random";
import { reportTo } from "./report";

reportTo("restock"); // --write-docs: this run's output goes into docs/benchmarks.md

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const file = argv.find((a, i) => !a.startsWith("--") && (i === 0 || !argv[i - 1].startsWith("--"))) ?? path.resolve("../shared/data/pasta/pasta.long.csv");
const weeklyPeriods = Number(option("weekly-periods", "52"));
const dailyPeriods = Number(option("daily-periods", "56"));
const dailyHistory = Number(option("daily-history", "365"));
const modelName = option("model", "classical") as ModelName;
const dailyModelName = option("daily-model", "ets") as ModelName;
const only = option("only", "");
const LEAD = 2;
const REVIEW = 1;
const TARGET = 0.95;
const H = 0.2;
const P = 1;

/** Sums a daily panel into weeks ending on its last day; a 0/1 covariate is 1 when set on 4 or more days. */
function toWeekly(daily: SalesPanel, salesPeriods: number): SalesPanel {
  const weeks = Math.floor(salesPeriods / 7);
  const offset = salesPeriods - weeks * 7;
  const timeline = Array.from({ length: weeks }, (_, w) => daily.timeline[offset + w * 7 + 6]);
  return {
    ...daily,
    frequency: "weekly",
    timeline,
    series: daily.series.map((s) => {
      const values = Array.from({ length: weeks }, (_, w) => {
        let sum = 0;
        for (let d = 0; d < 7; d++) sum += s.values[offset + w * 7 + d] ?? 0;
        return sum;
      });
      const covariates: Record<string, number[]> = {};
      for (const [k, xs] of Object.entries(s.covariates)) {
        const binary = xs.every((x) => x === 0 || x === 1);
        covariates[k] = Array.from({ length: weeks }, (_, w) => {
          let sum = 0;
          for (let d = 0; d < 7; d++) sum += xs[offset + w * 7 + d] ?? 0;
          return binary ? (sum >= 4 ? 1 : 0) : sum / 7;
        });
      }
      return { ...s, values, start: Math.floor(Math.max(0, s.start - offset) / 7), covariates };
    }),
  };
}

/** Average on hand of the seasonal-naive baseline at a given achieved cycle service level (interpolated). */
async function baselineAtLevel(panel: SalesPanel, base: SimulationOptions, achieved: number): Promise<{ onHand: number; note: string }> {
  const points: { csl: number; onHand: number }[] = [];
  for (const level of [0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999]) {
    const r = await simulateReplenishment(panel, { ...base, policies: ["snaive_normal"], baselineServiceLevel: level, keepRows: false });
    const m = r.metrics.snaive_normal as PolicyMetrics;
    points.push({ csl: m.cycle_service_level, onHand: m.avg_on_hand });
  }
  points.sort((a, b) => a.csl - b.csl);
  if (achieved <= points[0].csl) return { onHand: points[0].onHand, note: `baseline's lowest CSL ${points[0].csl}` };
  for (let i = 1; i < points.length; i++) {
    if (achieved <= points[i].csl) {
      const a = points[i - 1];
      const b = points[i];
      const w = b.csl > a.csl ? (achieved - a.csl) / (b.csl - a.csl) : 1;
      return { onHand: a.onHand + w * (b.onHand - a.onHand), note: "interpolated" };
    }
  }
  const last = points[points.length - 1];
  return { onHand: last.onHand, note: `baseline's highest CSL ${last.csl} is below` };
}

type Row = { data: string; mode: string; policy: string; m: PolicyMetrics; extra: string };

async function run(label: string, panel: SalesPanel, periods: number, historyWindow: number | undefined, name: ModelName): Promise<Row[]> {
  const model = await getPanelModel(name);
  const base: SimulationOptions = { periods, leadTime: LEAD, reviewPeriod: REVIEW, model, historyWindow, keepRows: false };
  const rows: Row[] = [];
  const t0 = Date.now();
  const sl = await simulateReplenishment(panel, { ...base, serviceLevel: TARGET, onProgress: (p) => process.stderr.write(`\r${label} service level: ${p.message}    `) });
  const slSeconds = (Date.now() - t0) / 1000;
  process.stderr.write("\n");
  const tc = sl.metrics.trendcast as PolicyMetrics;
  const same = await baselineAtLevel(panel, { ...base, serviceLevel: TARGET }, tc.cycle_service_level);
  rows.push({ data: label, mode: `service level ${TARGET}`, policy: "trendcast", m: tc, extra: `CSL - target ${(tc.cycle_service_level - TARGET >= 0 ? "+" : "") + ((tc.cycle_service_level - TARGET) * 100).toFixed(2)} pts; on hand / snaive_normal at same CSL (${same.onHand.toFixed(2)}, ${same.note}) = ${(tc.avg_on_hand / same.onHand).toFixed(3)}; ${slSeconds.toFixed(0)} s` });
  rows.push({ data: label, mode: `service level ${TARGET}`, policy: "snaive_normal", m: sl.metrics.snaive_normal as PolicyMetrics, extra: "z = 1.645" });
  rows.push({ data: label, mode: `service level ${TARGET}`, policy: "last_period", m: sl.metrics.last_period as PolicyMetrics, extra: "" });
  const t1 = Date.now();
  const cost = await simulateReplenishment(panel, { ...base, holdingCost: H, shortageCost: P, onProgress: (p) => process.stderr.write(`\r${label} costs: ${p.message}    `) });
  process.stderr.write("\n");
  const costSeconds = (Date.now() - t1) / 1000;
  const ctc = cost.metrics.trendcast as PolicyMetrics;
  const better = Math.min((cost.metrics.snaive_normal as PolicyMetrics).total_cost, (cost.metrics.last_period as PolicyMetrics).total_cost);
  rows.push({ data: label, mode: `costs H=${H} P=${P}`, policy: "trendcast", m: ctc, extra: `total cost / better baseline = ${(ctc.total_cost / better).toFixed(3)}; mean level ${(cost.meanLevel ?? 0).toFixed(3)}; ${costSeconds.toFixed(0)} s` });
  rows.push({ data: label, mode: `costs H=${H} P=${P}`, policy: "snaive_normal", m: cost.metrics.snaive_normal as PolicyMetrics, extra: `z = Phi^-1(${(P / (P + H * REVIEW)).toFixed(3)})` });
  rows.push({ data: label, mode: `costs H=${H} P=${P}`, policy: "last_period", m: cost.metrics.last_period as PolicyMetrics, extra: "" });
  return rows;
}

/**
 * Intermittent weekly stand-in: each weekly unit kept with probability 1 / (the SKU's mean weekly units), seeded, so
 * every SKU sells about one unit a week (45% of SKU-weeks without a sale on pasta), no covariates.
 */
function toIntermittent(weekly: SalesPanel): SalesPanel {
  const rng = seededRandom(20261129);
  return {
    ...weekly,
    covariateNames: [],
    series: weekly.series.map((s) => {
      const mean = s.values.reduce((a, v) => a + v, 0) / Math.max(1, s.values.length);
      const p = Math.min(1, 1 / Math.max(mean, 1e-9));
      const values = s.values.map((v) => {
        let kept = 0;
        for (let u = 0; u < Math.round(v); u++) if (rng() < p) kept++;
        return kept;
      });
      return { ...s, values, covariates: {} };
    }),
  };
}

async function main(): Promise<void> {
  if (!existsSync(file)) {
    process.stderr.write(`bench:restock: ${file} not found. Pass a long CSV (series_id,date,value[,covariates]) as the first argument.\n`);
    process.exitCode = 2;
    return;
  }
  const daily = readLongCsv(readFileSync(file, "utf8"), file);
  const salesPeriods = Math.max(...daily.series.map((s) => s.values.length));
  const rows: Row[] = [];
  if (only === "" || only === "weekly") rows.push(...(await run("weekly", toWeekly(daily, salesPeriods), weeklyPeriods, undefined, modelName)));
  if (only === "" || only === "intermittent") rows.push(...(await run("intermittent weekly", toIntermittent(toWeekly(daily, salesPeriods)), weeklyPeriods, undefined, modelName)));
  if ((only === "" || only === "daily") && daily.frequency === "daily") rows.push(...(await run("daily", daily, dailyPeriods, dailyHistory, dailyModelName)));
  const out = [
    `Replenishment replay of ${path.basename(file)}: ${daily.series.length} series, lead time ${LEAD}, review ${REVIEW}; weekly and intermittent weekly (thinned to ~1 unit a week): model ${modelName}, last ${weeklyPeriods} weeks; daily: model ${dailyModelName}, last ${dailyPeriods} days, model history ${dailyHistory} days`,
    "",
    "| data | target | policy | fill rate | cycle service level | avg on hand | lost units | total cost | notes |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) =>
      `| ${r.data} | ${r.mode} | ${r.policy} | ${r.m.fill_rate.toFixed(4)} | ${r.m.cycle_service_level.toFixed(4)} | ${r.m.avg_on_hand.toFixed(2)} | ${Math.round(r.m.lost_units)} | ${r.m.total_cost.toFixed(0)} | ${r.extra} |`,
    ),
  ];
  process.stdout.write(out.join("\n") + "\n");
}

await main();
