/**
 * Browser test harness: serves dist/ from a local node:http server, launches Chromium through playwright-core (the
 * build npm installs with @sparticuz/chromium, or CHROMIUM_PATH: see chromium.ts; a missing browser fails at once,
 * never skips and never hangs), and routes office.js's CDN URL to the Excel stand-in, optionally preloaded with a
 * saved workbook state (to reopen "the same workbook").
 */
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { BASE_FLAGS, LAUNCH_TIMEOUT_MS, resolveChromium } from "./chromium";

export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const root = resolve(import.meta.dirname, "../..");
export const dist = join(root, "dist");
const standinPath = join(root, "test/browser/excel-standin.js");
export const artifacts = join(root, "test-artifacts");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
};

/** Serves `dir` (dist/ by default) on 127.0.0.1. The server does not keep the process alive on its own, so a test
 * whose browser fails to start ends instead of waiting forever on the open port. */
export async function serveDist(dir = dist): Promise<{ server: Server; base: string }> {
  if (!existsSync(join(dir, "taskpane.html"))) throw new Error(`${join(dir, "taskpane.html")} is missing: run \`npm run build:dev\` first.`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}/` };
}

/** Starts headless Chromium; fails within seconds (ChromiumMissingError, with what to do) when there is none. */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  const setup = await resolveChromium();
  return chromium.launch({
    executablePath: setup.executablePath,
    env: { ...process.env, ...setup.env },
    args: [...BASE_FLAGS, ...setup.args, ...extraArgs],
    timeout: LAUNCH_TIMEOUT_MS,
  });
}

/** Opens the pane on a workbook state (null: a fresh workbook with one empty sheet). */
export async function openPane(browser: Browser, base: string, state: unknown | null, viewport = { width: 420, height: 900 }): Promise<Page> {
  // Reduced motion: Fluent UI then skips its colour transitions, so checks (axe's contrast, screenshots) never see
  // a button half-way between its disabled and enabled colours.
  const page = await browser.newPage({ viewport, reducedMotion: "reduce" });
  page.on("pageerror", (e) => console.error("[page error]", e.message));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") console.error(`[page ${m.type()}]`, m.text());
  });
  await page.route(OFFICE_JS, (route) =>
    route.fulfill({
      contentType: "text/javascript",
      body: `window.__STANDIN_STATE__ = ${state ? JSON.stringify(state) : "null"};\n${readFileSync(standinPath, "utf8")}`,
    }),
  );
  await page.goto(`${base}taskpane.html`);
  await page.getByRole("button", { name: "Use selection" }).waitFor({ timeout: 30_000 });
  return page;
}

/** A daily sales sheet, wide layout: Date + one column per SKU, with one typing slip ("n/a") to report. */
export function salesSheet(days = 210): { values: (string | number | null)[][]; formats: (string | null)[][] } {
  const skus = ["Umbrella", "Sunscreen", "+Promo Pack"];
  const values: (string | number | null)[][] = [["Date", ...skus]];
  const formats: (string | null)[][] = [[null, null, null, null]];
  let seed = 11;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const weekly = [0.7, 0.9, 1, 1, 1.2, 1.6, 1.3];
  for (let d = 0; d < days; d++) {
    const serial = 45658 + d; // 2025-01-01
    const row: (string | number | null)[] = [serial];
    skus.forEach((_s, k) => {
      const level = [30, 12, 5][k] * (1 + d / 600);
      row.push(Math.max(0, Math.round(level * weekly[(serial + 1) % 7] * (0.85 + 0.3 * rand()))));
    });
    values.push(row);
    formats.push(["yyyy-mm-dd", null, null, null]);
  }
  values[40][2] = "n/a";
  return { values, formats };
}

/** Renders a stand-in sheet (cells, table styling, charts) as HTML and saves a screenshot of it. */
export async function screenshotSheet(browser: Browser, from: Page, sheet: string, path: string, rows = 22, cols = 11): Promise<void> {
  const html = await from.evaluate(({ sheet, rows, cols }) => (window as unknown as StandinWindow).__standin.sheetHtml(sheet, rows, cols), { sheet, rows, cols });
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.setContent(`<!doctype html><html><head><style>
    body { font: 12px "Segoe UI", "DejaVu Sans", sans-serif; margin: 12px; }
    .tabs { margin-bottom: 6px } .tab { padding: 3px 10px; border: 1px solid #c8c6c4; margin-right: 2px; background: #f3f2f1 }
    .tab.on { background: #fff; border-bottom-color: #fff; font-weight: 600; color: #107c41 }
    table.grid { border-collapse: collapse } .grid th { background: #f3f2f1; color: #605e5c; font-weight: 400; padding: 2px 6px; border: 1px solid #e1dfdd }
    .grid td { border: 1px solid #e1dfdd; padding: 2px 6px; white-space: nowrap; max-width: 220px; overflow: hidden; text-overflow: ellipsis }
    td.num { text-align: right } td.hdr { background: #107c41; color: #fff; font-weight: 600 } td.band { background: #e9f5ee }
    td.fx { color: #0f6cbd } .more { color: #605e5c } figure.chart { display: inline-block; margin: 10px 10px 0 0 }
  </style></head><body>${html}</body></html>`);
  await page.screenshot({ path, fullPage: true });
  await page.close();
}

export type StandinWindow = {
  __standin: {
    workbook: {
      sheets: { name: string; tables: { name: string; address: string }[]; charts: { title: string; source: { sheet: string; address: string }; anchor: string; lineStyles: Record<string, string> }[] }[];
      selection: { sheet: string; address: string };
      parts: { id: string; namespace: string; xml: string }[];
    };
    stats: { runs: number; syncs: number; maxRequestBytes: number; formulaErrors: { formula: string; message: string }[] };
    functions: Map<string, (...args: unknown[]) => unknown>;
    select(sheet: string, address: string): void;
    addSheet(name: string, values: unknown[][], formats?: unknown[][]): void;
    sheetNames(): string[];
    values(sheet: string, address?: string): unknown[][];
    formulas(sheet: string, address?: string): (string | null)[][];
    exportState(): unknown;
    sheetHtml(sheet: string, rows?: number, cols?: number): string;
  };
};

/** A stand-in workbook state with one "Sales" sheet holding these cells, selected. */
export function workbookState(values: unknown[][], formats: (string | null)[][]): unknown {
  const cells: Record<string, { v?: unknown; nf?: string }> = {};
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      const nf = formats[r]?.[c];
      if ((v === null || v === undefined || v === "") && !nf) return;
      cells[`${r},${c}`] = { ...(v === null || v === undefined || v === "" ? {} : { v }), ...(nf ? { nf } : {}) };
    }),
  );
  const cols = Math.max(...values.map((r) => r.length));
  const last = String.fromCharCode(64 + cols);
  return {
    sheets: [{ name: "Sales", cells, tables: [], charts: [] }],
    active: "Sales",
    selection: { sheet: "Sales", address: `A1:${last}${values.length}` },
    parts: [],
    nextId: 1,
  };
}
