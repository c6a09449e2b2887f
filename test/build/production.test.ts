/**
 * The production build as a host serves it (docs/hosting.md): TRENDCAST_URL is required and checked, every script
 * name carries a content hash while taskpane.html, functions.json and manifest.xml keep theirs, the production
 * manifest has its own add-in Id and validates, the static hosts' configuration files send the headers the add-in
 * needs, each TREND.* function is associated exactly once, and the bundle carries one copy of tfjs-core (and not the
 * umbrella @tensorflow/tfjs with layers, converter and data).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { validateXML } from "xmllint-wasm";
import { NO_CACHE, PRODUCTION_ID, productionUrl } from "../../scripts/hosting.mjs";

const root = resolve(import.meta.dirname, "../..");
const webpackCli = join(root, "node_modules/webpack-cli/bin/cli.js");
const BASE = "https://addins.contoso.com/trendcast/";
const devManifest = readFileSync(join(root, "manifest.xml"), "utf8");

let out = "";
let stats: Stats;

type StatsModule = { identifier?: string; nameForCondition?: string; name?: string; chunks?: (string | number)[]; modules?: StatsModule[] };
type Stats = { modules: StatsModule[]; errors: unknown[] };

function build(env: Record<string, string | undefined>, outputPath: string, statsFile?: string) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.TRENDCAST_URL;
  delete childEnv.TRENDCAST_ADDIN_ID;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  const args = [webpackCli, "--mode", "production", "--output-path", outputPath, ...(statsFile ? ["--json", statsFile] : [])];
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env: childEnv, encoding: "utf8", timeout: 540_000, maxBuffer: 64 << 20 });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

before(() => {
  out = mkdtempSync(join(tmpdir(), "trendcast-prod-"));
  const statsFile = join(out, "..", `${out.split("/").pop()}-stats.json`);
  const r = build({ TRENDCAST_URL: BASE }, join(out, "dist"), statsFile);
  assert.equal(r.status, 0, `production build failed:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  stats = JSON.parse(readFileSync(statsFile, "utf8")) as Stats;
  rmSync(statsFile, { force: true });
});
after(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const dist = () => join(out, "dist");

test("TRENDCAST_URL is required, https, and ends with '/': the production build stops with a clear message", () => {
  assert.throws(() => productionUrl(undefined), /TRENDCAST_URL is not set.*TRENDCAST_URL=https:\/\/addins\.contoso\.com\/trendcast\/ npm run build/);
  assert.throws(() => productionUrl("https://addins.contoso.com/trendcast"), /must end with "\/".*did you mean TRENDCAST_URL=https:\/\/addins\.contoso\.com\/trendcast\/ \?/);
  assert.throws(() => productionUrl("http://addins.contoso.com/"), /must use https/);
  assert.throws(() => productionUrl("addins.contoso.com/"), /not an absolute URL/);
  assert.throws(() => productionUrl("https://addins.contoso.com/?v=2/"), /query or fragment/);
  assert.equal(productionUrl(BASE), BASE);
  for (const [value, message] of [
    [undefined, /TRENDCAST_URL is not set/],
    ["https://addins.contoso.com/trendcast", /must end with "\/"/],
  ] as const) {
    const scratch = mkdtempSync(join(tmpdir(), "trendcast-nourl-"));
    try {
      const r = build({ TRENDCAST_URL: value }, join(scratch, "dist"));
      assert.notEqual(r.status, 0, "the build must fail");
      assert.match(r.stdout + r.stderr, message);
      assert.equal(existsSync(join(scratch, "dist/manifest.xml")), false, "no manifest with an example host is written");
      assert.ok(r.seconds < 60, `failed after ${r.seconds} s; it should fail before compiling`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
});

test("every emitted script name carries a content hash; the pages Office loads by URL keep fixed names", () => {
  const files = readdirSync(dist(), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dist().length + 1));
  const scripts = files.filter((f) => f.endsWith(".js"));
  assert.ok(scripts.length > 3, `scripts: ${scripts.join(", ")}`);
  for (const s of scripts) assert.match(s, /\.[0-9a-f]{8}\.js$/, `${s} has no content hash`);
  for (const f of NO_CACHE) assert.ok(files.includes(f), `${f} missing from dist/`);
  const html = readFileSync(join(dist(), "taskpane.html"), "utf8");
  const srcs = [...html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g)].map((m) => m[1]).filter((s) => !s.startsWith("https://"));
  assert.ok(srcs.length >= 1, html);
  for (const s of srcs) {
    assert.match(s, /^taskpane\.[0-9a-f]{8}\.js$/);
    assert.ok(existsSync(join(dist(), s)), `taskpane.html loads ${s}, which was not emitted`);
  }
});

test("the production manifest points at TRENDCAST_URL, has its own add-in Id, and validates", async () => {
  const prod = readFileSync(join(dist(), "manifest.xml"), "utf8");
  const devId = /<Id>([^<]+)<\/Id>/.exec(devManifest)?.[1];
  const prodId = /<Id>([^<]+)<\/Id>/.exec(prod)?.[1];
  assert.equal(prodId, PRODUCTION_ID);
  assert.notEqual(prodId, devId, "development and production manifests must not share an add-in Id");
  assert.doesNotMatch(prod, /localhost/);
  assert.match(prod, /<SourceLocation DefaultValue="https:\/\/addins\.contoso\.com\/trendcast\/taskpane\.html"\/>/);
  assert.match(prod, /<bt:Url id="Functions\.Metadata\.Url" DefaultValue="https:\/\/addins\.contoso\.com\/trendcast\/functions\.json"\/>/);
  assert.match(prod, /<AppDomain>https:\/\/addins\.contoso\.com<\/AppDomain>/);
  const r = spawnSync(process.execPath, [join(root, "scripts/validate-manifest.mjs"), join(dist(), "manifest.xml")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("staticwebapp.config.json: CORS and no-cache on functions.json, no-cache on taskpane.html and manifest.xml, application/wasm", () => {
  const config = JSON.parse(readFileSync(join(dist(), "staticwebapp.config.json"), "utf8")) as {
    routes: { route: string; headers: Record<string, string> }[];
    mimeTypes: Record<string, string>;
  };
  const headers = (file: string) => config.routes.find((r) => r.route === `/trendcast/${file}`)?.headers ?? {};
  assert.equal(headers("functions.json")["Access-Control-Allow-Origin"], "*");
  for (const f of NO_CACHE) assert.equal(headers(f)["Cache-Control"], "no-cache", f);
  assert.equal(config.mimeTypes[".wasm"], "application/wasm");
  assert.equal(config.mimeTypes[".json"], "application/json");
  assert.ok(readdirSync(join(dist(), "wasm")).some((f) => f.endsWith(".wasm")), "the wasm binaries are in dist/wasm/");
});

test("web.config (IIS / App Service): well-formed, the same headers and MIME types", async () => {
  const xml = readFileSync(join(dist(), "web.config"), "utf8");
  const parsed = await validateXML({ xml: [{ fileName: "web.config", contents: xml }], normalization: "format" });
  assert.equal(parsed.valid, true, parsed.rawOutput);
  assert.match(xml, /<mimeMap fileExtension="\.wasm" mimeType="application\/wasm" \/>/);
  assert.match(xml, /<mimeMap fileExtension="\.json" mimeType="application\/json" \/>/);
  const location = (file: string) => new RegExp(`<location path="${file.replace(".", "\\.")}">([\\s\\S]*?)</location>`).exec(xml)?.[1] ?? "";
  assert.match(location("functions.json"), /<add name="Access-Control-Allow-Origin" value="\*" \/>/);
  for (const f of NO_CACHE) assert.match(location(f), /<clientCache cacheControlMode="DisableCache" \/>/, f);
});

test("each TREND.* function in functions.json is associated exactly once in the bundle", () => {
  const meta = JSON.parse(readFileSync(join(dist(), "functions.json"), "utf8")) as { functions: { id: string }[] };
  const ids = meta.functions.map((f) => f.id).sort();
  assert.deepEqual(ids, ["ACCURACY", "BAND", "FORECAST", "MODEL", "RESTOCK", "SEASONALITY"]);
  const counts = new Map<string, number>();
  for (const f of readdirSync(dist()).filter((f) => f.endsWith(".js"))) {
    for (const m of readFileSync(join(dist(), f), "utf8").matchAll(/\.associate\(\s*["']([A-Z.]+)["']/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries([...counts].sort()), Object.fromEntries(ids.map((id) => [id, 1])));
});

/**
 * Every source file the build bundled, once per module that carries it (webpack --json): a file on its own, or one
 * of the files concatenated (scope-hoisted) into a bigger module. Orphans (files only listed because they were
 * concatenated elsewhere) and ignored Node built-ins are left out.
 */
function bundledFiles(): { path: string; module: string; chunks: (string | number)[] }[] {
  const found: { path: string; module: string; chunks: (string | number)[] }[] = [];
  const walk = (modules: StatsModule[], parent: StatsModule | null) => {
    for (const m of modules) {
      if (m.modules) {
        walk(m.modules, m);
        continue;
      }
      const chunks = (parent ?? m).chunks ?? [];
      const path = m.nameForCondition ?? m.identifier ?? "";
      if (chunks.length === 0 || path.startsWith("ignored|") || /\(ignored\)/.test(m.name ?? "")) continue;
      found.push({ path, module: (parent ?? m).identifier ?? path, chunks });
    }
  };
  walk(stats.modules, null);
  return found;
}

test("the bundle analyser's module list has one copy of tfjs-core: one package, each of its files in one module", () => {
  const core = bundledFiles().filter((m) => m.path.includes("/@tensorflow/tfjs-core/"));
  assert.ok(core.length > 100, `only ${core.length} tfjs-core files found in the stats`);
  const roots = new Set(core.map((m) => m.path.slice(0, m.path.indexOf("/@tensorflow/tfjs-core/") + "/@tensorflow/tfjs-core".length)));
  assert.deepEqual([...roots], [join(root, "node_modules/@tensorflow/tfjs-core")], "tfjs-core comes from exactly one installed package");
  assert.deepEqual(
    core.filter((m) => /\/dist\/tf-core(\.\w+)*\.js$/.test(m.path)).map((m) => m.path),
    [],
    "a prebuilt tf-core bundle (a second copy beside dist/*.js)",
  );
  const modules = new Map<string, Set<string>>();
  for (const m of core) modules.set(m.path, (modules.get(m.path) ?? new Set()).add(m.module));
  const twice = [...modules].filter(([, ms]) => ms.size > 1).map(([path, ms]) => `${path} in ${[...ms].join(" and ")}`);
  assert.deepEqual(twice, [], "a tfjs-core file bundled into two modules runs twice");
  assert.equal(modules.get(join(root, "node_modules/@tensorflow/tfjs-core/dist/engine.js"))?.size, 1, "tfjs-core's engine is bundled once");
});

test("the pane does not bundle the umbrella @tensorflow/tfjs (layers, converter, data): only tfjs-core and the backends", () => {
  const packages = new Set<string>();
  for (const m of bundledFiles()) {
    const p = /\/node_modules\/(@tensorflow\/[^/]+)\//.exec(m.path);
    if (p) packages.add(p[1]);
  }
  const extra = [...packages].filter((p) => !/^@tensorflow\/tfjs-(core|backend-(cpu|webgl|wasm|webgpu))$/.test(p)).sort();
  assert.deepEqual(extra, [], `bundled tfjs packages beyond core and the backends: ${extra.join(", ")} (import @tensorflow/tfjs-core, not @tensorflow/tfjs)`);
});
