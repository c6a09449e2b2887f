import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "../../src/engine/forecast/tf";
import { ensureNodeBackend } from "../../src/engine/forecast/attention/backend";
import {
  contextDim,
  directCalendar,
  directLayout,
  directScale,
  directTokenDim,
  directTokens,
  makeDirectTrack,
  stepDim,
  writeDirect,
  type DirectTrack,
} from "../../src/engine/forecast/attention/direct-features";
import { directForward, initDirectWeights, type DirectNetConfig } from "../../src/engine/forecast/attention/direct-network";
import { MODEL_LEVELS } from "../../src/engine/forecast/calibration";
import { skuGroup } from "../../src/engine/forecast/trained/model-state";

const DAY0 = 19000; // a Monday-ish epoch day; only relative dates matter here

function track(values: number[], promo: number[], extra: number): DirectTrack {
  const n = values.length + extra;
  const dates = Array.from({ length: n }, (_, i) => DAY0 + i);
  const v = new Float32Array(n);
  values.forEach((x, i) => (v[i] = x));
  const p = new Float32Array(n);
  promo.forEach((x, i) => (p[i] = x));
  return makeDirectTrack(v, 0, values.length - 1, [p], directCalendar(dates));
}

test("direct features: scale is the last-28-day mean; values after the origin and covariates after origin + H never leak", () => {
  const H = 7;
  const l = directLayout("daily", H, ["promo"]);
  const n = 800;
  const values = Array.from({ length: n }, (_, i) => 10 + (i % 7) + (i > n - 29 ? 4 : 0));
  const promo = Array.from({ length: n + 30 }, (_, i) => (i % 11 === 0 ? 1 : 0));
  const origin = 700;
  const a = track(values, promo, 30);
  const scale = directScale(a, origin, l);
  let mean = 0;
  for (let i = origin - 27; i <= origin; i++) mean += values[i] / 28;
  assert.ok(Math.abs(scale - mean) < 1e-4);
  const T = directTokens(l);
  const F = directTokenDim(l);
  const x1 = new Float32Array(T * F);
  writeDirect(x1, 0, a, origin, l);
  // Change everything after the origin (values) and after origin + H (covariates): features must not move.
  const changedValues = values.map((v, i) => (i > origin ? v * 5 + 3 : v));
  const changedPromo = promo.map((v, i) => (i > origin + H ? 1 - v : v));
  const x2 = new Float32Array(T * F);
  writeDirect(x2, 0, track(changedValues, changedPromo, 30), origin, l);
  assert.deepEqual(Array.from(x1), Array.from(x2));
  // Step tokens carry the step flag; context tokens do not.
  assert.equal(x1[0], 0);
  assert.equal(x1[l.contextTokens * F], 1);
  assert.equal(F, 1 + contextDim(l) + stepDim(l) + (F - 1 - contextDim(l) - stepDim(l)));
});

test("direct network: quantiles never cross, and a step's forecast does not depend on which other steps are present", async () => {
  await ensureNodeBackend();
  const H = 6;
  const l = directLayout("weekly", H, ["holiday"]);
  const cfg: DirectNetConfig = { tokenDim: directTokenDim(l), contextTokens: l.contextTokens, steps: H, dModel: 16, heads: 2, layers: 2, ff: 32, levels: [...MODEL_LEVELS] };
  const weights = initDirectWeights(cfg, 3);
  const params = new Map<string, tf.Tensor>(weights.map((w) => [w.name, tf.tensor(w.data, w.shape)]));
  const n = 120;
  const values = Array.from({ length: n }, (_, i) => 5 + 3 * Math.sin(i / 8) + (i % 13 === 0 ? 6 : 0));
  const tr = track(values, Array.from({ length: n + H }, (_, i) => (i % 26 === 0 ? 1 : 0)), H + 1);
  const F = directTokenDim(l);
  const all = new Float32Array(directTokens(l) * F);
  writeDirect(all, 0, tr, n - 1, l);
  const some = new Float32Array((l.contextTokens + 2) * F);
  writeDirect(some, 0, tr, n - 1, l, [4, 2]);
  const [full, part] = tf.tidy(() => [
    directForward(params, tf.tensor3d(all, [1, directTokens(l), F]), cfg).arraySync() as number[][][],
    directForward(params, tf.tensor3d(some, [1, l.contextTokens + 2, F]), cfg).arraySync() as number[][][],
  ]);
  for (const row of full[0]) for (let k = 1; k < row.length; k++) assert.ok(row[k] >= row[k - 1] - 1e-6);
  part[0][0].forEach((v, k) => assert.ok(Math.abs(v - full[0][3][k]) < 1e-4, `step 4 level ${k}`));
  part[0][1].forEach((v, k) => assert.ok(Math.abs(v - full[0][1][k]) < 1e-4, `step 2 level ${k}`));
  for (const t of params.values()) t.dispose();
});

test("SKU groups: a third or more of the last year without sales is intermittent", () => {
  const smooth = Array.from({ length: 400 }, (_, i) => (i % 5 === 0 ? 0 : 3));
  const intermittent = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 2 : 0));
  assert.equal(skuGroup(smooth, 0, smooth.length - 1, 364), "smooth");
  assert.equal(skuGroup(intermittent, 0, intermittent.length - 1, 364), "intermittent");
  // Only the last year counts: zeros long ago do not make a SKU intermittent.
  const revived = [...new Array<number>(300).fill(0), ...new Array<number>(364).fill(4)];
  assert.equal(skuGroup(revived, 0, revived.length - 1, 364), "smooth");
});
