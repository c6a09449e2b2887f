/**
 * The direct multi-horizon attention forecaster: a pre-norm Transformer encoder (plain tf ops: matMul, softmax,
 * transpose, so it trains on every tfjs backend) over the history patch tokens and one token per forecast step
 * (direct-features.ts). Each step token attends to the history and to the other steps; a linear head on it gives the
 * quantiles at the model levels (a base plus softplus increments summed with a triangular matMul, so levels never
 * cross). Trained with the pinball loss over all levels (Koenker & Bassett 1978), each sample weighted by its SKU's
 * scale so the loss matches the weighted quantile loss in original units.
 */
import * as tf from "../tf";
import { TrendcastError } from "../../types";
import { directTokenDim, directTokens, writeDirect, type DirectLayout, type DirectTrack } from "./direct-features";
import { encoderWeights, makeRng, weightMaker, type NamedWeights } from "./network";
import { cancelledError, type TrainResult, type TrainSettings } from "./train";

export type DirectNetConfig = {
  tokenDim: number;
  contextTokens: number;
  /** Forecast steps (step tokens at forecast time). */
  steps: number;
  dModel: number;
  heads: number;
  layers: number;
  ff: number;
  levels: number[];
};

export function initDirectWeights(cfg: DirectNetConfig, seed: number): NamedWeights {
  const w = weightMaker(seed);
  const { out } = w;
  const Q = cfg.levels.length;
  encoderWeights(w, cfg, cfg.contextTokens);
  w.mat("head.w", cfg.dModel, Q, 0.3);
  const hb = new Float32Array(Q);
  for (let q = 0; q < Q; q++) hb[q] = q === 0 ? 0.1 : -1.5;
  out.push({ name: "head.b", shape: [Q], data: hb });
  return out;
}

function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b) as tf.Tensor2D;
}

/**
 * Attention mask: context tokens see the context; a step token sees the context and itself, never another step, so
 * a step's forecast does not depend on which other steps are in the batch (training samples a few of them).
 */
function stepMask(C: number, T: number): tf.Tensor2D {
  const m = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) m[i * T + j] = j < C || i === j ? 0 : -1e9;
  return tf.tensor2d(m, [T, T]);
}

/** x [batch, contextTokens + S, tokenDim] -> quantiles [batch, S, Q] in scaled units. */
export function directForward(p: Map<string, tf.Tensor>, x: tf.Tensor3D, cfg: DirectNetConfig): tf.Tensor3D {
  const w = (name: string): tf.Tensor => {
    const t = p.get(name);
    if (!t) throw new Error(`attention network: missing weight ${name}`);
    return t;
  };
  const B = x.shape[0];
  const T = x.shape[1];
  const C = cfg.contextTokens;
  const S = T - C;
  const D = cfg.dModel;
  const H = cfg.heads;
  const dh = D / H;
  const Q = cfg.levels.length;
  const pos = tf.concat([w("pos"), tf.zeros([S, D])], 0);
  const mask = stepMask(C, T);
  let h = x
    .reshape([B * T, cfg.tokenDim])
    .matMul(w("in.w") as tf.Tensor2D)
    .add(w("in.b"))
    .reshape([B, T, D])
    .add(pos)
    .reshape([B * T, D]) as tf.Tensor2D;
  const heads = (t: tf.Tensor) => t.reshape([B, T, H, dh]).transpose([0, 2, 1, 3]).reshape([B * H, T, dh]) as tf.Tensor3D;
  for (let l = 0; l < cfg.layers; l++) {
    const a = layerNorm(h, w(`l${l}.ln1.g`), w(`l${l}.ln1.b`));
    const q = heads(a.matMul(w(`l${l}.q`) as tf.Tensor2D));
    const k = heads(a.matMul(w(`l${l}.k`) as tf.Tensor2D));
    const v = heads(a.matMul(w(`l${l}.v`) as tf.Tensor2D));
    const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(dh)).add(mask));
    const ctx = tf.matMul(att, v).reshape([B, H, T, dh]).transpose([0, 2, 1, 3]).reshape([B * T, D]) as tf.Tensor2D;
    h = h.add(ctx.matMul(w(`l${l}.o`) as tf.Tensor2D)) as tf.Tensor2D;
    const f = layerNorm(h, w(`l${l}.ln2.g`), w(`l${l}.ln2.b`));
    const ff = f
      .matMul(w(`l${l}.ff1.w`) as tf.Tensor2D)
      .add(w(`l${l}.ff1.b`))
      .relu()
      .matMul(w(`l${l}.ff2.w`) as tf.Tensor2D)
      .add(w(`l${l}.ff2.b`));
    h = h.add(ff) as tf.Tensor2D;
  }
  h = layerNorm(h, w("lnf.g"), w("lnf.b"));
  const steps = h
    .reshape([B, T, D])
    .slice([0, C, 0], [B, S, D])
    .reshape([B * S, D]) as tf.Tensor2D;
  const raw = steps.matMul(w("head.w") as tf.Tensor2D).add(w("head.b")) as tf.Tensor2D;
  const base = raw.slice([0, 0], [-1, 1]);
  const inc = raw.slice([0, 1], [-1, Q - 1]).softplus();
  const tri = tf.linalg.bandPart(tf.ones([Q, Q]), 0, -1) as tf.Tensor2D;
  return (tf.concat([base, inc], 1) as tf.Tensor2D).matMul(tri).reshape([B, S, Q]) as tf.Tensor3D;
}

/** The patch network's training settings, with a required loss weight and the direct network's sampling. */
export type DirectTrainSettings = Omit<TrainSettings, "weightPower"> & {
  /** Sample weight = scale^weightPower / batch mean (1: the loss is the WQL numerator in original units). */
  weightPower: number;
  /** Least history (periods) before an origin may be sampled. */
  minHistory: number;
  /** Forecast steps sampled per training origin (all when >= horizon). */
  stepsPerSample: number;
};

/**
 * Inputs, targets and loss weights of a batch. `stepLists[b]` are the (1-based) steps of sample b (all the same
 * length); targets after `targetEnd` are masked out.
 */
export function buildDirectBatch(tracks: DirectTrack[], samples: [number, number][], l: DirectLayout, targetEnd: number, weightPower: number, stepLists?: number[][]) {
  const all = Array.from({ length: l.horizon }, (_, k) => k + 1);
  const H = stepLists ? stepLists[0].length : l.horizon;
  const T = l.contextTokens + H;
  const F = directTokenDim(l);
  const x = new Float32Array(samples.length * T * F);
  const y = new Float32Array(samples.length * H);
  const mask = new Float32Array(samples.length * H);
  const scales = new Float32Array(samples.length);
  samples.forEach(([s, origin], b) => {
    const tr = tracks[s];
    const steps = stepLists ? stepLists[b] : all;
    const scale = writeDirect(x, b * T * F, tr, origin, l, steps);
    scales[b] = scale;
    steps.forEach((step, k) => {
      const i = origin + step;
      if (i <= targetEnd && i <= tr.last) {
        y[b * H + k] = tr.values[i] / scale;
        mask[b * H + k] = 1;
      }
    });
  });
  if (weightPower !== 0) {
    let mean = 0;
    const w = Array.from(scales, (s) => Math.pow(s, weightPower));
    for (const v of w) mean += v / w.length;
    for (let b = 0; b < samples.length; b++) for (let h = 0; h < H; h++) mask[b * H + h] *= mean > 0 ? w[b] / mean : 1;
  }
  return { x, y, mask, scales };
}

function pinball(pred: tf.Tensor3D, y: tf.Tensor2D, mask: tf.Tensor2D, levels: tf.Tensor1D): tf.Scalar {
  const diff = y.expandDims(2).sub(pred);
  const loss = tf.maximum(diff.mul(levels), diff.mul(levels.sub(1)));
  return loss.mean(2).mul(mask).sum().div(mask.sum().maximum(1e-6)) as tf.Scalar;
}

/** [track, first origin, last origin] ranges usable for training. */
function originRanges(tracks: DirectTrack[], trainEnd: number, minHistory: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  tracks.forEach((tr, s) => {
    const lo = tr.start + minHistory - 1;
    const hi = Math.min(trainEnd, tr.last) - 1;
    if (hi >= lo) out.push([s, lo, hi]);
  });
  return out;
}

export function countDirectOrigins(tracks: DirectTrack[], trainEnd: number, minHistory: number): number {
  return originRanges(tracks, trainEnd, minHistory).reduce((n, [, lo, hi]) => n + hi - lo + 1, 0);
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Seeded draws of training origins (uniform over every usable origin) and of the steps trained at each. */
function makeSampler(tracks: DirectTrack[], st: DirectTrainSettings, H: number) {
  const ranges = originRanges(tracks, st.trainEnd, st.minHistory);
  if (ranges.length === 0) {
    throw new TrendcastError(
      `Not enough history to train: every series needs at least ${st.minHistory + 1} periods before the cutoff. Select a longer sales history or a shorter horizon.`,
      "too-short",
    );
  }
  const cum: number[] = [];
  let total = 0;
  for (const [, lo, hi] of ranges) {
    total += hi - lo + 1;
    cum.push(total);
  }
  const rng = makeRng(st.seed * 7919 + 17);
  const K = Math.min(H, Math.max(1, st.stepsPerSample));
  const origin = (): [number, number] => {
    const r = Math.floor(rng() * total);
    let a = 0;
    let b = cum.length - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if (cum[m] > r) b = m;
      else a = m + 1;
    }
    const [s, lo] = ranges[a];
    return [s, lo + (r - (a === 0 ? 0 : cum[a - 1]))];
  };
  const steps = (): number[] => {
    if (K === H) return Array.from({ length: H }, (_, k) => k + 1);
    const picked = new Set<number>();
    while (picked.size < K) picked.add(1 + Math.floor(rng() * H));
    return [...picked];
  };
  return { origin, steps, K };
}

/** Variables, optimizer and validation tensors of one training run; `dispose` frees them all. */
function openSession(tracks: DirectTrack[], l: DirectLayout, cfg: DirectNetConfig, st: DirectTrainSettings) {
  const vars = new Map<string, tf.Variable>();
  for (const w of st.initial) {
    const init = tf.tensor(w.data, w.shape);
    vars.set(w.name, tf.variable(init, true));
    init.dispose();
  }
  const T = directTokens(l);
  const F = directTokenDim(l);
  const n = st.validation.length;
  const val = n > 0 ? buildDirectBatch(tracks, st.validation, l, Number.MAX_SAFE_INTEGER, st.weightPower) : null;
  const session = {
    vars,
    varList: [...vars.values()],
    params: vars as Map<string, tf.Tensor>,
    optimizer: tf.train.adam(st.learningRate),
    levels: tf.tensor1d(cfg.levels),
    val: val ? { x: tf.tensor3d(val.x, [n, T, F]), y: tf.tensor2d(val.y, [n, l.horizon]), m: tf.tensor2d(val.mask, [n, l.horizon]) } : null,
    async readWeights(): Promise<NamedWeights> {
      const out: NamedWeights = [];
      for (const w of st.initial) {
        const v = vars.get(w.name);
        if (v) out.push({ name: w.name, shape: [...w.shape], data: new Float32Array(await v.data()) });
      }
      return out;
    },
    dispose() {
      for (const v of session.varList) v.dispose();
      session.optimizer.dispose();
      session.levels.dispose();
      if (session.val) for (const t of [session.val.x, session.val.y, session.val.m]) t.dispose();
    },
  };
  return session;
}

type Session = ReturnType<typeof openSession>;
type Sampler = ReturnType<typeof makeSampler>;

/** One epoch of `stepsPerEpoch` batches; returns the mean training loss. */
async function trainEpoch(tracks: DirectTrack[], l: DirectLayout, cfg: DirectNetConfig, st: DirectTrainSettings, ses: Session, smp: Sampler): Promise<number> {
  const F = directTokenDim(l);
  let lossSum = 0;
  for (let step = 0; step < st.stepsPerEpoch; step++) {
    if (st.signal?.aborted) throw cancelledError();
    const batch: [number, number][] = [];
    const stepLists: number[][] = [];
    for (let b = 0; b < st.batch; b++) {
      batch.push(smp.origin());
      stepLists.push(smp.steps());
    }
    const d = buildDirectBatch(tracks, batch, l, st.trainEnd, st.weightPower, stepLists);
    const x = tf.tensor3d(d.x, [st.batch, l.contextTokens + smp.K, F]);
    const y = tf.tensor2d(d.y, [st.batch, smp.K]);
    const m = tf.tensor2d(d.mask, [st.batch, smp.K]);
    const lossT = ses.optimizer.minimize(() => pinball(directForward(ses.params, x, cfg), y, m, ses.levels), true, ses.varList);
    x.dispose();
    y.dispose();
    m.dispose();
    if (lossT) {
      lossSum += (await lossT.data())[0];
      lossT.dispose();
    }
    await tick();
  }
  return lossSum / st.stepsPerEpoch;
}

async function validationLoss(cfg: DirectNetConfig, ses: Session): Promise<number | null> {
  const v = ses.val;
  if (!v) return null;
  const t = tf.tidy(() => pinball(directForward(ses.params, v.x, cfg), v.y, v.m, ses.levels));
  const out = (await t.data())[0];
  t.dispose();
  return out;
}

/**
 * Training loop: Adam, pinball loss, early stopping on the validation origin keeping the best weights, a budget in
 * seconds or samples, a report after each epoch, cancellation between batches (every tensor freed).
 */
export async function trainDirect(tracks: DirectTrack[], l: DirectLayout, cfg: DirectNetConfig, st: DirectTrainSettings): Promise<TrainResult> {
  const smp = makeSampler(tracks, st, l.horizon);
  const ses = openSession(tracks, l, cfg, st);
  const t0 = Date.now();
  const perEpoch = st.batch * st.stepsPerEpoch;
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: NamedWeights | null = null;
  let bestEpoch = 0;
  let lastLoss = Number.NaN;
  let sinceBest = 0;
  let epoch = 0;
  let planned = st.maxEpochs;
  if (Number.isFinite(st.budgetSamples)) planned = Math.min(planned, Math.max(1, Math.ceil(st.budgetSamples / perEpoch)));
  try {
    while (epoch < planned) {
      lastLoss = await trainEpoch(tracks, l, cfg, st, ses, smp);
      epoch++;
      const lastVal = await validationLoss(cfg, ses);
      if (lastVal === null) bestEpoch = epoch;
      else if (lastVal < best * (1 - 1e-4)) {
        best = lastVal;
        bestWeights = await ses.readWeights();
        bestEpoch = epoch;
        sinceBest = 0;
      } else sinceBest++;
      const seconds = (Date.now() - t0) / 1000;
      const secPerEpoch = seconds / epoch;
      if (Number.isFinite(st.budgetSeconds)) planned = Math.min(planned, Math.max(epoch, Math.floor(st.budgetSeconds / secPerEpoch)));
      const stopping = sinceBest >= st.patience;
      if (stopping) planned = epoch;
      await st.onEpoch?.({
        epoch,
        epochs: planned,
        loss: lastLoss,
        valLoss: lastVal,
        samplesPerSec: (epoch * perEpoch) / Math.max(seconds, 1e-3),
        etaSeconds: Math.max(0, planned - epoch) * secPerEpoch,
        fraction: planned > 0 ? epoch / planned : 1,
        weights: () => ses.readWeights(),
      });
      if (stopping || (Number.isFinite(st.budgetSeconds) && seconds + secPerEpoch > st.budgetSeconds)) break;
    }
    const weights = bestWeights ?? (await ses.readWeights());
    const seconds = (Date.now() - t0) / 1000;
    const samples = epoch * perEpoch;
    return { weights, epochs: epoch, bestEpoch, loss: lastLoss, valLoss: ses.val ? best : null, samples, seconds, samplesPerSec: samples / Math.max(seconds, 1e-3) };
  } finally {
    ses.dispose();
  }
}

/** Quantiles [sample][step][level] in scaled units for n samples whose inputs are in x. */
export function predictDirect(params: Map<string, tf.Tensor>, cfg: DirectNetConfig, l: DirectLayout, x: Float32Array, n: number, chunk = 128): Float32Array {
  const T = directTokens(l);
  const F = directTokenDim(l);
  const S = cfg.steps;
  const Q = cfg.levels.length;
  const out = new Float32Array(n * S * Q);
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const res = tf.tidy(() => directForward(params, tf.tensor3d(x.subarray(a * T * F, b * T * F), [b - a, T, F]), cfg));
    out.set(res.dataSync(), a * S * Q);
    res.dispose();
  }
  return out;
}
