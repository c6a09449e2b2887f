/**
 * Development benchmark of the trained models ("attention", "auto") on a long CSV, protocol backtest
 * (PROTOCOL.md §2). Prints scores, seconds, training samples/s and forecast ms per series; writes the forecast CSV
 * that shared/eval/score.py accepts.
 *
 *   npx tsx bench/attention-dev.ts <long.csv> --horizon H --windows W [--model auto|attention] [--seconds S] [--out FILE]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runBacktest } from "../src/engine/evaluate/backtest";
import { readLongCsv } from "../src/cli/long-csv";
import { backtestCsv } from "../src/cli/backtest";
import { ensureNodeBackend } from "../src/engine/forecast/attention/backend";
import { trainedPanelModel } from "../src/engine/forecast/auto";
import { reportTo } from "./report";

reportTo("attention-dev", { fence: true }); // --write-docs: this run's output goes into docs/benchmarks.md

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const file = argv[0];
const horizon = Number(opt("--horizon", "28"));
const windows = Number(opt("--windows", "4"));
const modelName = opt("--model", "auto") as "auto" | "attention";
const seconds = Number(opt("--seconds", "45"));
const out = opt("--out", "");
const backend = await ensureNodeBackend();
const panel = readLongCsv(readFileSync(file, "utf8"), file);
const model = trainedPanelModel(modelName, { seconds });
let lastTrain = "";
const result = await runBacktest(panel, model, {
  horizon,
  windows,
  onProgress: (p) => {
    if (/epoch \d+ of/.test(p.message)) lastTrain = p.message;
    else if (lastTrain) {
      console.error(`${lastTrain}`);
      lastTrain = "";
    }
  },
});
const s = result.scores;
console.log(`model ${modelName} backend ${backend} series ${panel.series.length} windows ${windows} H ${horizon}`);
console.log(JSON.stringify(s));
console.log(`seconds ${result.seconds.toFixed(1)}`);
const counts = new Map<string, number>();
for (const p of result.perSeries) for (const c of p.chosen) counts.set(c.split(" ")[0], (counts.get(c.split(" ")[0]) ?? 0) + 1);
console.log("choices", JSON.stringify(Object.fromEntries(counts)));
if (out) writeFileSync(out, backtestCsv(result));
