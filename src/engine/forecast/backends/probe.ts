/**
 * Timed probes of the attention model's real training step (src/engine/forecast/attention: the same network, pinball loss
 * and Adam as TrainedModel.train, with the model size TrainedModel uses) on the backend tfjs is currently set to.
 * TrainedModel.train runs at least one epoch (5,120 samples: minutes on a slow backend), so the probe times a few
 * batches of the step itself. Also used by bench/backends.ts and the cross-backend checks (gradients, forecasts).
 */
import * as tf from "../tf";
import { defaultLayout, tokenCount, tokenDim } from "../attention/features";
import { forward, initWeights, makeRng, parameterCount, type NamedWeights, type NetConfig } from "../attention/network";
import { pinballLoss } from "../attention/train";
import { MODEL_LEVELS } from "../calibration";
import type { ProbeFn } from "./choose";

/** `scale` 1 is the model TrainedModel trains (daily data, 28-day horizon); 2 doubles width (about 4x parameters). */
export function probeConfig(scale = 1): NetConfig {
  const layout = defaultLayout("daily", 28, []);
  return {
    tokens: tokenCount(layout),
    tokenDim: tokenDim(layout),
    contextTokens: layout.contextTokens,
    futureTokens: layout.futureTokens,
    patch: layout.patch,
    dModel: 32 * scale,
    heads: 4,
    layers: 2,
    ff: 64 * scale,
    levels: [...MODEL_LEVELS],
  };
}

export function probeParameters(cfg: NetConfig): number {
  return parameterCount(initWeights(cfg, 1));
}

/** Seeded inputs and targets of `batch` samples (values in the scaled range the model sees). */
function probeData(cfg: NetConfig, batch: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = makeRng(seed);
  const S = cfg.futureTokens * cfg.patch;
  const x = new Float32Array(batch * cfg.tokens * cfg.tokenDim);
  for (let i = 0; i < x.length; i++) x[i] = rng() * 2 - 1;
  const y = new Float32Array(batch * S);
  for (let i = 0; i < y.length; i++) y[i] = 0.5 + rng();
  return { x, y };
}

export type StepTiming = { samplesPerSec: number; steps: number; seconds: number; firstStepMs: number; loss: number };

export type StepOptions = {
  scale?: number;
  batch?: number;
  /** Timed steps after one warm-up step (shader compilation); fewer when maxMs runs out (at least 2). */
  steps?: number;
  maxMs?: number;
  seed?: number;
  signal?: AbortSignal;
  /** Start from these weights instead of the seeded initial ones (resuming from a checkpoint). */
  initial?: NamedWeights;
  /** Called after every timed step with its loss and a reader of the current weights (for checkpoints). */
  onStep?: (loss: number, weights: () => Promise<NamedWeights>) => void | Promise<void>;
};

/**
 * Trains the probe network for a few steps on the current backend and times them. Frees every tensor, also when
 * cancelled (rejects with an AbortError) or when the backend fails.
 */
export async function timeTrainingSteps(options: StepOptions = {}): Promise<StepTiming> {
  const cfg = probeConfig(options.scale ?? 1);
  const batch = options.batch ?? 128;
  const steps = options.steps ?? 6;
  const maxMs = options.maxMs ?? 3000;
  const S = cfg.futureTokens * cfg.patch;
  const data = probeData(cfg, batch, options.seed ?? 7);
  // tidy frees the initial tensors; the variables (not tracked by tidy) keep their own copy.
  const vars = (options.initial ?? initWeights(cfg, options.seed ?? 7)).map((w) => ({ name: w.name, v: tf.tidy(() => tf.variable(tf.tensor(w.data, w.shape), true)) }));
  const params = new Map<string, tf.Tensor>(vars.map(({ name, v }) => [name, v]));
  const varList = vars.map(({ v }) => v);
  const optimizer = tf.train.adam(2e-3);
  const x = tf.tensor3d(data.x, [batch, cfg.tokens, cfg.tokenDim]);
  const y = tf.tensor2d(data.y, [batch, S]);
  const mask = tf.ones([batch, S]) as tf.Tensor2D;
  const levels = tf.tensor1d(cfg.levels);
  const step = async (): Promise<number> => {
    if (options.signal?.aborted) {
      const e = new Error("The probe was cancelled.");
      e.name = "AbortError";
      throw e;
    }
    const loss = optimizer.minimize(() => pinballLoss(forward(params, x, cfg), y, mask, levels), true, varList);
    if (!loss) return Number.NaN;
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  };
  const readWeights = async (): Promise<NamedWeights> => {
    const out: NamedWeights = [];
    for (const { name, v } of vars) out.push({ name, shape: [...v.shape], data: new Float32Array(await v.data()) });
    return out;
  };
  try {
    const w0 = performance.now();
    await step();
    const firstStepMs = performance.now() - w0;
    const t0 = performance.now();
    let done = 0;
    let loss = Number.NaN;
    while (done < steps && (done < 2 || performance.now() - t0 < maxMs)) {
      loss = await step();
      done++;
      await options.onStep?.(loss, readWeights);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { samplesPerSec: (done * batch) / Math.max(seconds, 1e-6), steps: done, seconds, firstStepMs, loss };
  } finally {
    for (const v of varList) v.dispose();
    optimizer.dispose();
    x.dispose();
    y.dispose();
    mask.dispose();
    levels.dispose();
  }
}

/** The default probe for chooseBackend: a few training steps of the real model at batch 128. */
export function trainingStepProbe(options: StepOptions = {}): ProbeFn {
  return async () => {
    const t = await timeTrainingSteps({ steps: 4, maxMs: 1500, ...options });
    return { samplesPerSec: t.samplesPerSec };
  };
}

/** Forecast latency: milliseconds per series for one forward pass over `series` series. */
export async function timeForecast(options: { scale?: number; series?: number; repeats?: number } = {}): Promise<{ msPerSeries: number; msPerBatch: number }> {
  const cfg = probeConfig(options.scale ?? 1);
  const n = options.series ?? 64;
  const repeats = options.repeats ?? 3;
  const params = new Map<string, tf.Tensor>(initWeights(cfg, 3).map((w) => [w.name, tf.tensor(w.data, w.shape)]));
  const x = tf.tensor3d(probeData(cfg, n, 3).x, [n, cfg.tokens, cfg.tokenDim]);
  try {
    const run = async () => {
      const out = tf.tidy(() => forward(params, x, cfg));
      await out.data();
      out.dispose();
    };
    await run();
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) await run();
    const msPerBatch = (performance.now() - t0) / repeats;
    return { msPerSeries: msPerBatch / n, msPerBatch };
  } finally {
    for (const t of params.values()) t.dispose();
    x.dispose();
  }
}

/**
 * Loss, gradients and forward output of the probe network at its seeded initial weights on seeded data: the
 * numbers every backend must agree on (within float32 tolerance).
 */
export async function referenceNumbers(batch = 16, seed = 11): Promise<{ loss: number; gradients: Record<string, number[]>; output: number[] }> {
  const cfg = probeConfig(1);
  const S = cfg.futureTokens * cfg.patch;
  const data = probeData(cfg, batch, seed);
  const weights = initWeights(cfg, seed);
  const params = new Map<string, tf.Tensor>(weights.map((w) => [w.name, tf.tensor(w.data, w.shape)]));
  const x = tf.tensor3d(data.x, [batch, cfg.tokens, cfg.tokenDim]);
  const y = tf.tensor2d(data.y, [batch, S]);
  const mask = tf.ones([batch, S]) as tf.Tensor2D;
  const levels = tf.tensor1d(cfg.levels);
  const names = weights.map((w) => w.name);
  try {
    const lossFn = (...ts: tf.Tensor[]) => {
      const p = new Map(names.map((n, i) => [n, ts[i]]));
      return pinballLoss(forward(p, x, cfg), y, mask, levels);
    };
    const { value, grads } = tf.valueAndGrads(lossFn)(names.map((n) => params.get(n)!));
    const gradients: Record<string, number[]> = {};
    for (let i = 0; i < names.length; i++) gradients[names[i]] = Array.from(await grads[i].data());
    const loss = (await value.data())[0];
    value.dispose();
    grads.forEach((g) => g.dispose());
    const out = tf.tidy(() => forward(params, x, cfg));
    const output = Array.from(await out.data());
    out.dispose();
    return { loss, gradients, output };
  } finally {
    for (const t of params.values()) t.dispose();
    x.dispose();
    y.dispose();
    mask.dispose();
    levels.dispose();
  }
}
