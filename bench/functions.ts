/**
 * Latency of TREND.FORECAST as Excel calls it (the exported function in src/functions/functions.ts, 2-D array
 * arguments), on a 730-point daily series: with the workbook's trained model cached in the runtime, and with the
 * classical fallback (no model). Uncached = every call sees new values (a cache miss); cached = a recalculation with
 * unchanged inputs. Also the time for 1,000 calls over 1,000 different SKUs, awaited one after another and started
 * together as in one recalculation (the model then answers them in batches).
 *
 *   npm run bench:functions            (TRENDCAST_BENCH_CALLS=200 for a quicker run)
 */
import * as tf from "../src/engine/forecast/tf";
import "@tensorflow/tfjs-backend-wasm";
import { forecast, formulaService } from "../src/functions/functions";
import { resetActiveModel, setActiveModel } from "../src/office/active-model";
import { TrainedModel } from "../src/engine/forecast/trained-model";
import type { SalesPanel } from "../src/engine/types";

const N = 730;
const CALLS = Number(process.env.TRENDCAST_BENCH_CALLS ?? 1000);
const SERIAL_START = 45292 - N; // ends 2024-01-01

function skuSales(k: number): number[] {
  const level = 5 + k * 0.173; // every SKU different, so each new-input call is a cache miss
  return Array.from({ length: N }, (_, i) =>
    Math.max(0, Math.round(level * (1 + 0.35 * Math.sin((2 * Math.PI * (i + k)) / 7)) * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 365)) + ((i * 7919 + k * 104729) % 7) - 3)),
  );
}
const column = (xs: number[]) => xs.map((x) => [x]);
const timeline = column(Array.from({ length: N }, (_, i) => SERIAL_START + i));

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function measure(label: string): Promise<string[]> {
  const uncached: number[] = [];
  const t0 = performance.now();
  for (let k = 0; k < CALLS; k++) {
    const values = column(skuSales(k));
    const t = performance.now();
    const out = await forecast(values, timeline, 28);
    uncached.push(performance.now() - t);
    if (out.length !== 28 || !Number.isFinite(out[0][0])) throw new Error(`${label}: bad result for SKU ${k}`);
  }
  if (formulaService().cache.hits > 0) throw new Error(`${label}: new inputs hit the cache; the SKUs are not all different`);
  const total = performance.now() - t0;
  const cached: number[] = [];
  const same = column(skuSales(0));
  for (let k = 0; k < 200; k++) {
    const t = performance.now();
    await forecast(same, timeline, 28);
    cached.push(performance.now() - t);
  }
  // One recalculation: Excel starts every formula of the sheet, then awaits them all.
  formulaService().cache.clear();
  const inputs = Array.from({ length: CALLS }, (_, k) => column(skuSales(k + CALLS)));
  const t1 = performance.now();
  const all = await Promise.all(inputs.map((values) => forecast(values, timeline, 28)));
  const together = performance.now() - t1;
  if (all.some((out) => out.length !== 28 || !Number.isFinite(out[0][0]))) throw new Error(`${label}: bad result in the concurrent run`);
  const u = stats(uncached);
  const c = stats(cached);
  return [label, u.median.toFixed(2), u.p95.toFixed(2), c.median.toFixed(3), c.p95.toFixed(3), (total / 1000).toFixed(2), (together / 1000).toFixed(2)];
}

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  await tf.ready();
  const rows: string[][] = [];

  resetActiveModel(async () => ({ status: "none" }));
  formulaService().cache.clear();
  rows.push(await measure("classical fallback (no trained model)"));

  const series = Array.from({ length: 20 }, (_, k) => ({ id: `SKU-${k + 1}`, start: 0, covariates: {}, values: skuSales(k) }));
  const panel: SalesPanel = { layout: "wide", frequency: "daily", timeline: timeline.map((r) => r[0] - 25569), series, covariateNames: [], issues: [] };
  const t = performance.now();
  const model = await TrainedModel.train(panel, { horizon: 28, budget: { samples: 5120 } });
  const trainS = (performance.now() - t) / 1000;
  setActiveModel(model, "trained");
  formulaService().cache.clear();
  rows.push(await measure(`trained attention model, cached in the runtime (${model.card.parameters} parameters)`));

  const head = ["answered by", "median ms (new inputs)", "p95 ms (new inputs)", "median ms (recalc, cached)", "p95 ms (recalc, cached)", `${CALLS} calls one after another, different SKUs (s)`, `${CALLS} calls in one recalculation (s)`];
  console.log(`TREND.FORECAST(values, timeline, 28) on a ${N}-point daily series, tfjs backend ${tf.getBackend()}, Node ${process.version}`);
  console.log(`(model trained for the benchmark in ${trainS.toFixed(1)} s: 20 SKUs, one epoch)\n`);
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  resetActiveModel(async () => ({ status: "none" }));
}

await main();
