/**
 * Accuracy on pasta daily and on the two weekly stand-ins (bench/make-standins.py), every model side by side, by the
 * evaluation protocol, in one run.
 *   npm run bench:accuracy-suite -- [pasta.long.csv] [--tune] [--write-docs]
 *   --tune   the windows just before the scored ones (constants are chosen there, never on the scored windows)
 */
import { execFileSync } from "node:child_process";
import { reportTo } from "./report";

reportTo("accuracy-suite"); // --write-docs: this run's output goes into docs/benchmarks.md

const args = process.argv.slice(2);
const tune = args.includes("--tune");
const src = args.find((a) => !a.startsWith("--")) ?? "../shared/data/pasta/pasta.long.csv";
const dir = ".tmp/standins";
const suffix = tune ? ".tune" : "";
execFileSync("python3", ["bench/make-standins.py", src, dir], { stdio: ["ignore", "ignore", "inherit"] });

const models = "snaive,ets,croston,classical,auto";
const runs: { title: string; file: string; horizon: number; windows: number }[] = [
  { title: "pasta daily (H 28, W 4)", file: tune ? `${dir}/daily.tune.csv` : src, horizon: 28, windows: 4 },
  { title: "pasta weekly stand-in: 118 SKUs x 140 weeks, promo + holiday flags (H 13, W 3)", file: `${dir}/weekly${suffix}.csv`, horizon: 13, windows: 3 },
  { title: "intermittent weekly stand-in: 118 SKUs x 156 weeks, 45% zeros, no covariates (H 8, W 4)", file: `${dir}/intermittent${suffix}.csv`, horizon: 8, windows: 4 },
];
for (const run of runs) {
  // The child's table goes through this process's stdout, so --write-docs records it.
  process.stdout.write(`\n### ${run.title}\n\n`);
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench/accuracy.ts", run.file, "--horizon", String(run.horizon), "--windows", String(run.windows), "--models", models], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(out);
}
