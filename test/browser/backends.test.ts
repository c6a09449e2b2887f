// Backends in real headless Chromium (software WebGL/WebGPU via SwiftShader here): detection, selection by
// measurement remembered in localStorage, fallback mid-training from a backend forced to fail, training in a Web
// Worker, the same numbers on every backend, and no tensor leaks over 20 train/forecast/cancel cycles.
// WebGPU is detected and checked for a working adapter, but not trained on in this test: software WebGPU in headless
// Chromium spends about 100 s compiling the training step's shaders here (bench/backends.ts measures it).
// Fails (never skips) when Chromium is missing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { openLab, type Lab } from "./backends-lab/harness";

type Info = { name: string; available: boolean; detail: string };
type Choice = { backend: string; measured: { backend: string; samplesPerSec: number; error?: string }[]; fromStorage: boolean; probeMs: number; current: string };
type Numbers = { loss: number; gradients: Record<string, number[]>; output: number[] };

let lab: Lab;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = <T>(fn: string, ...args: unknown[]): Promise<T> => lab.page.evaluate(([f, a]) => (globalThis as any).lab[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
const TRAIN_BACKENDS = ["webgl", "wasm", "cpu"];

before(async () => {
  lab = await openLab();
});
after(async () => {
  await lab?.close();
});

function maxRelDiff(a: number[], b: number[]): number {
  assert.equal(a.length, b.length);
  const scale = Math.max(1e-6, ...b.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

test("detection: WebGPU adapter, WebGL2 with float textures, wasm with SIMD, CPU", async () => {
  const found = await call<Info[]>("detect");
  assert.deepEqual(found.map((b) => b.name), ["webgpu", "webgl", "wasm", "cpu"]);
  for (const b of found) assert.equal(b.available, true, `${b.name}: ${b.detail}`);
  assert.match(found[1].detail, /float textures/);
  assert.match(found[2].detail, /SIMD yes/);
});

test("selection measures each backend, picks the fastest, and remembers it in localStorage", async () => {
  const first = await call<Choice>("choose", true, TRAIN_BACKENDS);
  assert.equal(first.fromStorage, false);
  assert.deepEqual(first.measured.map((m) => m.backend), TRAIN_BACKENDS);
  for (const m of first.measured) assert.ok(m.samplesPerSec > 0, `${m.backend} measured: ${JSON.stringify(m)}`);
  const fastest = [...first.measured].sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0].backend;
  assert.equal(first.backend, fastest);
  assert.equal(first.current, fastest);
  const second = await call<Choice>("choose", false, TRAIN_BACKENDS);
  assert.equal(second.fromStorage, true);
  assert.equal(second.backend, fastest);
  assert.equal(second.probeMs, 0);
});

test("a backend failing mid-training hands over to the next, which continues from the last checkpoint", async () => {
  const r = await call<{
    backend: string;
    events: { from: string; to: string; resumed: boolean; message: string }[];
    losses: { backend: string; loss: number }[];
    startWeights: number[];
    checkpointWeights: number[];
  }>("fallback", "webgl", "wasm");
  assert.equal(r.backend, "wasm");
  assert.equal(r.events.length, 1);
  assert.deepEqual([r.events[0].from, r.events[0].to, r.events[0].resumed], ["webgl", "wasm", true]);
  assert.match(r.events[0].message, /WebGL stopped working \(WebGL context lost \(forced by the test\)\); training continues on WebAssembly from the last checkpoint/);
  assert.deepEqual(r.losses.map((l) => l.backend), ["webgl", "webgl", "webgl", "wasm", "wasm", "wasm"]);
  assert.deepEqual(r.startWeights, r.checkpointWeights, "wasm started from the weights of webgl's last good step");
  assert.ok(r.losses[3].loss < r.losses[0].loss, "training went on from trained weights, not from scratch");
});

test("the same model gives the same loss, gradients and forecasts on every backend", async () => {
  const trained = await call<{ backend: string; forecast: number[][] }>("trainModel");
  assert.equal(trained.backend, "wasm");
  const ref = await call<Numbers>("reference", "wasm");
  for (const b of ["webgl", "cpu"]) {
    const got = await call<Numbers>("reference", b);
    assert.ok(Math.abs(got.loss - ref.loss) / ref.loss < 1e-4, `${b} loss ${got.loss} vs ${ref.loss}`);
    for (const [name, g] of Object.entries(ref.gradients)) {
      const d = maxRelDiff(got.gradients[name], g);
      assert.ok(d < 2e-3, `${b} gradient ${name} differs by ${d} of its scale`);
    }
    assert.ok(maxRelDiff(got.output, ref.output) < 1e-3, `${b} forward output`);
  }
  for (const b of ["wasm", "webgl", "cpu"]) {
    const fc = await call<number[][]>("forecastOn", b);
    assert.ok(maxRelDiff(fc.flat(), trained.forecast.flat()) < 1e-3, `${b} forecast matches`);
  }
});

test("training in a Web Worker works and gives the main thread's model (same seed, same backend)", async () => {
  const main = await call<{ forecast: number[][] }>("trainModel");
  const w = await call<{ detected: Info[]; webglInWorker: boolean; backend: string; epochs: number[]; forecast: number[][] }>("worker");
  assert.equal(w.backend, "wasm");
  // Progress reaches the pane from the worker: one report per epoch, in order (the sample budget fixes how many).
  assert.ok(w.epochs.length >= 1, "progress reports from the worker");
  assert.deepEqual(w.epochs, w.epochs.map((_e, i) => i + 1));
  const webgl = w.detected.find((d) => d.name === "webgl")!;
  assert.equal(w.webglInWorker, webgl.available, `WebGL in the worker via OffscreenCanvas: ${webgl.detail}`);
  assert.ok(maxRelDiff(w.forecast.flat(), main.forecast.flat()) < 1e-4);
});

test("no leaks: tensors and bytes return to the start after each of 20 train/forecast/cancel cycles", async () => {
  for (const b of TRAIN_BACKENDS) {
    const r = await call<{ after: { numTensors: number; numBytes: number }[]; cancels: number }>("leaks", b, 20, b === "wasm");
    assert.equal(r.after.length, 20);
    assert.ok(r.cancels >= 20, `${b}: cancellations happened (${r.cancels})`);
    r.after.forEach((m, i) => assert.deepEqual(m, { numTensors: 0, numBytes: 0 }, `${b} cycle ${i + 1}`));
  }
});
