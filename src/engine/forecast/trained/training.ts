/**
 * Training the trained model: checks, the feature layout and network size, feature tracks of every series up to the
 * cutoff, the time-based validation split, the network's training loop (progress, checkpoints, resume), then the
 * internal backtest that picks models per SKU and calibrates the bands (selection.ts).
 */
import * as tf from "../tf";
import { DEFAULT_QUANTILES, TrendcastError, type SalesPanel } from "../../types";
import { directLayout, directTokenDim, type DirectLayout, type DirectTrack } from "../attention/direct-features";
import { countDirectOrigins, initDirectWeights, trainDirect, type DirectNetConfig } from "../attention/direct-network";
import { panelTracks } from "../attention/direct-model";
import { extendDates } from "../attention/features";
import { parameterCount, type NamedWeights } from "../attention/network";
import { cancelledError, type TrainResult } from "../attention/train";
import { MODEL_LEVELS, identityCalibration } from "../calibration";
import {
  DEFAULT_SECONDS,
  buildHistoryIndex,
  covariateStats,
  fingerprint,
  isoDate,
  validateHorizon,
  validateQuantiles,
  type ModelCard,
  type ModelState,
  type TrainOptions,
} from "./model-state";
import { AttentionRunner } from "./runner";
import { selectAndCalibrate } from "./selection";
import { decodeModel, encodeModel } from "./serialise";
import { lastSaleIndex } from "../../ingest/history-end";

type Resumed = { state: ModelState; weights: NamedWeights } | null;

/** Everything the training loop and the selection need, fixed before the first epoch. */
type Setup = {
  backend: string;
  t0: number;
  cutoff: number;
  seed: number;
  resumed: Resumed;
  layout: DirectLayout;
  covStats: { mean: number[]; std: number[] };
  net: DirectNetConfig;
  tracks: DirectTrack[];
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

function netConfig(layout: DirectLayout): DirectNetConfig {
  return {
    tokenDim: directTokenDim(layout),
    contextTokens: layout.contextTokens,
    steps: layout.horizon,
    dModel: 32,
    heads: 4,
    layers: 2,
    ff: 64,
    levels: [...MODEL_LEVELS],
  };
}

/** Least history before a training origin: the scale window (a month of days, a quarter of weeks). */
function minHistory(layout: DirectLayout): number {
  return Math.max(layout.scaleWindow, 4);
}

/** Time-based split: the last H periods before the cutoff are the validation (and selection) window. */
function validationSplit(tracks: DirectTrack[], layout: DirectLayout, cutoff: number, H: number): { trainEnd: number; validation: [number, number][] } {
  const valOrigin = cutoff - H;
  const need = minHistory(layout);
  const validation: [number, number][] = [];
  if (valOrigin >= need && countDirectOrigins(tracks, valOrigin, need) > 0) {
    tracks.forEach((tr, s) => {
      if (valOrigin >= tr.start + need - 1) validation.push([s, valOrigin]);
    });
  }
  return validation.length > 0 ? { trainEnd: valOrigin, validation } : { trainEnd: cutoff, validation: [] };
}

async function prepare(panel: SalesPanel, options: TrainOptions): Promise<Setup> {
  checkInputs(panel, options);
  await tf.ready();
  const backend = tf.getBackend();
  const t0 = Date.now();
  const H = options.horizon;
  const cutoff = Math.min(options.cutoff ?? lastSaleIndex(panel), panel.timeline.length - 1);
  if (!Number.isInteger(cutoff) || cutoff < 0) {
    throw new TrendcastError(`The training cutoff must be a period index inside the data (got ${options.cutoff}).`, "bad-cutoff");
  }
  const seed = options.seed ?? 42;
  const resumed = resumedState(panel, options);
  const layout = resumed ? resumed.state.layout : directLayout(panel.frequency, H, panel.covariateNames);
  const covStats = resumed ? resumed.state.covStats : covariateStats(panel, layout.covariates, cutoff);
  const net = resumed ? resumed.state.net : netConfig(layout);
  const tracks = panelTracks(panel, layout, covStats, cutoff, extendDates(panel.timeline, H + 1, panel.frequency));
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
      model: "attention (direct, step tokens)",
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
  return trainDirect(setup.tracks, layout, net, {
    seed: setup.seed,
    trainEnd: setup.trainEnd,
    validation: setup.validation,
    budgetSeconds,
    budgetSamples,
    batch: 128,
    stepsPerEpoch: Number.isFinite(budgetSamples) ? Math.min(10, Math.max(1, Math.ceil(budgetSamples / 128))) : 10,
    maxEpochs: 400,
    patience: 6,
    learningRate: 2e-3,
    weightPower: options.tuning?.weightPower ?? 0.5,
    minHistory: minHistory(layout),
    stepsPerSample: options.tuning?.stepsPerSample ?? 7,
    signal: options.signal,
    initial: setup.resumed ? setup.resumed.weights : initDirectWeights(net, setup.seed),
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
