/**
 * The Transformer encoder (Vaswani et al. 2017, pre-norm variant) written with plain tf ops so it trains on every
 * tfjs backend: tokens are linear projections of patch features plus a learned position embedding; each block is
 * multi-head self-attention (matMul + softmax + transpose) and a ReLU feed-forward layer, both with residual
 * connections and layer normalisation. A linear head on each future token gives `patch` steps x Q quantile levels;
 * levels cannot cross because the head emits a base and softplus increments that are summed (cumulative sum as a
 * matMul with a triangular matrix, which every backend differentiates).
 */
import * as tf from "../tf";
import { seededRandom } from "../../random";

export type NetConfig = {
  tokens: number;
  tokenDim: number;
  contextTokens: number;
  futureTokens: number;
  patch: number;
  dModel: number;
  heads: number;
  layers: number;
  ff: number;
  /** Model quantile levels (ascending). */
  levels: number[];
};

export type NamedWeights = { name: string; shape: number[]; data: Float32Array }[];

/** Seeded generator for initialisation and sampling (mulberry32; seed 0 is remapped to a non-zero state). */
export function makeRng(seed: number): () => number {
  return seededRandom(seed >>> 0 || 0x9e3779b9);
}

function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Adds seeded weights in order: Glorot-style normal matrices, constant vectors (zeros for biases, ones for gains). */
export type WeightMaker = {
  out: NamedWeights;
  mat(name: string, rows: number, cols: number, gain?: number): void;
  vec(name: string, n: number, value: number): void;
};

export function weightMaker(seed: number): WeightMaker {
  const rng = makeRng(seed);
  const out: NamedWeights = [];
  return {
    out,
    mat(name, rows, cols, gain = 1) {
      const data = new Float32Array(rows * cols);
      const std = gain * Math.sqrt(2 / (rows + cols));
      for (let i = 0; i < data.length; i++) data[i] = normal(rng) * std;
      out.push({ name, shape: [rows, cols], data });
    },
    vec(name, n, value) {
      out.push({ name, shape: [n], data: new Float32Array(n).fill(value) });
    },
  };
}

/**
 * The encoder shared by both attention networks: token embedding, `positions` learned positions, `layers`
 * pre-norm Transformer blocks and the final norm (the head is each network's own).
 */
export function encoderWeights(w: WeightMaker, cfg: { tokenDim: number; dModel: number; layers: number; ff: number }, positions: number): void {
  const { mat, vec } = w;
  const D = cfg.dModel;
  mat("in.w", cfg.tokenDim, D);
  vec("in.b", D, 0);
  mat("pos", positions, D, 0.5);
  for (let l = 0; l < cfg.layers; l++) {
    vec(`l${l}.ln1.g`, D, 1);
    vec(`l${l}.ln1.b`, D, 0);
    mat(`l${l}.q`, D, D);
    mat(`l${l}.k`, D, D);
    mat(`l${l}.v`, D, D);
    mat(`l${l}.o`, D, D, 0.5);
    vec(`l${l}.ln2.g`, D, 1);
    vec(`l${l}.ln2.b`, D, 0);
    mat(`l${l}.ff1.w`, D, cfg.ff);
    vec(`l${l}.ff1.b`, cfg.ff, 0);
    mat(`l${l}.ff2.w`, cfg.ff, D, 0.5);
    vec(`l${l}.ff2.b`, D, 0);
  }
  vec("lnf.g", D, 1);
  vec("lnf.b", D, 0);
}

/** Seeded initial weights (Glorot-style normal for matrices, zeros for biases, ones for norm gains). */
export function initWeights(cfg: NetConfig, seed: number): NamedWeights {
  const w = weightMaker(seed);
  const { out } = w;
  const Q = cfg.levels.length;
  encoderWeights(w, cfg, cfg.tokens);
  w.mat("head.w", cfg.dModel, cfg.patch * Q, 0.5);
  // Base level starts near the scaled mean (1); increments start small (softplus(-2) = 0.13).
  const hb = new Float32Array(cfg.patch * Q);
  for (let s = 0; s < cfg.patch; s++) {
    for (let q = 0; q < Q; q++) hb[s * Q + q] = q === 0 ? 0.3 : -2;
  }
  out.push({ name: "head.b", shape: [cfg.patch * Q], data: hb });
  return out;
}

export function parameterCount(weights: NamedWeights): number {
  return weights.reduce((n, w) => n + w.data.length, 0);
}

function layerNorm(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b) as tf.Tensor2D;
}

/**
 * Forward pass. `x` is [batch, tokens, tokenDim]; returns [batch, futureTokens * patch, Q] quantiles in scaled
 * units, non-decreasing along the last axis. `p` maps weight names to tensors (variables while training).
 */
export function forward(p: Map<string, tf.Tensor>, x: tf.Tensor3D, cfg: NetConfig): tf.Tensor3D {
  const w = (name: string): tf.Tensor => {
    const t = p.get(name);
    if (!t) throw new Error(`attention network: missing weight ${name}`);
    return t;
  };
  const B = x.shape[0];
  const T = cfg.tokens;
  const D = cfg.dModel;
  const H = cfg.heads;
  const dh = D / H;
  const Q = cfg.levels.length;
  let h = x
    .reshape([B * T, cfg.tokenDim])
    .matMul(w("in.w") as tf.Tensor2D)
    .add(w("in.b"))
    .reshape([B, T, D])
    .add(w("pos"))
    .reshape([B * T, D]) as tf.Tensor2D;
  const heads = (t: tf.Tensor) => t.reshape([B, T, H, dh]).transpose([0, 2, 1, 3]).reshape([B * H, T, dh]) as tf.Tensor3D;
  for (let l = 0; l < cfg.layers; l++) {
    const a = layerNorm(h, w(`l${l}.ln1.g`), w(`l${l}.ln1.b`));
    const q = heads(a.matMul(w(`l${l}.q`) as tf.Tensor2D));
    const k = heads(a.matMul(w(`l${l}.k`) as tf.Tensor2D));
    const v = heads(a.matMul(w(`l${l}.v`) as tf.Tensor2D));
    const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(dh)));
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
  const fut = h
    .reshape([B, T, D])
    .slice([0, cfg.contextTokens, 0], [B, cfg.futureTokens, D])
    .reshape([B * cfg.futureTokens, D]) as tf.Tensor2D;
  const raw = fut.matMul(w("head.w") as tf.Tensor2D).add(w("head.b")).reshape([B * cfg.futureTokens * cfg.patch, Q]) as tf.Tensor2D;
  const base = raw.slice([0, 0], [-1, 1]);
  const inc = raw.slice([0, 1], [-1, Q - 1]).softplus();
  const steps = tf.concat([base, inc], 1) as tf.Tensor2D;
  const tri = tf.linalg.bandPart(tf.ones([Q, Q]), 0, -1) as tf.Tensor2D;
  return steps.matMul(tri).reshape([B, cfg.futureTokens * cfg.patch, Q]) as tf.Tensor3D;
}
