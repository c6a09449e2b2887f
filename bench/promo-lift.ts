/**
 * Promotion lift predicted vs actual on backtest windows (src/engine/evaluate/promo-lift.ts explains both figures).
 *
 *   npm run bench:promo -- <long.csv> --horizon H --windows W [--models classical,ets]
 *
 * Also run by `npm run bench:accuracy -- ... --promo-lift`. The data need a 0/1 promo column.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { measurePromoLift, formatPromoLift } from "../src/engine/evaluate/promo-lift";
import { getPanelModel } from "../src/engine/forecast/registry";
import type { ModelName } from "../src/engine/forecast/panel-model";
import type { SalesPanel } from "../src/engine/types";
import { readLongCsv } from "../src/cli/long-csv";

/** Prints the promotion-lift section for each model (used by bench/accuracy.ts with --promo-lift). */
export async function promoLiftSection(panel: SalesPanel, models: readonly string[], horizon: number, windows: number): Promise<void> {
  if (!panel.covariateNames.includes("promo")) {
    console.log("\nPromotion lift: the data have no promo column; nothing to measure.");
    return;
  }
  for (const name of models) {
    const t0 = performance.now();
    const report = await measurePromoLift(panel, await getPanelModel(name as ModelName), horizon, windows);
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
