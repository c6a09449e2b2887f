/**
 * Training the trained model: checks, the feature layout and network size, feature tracks of every series up to the
 * cutoff, the time-based validation split, the network's training loop (progress, checkpoints, resume), then the
 * internal backtest that picks models per SKU and calibrates the bands (selection.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_QUANTILES, TrendcastError, type SalesPanel } from "../../types";
import { defaultLayout, extendDates, makeCalendar, outputSteps, tokenCount, tokenDim, type FeatureLayout, type Track } from "../attention/features";
import { initWeights, parameterCount, type NamedWeights, type NetConfig } from "../attention/network";
import { cancelledError, countTrainingWindows, trainNetwork, type TrainResult } from "../attention/train";
import { MODEL_LEVELS, identityCalibration } from "../calibration";
import {
  DEFAULT_SECONDS,
  buildHistoryIndex,
  clean,
  covariateStats,
  fingerprint,
  isoDate,
  normalisedCovariates,
  validateHorizon,
  validateQuantiles,
  type ModelCard,
  type ModelState,
  type TrainOptions,
} from "./model-state";
import { AttentionRunner } from "./runner";
import { selectAndCalibrate } from "./selection";
import { decodeModel, encodeModel } from "./serialise";

type Resumed = { state: ModelState; weights: NamedWeights } | null;

/** Everything the training loop and the selection need, fixed before the first epoch. */
type Setup = {
  backend: string;
  t0: number;
  cutoff: number;
  seed: number;
  resumed: Resumed;
  layout: FeatureLayout;
  covStats: { mean: number[]; std: number[] };
  net: NetConfig;
  tracks: Track[];
  trainEnd: number;
  validation: [number, number][];
};

function checkInputs(panel: SalesPanel, options: TrainOptions): void {
  validateHorizon(options.horizon);
  validateQuantiles(options.quantiles ?? DEFAULT_QUANTILES);
  if (panel.series.length === 0 || panel.timeline.length === 0) {
    throw new TrendcastError("There are no sales series to train on. Select a range with dates and at least one column of sales.", "empty-panel");
  }
  if (options.signal?.aborted) throw cancelledError();
}

function resumedState(panel: SalesPanel, options: TrainOptions): Resumed {
  const resumed = options.resumeFrom ? decodeModel(options.resumeFrom) : null;
  const layout = resumed?.state.layout;
  if (layout && (layout.frequency !== panel.frequency || layout.horizon !== options.horizon || layout.covariates.join("\u0000") !== panel.covariateNames.join("\u0000"))) {
    throw new TrendcastError("The checkpoint to resume from was trained on different data (frequency, horizon or covariates differ). Start training again.", "bad-checkpoint");
  }
  return resumed;
}

function netConfig(layout: FeatureLayout): NetConfig {
  return {
    tokens: tokenCount(layout),
    tokenDim: tokenDim(layout),
    contextTokens: layout.contextTokens,
    futureTokens: layout.futureTokens,
    patch: layout.patch,
    dModel: 32,
    heads: 4,
    layers: 2,
    ff: 64,
    levels: [...MODEL_LEVELS],
  };
}

function makeTracks(panel: SalesPanel, layout: FeatureLayout, covStats: { mean: number[]; std: number[] }, cutoff: number): Track[] {
  const S = outputSteps(layout);
  const dates = extendDates(panel.timeline, S, panel.frequency);
  const calendar = makeCalendar(dates);
  return panel.series.map((s) => {
    const values = new Float32Array(dates.length);
    for (let i = 0; i <= Math.min(cutoff, s.values.length - 1); i++) values[i] = clean(s.values[i]);
    return {
      values,
      start: Math.max(0, Math.min(s.start, cutoff)),
      last: Math.min(cutoff, s.values.length - 1),
      covariates: normalisedCovariates(s.covariates, layout, covStats, dates.length),
      calendar,
    };
  });
}

/** Time-based split: the last H periods before the cutoff are the validation (and selection) window. */
function validationSplit(tracks: Track[], layout: FeatureLayout, cutoff: number, H: number): { trainEnd: number; validation: [number, number][] } {
  const valOrigin = cutoff - H;
  let trainEnd = valOrigin;
  let validation: [number, number][] = [];
  if (valOrigin >= layout.patch && countTrainingWindows(tracks, layout, trainEnd) > 0) {
    tracks.forEach((tr, s) => {
      if (valOrigin >= tr.start + layout.patch - 1) validation.push([s, valOrigin]);
    });
  }
  if (validation.length === 0) {
    trainEnd = cutoff;
    validation = [];
  }
  return { trainEnd, validation };
}

async function prepare(panel: SalesPanel, options: TrainOptions): Promise<Setup> {
  checkInputs(panel, options);
  await tf.ready();
  const backend = tf.getBackend();
  const t0 = Date.now();
  const H = options.horizon;
  const cutoff = Math.min(options.cutoff ?? panel.timeline.length - 1, panel.timeline.length - 1);
  if (!Number.isInteger(cutoff) || cutoff < 0) {
    throw new TrendcastError(`The training cutoff must be a period index inside the data (got ${options.cutoff}).`, "bad-cutoff");
  }
  const seed = options.seed ?? 42;
  const resumed = resumedState(panel, options);
  const layout = resumed ? resumed.state.layout : defaultLayout(panel.frequency, H, panel.covariateNames);
  const covStats = resumed ? resumed.state.covStats : covariateStats(panel, layout.covariates, cutoff);
  const net: NetConfig = resumed ? resumed.state.net : netConfig(layout);
  const tracks = makeTracks(panel, layout, covStats, cutoff);
  const { trainEnd, validation } = validationSplit(tracks, layout, cutoff, H);
  return { backend, t0, cutoff, seed, resumed, layout, covStats, net, tracks, trainEnd, validation };
}

/** The model card before the selection's scores: data, settings, training figures in `extra`. */
function partialCard(panel: SalesPanel, options: TrainOptions, setup: Setup, seconds: number, extra: Record<string, string | number>): ModelCard {
  const { layout, net, cutoff } = setup;
  return {
    trainedAt: new Date().toISOString(),
    backend: setup.backend,
    frequency: panel.frequency,
    seriesCount: panel.series.length,
    periods: cutoff + 1,
    firstDate: isoDate(panel.timeline[0]),
    lastDate: isoDate(panel.timeline[cutoff]),
    horizon: options.horizon,
    dataFingerprint: fingerprint(panel, cutoff),
    settings: {
      model: "attention",
      patch: layout.patch,
      contextLength: layout.patch * layout.contextTokens,
      dModel: net.dModel,
      heads: net.heads,
      layers: net.layers,
      covariates: layout.covariates.join(",") || "none",
      seed: setup.seed,
      cutoff,
      trainEnd: setup.trainEnd,
      ...extra,
    },
    scores: {},
    perSku: [],
    parameters: 0,
    trainingSeconds: seconds,
  };
}

function runNetwork(panel: SalesPanel, options: TrainOptions, setup: Setup): Promise<TrainResult> {
  const { layout, net, covStats, backend, t0 } = setup;
  const budgetSeconds = options.budget?.seconds ?? (options.budget?.samples !== undefined ? Number.POSITIVE_INFINITY : DEFAULT_SECONDS);
  const budgetSamples = options.budget?.samples ?? Number.POSITIVE_INFINITY;
  return trainNetwork(setup.tracks, layout, net, {
    seed: setup.seed,
    trainEnd: setup.trainEnd,
    validation: setup.validation,
    budgetSeconds,
    budgetSamples,
    batch: 128,
    stepsPerEpoch: Number.isFinite(budgetSamples) ? Math.min(40, Math.max(1, Math.ceil(budgetSamples / 128))) : 40,
    maxEpochs: 200,
    patience: 5,
    learningRate: 2e-3,
    weightPower: options.tuning?.weightPower ?? 0,
    signal: options.signal,
    initial: setup.resumed ? setup.resumed.weights : initWeights(net, setup.seed),
    onEpoch: async (r) => {
      options.onProgress?.({
        epoch: r.epoch,
        epochs: r.epochs,
        loss: r.loss,
        valLoss: r.valLoss,
        samplesPerSec: r.samplesPerSec,
        etaSeconds: r.etaSeconds,
        backend,
        fraction: r.fraction,
      });
      if (options.onCheckpoint) {
        const w = await r.weights();
        const card = partialCard(panel, options, setup, (Date.now() - t0) / 1000, { epochs: r.epoch, checkpoint: "yes" });
        card.parameters = parameterCount(w);
        options.onCheckpoint(encodeModel({ layout, net, covStats, calibration: identityCalibration(), selection: {}, defaultChoice: "attention", card }, w), r.epoch);
      }
    },
  });
}

/** Trains the network, then (with a validation window) selects per SKU and calibrates; returns the model's parts. */
export async function trainModel(panel: SalesPanel, options: TrainOptions): Promise<{ state: ModelState; weights: NamedWeights }> {
  const setup = await prepare(panel, options);
  const { layout, net, covStats, cutoff, validation, tracks } = setup;
  const run = await runNetwork(panel, options, setup);
  if (options.signal?.aborted) throw cancelledError();

  const card = partialCard(panel, options, setup, 0, {
    epochs: run.epochs,
    bestEpoch: run.bestEpoch,
    trainingSamples: run.samples,
    samplesPerSec: Math.round(run.samplesPerSec),
    trainLoss: Number(run.loss.toFixed(5)),
    valLoss: run.valLoss === null ? "none" : Number(run.valLoss.toFixed(5)),
  });
  card.parameters = parameterCount(run.weights);
  const state: ModelState = { layout, net, covStats, calibration: identityCalibration(), selection: {}, defaultChoice: "attention", historyIndex: buildHistoryIndex(panel, cutoff), card };
  const runner = new AttentionRunner(state, run.weights);
  try {
    if (validation.length > 0) {
      await selectAndCalibrate(runner, state, panel, tracks, validation, options);
    }
  } finally {
    runner.dispose();
  }
  card.trainingSeconds = (Date.now() - setup.t0) / 1000;
  return { state, weights: run.weights };
}
