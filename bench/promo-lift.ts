/**
 * Promotion lift predicted vs actual on backtest windows (src/engine/evaluate/promo-lift.ts explains both figures).
 *
 *   npm run bench:promo -- <long.csv> --horizon H --windows W [--models classical,ets,auto]
 *
 * auto / attention train once per window (45 s budget, warm started like the accuracy backtest) and forecast twice
 * with that one model; classical models are fitted per request, which is deterministic.
 *
 * Also run by `npm run bench:accuracy -- ... --promo-lift`. The data need a 0/1 promo column.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { measurePromoLift, formatPromoLift, panelModelPair, withoutPromotions, type PromoPair } from "../src/engine/evaluate/promo-lift";
import { getPanelModel } from "../src/engine/forecast/registry";
import { seriesInputAt, type ModelName } from "../src/engine/forecast/panel-model";
import { classicalForecaster } from "../src/engine/forecast/models/index";
import { DEFAULT_QUANTILES, type QuantileForecast, type SalesPanel } from "../src/engine/types";
import { reportTo } from "./report";

reportTo("promo-lift"); // --write-docs: this run's output goes into docs/benchmarks.md

/**
 * The trained model ("auto": per-SKU selection, "attention": the network alone), trained once per cutoff (warm
 * started from the previous cutoff, as the accuracy backtest does) and asked twice: the what-if is the same model.
 */
async function trainedPair(panel: SalesPanel, name: "auto" | "attention", horizon: number, seconds: number): Promise<PromoPair> {
  const { TrainedModel } = await import("../src/engine/forecast/trained-model");
  let previous: Uint8Array | undefined;
  const classical = classicalForecaster("classical");
  return async (cutoff) => {
    const model = await TrainedModel.train(panel, { horizon, cutoff, seed: 42, budget: { seconds }, selection: name === "auto", resumeFrom: previous });
    previous = model.toBytes();
    const run = (p: SalesPanel): QuantileForecast[] =>
      p.series.map((_, i) => {
        const input = seriesInputAt(p, i, cutoff, horizon);
        if (input.values.length === 0) return { quantiles: [...DEFAULT_QUANTILES], values: DEFAULT_QUANTILES.map(() => new Array<number>(horizon).fill(0)) };
        return model.accepts(input) ? model.forecast(input, horizon, DEFAULT_QUANTILES) : classical.fit(input).predict(horizon, DEFAULT_QUANTILES);
      });
    try {
      return { withPromo: run(panel), without: run(withoutPromotions(panel, cutoff, horizon)) };
    } finally {
      model.dispose();
    }
  };
}
import { readLongCsv } from "../src/cli/long-csv";

/** Prints the promotion-lift section for each model (used by bench/accuracy.ts with --promo-lift). */
export async function promoLiftSection(panel: SalesPanel, models: readonly string[], horizon: number, windows: number): Promise<void> {
  if (!panel.covariateNames.includes("promo")) {
    console.log("\nPromotion lift: the data have no promo column; nothing to measure.");
    return;
  }
  for (const name of models) {
    const t0 = performance.now();
    const pair =
      name === "auto" || name === "attention"
        ? await trainedPair(panel, name, horizon, 45)
        : panelModelPair(panel, await getPanelModel(name as ModelName), horizon);
    const report = await measurePromoLift(panel, pair, name, horizon, windows);
    console.log(`\n${formatPromoLift(report)}\n(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let file = "";
  let horizon = 28;
  let windows = 4;
  let models = ["classical"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--horizon") horizon = Number(argv[++i]);
    else if (a === "--windows") windows = Number(argv[++i]);
    else if (a === "--models") models = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (!a.startsWith("--") && file === "") file = a;
    else {
      console.error(`unknown argument ${a}\nusage: npm run bench:promo -- <long.csv> --horizon H --windows W [--models classical,ets]`);
      process.exit(2);
    }
  }
  if (!file) {
    console.error("usage: npm run bench:promo -- <long.csv> --horizon H --windows W [--models classical,ets]");
    process.exit(2);
  }
  const panel = readLongCsv(readFileSync(file, "utf8"), file);
  await promoLiftSection(panel, models, horizon, windows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
