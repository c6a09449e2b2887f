/**
 * npm run bench:pane — the pane's figures:
 *   1. read + parse a 100,000-cell selection (adapter readSelection over the Excel stand-in, then ingestGrid),
 *   2. write 10,000 forecast rows (buildResultSheets + writeSheets over the stand-in, chunked requests),
 *   3. the pane's first render in headless Chromium (production build, office.js routed to the stand-in),
 *   4. initial JavaScript of the pane (raw and gzip) vs the lazily loaded chunks (tfjs backends, engine),
 *   5. the longest task on the pane's thread (PerformanceObserver "longtask", Chromium) while "Use selection" reads
 *      and ingests a 1,000,000-cell selection (20,000 rows x 50 columns; ingest runs in a worker). The pane shares
 *      its thread with the custom functions and Office restarts a runtime that does not answer for about 5 s.
 * Builds the production bundle into .tmp/dist-bench (so dist/ used by the tests is left alone).
 * Options: --skip-build (reuse .tmp/dist-bench), --runs N (default 5).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "../test/browser/harness";
import { ingestGrid } from "../src/engine/ingest/ingest";
import type { QuantileForecast, SalesPanel } from "../src/engine/types";
import type { ModelCard } from "../src/engine/forecast/trained-model";
import { readSelection } from "../src/office/read";
import { buildResultSheets } from "../src/office/results";
import { writeSheets } from "../src/office/write";
import { reportTo } from "./report";

reportTo("pane"); // --write-docs: this run's output goes into docs/benchmarks.md

const root = resolve(import.meta.dirname, "..");
const out = join(root, ".tmp/dist-bench");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 5;

type Standin = {
  addSheet(name: string, values: unknown[][], formats?: unknown[][]): void;
  select(sheet: string, address: string): void;
  stats: { syncs: number; maxRequestBytes: number; requestBytes: number[] };
  workbook: { sheets: { name: string }[] };
};

function loadStandin(): Standin {
  const g = globalThis as unknown as Record<string, unknown>;
  g.window = globalThis;
  g.__STANDIN_STATE__ = undefined;
  new Function(readFileSync(join(root, "test/browser/excel-standin.js"), "utf8"))();
  return g.__standin as Standin;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

// 1. Read + parse 100,000 cells: 1 date column + 49 SKU columns x 2,000 days.
const standin = loadStandin();
const days = 2000;
const skus = 49;
const values: unknown[][] = [["Date", ...Array.from({ length: skus }, (_x, k) => `SKU-${k + 1}`)]];
const formats: unknown[][] = [["General", ...Array(skus).fill("General")]];
for (let d = 0; d < days - 1; d++) {
  values.push([45000 + d, ...Array.from({ length: skus }, (_x, k) => ((d * 7 + k * 13) % 40) + (d % 7 === 5 ? 15 : 0))]);
  formats.push(["yyyy-mm-dd", ...Array(skus).fill("General")]);
}
standin.addSheet("Sales", values, formats);
standin.select("Sales", `A1:AX${days}`);
let panel: SalesPanel | null = null;
const readTimes: number[] = [];
const parseTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const grid = await readSelection();
  const t1 = performance.now();
  panel = ingestGrid(grid);
  readTimes.push(t1 - t0);
  parseTimes.push(performance.now() - t1);
}
if (!panel || panel.series.length !== skus) throw new Error(`expected ${skus} SKUs, got ${panel?.series.length}`);

// 2. Write 10,000 forecast rows: 100 SKUs x 100 periods, 9 quantiles.
const quantiles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const big: SalesPanel = {
  ...panel,
  series: Array.from({ length: 100 }, (_x, i) => ({ ...panel!.series[i % skus], id: `SKU-${i + 1}` })),
};
const forecasts = new Map<string, QuantileForecast>(
  big.series.map((s, i) => [s.id, { quantiles, values: quantiles.map((q) => Array.from({ length: 100 }, (_x, h) => 10 + i + h * q)) }]),
);
const card: ModelCard = {
  trainedAt: new Date().toISOString(), backend: "wasm", frequency: "daily", seriesCount: 100, periods: days - 1,
  firstDate: "2023-03-15", lastDate: "2028-09-03", horizon: 100, dataFingerprint: "bench", settings: {}, scores: {},
  perSku: [], parameters: 28000, trainingSeconds: 0,
};
const specs = buildResultSheets({
  panel: big, forecasts, level: 0.8, chartSkus: [], card, modelFor: () => "attention", inventory: [], restock: new Map(),
}).slice(0, 1);
let requests = 0;
let maxBytes = 0;
const writeTimes = await timeIt(async () => {
  const before = standin.stats.syncs;
  await writeSheets(specs, { mode: "new" });
  requests = standin.stats.syncs - before;
  maxBytes = standin.stats.maxRequestBytes;
});
const rowsWritten = specs[0].blocks[0].rows.length - 1;

// 3 + 4. Production build, first render in Chromium, initial JS size.
if (!args.includes("--skip-build") || !existsSync(join(out, "taskpane.html"))) {
  execFileSync(process.execPath, [join(root, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production", "--output-path", out], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, TRENDCAST_URL: process.env.TRENDCAST_URL ?? "https://localhost:3000/" },
  });
}
const html = readFileSync(join(out, "taskpane.html"), "utf8");
const initialScripts = [...html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g)].map((m) => m[1]).filter((s) => !s.startsWith("http"));
const initialBytes = initialScripts.map((s) => readFileSync(join(out, s)));
const initialRaw = initialBytes.reduce((a, b) => a + b.length, 0);
const initialGzip = initialBytes.reduce((a, b) => a + gzipSync(b).length, 0);
const lazy = readdirSync(out).filter((f) => f.endsWith(".js") && !initialScripts.includes(f));
const lazyRaw = lazy.reduce((a, f) => a + statSync(join(out, f)).size, 0);

const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png" };
const server = createServer((req, res) => {
  const file = join(out, new URL(req.url ?? "/", "http://x").pathname);
  if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const browser = await launch();
const standinJs = readFileSync(join(root, "test/browser/excel-standin.js"), "utf8");
const renders: number[] = [];
const BIG_ROWS = 20_000;
const BIG_COLS = 50;
let big1M: { wallMs: number; longestMs: number; longTasks: number; facts: string } | null = null;
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    await page.route("https://appsforoffice.microsoft.com/lib/1/hosted/office.js", (r) => r.fulfill({ contentType: "text/javascript", body: standinJs }));
    await page.goto(`${base}taskpane.html`);
    await page.getByRole("button", { name: "Use selection" }).waitFor();
    renders.push(await page.evaluate(() => performance.getEntriesByName("trendcast-rendered")[0]?.startTime ?? Number.NaN));
    await page.close();
  }

  // 5. Use selection on 1,000,000 cells, with a long-task observer (plain JavaScript in the page).
  const page = await browser.newPage();
  await page.route("https://appsforoffice.microsoft.com/lib/1/hosted/office.js", (r) => r.fulfill({ contentType: "text/javascript", body: standinJs }));
  await page.goto(`${base}taskpane.html`);
  await page.getByRole("button", { name: "Use selection" }).waitFor();
  await page.evaluate(`(async ({ rows, cols }) => {
    const values = [["Date"]];
    const formats = [[null]];
    for (let k = 1; k < cols; k++) { values[0].push("SKU-" + k); formats[0].push(null); }
    for (let d = 0; d < rows - 1; d++) {
      const row = [30000 + d];
      for (let k = 1; k < cols; k++) row.push(((d * 7 + k * 13) % 40) + (d % 7 === 5 ? 15 : 0));
      values.push(row);
      formats.push(["yyyy-mm-dd"]);
    }
    window.__standin.addSheet("Big", values, formats);
    window.__standin.select("Big", "A1:AX" + rows);
  })(${JSON.stringify({ rows: BIG_ROWS, cols: BIG_COLS })})`);
  // A long task is reported when it ends: start observing in a later task than the one that built the sheet.
  await page.evaluate(`new Promise((r) => setTimeout(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ entryTypes: ["longtask"] });
    r();
  }, 300))`);
  const t0 = Date.now();
  await page.getByRole("button", { name: "Use selection" }).click();
  const facts = page.getByLabel("What Trendcast understood");
  await facts.waitFor({ timeout: 300_000 });
  const wallMs = Date.now() - t0;
  await page.waitForTimeout(500);
  const long = (await page.evaluate("window.__long")) as number[];
  big1M = { wallMs, longestMs: long.length ? Math.max(...long) : 0, longTasks: long.length, facts: (await facts.innerText()).replace(/\s+/g, " ") };
  await page.close();
} finally {
  await browser.close();
  server.close();
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(`Trendcast pane benchmark (${runs} runs each, median; node ${process.version})\n`);
console.log("| measure | result |");
console.log("|---|---|");
console.log(`| read 100,000-cell selection (${days} rows x 50 columns, stand-in, chunked) | ${ms(readTimes)} |`);
console.log(`| parse it (ingestGrid: ${skus} SKUs x ${panel.timeline.length} days) | ${ms(parseTimes)} |`);
console.log(`| write ${rowsWritten.toLocaleString("en-US")} forecast rows x ${specs[0].blocks[0].rows[0].length} columns (stand-in) | ${ms(writeTimes)}; ${requests} requests, largest ${kb(maxBytes)} |`);
console.log(`| pane first render (production build, headless Chromium, from navigation start) | ${ms(renders)} |`);
console.log(`| initial JavaScript (${initialScripts.join(", ")}) | ${kb(initialRaw)} raw, ${kb(initialGzip)} gzip |`);
console.log(`| loaded lazily (${lazy.length} chunks: tfjs + backends, engine, worker) | ${kb(lazyRaw)} raw |`);
if (big1M) {
  console.log(
    `| Use selection on ${(BIG_ROWS * BIG_COLS).toLocaleString("en-US")} cells (${BIG_ROWS.toLocaleString("en-US")} rows x ${BIG_COLS} columns, stand-in, ingest in a worker; 1 run): longest task on the pane's thread | ` +
      `${big1M.longestMs.toFixed(0)} ms (${big1M.longTasks} tasks over 50 ms; ${(big1M.wallMs / 1000).toFixed(1)} s to the summary) |`,
  );
  if (!/SKUs\s*49/.test(big1M.facts)) console.error(`unexpected summary: ${big1M.facts}`);
}
