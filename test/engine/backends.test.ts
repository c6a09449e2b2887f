// Backend detection, measured selection remembered per machine, and fallback mid-training, in Node (wasm + cpu are
// real tfjs backends here; WebGPU/WebGL are checked in headless Chromium by test/browser/backends.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/engine/forecast/tf";
import {
  STORAGE_KEY,
  chooseBackend,
  detectBackends,
  fallbackOrder,
  trainWithFallback,
  type BackendName,
  type BackendStorage,
  type FallbackEvent,
} from "../../src/engine/forecast/backends/choose";
import { trainingStepProbe } from "../../src/engine/forecast/backends/probe";
import { TrendcastError } from "../../src/engine/types";

function memoryStorage(): BackendStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

/** A probe that reports fixed speeds and counts its calls. */
function fakeProbe(speeds: Partial<Record<BackendName, number | Error>>) {
  const calls: BackendName[] = [];
  const probe = async (b: BackendName) => {
    calls.push(b);
    assert.equal(tf.getBackend(), b, "the probe runs on the backend being measured");
    const s = speeds[b];
    if (s instanceof Error) throw s;
    return { samplesPerSec: s ?? 0 };
  };
  return { probe, calls };
}

test("detection in Node: no WebGPU or WebGL here, WebAssembly and CPU available", async () => {
  const found = await detectBackends();
  assert.deepEqual(found.map((b) => b.name), ["webgpu", "webgl", "wasm", "cpu"]);
  assert.deepEqual(found.map((b) => b.available), [false, false, true, true]);
  assert.match(found[0].detail, /no WebGPU/);
  assert.match(found[2].detail, /SIMD (yes|no), threads (yes|no)/);
});

test("GPU backends on a software renderer are detected as such and not probed by default", async () => {
  const g = globalThis as { navigator?: unknown };
  const had = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  Object.defineProperty(globalThis, "navigator", {
    configurable: true,
    value: { userAgent: "test", gpu: { requestAdapter: async () => ({ info: { vendor: "google", architecture: "swiftshader" } }) } },
  });
  try {
    const found = await detectBackends();
    assert.deepEqual(found[0], { name: "webgpu", available: true, software: true, detail: "google swiftshader (software rendering)" });
    const p = fakeProbe({ wasm: 10, cpu: 5 });
    const c = await chooseBackend({ probe: p.probe });
    assert.deepEqual(p.calls, ["wasm", "cpu"]);
    assert.equal(c.backend, "wasm");
  } finally {
    if (had) Object.defineProperty(globalThis, "navigator", had);
    else delete g.navigator;
  }
});

test("the fastest measured backend is chosen, remembered, and reused without probing", async () => {
  const storage = memoryStorage();
  const first = fakeProbe({ wasm: 100, cpu: 300 });
  const choice = await chooseBackend({ storage, probe: first.probe, candidates: ["wasm", "cpu"] });
  assert.equal(choice.backend, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.equal(choice.fromStorage, false);
  assert.deepEqual(first.calls, ["wasm", "cpu"]);
  assert.deepEqual(choice.measured.map((m) => [m.backend, m.samplesPerSec]), [["wasm", 100], ["cpu", 300]]);
  assert.equal(JSON.parse(storage.data.get(STORAGE_KEY)!).backend, "cpu");

  const again = fakeProbe({ wasm: 999, cpu: 1 });
  const second = await chooseBackend({ storage, probe: again.probe, candidates: ["wasm", "cpu"] });
  assert.equal(second.backend, "cpu");
  assert.equal(second.fromStorage, true);
  assert.deepEqual(again.calls, []);

  const forced = await chooseBackend({ storage, probe: again.probe, candidates: ["wasm", "cpu"], reprobe: true });
  assert.equal(forced.backend, "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(again.calls.length, 2);
});

test("a stale, damaged or no-longer-available remembered choice is measured again", async () => {
  const storage = memoryStorage();
  await chooseBackend({ storage, probe: fakeProbe({ wasm: 50, cpu: 10 }).probe, candidates: ["wasm", "cpu"] });
  const later = fakeProbe({ wasm: 50, cpu: 10 });
  const month = Date.now() + 31 * 24 * 3600 * 1000;
  const c1 = await chooseBackend({ storage, probe: later.probe, candidates: ["wasm", "cpu"], now: () => month });
  assert.equal(c1.fromStorage, false);
  assert.equal(later.calls.length, 2);

  storage.data.set(STORAGE_KEY, JSON.stringify({ version: 1, backend: "webgpu", measured: [], at: Date.now(), agent: "unknown" }));
  const gone = fakeProbe({ wasm: 50, cpu: 10 });
  assert.equal((await chooseBackend({ storage, probe: gone.probe, candidates: ["wasm", "cpu"] })).backend, "wasm");
  assert.equal(gone.calls.length, 2);

  storage.data.set(STORAGE_KEY, "{not json");
  const damaged = fakeProbe({ wasm: 5, cpu: 10 });
  assert.equal((await chooseBackend({ storage, probe: damaged.probe, candidates: ["wasm", "cpu"] })).backend, "cpu");
});

test("a backend whose probe fails is skipped and its error kept", async () => {
  const p = fakeProbe({ wasm: new Error("out of memory"), cpu: 20 });
  const c = await chooseBackend({ probe: p.probe, candidates: ["webgpu", "wasm", "cpu"] });
  assert.equal(c.backend, "cpu");
  assert.deepEqual(c.measured.map((m) => m.backend), ["wasm", "cpu"]);
  assert.equal(c.measured[0].error, "out of memory");
  assert.equal(c.measured[0].samplesPerSec, 0);
});

test("the real training-step probe measures wasm and cpu and picks the faster", async () => {
  const c = await chooseBackend({ probe: trainingStepProbe({ batch: 8, steps: 2, maxMs: 500 }), candidates: ["wasm", "cpu"] });
  assert.equal(c.measured.length, 2);
  for (const m of c.measured) assert.ok(m.samplesPerSec > 0 && Number.isFinite(m.samplesPerSec), JSON.stringify(m));
  const fastest = [...c.measured].sort((a, b) => b.samplesPerSec - a.samplesPerSec)[0];
  assert.equal(c.backend, fastest.backend);
  assert.equal(tf.getBackend(), fastest.backend);
});

type Checkpoint = { weights: number[]; step: number };

/** SGD steps `from`..9 of a small linear model on fixed data, checkpointing after every step; fails at `failAt`. */
async function linearTraining(resume: Checkpoint | undefined, onCheckpoint: (c: Checkpoint) => void, failAt = Infinity): Promise<number[]> {
  const xs = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
  const ys = tf.tensor2d([5, 11, 17, 23], [4, 1]);
  const w = tf.tidy(() => tf.variable(tf.tensor2d(resume?.weights ?? [0, 0, 0], [3, 1])));
  const opt = tf.train.sgd(0.01);
  try {
    for (let step = resume?.step ?? 0; step < 10; step++) {
      if (step === failAt) throw new Error("WebGL context lost (simulated)");
      opt.minimize(() => tf.losses.meanSquaredError(ys, xs.matMul(w.slice([0, 0], [2, 1])).add(w.slice([2, 0], [1, 1]))) as tf.Scalar, false, [w]);
      onCheckpoint({ weights: Array.from(await w.data()), step: step + 1 });
    }
    return Array.from(await w.data());
  } finally {
    xs.dispose();
    ys.dispose();
    w.dispose();
    opt.dispose();
  }
}

test("a backend failing mid-training hands over to the next one, which continues from the last checkpoint", async () => {
  const events: FallbackEvent[] = [];
  const seen: { backend: BackendName; resumeFrom: Checkpoint | undefined }[] = [];
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const uninterrupted = await linearTraining(undefined, () => {});
  const run = await trainWithFallback<number[], Checkpoint>(
    ["wasm", "cpu"],
    (backend, resumeFrom, onCheckpoint) => {
      seen.push({ backend, resumeFrom });
      return linearTraining(resumeFrom, onCheckpoint, backend === "wasm" ? 6 : Infinity);
    },
    { onFallback: (e) => events.push(e) },
  );
  assert.equal(run.backend, "cpu");
  assert.equal(events.length, 1);
  assert.deepEqual([events[0].from, events[0].to, events[0].resumed], ["wasm", "cpu", true]);
  assert.match(events[0].message, /WebGL context lost \(simulated\).*continues on CPU from the last checkpoint/);
  assert.equal(seen[1].resumeFrom?.step, 6, "the second backend starts after the last good step");
  assert.equal(run.result.length, 3);
  run.result.forEach((x, i) => assert.ok(Math.abs(x - uninterrupted[i]) < 1e-4, `weight ${i}: ${x} vs ${uninterrupted[i]}`));
  assert.equal(tf.memory().numTensors, before);
});

test("cancellation and the engine's data errors are not treated as backend failures", async () => {
  const events: FallbackEvent[] = [];
  const tried: BackendName[] = [];
  await assert.rejects(
    trainWithFallback(["wasm", "cpu"], async (b) => {
      tried.push(b);
      const e = new TrendcastError("Training was cancelled.", "cancelled");
      e.name = "AbortError";
      throw e;
    }, { onFallback: (e) => events.push(e) }),
    /cancelled/,
  );
  await assert.rejects(
    trainWithFallback(["wasm", "cpu"], async (b) => {
      tried.push(b);
      throw new TrendcastError("Not enough history to train.", "too-short");
    }),
    /Not enough history/,
  );
  assert.deepEqual(tried, ["wasm", "wasm"]);
  assert.equal(events.length, 0);
  await assert.rejects(
    trainWithFallback(["wasm", "cpu"], async (b) => {
      throw new Error(`device lost on ${b}`);
    }),
    /failed on every available backend \(wasm, cpu\); the last problem was: device lost on cpu/,
  );
});

test("the fallback order starts with the choice and lists the other available backends fastest-first", () => {
  const avail = [
    { name: "webgpu" as const, available: false, detail: "" },
    { name: "webgl" as const, available: true, detail: "" },
    { name: "wasm" as const, available: true, detail: "" },
    { name: "cpu" as const, available: true, detail: "" },
  ];
  assert.deepEqual(fallbackOrder("wasm", avail), ["wasm", "webgl", "cpu"]);
});

test("TrainedModel training that breaks after its first checkpoint resumes from it on the next backend", async () => {
  const { trainOnBackends } = await import("../../src/engine/forecast/backends/train");
  await tf.setBackend("wasm");
  const timeline = Array.from({ length: 90 }, (_, i) => 19700 + i);
  const panel = {
    layout: "wide" as const,
    frequency: "daily" as const,
    timeline,
    series: [0, 1, 2].map((s) => ({ id: `S${s}`, start: 0, covariates: {}, values: timeline.map((_, i) => 10 + 3 * s + 4 * Math.sin((2 * Math.PI * i) / 7)) })),
    covariateNames: [],
    issues: [],
  };
  // Every tfjs kernel fails once `broken` is set, as on a lost GPU device.
  const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
  const runKernel = engine.runKernel;
  let broken = false;
  let attempt = 0;
  engine.runKernel = function (this: unknown, ...a: unknown[]) {
    if (broken) throw new Error("device lost (forced by the test)");
    return runKernel.apply(this, a);
  };
  const losses: { attempt: number; epoch: number; loss: number }[] = [];
  const checkpoints: number[] = [];
  try {
    const { model, backend, fallbacks } = await trainOnBackends(
      panel,
      {
        horizon: 7,
        budget: { samples: 2 * 5120 },
        selection: false,
        onProgress: (p) => losses.push({ attempt, epoch: p.epoch, loss: p.loss }),
        onCheckpoint: (bytes) => {
          checkpoints.push(bytes.length);
          if (attempt === 0) broken = true;
        },
      },
      ["wasm", "wasm"],
      {
        onFallback: () => {
          broken = false;
          attempt++;
        },
      },
    );
    assert.equal(backend, "wasm");
    assert.equal(fallbacks.length, 1);
    assert.equal(fallbacks[0].resumed, true);
    assert.match(fallbacks[0].reason, /device lost \(forced by the test\)/);
    assert.equal(model.card.backend, "wasm");
    assert.ok(checkpoints[0] > 1000, "a checkpoint of the model bytes was taken");
    const first = losses.find((l) => l.attempt === 0 && l.epoch === 1)!;
    const resumed = losses.find((l) => l.attempt === 1 && l.epoch === 1)!;
    assert.ok(resumed.loss < first.loss, `the resumed run starts from trained weights (${resumed.loss} < ${first.loss})`);
    model.dispose();
  } finally {
    engine.runKernel = runKernel;
  }
});
