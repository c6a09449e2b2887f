/**
 * Runs the backends lab in real headless Chromium: bundles lab.ts with webpack's Node API (config beside this
 * file), serves the bundle on localhost with node:http (cross-origin isolated, so wasm threads are possible) and
 * opens it in headless Chromium (see ../chromium.ts) through playwright-core with a fresh profile. Used by test/browser/backends.test.ts
 * and bench/backends.ts.
 */
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import webpack from "webpack";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import config, { outputDir } from "./webpack.config.js";
import { BASE_FLAGS, LAUNCH_TIMEOUT_MS, resolveChromium, type ChromiumSetup } from "../chromium";

export const CHROMIUM_FLAGS = [...BASE_FLAGS, "--enable-unsafe-webgpu"];

export async function buildLab(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString("errors-only")));
      resolve();
    });
  });
}

const TYPES: Record<string, string> = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Trendcast backends lab</title></head><body><script src="lab.js"></script></body></html>`;

export function serveLab(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname).replace(/^\/+/, "") || "index.html";
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp", "Cache-Control": "no-store" };
    if (name === "index.html") {
      res.writeHead(200, { ...headers, "Content-Type": TYPES[".html"] });
      res.end(PAGE);
      return;
    }
    const file = path.join(outputDir, name);
    if (!file.startsWith(outputDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers);
      res.end("not found");
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/index.html` });
    });
  });
}

export type Lab = { page: Page; chromium: ChromiumSetup; close(): Promise<void> };

/** Builds, serves and opens the lab; fails (never skips) when Chromium is missing. */
export async function openLab(): Promise<Lab> {
  const setup = await resolveChromium();
  await buildLab();
  const { server, url } = await serveLab();
  const profile = mkdtempSync(path.join(tmpdir(), "trendcast-lab-"));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: setup.executablePath,
      env: { ...process.env, ...setup.env },
      headless: true,
      args: [...CHROMIUM_FLAGS, ...setup.args],
      timeout: LAUNCH_TIMEOUT_MS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => console.error("lab page error:", e.message));
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as unknown as { labReady?: boolean }).labReady === true, null, { timeout: 60000 });
    const ctx = context;
    return {
      page,
      chromium: setup,
      async close() {
        await ctx.close();
        server.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
