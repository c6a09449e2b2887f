/**
 * Development bench of the direct multi-horizon attention network alone (no selection): protocol windows, warm
 * start across windows, quantile calibration fitted on the validation window before each cutoff.
 *
 *   npx tsx bench/direct-dev.ts <long.csv> --horizon H --windows W [--seconds S] [--stride k] [--wp 1] [--d 32]
 */
import { readFileSync } from "node:fs";
import * as tf from "../src/engine/forecast/tf";
import { readLongCsv } from "../src/cli/long-csv";
import { backtestCutoffs } from "../src/engine/evaluate/backtest";
import { ensureNodeBackend } from "../src/engine/forecast/attention/backend";
import { directCalendar, directLayout, directTokenDim, directTokens, makeDirectTrack, writeDirect, type DirectTrack } from "../src/engine/forecast/attention/direct-features";
import { initDirectWeights, predictDirect, trainDirect, type DirectNetConfig } from "../src/engine/forecast/attention/direct-network";
import { extendDates } from "../src/engine/forecast/attention/features";
import { MODEL_LEVELS, calibratedQuantiles, fitCalibration } from "../src/engine/forecast/calibration";
import type { NamedWeights } from "../src/engine/forecast/attention/network";
import { reportTo } from "./report";

reportTo("direct-dev", { fence: true }); // --write-docs: this run's output goes into docs/benchmarks.md

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : dflt);
const file = argv[0];
const H = Number(opt("--horizon", "28"));
const W = Number(opt("--windows", "4"));
const seconds = Number(opt("--seconds", "40"));
const samples = Number(opt("--samples", "0"));
const samplesWarm = Number(opt("--samples-warm", "0"));
const stride = Number(opt("--stride", "1"));
const wp = Number(opt("--wp", "1"));
const dModel = Number(opt("--d", "32"));
const layers = Number(opt("--layers", "2"));
const lr = Number(opt("--lr", "0.002"));
const batch = Number(opt("--batch", "64"));
const noCov = argv.includes("--no-cov");
await ensureNodeBackend();
const full = readLongCsv(readFileSync(file, "utf8"), file);
const panel = { ...full, series: full.series.filter((_, i) => i % stride === 0), covariateNames: noCov ? [] : full.covariateNames };
const last = Math.max(...panel.series.map((s) => s.values.length)) - 1;
const l = directLayout(panel.frequency, H, panel.covariateNames);
const cfg: DirectNetConfig = {
  tokenDim: directTokenDim(l),
  contextTokens: l.contextTokens,
  steps: H,
  dModel,
  heads: 4,
  layers,
  ff: 2 * dModel,
  levels: [...MODEL_LEVELS],
};
const DEC = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
let prev: NamedWeights | null = null;
const tot = { raw: 0, cal: 0, den: 0, covRaw: 0, covCal: 0, n: 0, bias: 0 };
const t00 = Date.now();
for (const cutoff of backtestCutoffs(last, H, W)) {
  const t0 = Date.now();
  const dates = extendDates(panel.timeline, H + 1, panel.frequency);
  const cal = directCalendar(dates);
  // covariate stats up to cutoff
  const stats = panel.covariateNames.map((name) => {
    let s = 0, s2 = 0, n = 0;
    for (const se of panel.series) for (let i = se.start; i <= cutoff; i++) { const v = se.covariates[name]?.[i] ?? 0; s += v; s2 += v * v; n++; }
    const m = s / Math.max(1, n);
    const sd = Math.sqrt(Math.max(1e-12, s2 / Math.max(1, n) - m * m));
    return { m, sd: sd > 1e-9 ? sd : 1 };
  });
  const tracks: DirectTrack[] = panel.series.map((se) => {
    const values = new Float32Array(dates.length);
    for (let i = 0; i <= cutoff; i++) values[i] = Number.isFinite(se.values[i]) ? se.values[i] : 0;
    const covs = panel.covariateNames.map((name, c) => {
      const arr = new Float32Array(dates.length).fill(-stats[c].m / stats[c].sd);
      const src = se.covariates[name] ?? [];
      for (let i = 0; i < Math.min(src.length, cutoff + H + 1); i++) arr[i] = (src[i] - stats[c].m) / stats[c].sd;
      return arr;
    });
    return makeDirectTrack(values, Math.min(se.start, cutoff), cutoff, covs, cal);
  });
  const valOrigin = cutoff - H;
  const validation: [number, number][] = tracks.map((_, s) => [s, valOrigin] as [number, number]).filter(([s]) => tracks[s].start <= valOrigin - l.scaleWindow);
  const run = await trainDirect(tracks, l, cfg, {
    seed: 42, trainEnd: valOrigin, validation, budgetSeconds: samples > 0 ? Infinity : seconds, budgetSamples: samples > 0 ? (prev && samplesWarm > 0 ? samplesWarm : samples) : Infinity, batch, stepsPerEpoch: Number(opt("--spe", "10")),
    maxEpochs: 500, patience: 6, learningRate: lr, weightPower: wp, minHistory: Math.max(l.scaleWindow, 8), stepsPerSample: Number(opt("--k", "7")), initial: prev ?? initDirectWeights(cfg, 42),
  });
  prev = run.weights;
  const params = new Map<string, tf.Tensor>(run.weights.map((w) => [w.name, tf.tensor(w.data, w.shape)]));
  const T = directTokens(l), F = directTokenDim(l), Q = MODEL_LEVELS.length;
  const predictAt = (origin: number) => {
    const x = new Float32Array(tracks.length * T * F);
    const scales = tracks.map((tr, b) => writeDirect(x, b * T * F, tr, origin, l));
    const out = predictDirect(params, cfg, l, x, tracks.length);
    return tracks.map((_, b) => Array.from({ length: H }, (_, h) => {
      const row = Array.from({ length: Q }, (_, k) => Math.max(0, out[(b * H + h) * Q + k] * scales[b]));
      for (let k = 1; k < Q; k++) row[k] = Math.max(row[k], row[k - 1]);
      return row;
    }));
  };
  const vg = predictAt(valOrigin);
  const fF: number[][] = [], fY: number[] = [];
  vg.forEach((g, s) => g.forEach((row, h) => { fF.push(row); fY.push(tracks[s].values[valOrigin + 1 + h]); }));
  const calib = fitCalibration(MODEL_LEVELS, fF, fY);
  const g = predictAt(cutoff);
  let raw = 0, calL = 0, den = 0, covR = 0, covC = 0, n = 0, bias = 0;
  g.forEach((grid, s) => grid.forEach((row, h) => {
    const y = panel.series[s].values[cutoff + 1 + h];
    const qr = DEC.map((tau) => row[MODEL_LEVELS.indexOf(tau)]);
    const qc = calibratedQuantiles(calib, MODEL_LEVELS, row, DEC);
    DEC.forEach((tau, k) => {
      raw += (2 * (y >= qr[k] ? tau * (y - qr[k]) : (1 - tau) * (qr[k] - y))) / 9;
      calL += (2 * (y >= qc[k] ? tau * (y - qc[k]) : (1 - tau) * (qc[k] - y))) / 9;
    });
    den += y; n++;
    if (y >= qr[0] && y <= qr[8]) covR++;
    if (y >= qc[0] && y <= qc[8]) covC++;
    bias += qc[4] - y;
  }));
  for (const t of params.values()) t.dispose();
  tot.raw += raw; tot.cal += calL; tot.den += den; tot.covRaw += covR; tot.covCal += covC; tot.n += n; tot.bias += bias;
  console.log(`cutoff ${cutoff}: ${run.epochs} ep (best ${run.bestEpoch}) ${Math.round(run.samplesPerSec)} s/s val ${run.valLoss?.toFixed(4)} | raw ${(raw / den).toFixed(4)} cov ${(covR / n).toFixed(3)} | cal ${(calL / den).toFixed(4)} cov ${(covC / n).toFixed(3)} | ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`TOTAL raw WQL ${(tot.raw / tot.den).toFixed(4)} cov ${(tot.covRaw / tot.n).toFixed(3)} | calibrated WQL ${(tot.cal / tot.den).toFixed(4)} cov ${(tot.covCal / tot.n).toFixed(3)} bias ${(tot.bias / tot.den).toFixed(3)} | ${((Date.now() - t00) / 1000).toFixed(0)} s`);
