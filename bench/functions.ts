/**
 * Latency of TREND.FORECAST as Excel calls it (the exported function in src/functions/functions.ts, 2-D array
 * arguments), on a 730-point daily series: with the workbook's trained model cached in the runtime, and with the
 * classical fallback (no model). Uncached = every call sees new values (a cache miss); cached = a recalculation with
 * unchanged inputs. Also the time for 1,000 calls over 1,000 different SKUs, awaited one after another and started
 * together as in one recalculation (the model then answers them in batches).
 *
 * Then the long-task figure: the production build in headless Chromium over the Excel stand-in, 1,000 formulas
 * =TREND.FORECAST(Sales!X2:X731, Sales!A2:A731, 28) written at once (the stand-in evaluates them as Excel's
 * recalculation does), with a PerformanceObserver on "longtask" entries: the longest task on the runtime's thread,
 * with the classical fallback and with the trained model loaded from the workbook. Office restarts an add-in's
 * runtime after about 5 s without a response; the target is under 1 s.
 *
 *   npm run bench:functions            (TRENDCAST_BENCH_CALLS=200 for a quicker run)
 *   npm run bench:functions -- --chromium-only [--skip-build]   (only the long-task figure; reuses .tmp/dist-bench)
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve } from "node:path";
import { launch } from "../test/browser/harness";
import * as tf from "../src/engine/forecast/tf";
import "@tensorflow/tfjs-backend-wasm";
import { forecast, formulaService } from "../src/functions/functions";
import { resetActiveModel, setActiveModel } from "../src/office/active-model";
import { TrainedModel } from "../src/engine/forecast/trained-model";
import type { SalesPanel } from "../src/engine/types";
import { encodeModelXml, MODEL_NAMESPACE } from "../src/office/model-store";
import { reportTo } from "./report";

reportTo("functions"); // --write-docs: this run's output goes into docs/benchmarks.md

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

const args = process.argv.slice(2);
/** Formulas per invocation message in the stand-in (Excel sends a recalculation's invocations in batches). */
const INVOCATION_BATCH = 50;
const root = resolve(import.meta.dirname, "..");
const benchDist = join(root, ".tmp/dist-bench");

type LongTaskRun = { wallMs: number; longestMs: number; longTasks: number; longTotalMs: number; numbers: number; errors: string[] };

/**
 * 1,000 TREND.FORECAST formulas in the built add-in in headless Chromium (stand-in recalculation path), with a
 * long-task observer. `part`: the workbook's stored model (null: no model, the classical fallback answers).
 */
async function chromiumRecalc(part: { namespace: string; xml: string } | null): Promise<LongTaskRun> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png" };
  const server = createServer((req, res) => {
    const file = join(benchDist, new URL(req.url ?? "/", "http://x").pathname);
    if (!file.startsWith(benchDist) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launch();
  try {
    const state = part
      ? { sheets: [{ name: "Sheet1", cells: {}, tables: [], charts: [] }], active: "Sheet1", selection: { sheet: "Sheet1", address: "A1" }, parts: [{ id: "{part-1}", ...part }], nextId: 2 }
      : null;
    const standinJs = readFileSync(join(root, "test/browser/excel-standin.js"), "utf8");
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error("[page error]", e.message));
    await page.route("https://appsforoffice.microsoft.com/lib/1/hosted/office.js", (r) =>
      r.fulfill({ contentType: "text/javascript", body: `window.__STANDIN_STATE__ = ${JSON.stringify(state)};\n${standinJs}` }),
    );
    await page.goto(`${base}taskpane.html`);
    await page.getByRole("button", { name: "Use selection" }).waitFor({ timeout: 60_000 });
    // Plain JavaScript in the page (no tsx helpers): build the Sales sheet, write the formulas, wait for every result.
    const script = `(async ({ calls, n, start }) => {
      const s = window.__standin;
      const letters = (i) => { let x = i + 1, out = ""; while (x > 0) { const r = (x - 1) % 26; out = String.fromCharCode(65 + r) + out; x = Math.floor((x - 1) / 26); } return out; };
      const values = [["Date"]];
      for (let k = 0; k < calls; k++) values[0].push("SKU-" + (k + 1));
      for (let i = 0; i < n; i++) {
        const row = [start + i];
        for (let k = 0; k < calls; k++) {
          const level = 5 + k * 0.173;
          row.push(Math.max(0, Math.round(level * (1 + 0.35 * Math.sin((2 * Math.PI * (i + k)) / 7)) * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 365)) + ((i * 7919 + k * 104729) % 7) - 3)));
        }
        values.push(row);
      }
      s.addSheet("Sales", values);
      s.addSheet("Calc", []);
      s.setInvocationBatch(${INVOCATION_BATCH});
      const formulas = [];
      for (let k = 0; k < calls; k++) {
        const c = letters(k + 1);
        formulas.push(["=TREND.FORECAST(Sales!" + c + "2:" + c + (n + 1) + ",Sales!A2:A" + (n + 1) + ",28)"]);
      }
      // End the task that built the sheet before observing: a long task is reported when it ends.
      await new Promise((r) => setTimeout(r, 300));
      const durations = [];
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) durations.push(e.duration); });
      observer.observe({ entryTypes: ["longtask"] });
      await new Promise((r) => setTimeout(r, 200));
      const t0 = performance.now();
      await Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Calc").getRange("A1:A" + calls).formulas = formulas;
        await context.sync();
      });
      for (;;) {
        let done = 0;
        for (let k = 0; k < calls; k++) if (s.result("Calc", "A" + (k + 1)) !== null) done++;
        if (done === calls) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const wallMs = performance.now() - t0;
      await new Promise((r) => setTimeout(r, 500));
      observer.disconnect();
      const results = [];
      for (let k = 0; k < calls; k++) results.push(s.result("Calc", "A" + (k + 1)));
      const errors = results.filter((r) => !Array.isArray(r)).map((r) => JSON.stringify(r)).slice(0, 3);
      const numbers = results.filter((r) => Array.isArray(r) && r.length === 28 && Number.isFinite(r[0][0])).length;
      return { wallMs, longestMs: durations.length ? Math.max(...durations) : 0, longTasks: durations.length, longTotalMs: durations.reduce((a, b) => a + b, 0), numbers, errors };
    })(${JSON.stringify({ calls: CALLS, n: N, start: SERIAL_START })})`;
    return (await page.evaluate(script)) as LongTaskRun;
  } finally {
    await browser.close();
    server.close();
  }
}

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  await tf.ready();
  const rows: string[][] = [];
  const nodeRuns = !args.includes("--chromium-only");

  if (nodeRuns) {
    resetActiveModel(async () => ({ status: "none" }));
    formulaService().cache.clear();
    rows.push(await measure("classical fallback (no trained model)"));
  }

  const series = Array.from({ length: 20 }, (_, k) => ({ id: `SKU-${k + 1}`, start: 0, covariates: {}, values: skuSales(k) }));
  const panel: SalesPanel = { layout: "wide", frequency: "daily", timeline: timeline.map((r) => r[0] - 25569), series, covariateNames: [], issues: [] };
  const t = performance.now();
  const model = await TrainedModel.train(panel, { horizon: 28, budget: { samples: 5120 } });
  const trainS = (performance.now() - t) / 1000;
  const part = { namespace: MODEL_NAMESPACE, xml: encodeModelXml(model.toBytes(), model.card) };
  if (nodeRuns) {
    setActiveModel(model, "trained");
    formulaService().cache.clear();
    rows.push(await measure(`trained attention model, cached in the runtime (${model.card.parameters} parameters)`));

    const head = ["answered by", "median ms (new inputs)", "p95 ms (new inputs)", "median ms (recalc, cached)", "p95 ms (recalc, cached)", `${CALLS} calls one after another, different SKUs (s)`, `${CALLS} calls in one recalculation (s)`];
    console.log(`TREND.FORECAST(values, timeline, 28) on a ${N}-point daily series, tfjs backend ${tf.getBackend()}, Node ${process.version}`);
    console.log(`(model trained for the benchmark in ${trainS.toFixed(1)} s: 20 SKUs, one epoch)\n`);
    console.log(`| ${head.join(" | ")} |`);
    console.log(`|${head.map(() => "---").join("|")}|`);
    for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  }
  resetActiveModel(async () => ({ status: "none" }));

  if (!args.includes("--skip-build") || !existsSync(join(benchDist, "taskpane.html"))) {
    execFileSync(process.execPath, [join(root, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production", "--output-path", benchDist], { cwd: root, stdio: "ignore", env: { ...process.env, TRENDCAST_URL: process.env.TRENDCAST_URL ?? "https://localhost:3000/" } });
  }
  const longRows: string[][] = [];
  for (const [label, p] of [["classical fallback (no trained model)", null], ["trained model stored in the workbook (loaded by the first formula)", part]] as const) {
    const r = await chromiumRecalc(p);
    if (r.numbers !== CALLS) throw new Error(`${label}: ${r.numbers} of ${CALLS} formulas gave a forecast; errors ${r.errors.join("; ")}`);
    longRows.push([label, (r.wallMs / 1000).toFixed(2), r.longestMs.toFixed(0), String(r.longTasks), (r.longTotalMs / 1000).toFixed(2)]);
  }
  console.log(`\n${CALLS} formulas =TREND.FORECAST(values, timeline, 28) written at once, production build in headless Chromium over the Excel stand-in (its recalculation path), PerformanceObserver "longtask":\n`);
  const head2 = ["answered by", "all results (s)", "longest task (ms)", "long tasks (> 50 ms)", "time in long tasks (s)"];
  console.log(`| ${head2.join(" | ")} |`);
  console.log(`|${head2.map(() => "---").join("|")}|`);
  for (const r of longRows) console.log(`| ${r.join(" | ")} |`);
}

await main();
