/**
 * The browser tests' Chromium: the npm-shipped build is used unless CHROMIUM_PATH says otherwise, and a missing
 * browser fails within seconds with the message saying what to do, instead of leaving the test process hanging.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ChromiumMissingError, resolveChromium, unpackBundledChromium, untar } from "./chromium";

const root = resolve(import.meta.dirname, "../..");
const probe = join(import.meta.dirname, "fixtures/launch-probe.ts");

function runProbe(env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", probe], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

test("without Chromium a browser test fails within seconds with what to do, and its process ends (no hang)", () => {
  const r = runProbe({ ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" });
  assert.equal(r.error, undefined, `the probe did not end by itself within 60 s (${r.error?.message})`);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.ok(r.seconds < 20, `took ${r.seconds} s`);
  assert.match(r.stderr, /Chromium not found at CHROMIUM_PATH=\/nonexistent\/chromium/);
  assert.match(r.stderr, /npm ci/);
});

test("a missing @sparticuz/chromium package says to run npm ci (or set CHROMIUM_PATH)", async () => {
  const empty = mkdtempSync(join(tmpdir(), "trendcast-nochromium-"));
  try {
    await assert.rejects(unpackBundledChromium(empty), (e: Error) => e instanceof ChromiumMissingError && /Run `npm ci`/.test(e.message) && /CHROMIUM_PATH/.test(e.message));
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test("by default the browser is the one npm installed, unpacked with its libraries, SwiftShader and a font", async () => {
  const setup = await resolveChromium({});
  const version = (JSON.parse(readFileSync(join(root, "node_modules/@sparticuz/chromium/package.json"), "utf8")) as { version: string }).version;
  assert.equal(setup.executablePath, join(root, "node_modules/.cache/trendcast-chromium", version, "chromium"));
  assert.match(setup.source, /@sparticuz\/chromium/);
  const dir = join(root, "node_modules/.cache/trendcast-chromium", version);
  assert.match(setup.env.LD_LIBRARY_PATH, new RegExp(`^${join(dir, "lib")}`));
  for (const f of ["lib/libnss3.so", "libvk_swiftshader.so", "vk_swiftshader_icd.json", "fonts/Open_Sans/OpenSans-Regular.ttf"]) readFileSync(join(dir, f));
  assert.match(readFileSync(setup.env.FONTCONFIG_FILE, "utf8"), new RegExp(`<dir>${join(dir, "fonts")}</dir>`));
  const v = spawnSync(setup.executablePath, ["--version"], { env: { ...process.env, ...setup.env }, encoding: "utf8", timeout: 30_000 });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, new RegExp(`^Chromium ${version.split(".")[0]}\\.`));
});

test("the probe launches the default browser when there is one (the success side of the first test)", () => {
  const env = { ...process.env };
  delete env.CHROMIUM_PATH;
  const r = runProbe(env);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^launched \d+\./);
});

test("untar keeps entries inside the target folder and restores file modes", () => {
  const header = (name: string, size: number, mode: string, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write(mode.padStart(7, "0") + "\0", 100);
    h.write(size.toString(8).padStart(11, "0") + "\0", 124);
    h.write(type, 156);
    h.write("ustar\0", 257);
    return h;
  };
  const body = Buffer.alloc(512);
  body.write("hi");
  const dest = mkdtempSync(join(tmpdir(), "trendcast-untar-"));
  try {
    const ok = Buffer.concat([header("dir/", 0, "755", "5"), header("dir/run", 2, "755", "0"), body, Buffer.alloc(1024)]);
    assert.deepEqual(untar(ok, dest), ["dir/run"]);
    assert.equal(readFileSync(join(dest, "dir/run"), "utf8"), "hi");
    const evil = Buffer.concat([header("../escape", 2, "644", "0"), body, Buffer.alloc(1024)]);
    assert.throws(() => untar(evil, dest), /outside the target folder/);
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
});
