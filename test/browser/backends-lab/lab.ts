/**
 * The backends lab page: exposes `globalThis.lab`, whose methods the Chromium test and the benchmark call through
 * page.evaluate. Everything runs the real code: src/engine/forecast/backends/choose.ts, the attention model's training step and
 * TrainedModel.
 */
import * as tf from "../../../src/engine/forecast/tf";
import { activateBackend, chooseBackend, detectBackends, trainWithFallback, type BackendName, type FallbackEvent } from "../../../src/engine/forecast/backends/choose";
import { probeConfig, probeParameters, referenceNumbers, timeForecast, timeTrainingSteps, trainingStepProbe } from "../../../src/engine/forecast/backends/probe";
import { TrainedModel } from "../../../src/engine/forecast/trained-model";
import type { SeriesInput } from "../../../src/engine/types";
import type { NamedWeights } from "../../../src/engine/forecast/attention/network";
import { labPanel } from "./lab-panel";

const activate = { wasmPaths: new URL("wasm/", self.location.href).href };
let modelBytes: Uint8Array | null = null;
let trained: { backend: string; parameters: number; forecast: number[][] } | null = null;

function seriesInput(): SeriesInput {
  const panel = labPanel();
  const s = panel.series[2];
  return { id: s.id, values: s.values, frequency: "daily", dates: panel.timeline };
}

async function use(backend: BackendName): Promise<void> {
  if (!(await activateBackend(backend, activate))) throw new Error(`backend ${backend} did not start`);
}

const isCancel = (e: unknown) => (e as { code?: string }).code === "cancelled" || (e as Error).name === "AbortError";

const lab = {
  detect: () => detectBackends(),

  async choose(reprobe: boolean, candidates?: BackendName[]) {
    const t0 = performance.now();
    const choice = await chooseBackend({
      storage: self.localStorage,
      probe: trainingStepProbe({ batch: 16, steps: 3, maxMs: 1000 }),
      reprobe,
      activate,
      ...(candidates ? { candidates } : {}),
    });
    return { ...choice, wallMs: performance.now() - t0, current: tf.getBackend() };
  },

  /** Trains the lab model once on wasm (one epoch) and keeps its bytes for the forecast and leak checks. */
  async trainModel() {
    if (trained) return trained;
    await use("wasm");
    const model = await TrainedModel.train(labPanel(), { horizon: 7, seed: 42, budget: { samples: 5120 }, selection: false });
    modelBytes = model.toBytes();
    const card = model.card;
    const forecast = model.forecast(seriesInput(), 7).values;
    model.dispose();
    trained = { backend: card.backend, parameters: card.parameters, forecast };
    return trained;
  },

  async reference(backend: BackendName) {
    await use(backend);
    return referenceNumbers();
  },

  async forecastOn(backend: BackendName) {
    if (!modelBytes) throw new Error("call lab.trainModel() first");
    await use(backend);
    const model = TrainedModel.fromBytes(modelBytes);
    try {
      return model.forecast(seriesInput(), 7).values;
    } finally {
      model.dispose();
    }
  },

  /**
   * Six training steps of the attention network with a checkpoint after each; on `broken` every GPU program throws
   * after the third step (as after a lost WebGL context or WebGPU device), and training continues on the next
   * backend from the checkpoint.
   */
  async fallback(broken: BackendName, next: BackendName) {
    const events: FallbackEvent[] = [];
    const losses: { backend: string; loss: number }[] = [];
    let startWeights: number[] = [];
    let checkpointWeights: number[] = [];
    let sabotage = false;
    type Checkpoint = { weights: NamedWeights; step: number };
    const run = await trainWithFallback<number, Checkpoint>(
      [broken, next],
      async (backend, resumeFrom, onCheckpoint) => {
        if (resumeFrom) startWeights = Array.from(resumeFrom.weights[0].data.slice(0, 16));
        const be = tf.backend() as unknown as Record<string, unknown>;
        const method = backend === "webgpu" ? "runWebGPUProgram" : "runWebGLProgram";
        const original = be[method] as ((...a: unknown[]) => unknown) | undefined;
        if (backend === broken && original) {
          be[method] = function (this: unknown, ...a: unknown[]) {
            if (sabotage) throw new Error(`${backend === "webgpu" ? "WebGPU device lost" : "WebGL context lost"} (forced by the test)`);
            return original.apply(this, a);
          };
        }
        let step = resumeFrom?.step ?? 0;
        try {
          const t = await timeTrainingSteps({
            batch: 16,
            steps: 6 - step,
            maxMs: 600000,
            ...(resumeFrom ? { initial: resumeFrom.weights } : {}),
            onStep: async (loss, weights) => {
              losses.push({ backend: tf.getBackend(), loss });
              const w = await weights();
              step++;
              onCheckpoint({ weights: w, step });
              if (backend === broken && step === 3) {
                checkpointWeights = Array.from(w[0].data.slice(0, 16));
                sabotage = true;
              }
            },
          });
          return t.loss;
        } finally {
          if (backend === broken && original) be[method] = original;
        }
      },
      { activate, onFallback: (e) => events.push(e) },
    );
    return { backend: run.backend, finalLoss: run.result, events, losses, startWeights, checkpointWeights };
  },

  /** Trains in a Web Worker; the worker reports what it found and its forecast. */
  worker(): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const w = new Worker(new URL("./lab.worker.ts", import.meta.url));
      const timer = setTimeout(() => {
        w.terminate();
        reject(new Error("the worker did not answer within 60 s"));
      }, 60000);
      w.onmessage = (e: MessageEvent<Record<string, unknown>>) => {
        if (e.data.type !== "done" && e.data.type !== "error") return;
        clearTimeout(timer);
        w.terminate();
        if (e.data.type === "error") reject(new Error(String(e.data.message)));
        else resolve(e.data);
      };
      w.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(`worker error: ${e.message}`));
      };
      w.postMessage({ wasmPaths: activate.wasmPaths });
    });
  },

  /** `cycles` of cancelled training / forecast / (optionally) cancelled TrainedModel.train; memory after each. */
  async leaks(backend: BackendName, cycles: number, withModelTraining: boolean) {
    if (!modelBytes) throw new Error("call lab.trainModel() first");
    await use(backend);
    // Warm up once so lazily created backend state (shader caches, kernels) is not counted as a leak.
    await timeTrainingSteps({ batch: 16, steps: 1 });
    const start = tf.memory();
    const after: { numTensors: number; numBytes: number }[] = [];
    let cancels = 0;
    for (let c = 0; c < cycles; c++) {
      // Training cancelled after its first step (the AbortSignal is checked before every step).
      const ctl = new AbortController();
      await timeTrainingSteps({ batch: 16, steps: 2, signal: ctl.signal, onStep: () => ctl.abort() }).catch((e) => {
        if (!isCancel(e)) throw e;
        cancels++;
      });
      const model = TrainedModel.fromBytes(modelBytes);
      model.forecast(seriesInput(), 7);
      model.dispose();
      if (withModelTraining) {
        const ctl2 = new AbortController();
        setTimeout(() => ctl2.abort(), 0);
        await TrainedModel.train(labPanel(3, 100), { horizon: 7, budget: { samples: 5120 }, selection: false, signal: ctl2.signal }).then(
          (m) => m.dispose(),
          (e) => {
            if (!isCancel(e)) throw e;
            cancels++;
          },
        );
      }
      const m = tf.memory();
      after.push({ numTensors: m.numTensors - start.numTensors, numBytes: m.numBytes - start.numBytes });
    }
    return { after, cancels };
  },

  async bench(backend: BackendName, scale: number, batch: number, maxMs: number) {
    await use(backend);
    const train = await timeTrainingSteps({ scale, batch, steps: 4, maxMs });
    const forecast = await timeForecast({ scale, series: 64, repeats: 2 });
    return { backend, scale, batch, parameters: probeParameters(probeConfig(scale)), samplesPerSec: train.samplesPerSec, steps: train.steps, firstStepMs: train.firstStepMs, msPerSeries: forecast.msPerSeries };
  },
};

(globalThis as unknown as { lab: typeof lab }).lab = lab;
(globalThis as unknown as { labReady: boolean }).labReady = true;
