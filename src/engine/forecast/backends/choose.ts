/**
 * Where training runs: WebGPU, WebGL, WASM or CPU, chosen by measurement on the user's machine.
 *
 * 1. detectBackends(): what this runtime offers (a WebGPU adapter, WebGL2 with float render targets, WebAssembly
 *    with SIMD / threads), by feature detection through globalThis: no DOM imports, so it runs in a Web Worker.
 * 2. activateBackend(): loads a backend package lazily (dynamic import) and makes it tfjs's current backend, so the
 *    pane's first render never waits for WebGPU/WebGL/WASM code.
 * 3. chooseBackend(): runs a short timed probe of the real training step on each candidate, picks the fastest and
 *    remembers it per machine through an injected storage (localStorage / IndexedDB in the add-in; never the
 *    workbook, which travels to other machines). A remembered choice is reused until the browser changes, the
 *    backend disappears or 30 days pass.
 * 4. trainWithFallback(): runs training on the chosen backend; when the backend fails mid-training (lost WebGL
 *    context, WebGPU device lost, out of GPU memory) it continues on the next backend from the last checkpoint and
 *    reports the switch, so the pane can say so.
 */
import * as tf from "../tf";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";

/** Fastest-on-a-real-GPU first: the order used when nothing was measured, and for fallbacks. */
export const BACKEND_ORDER: readonly BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

export type BackendInfo = {
  name: BackendName;
  available: boolean;
  /** A GPU backend running on a software renderer (SwiftShader, llvmpipe): never faster than wasm. */
  software?: boolean;
  /** Why it is not available, in words, or what was found (adapter, SIMD, threads). */
  detail: string;
};

/** Per-machine key-value storage (localStorage-like). Async or sync implementations both work. */
export type BackendStorage = {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
};

export type ProbeResult = {
  backend: BackendName;
  /** Training samples per second in the timed part of the probe (0 when it failed). */
  samplesPerSec: number;
  /** Wall time of the probe on this backend, warm-up included. */
  ms: number;
  error?: string;
};

/** Measures the training speed on the backend tfjs currently uses (activateBackend has run). */
export type ProbeFn = (backend: BackendName) => Promise<{ samplesPerSec: number }>;

export type BackendChoice = {
  backend: BackendName;
  /** Probe figures of this run, or those remembered from the run that made the choice. */
  measured: ProbeResult[];
  detected: BackendInfo[];
  fromStorage: boolean;
  /** Time spent probing now (0 when the remembered choice was used). */
  probeMs: number;
};

export const STORAGE_KEY = "trendcast.backend.v1";
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

type Stored = { version: 1; backend: BackendName; measured: ProbeResult[]; at: number; agent: string };

type GpuLike = { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string }; isFallbackAdapter?: boolean } | null> };
type NavigatorLike = { gpu?: GpuLike; userAgent?: string; hardwareConcurrency?: number };
type GlLike = { getExtension(name: string): unknown; getParameter(p: number): unknown };
type CanvasLike = { getContext(kind: string): GlLike | null };

function nav(): NavigatorLike | undefined {
  return (globalThis as { navigator?: NavigatorLike }).navigator;
}

function makeCanvas(): CanvasLike | null {
  const g = globalThis as {
    OffscreenCanvas?: new (w: number, h: number) => CanvasLike;
    document?: { createElement(tag: string): CanvasLike };
  };
  if (g.OffscreenCanvas) return new g.OffscreenCanvas(1, 1);
  if (g.document) return g.document.createElement("canvas");
  return null;
}

/** Renderer names of CPU implementations of WebGL/WebGPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** A minimal module using one SIMD instruction (i8x16.splat): WebAssembly.validate says whether SIMD is there. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

async function detectWebGpu(): Promise<BackendInfo> {
  const gpu = nav()?.gpu;
  if (!gpu) return { name: "webgpu", available: false, detail: "this browser has no WebGPU (navigator.gpu is missing)" };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { name: "webgpu", available: false, detail: "WebGPU is present but no GPU adapter was offered" };
    const info = adapter.info;
    const name = [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(" ") || "unnamed adapter";
    const software = adapter.isFallbackAdapter === true || SOFTWARE_RENDERER.test(name);
    return { name: "webgpu", available: true, software, detail: `${name}${software ? " (software rendering)" : ""}` };
  } catch (e) {
    return { name: "webgpu", available: false, detail: `asking for a WebGPU adapter failed: ${(e as Error).message}` };
  }
}

function detectWebGl(): BackendInfo {
  try {
    const canvas = makeCanvas();
    if (!canvas) return { name: "webgl", available: false, detail: "no canvas in this runtime (no OffscreenCanvas in this worker)" };
    const gl = canvas.getContext("webgl2");
    if (!gl) return { name: "webgl", available: false, detail: "WebGL2 is not available (disabled, or no GPU driver)" };
    if (!gl.getExtension("EXT_color_buffer_float")) {
      return { name: "webgl", available: false, detail: "WebGL2 lacks float render targets (EXT_color_buffer_float)" };
    }
    const dbg = gl.getExtension("WEBGL_debug_renderer_info") as { UNMASKED_RENDERER_WEBGL: number } | null;
    const renderer = dbg ? String(gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL)) : "WebGL2";
    const lose = gl.getExtension("WEBGL_lose_context") as { loseContext(): void } | null;
    lose?.loseContext();
    const software = SOFTWARE_RENDERER.test(renderer);
    return { name: "webgl", available: true, software, detail: `${renderer} with float textures${software ? " (software rendering)" : ""}` };
  } catch (e) {
    return { name: "webgl", available: false, detail: `WebGL2 check failed: ${(e as Error).message}` };
  }
}

function detectWasm(): BackendInfo {
  const W = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
  if (!W) return { name: "wasm", available: false, detail: "WebAssembly is not available" };
  let simd = false;
  try {
    simd = W.validate(SIMD_PROBE);
  } catch {
    simd = false;
  }
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  const threads = typeof g.SharedArrayBuffer === "function" && g.crossOriginIsolated === true;
  return { name: "wasm", available: true, detail: `SIMD ${simd ? "yes" : "no"}, threads ${threads ? "yes" : "no"}` };
}

/** What this runtime offers, in BACKEND_ORDER. */
export async function detectBackends(): Promise<BackendInfo[]> {
  return [await detectWebGpu(), detectWebGl(), detectWasm(), { name: "cpu", available: true, detail: "plain JavaScript" }];
}

export type ActivateOptions = {
  /** Folder URL of the tfjs-backend-wasm .wasm files (the add-in copies them to <page>/wasm/). */
  wasmPaths?: string;
};

const loaded = new Map<BackendName, Promise<void>>();

async function loadBackendPackage(name: BackendName, options: ActivateOptions): Promise<void> {
  switch (name) {
    case "webgpu":
      await import("@tensorflow/tfjs-backend-webgpu");
      return;
    case "webgl":
      await import("@tensorflow/tfjs-backend-webgl");
      return;
    case "wasm": {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
      return;
    }
    case "cpu":
      await import("@tensorflow/tfjs-backend-cpu");
      return;
  }
}

/**
 * Loads the backend's package on first use and makes it tfjs's current backend. Returns false (never throws) when
 * it cannot start here.
 */
export async function activateBackend(name: BackendName, options: ActivateOptions = {}): Promise<boolean> {
  try {
    let load = loaded.get(name);
    if (!load) {
      load = loadBackendPackage(name, options);
      loaded.set(name, load);
    }
    await load;
    if (tf.getBackend() === name) return true;
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    loaded.delete(name);
    return false;
  }
}

function agent(): string {
  return nav()?.userAgent ?? "unknown";
}

async function readStored(storage: BackendStorage | undefined): Promise<Stored | null> {
  if (!storage) return null;
  try {
    const raw = await storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Stored>;
    if (s.version !== 1 || !s.backend || !BACKEND_ORDER.includes(s.backend) || typeof s.at !== "number") return null;
    return s as Stored;
  } catch {
    return null;
  }
}

export type ChooseOptions = {
  storage?: BackendStorage;
  /** The timed training-step probe; see backends/probe.ts for the default built on the attention model. */
  probe: ProbeFn;
  /**
   * Backends worth trying; unavailable ones are skipped. Default: BACKEND_ORDER without GPU backends that run on a
   * software renderer (their shader compilation alone takes minutes, and they are never faster than wasm).
   */
  candidates?: readonly BackendName[];
  /** Ignore a remembered choice and measure again (e.g. a "re-test hardware" button). */
  reprobe?: boolean;
  /** Clock for the stored choice's age (tests). */
  now?: () => number;
  activate?: ActivateOptions;
  onStatus?: (message: string) => void;
};

/**
 * The backend to train on: the remembered choice when still valid, else the fastest by a timed probe of the real
 * training step. Leaves tfjs on the chosen backend. Throws only when no backend at all can run.
 */
export async function chooseBackend(options: ChooseOptions): Promise<BackendChoice> {
  const now = options.now ?? Date.now;
  const detected = await detectBackends();
  const usable = (b: BackendName) => {
    const d = detected.find((x) => x.name === b);
    return !!d?.available && (options.candidates !== undefined || !d.software);
  };
  const candidates = (options.candidates ?? BACKEND_ORDER).filter(usable);
  const stored = options.reprobe ? null : await readStored(options.storage);
  if (stored && stored.agent === agent() && now() - stored.at < MAX_AGE_MS && candidates.includes(stored.backend)) {
    if (await activateBackend(stored.backend, options.activate)) {
      return { backend: stored.backend, measured: stored.measured, detected, fromStorage: true, probeMs: 0 };
    }
  }
  const started = now();
  const measured: ProbeResult[] = [];
  for (const backend of candidates) {
    const t0 = now();
    options.onStatus?.(`Measuring training speed on ${backend}…`);
    if (!(await activateBackend(backend, options.activate))) {
      measured.push({ backend, samplesPerSec: 0, ms: now() - t0, error: "could not start" });
      continue;
    }
    try {
      const { samplesPerSec } = await options.probe(backend);
      measured.push({ backend, samplesPerSec: Number.isFinite(samplesPerSec) ? samplesPerSec : 0, ms: now() - t0 });
    } catch (e) {
      measured.push({ backend, samplesPerSec: 0, ms: now() - t0, error: (e as Error).message || String(e) });
    }
  }
  const best = measured.filter((m) => m.samplesPerSec > 0).sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0];
  const backend: BackendName = best?.backend ?? "cpu";
  if (!(await activateBackend(backend, options.activate))) {
    throw new Error("No tfjs backend could start in this browser (not even the CPU one).");
  }
  if (best && options.storage) {
    const record: Stored = { version: 1, backend, measured, at: now(), agent: agent() };
    try {
      await options.storage.setItem(STORAGE_KEY, JSON.stringify(record));
    } catch {
      // storage full or blocked: the choice is simply measured again next time
    }
  }
  return { backend, measured, detected, fromStorage: false, probeMs: now() - started };
}

export type FallbackEvent = {
  from: BackendName;
  to: BackendName;
  /** What went wrong on `from`, in words. */
  reason: string;
  /** True when training continues from a checkpoint, false when it restarts from scratch. */
  resumed: boolean;
  /** One line for the pane. */
  message: string;
};

/** One training attempt on `backend`, resuming from `resumeFrom` when given and reporting checkpoints. */
export type TrainAttempt<T, C> = (backend: BackendName, resumeFrom: C | undefined, onCheckpoint: (c: C) => void) => Promise<T>;

/** Errors that switching backends cannot fix: cancellation and the engine's own messages about the data. */
export function isBackendFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  const code = (e as { code?: unknown }).code;
  if (e.name === "AbortError" || code === "cancelled") return false;
  if (e.name === "TrendcastError") return false;
  return true;
}

export type FallbackOptions = {
  activate?: ActivateOptions;
  onFallback?: (event: FallbackEvent) => void;
  signal?: AbortSignal;
};

/**
 * Runs `attempt` on the first backend of `order` that starts; if it fails mid-training, drops that backend and runs
 * again on the next one from the last checkpoint. Cancellation and data errors are passed through unchanged.
 */
export async function trainWithFallback<T, C>(
  order: readonly BackendName[],
  attempt: TrainAttempt<T, C>,
  options: FallbackOptions = {},
): Promise<{ result: T; backend: BackendName; fallbacks: FallbackEvent[] }> {
  const fallbacks: FallbackEvent[] = [];
  let checkpoint: C | undefined;
  let lastError: unknown = null;
  let previous: BackendName | null = null;
  for (const backend of order) {
    if (options.signal?.aborted) break;
    if (!(await activateBackend(backend, options.activate))) continue;
    if (previous && lastError !== null) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      const event: FallbackEvent = {
        from: previous,
        to: backend,
        reason,
        resumed: checkpoint !== undefined,
        message: `${label(previous)} stopped working (${reason.slice(0, 80)}); training continues on ${label(backend)}${
          checkpoint !== undefined ? " from the last checkpoint" : " from the start"
        }.`,
      };
      fallbacks.push(event);
      options.onFallback?.(event);
    }
    try {
      const result = await attempt(backend, checkpoint, (c) => {
        checkpoint = c;
      });
      return { result, backend, fallbacks };
    } catch (e) {
      if (!isBackendFailure(e)) throw e;
      lastError = e;
      previous = backend;
    }
  }
  if (options.signal?.aborted) {
    const e = new Error("Training was cancelled.");
    e.name = "AbortError";
    throw e;
  }
  const why = lastError instanceof Error ? lastError.message : String(lastError ?? "no backend could start");
  throw new Error(`Training failed on every available backend (${order.join(", ")}); the last problem was: ${why}`);
}

/** The fallback order after the chosen backend: the chosen one first, then the rest of BACKEND_ORDER. */
export function fallbackOrder(chosen: BackendName, available: readonly BackendInfo[]): BackendName[] {
  const ok = available.filter((b) => b.available).map((b) => b.name);
  return [chosen, ...BACKEND_ORDER.filter((b) => b !== chosen && ok.includes(b))];
}

export function label(name: BackendName): string {
  return { webgpu: "WebGPU", webgl: "WebGL", wasm: "WebAssembly", cpu: "CPU" }[name];
}
