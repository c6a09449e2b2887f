/**
 * Training loop of the attention forecaster: windows sampled (seeded) from every series and every origin up to the
 * training end, pinball loss over the model quantile levels (Koenker & Bassett 1978), Adam, one validation origin
 * per series after the training end (time-based split) with early stopping that keeps the best weights, a budget in
 * seconds or samples, progress after each epoch and cancellation between batches that frees every tensor.
 */
import * as tf from "../tf";
import { TrendcastError } from "../../types";
import { outputSteps, tokenCount, tokenDim, writeFeatures, type FeatureLayout, type Track } from "./features";
import { forward, makeRng, type NamedWeights, type NetConfig } from "./network";

export type EpochReport = {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  samplesPerSec: number;
  etaSeconds: number;
  fraction: number;
  /** Current weights (for checkpoints). */
  weights: () => Promise<NamedWeights>;
};

export type TrainSettings = {
  seed: number;
  /** Last index that may be a training target. */
  trainEnd: number;
  /** Validation samples: [track index, origin]. */
  validation: [number, number][];
  budgetSeconds: number;
  budgetSamples: number;
  batch: number;
  stepsPerEpoch: number;
  maxEpochs: number;
  patience: number;
  learningRate: number;
  /** Sample weight = scale^power / batch mean (0: every series alike; 0.5: square root of volume). */
  weightPower?: number;
  signal?: AbortSignal;
  onEpoch?: (r: EpochReport) => void | Promise<void>;
  initial: NamedWeights;
};

export type TrainResult = {
  weights: NamedWeights;
  epochs: number;
  bestEpoch: number;
  loss: number;
  valLoss: number | null;
  samples: number;
  seconds: number;
  samplesPerSec: number;
};

export function cancelledError(): TrendcastError {
  const e = new TrendcastError("Training was cancelled. Nothing was changed; press Train to start again.", "cancelled");
  e.name = "AbortError";
  return e;
}

/** Builds input, target and mask arrays for a list of samples. */
export function buildBatch(
  tracks: Track[],
  samples: [number, number][],
  layout: FeatureLayout,
  targetEnd: number,
): { x: Float32Array; y: Float32Array; mask: Float32Array; scales: Float32Array } {
  const T = tokenCount(layout);
  const F = tokenDim(layout);
  const S = outputSteps(layout);
  const x = new Float32Array(samples.length * T * F);
  const y = new Float32Array(samples.length * S);
  const mask = new Float32Array(samples.length * S);
  const scales = new Float32Array(samples.length);
  samples.forEach(([s, origin], b) => {
    const tr = tracks[s];
    const scale = writeFeatures(x, b * T * F, tr, origin, layout);
    scales[b] = scale;
    for (let h = 0; h < layout.horizon; h++) {
      const i = origin + 1 + h;
      if (i <= targetEnd && i <= tr.last) {
        y[b * S + h] = tr.values[i] / scale;
        mask[b * S + h] = 1;
      }
    }
  });
  return { x, y, mask, scales };
}

/** Mean pinball loss over levels and unmasked steps. */
export function pinballLoss(pred: tf.Tensor3D, y: tf.Tensor2D, mask: tf.Tensor2D, levels: tf.Tensor1D): tf.Scalar {
  const diff = y.expandDims(2).sub(pred);
  const loss = tf.maximum(diff.mul(levels), diff.mul(levels.sub(1)));
  const perStep = loss.mean(2).mul(mask);
  return perStep.sum().div(mask.sum().maximum(1)) as tf.Scalar;
}

/**
 * Per-sample weights that bring the scaled loss closer to WQL (where high-volume SKUs weigh more): the square root
 * of the series scale relative to the batch mean, folded into the mask.
 */
export function weightMask(mask: Float32Array, scales: Float32Array, steps: number, power: number): Float32Array {
  if (power === 0) return mask;
  const w = Array.from(scales, (s) => Math.pow(s, power));
  const mean = w.reduce((a, b) => a + b, 0) / Math.max(1, w.length);
  const out = new Float32Array(mask.length);
  for (let b = 0; b < scales.length; b++) {
    const k = mean > 0 ? w[b] / mean : 1;
    for (let h = 0; h < steps; h++) out[b * steps + h] = mask[b * steps + h] * k;
  }
  return out;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Origins usable for training per track: [track, first origin, last origin]. */
function trainingRanges(tracks: Track[], layout: FeatureLayout, trainEnd: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  tracks.forEach((tr, s) => {
    const lo = tr.start + layout.patch - 1;
    const hi = Math.min(trainEnd, tr.last) - layout.horizon;
    if (hi >= lo) out.push([s, lo, hi]);
  });
  return out;
}

export function countTrainingWindows(tracks: Track[], layout: FeatureLayout, trainEnd: number): number {
  return trainingRanges(tracks, layout, trainEnd).reduce((n, [, lo, hi]) => n + hi - lo + 1, 0);
}

/** Draws training windows [series, origin] uniformly over all usable origins of all series, seeded. */
function windowSampler(ranges: [number, number, number][], seed: number): () => [number, number] {
  const cum: number[] = [];
  let total = 0;
  for (const [, lo, hi] of ranges) {
    total += hi - lo + 1;
    cum.push(total);
  }
  const rng = makeRng(seed * 7919 + 17);
  return (): [number, number] => {
    const r = Math.floor(rng() * total);
    let a = 0;
    let b = cum.length - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cum[m] > r) b = m;
      else a = m + 1;
    }
    const [s, lo] = ranges[a];
    const before = a === 0 ? 0 : cum[a - 1];
    return [s, lo + (r - before)];
  };
}

/** The variables, optimizer and validation tensors of one training run, and how to read and free them. */
type Session = {
  params: Map<string, tf.Tensor>;
  varList: tf.Variable[];
  optimizer: tf.Optimizer;
  levels: tf.Tensor1D;
  valTensors: { x: tf.Tensor3D; y: tf.Tensor2D; m: tf.Tensor2D } | null;
  readWeights: () => Promise<NamedWeights>;
  cleanup: () => void;
};

function openSession(tracks: Track[], layout: FeatureLayout, cfg: NetConfig, st: TrainSettings): Session {
  const vars = new Map<string, tf.Variable>();
  for (const w of st.initial) {
    const init = tf.tensor(w.data, w.shape);
    vars.set(w.name, tf.variable(init, true));
    init.dispose();
  }
  const varList = [...vars.values()];
  const params = vars as Map<string, tf.Tensor>;
  const optimizer = tf.train.adam(st.learningRate);
  const levels = tf.tensor1d(cfg.levels);
  const S = outputSteps(layout);
  const T = tokenCount(layout);
  const F = tokenDim(layout);

  const val = st.validation.length > 0 ? buildBatch(tracks, st.validation, layout, Number.MAX_SAFE_INTEGER) : null;
  const valTensors = val
    ? {
        x: tf.tensor3d(val.x, [st.validation.length, T, F]),
        y: tf.tensor2d(val.y, [st.validation.length, S]),
        m: tf.tensor2d(weightMask(val.mask, val.scales, S, st.weightPower ?? 0), [st.validation.length, S]),
      }
    : null;

  const readWeights = async (): Promise<NamedWeights> => {
    const out: NamedWeights = [];
    for (const w of st.initial) {
      const v = vars.get(w.name);
      if (!v) continue;
      out.push({ name: w.name, shape: [...w.shape], data: new Float32Array(await v.data()) });
    }
    return out;
  };
  const cleanup = () => {
    for (const v of varList) v.dispose();
    optimizer.dispose();
    levels.dispose();
    if (valTensors) {
      valTensors.x.dispose();
      valTensors.y.dispose();
      valTensors.m.dispose();
    }
  };

  return { params, varList, optimizer, levels, valTensors, readWeights, cleanup };
}

/** One epoch of `stepsPerEpoch` Adam steps on freshly drawn batches; returns the summed batch losses. */
async function trainEpoch(session: Session, tracks: Track[], layout: FeatureLayout, cfg: NetConfig, st: TrainSettings, draw: () => [number, number]): Promise<number> {
  const { params, varList, optimizer, levels } = session;
  const S = outputSteps(layout);
  const T = tokenCount(layout);
  const F = tokenDim(layout);
  let lossSum = 0;
  for (let step = 0; step < st.stepsPerEpoch; step++) {
    if (st.signal?.aborted) throw cancelledError();
    const batch: [number, number][] = [];
    for (let b = 0; b < st.batch; b++) batch.push(draw());
    const d = buildBatch(tracks, batch, layout, st.trainEnd);
    const x = tf.tensor3d(d.x, [st.batch, T, F]);
    const y = tf.tensor2d(d.y, [st.batch, S]);
    const m = tf.tensor2d(weightMask(d.mask, d.scales, S, st.weightPower ?? 0), [st.batch, S]);
    const lossT = optimizer.minimize(() => pinballLoss(forward(params, x, cfg), y, m, levels), true, varList);
    x.dispose();
    y.dispose();
    m.dispose();
    if (lossT) {
      lossSum += (await lossT.data())[0];
      lossT.dispose();
    }
    await tick();
  }
  return lossSum;
}

export async function trainNetwork(tracks: Track[], layout: FeatureLayout, cfg: NetConfig, st: TrainSettings): Promise<TrainResult> {
  const ranges = trainingRanges(tracks, layout, st.trainEnd);
  if (ranges.length === 0) {
    throw new TrendcastError(
      `Not enough history to train: every series needs at least ${layout.patch + layout.horizon} periods before the cutoff. Select a longer sales history or a shorter horizon.`,
      "too-short",
    );
  }
  const draw = windowSampler(ranges, st.seed);

  const session = openSession(tracks, layout, cfg, st);
  const { readWeights, valTensors } = session;

  const t0 = Date.now();
  let samples = 0;
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: NamedWeights | null = null;
  let bestEpoch = 0;
  let lastLoss = Number.NaN;
  let lastVal: number | null = null;
  let sinceBest = 0;
  let epoch = 0;
  let plannedEpochs = st.maxEpochs;
  if (Number.isFinite(st.budgetSamples)) plannedEpochs = Math.min(plannedEpochs, Math.max(1, Math.ceil(st.budgetSamples / (st.batch * st.stepsPerEpoch))));
  try {
    while (epoch < plannedEpochs) {
      const lossSum = await trainEpoch(session, tracks, layout, cfg, st, draw);
      samples += st.batch * st.stepsPerEpoch;
      epoch++;
      lastLoss = lossSum / st.stepsPerEpoch;
      if (valTensors) {
        const vt = tf.tidy(() => pinballLoss(forward(session.params, valTensors.x, cfg), valTensors.y, valTensors.m, session.levels));
        lastVal = (await vt.data())[0];
        vt.dispose();
        if (lastVal < best * (1 - 1e-4)) {
          best = lastVal;
          bestWeights = await readWeights();
          bestEpoch = epoch;
          sinceBest = 0;
        } else sinceBest++;
      } else {
        bestEpoch = epoch;
      }
      const seconds = (Date.now() - t0) / 1000;
      const perEpoch = seconds / epoch;
      if (Number.isFinite(st.budgetSeconds)) plannedEpochs = Math.min(plannedEpochs, Math.max(epoch, Math.floor(st.budgetSeconds / perEpoch)));
      const stopping = sinceBest >= st.patience;
      if (stopping) plannedEpochs = epoch;
      const remaining = Math.max(0, plannedEpochs - epoch);
      await st.onEpoch?.({
        epoch,
        epochs: plannedEpochs,
        loss: lastLoss,
        valLoss: lastVal,
        samplesPerSec: samples / Math.max(seconds, 1e-3),
        etaSeconds: remaining * perEpoch,
        fraction: plannedEpochs > 0 ? epoch / plannedEpochs : 1,
        weights: readWeights,
      });
      if (stopping) break;
      if (Number.isFinite(st.budgetSeconds) && seconds + perEpoch > st.budgetSeconds) break;
    }
    const weights = bestWeights ?? (await readWeights());
    const seconds = (Date.now() - t0) / 1000;
    return {
      weights,
      epochs: epoch,
      bestEpoch,
      loss: lastLoss,
      valLoss: valTensors ? best : null,
      samples,
      seconds,
      samplesPerSec: samples / Math.max(seconds, 1e-3),
    };
  } finally {
    session.cleanup();
  }
}

/** Runs the network over many samples in chunks; returns quantiles [sample][step][level] in scaled units. */
export function predictScaled(
  params: Map<string, tf.Tensor>,
  cfg: NetConfig,
  layout: FeatureLayout,
  x: Float32Array,
  n: number,
  chunk = 256,
): Float32Array {
  const T = tokenCount(layout);
  const F = tokenDim(layout);
  const S = outputSteps(layout);
  const Q = cfg.levels.length;
  const out = new Float32Array(n * S * Q);
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const res = tf.tidy(() => forward(params, tf.tensor3d(x.subarray(a * T * F, b * T * F), [b - a, T, F]), cfg));
    out.set(res.dataSync(), a * S * Q);
    res.dispose();
  }
  return out;
}
