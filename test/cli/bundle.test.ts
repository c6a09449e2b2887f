// Issue 10 §4 / 13 §3: the command line ships as built JavaScript (bin/trendcast.js) that needs only production
// dependencies, so `npm ci --omit=dev && npx trendcast ...` works; the add-in's sources never pull the CLI's
// .xlsx code. (The full `npm ci --omit=dev` install is checked by test/cli/omit-dev-check.sh, run by hand.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUNDLE = path.join(ROOT, "bin", "trendcast.js");

test("bin/trendcast.js is what src/cli builds to (else: npm run build:cli)", () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-cli.mjs"), "--check"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("bin/trendcast.js imports only Node built-ins and production dependencies", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; bin: Record<string, string> };
  assert.equal(pkg.bin.trendcast, "bin/trendcast.js");
  const text = readFileSync(BUNDLE, "utf8");
  assert.ok(text.startsWith("#!/usr/bin/env node\n"));
  assert.ok((statSync(BUNDLE).mode & 0o111) !== 0, "bin/trendcast.js must be executable");
  const specifiers = new Set<string>();
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|(?:^|\n)\s*import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\brequire\(\s*"([^"]+)"\s*\)/g)) {
    specifiers.add(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  assert.ok(specifiers.size > 0);
  for (const s of specifiers) {
    if (s.startsWith("node:") || builtinModules.includes(s)) continue;
    assert.ok(!s.startsWith("."), `relative import left in the bundle: ${s}`);
    const name = s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0];
    assert.ok(name in pkg.dependencies, `bin/trendcast.js imports ${s}, which is not a production dependency`);
  }
});

test("the built command runs: --help exits 0, a usage error exits 2 without a stack trace", () => {
  const help = spawnSync(process.execPath, [BUNDLE, "--help"], { encoding: "utf8" });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Exit codes/);
  const missing = spawnSync(process.execPath, [BUNDLE, "forecast", path.join(ROOT, "no-such-file.csv")], { encoding: "utf8" });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Cannot read .*no-such-file\.csv/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

test("the add-in's sources never import the CLI or its .xlsx library", () => {
  const offenders: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|js|mjs)$/.test(name) && /from\s+"(fflate|exceljs|[./]+\/cli\/[^"]*)"/.test(readFileSync(p, "utf8"))) offenders.push(path.relative(ROOT, p));
    }
  };
  for (const d of ["engine", "taskpane", "functions", "office", "worker", "commands"]) {
    try {
      walk(path.join(ROOT, "src", d));
    } catch {
      // folder not present
    }
  }
  assert.deepEqual(offenders, []);
});
