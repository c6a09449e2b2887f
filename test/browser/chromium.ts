/**
 * Which Chromium the browser tests (and the benches that share this harness) run, and how to start it.
 *
 * Default: the Chromium build that npm installs with the dev dependency `@sparticuz/chromium` (a headless-shell
 * binary carried inside the package, brotli-compressed, with SwiftShader for software WebGL/WebGPU, the NSS/expat
 * libraries it links against, and a font). On first use it is unpacked once into
 * node_modules/.cache/trendcast-chromium/<version>/ (about 7 s, 200 MB) and reused after that. Nothing is downloaded
 * and nothing needs apt: a machine with only Node and npm runs the browser tests after `npm ci`.
 *
 * `CHROMIUM_PATH=/usr/bin/chromium` (or any other Chromium) overrides it. Missing browsers fail at once with a message
 * saying what to do; they never hang and never skip.
 */
import { accessSync, chmodSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { brotliDecompressSync, createBrotliDecompress } from "node:zlib";

const root = resolve(import.meta.dirname, "../..");
export const PACKAGE_DIR = join(root, "node_modules/@sparticuz/chromium");

export type ChromiumSetup = {
  /** The browser binary. */
  executablePath: string;
  /** Environment for the browser process (library and font paths of the bundled build). */
  env: Record<string, string>;
  /** Flags that this build needs on top of the harness's own. */
  args: string[];
  /** Where it came from, for messages and bench reports. */
  source: string;
};

export class ChromiumMissingError extends Error {}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Extracts a (ustar/GNU) tar archive held in memory: regular files and folders only, nothing outside `dest`. */
export function untar(tar: Buffer, dest: string): string[] {
  const written: string[] = [];
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (type === "x" || type === "g") {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (path && type === "x") longName = path[1];
      continue;
    }
    name = name.replace(/^\.\//, "");
    const target = normalize(join(dest, name));
    if (!target.startsWith(dest)) throw new Error(`tar entry outside the target folder: ${name}`);
    if (type === "5") {
      mkdirSync(target, { recursive: true });
    } else if (type === "0" || type === "7") {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, body);
      chmodSync(target, parseInt(field(100, 8).trim() || "644", 8) & 0o777);
      written.push(name);
    }
    // Links and devices: none in the archives we unpack; ignored.
  }
  return written;
}

/** Unpacks the npm-shipped Chromium once (atomically: concurrent test files may race) and returns its folder. */
export async function unpackBundledChromium(packageDir = PACKAGE_DIR): Promise<string> {
  const bin = join(packageDir, "bin");
  if (!existsSync(join(bin, "chromium.br"))) {
    throw new ChromiumMissingError(
      `No Chromium for the browser tests: ${join(bin, "chromium.br")} is missing. Run \`npm ci\` (the dev dependency @sparticuz/chromium carries one), ` +
        "or point CHROMIUM_PATH at an installed Chromium (for example `apt-get install -y chromium` then CHROMIUM_PATH=/usr/bin/chromium).",
    );
  }
  const version = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const cache = join(root, "node_modules/.cache/trendcast-chromium");
  const final = join(cache, version);
  if (existsSync(join(final, "chromium"))) return final;
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, `.${version}-`));
  try {
    await pipeline(createReadStream(join(bin, "chromium.br")), createBrotliDecompress(), createWriteStream(join(staging, "chromium"), { mode: 0o755 }));
    chmodSync(join(staging, "chromium"), 0o755);
    // SwiftShader (software Vulkan/GL for WebGL and WebGPU) sits next to the binary, where Chromium looks for it.
    untar(brotliDecompressSync(readFileSync(join(bin, "swiftshader.tar.br"))), staging);
    // The shared libraries the binary links beyond glibc (NSS, NSPR, expat), so no system package is needed.
    untar(brotliDecompressSync(readFileSync(join(bin, "al2023.tar.br"))), staging);
    // A font (Open Sans) and a fontconfig file that points at it, so text renders on a machine without fonts.
    untar(brotliDecompressSync(readFileSync(join(bin, "fonts.tar.br"))), staging);
    const fontsDir = join(final, "fonts");
    writeFileSync(
      join(staging, "fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${fontsDir}</dir>\n  <cachedir>${join(final, "fontconfig-cache")}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(staging, final);
    } catch (e) {
      // Another process finished first: use its copy.
      if (!existsSync(join(final, "chromium"))) throw e;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return final;
}

/** The Chromium to run: CHROMIUM_PATH when set, else the npm-shipped build. Throws ChromiumMissingError at once. */
export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumSetup> {
  const override = env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutable(override)) {
      throw new ChromiumMissingError(
        `Chromium not found at CHROMIUM_PATH=${override}. Unset CHROMIUM_PATH to use the Chromium that \`npm ci\` installs (@sparticuz/chromium), ` +
          "or install one (apt-get install -y chromium) and point CHROMIUM_PATH at it. Browser tests fail, never skip, without a browser.",
      );
    }
    return { executablePath: override, env: {}, args: [], source: `CHROMIUM_PATH=${override}` };
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new ChromiumMissingError(
      `The Chromium that npm installs (@sparticuz/chromium) is a Linux x86-64 build; this is ${process.platform}/${process.arch}. ` +
        "Point CHROMIUM_PATH at a local Chrome or Chromium (for example CHROMIUM_PATH=\"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome\").",
    );
  }
  const dir = await unpackBundledChromium();
  const libraryPath = [join(dir, "lib"), ...(process.env.LD_LIBRARY_PATH ? [process.env.LD_LIBRARY_PATH] : [])].join(":");
  return {
    executablePath: join(dir, "chromium"),
    env: { LD_LIBRARY_PATH: libraryPath, FONTCONFIG_PATH: dir, FONTCONFIG_FILE: join(dir, "fonts.conf") },
    // WebGL and WebGPU on SwiftShader, as Debian's Chromium does by itself on a machine without a GPU.
    args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
    source: `@sparticuz/chromium (${dir})`,
  };
}

/** Flags every launch uses: headless, as root, no calls home (the network here is closed). */
export const BASE_FLAGS = ["--headless", "--no-sandbox", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** How long a launch may take before it counts as failed (a cold start on a busy 2-core machine takes a few s). */
export const LAUNCH_TIMEOUT_MS = 60_000;
