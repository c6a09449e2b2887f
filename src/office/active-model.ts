/**
 * The workbook's active model, shared by the task pane and the custom functions (one JavaScript runtime: the add-in's
 * shared runtime). The pane sets it after training; the functions read it; both call `ensureModelLoaded()` at start so
 * a saved workbook's model is loaded once from its custom XML part (concurrent callers share that one load).
 *
 * Only a part that fails to decode is called damaged. An error from Excel itself (busy, a lost connection) is retried
 * a few times and, if it persists, reported as such and not remembered: the next call reads the workbook again.
 */
import type { TrainedModel } from "../engine/forecast/trained-model";
import { loadModelFromWorkbook, type ModelLoadResult } from "./model-store";

export type ModelSource = "trained" | "workbook";

type Listener = (model: TrainedModel | null) => void;

let active: TrainedModel | null = null;
let activeSource: ModelSource | null = null;
let loading: Promise<TrainedModel | null> | null = null;
let loadProblem: string | null = null;
const listeners = new Set<Listener>();
let loader: () => Promise<ModelLoadResult> = loadModelFromWorkbook;
/** Waits before each retry of a failed read (ms); tests shorten it. */
let retryDelays: readonly number[] = [250, 1000, 3000];

export const MODEL_READ_FAILED =
  "Excel did not hand over the model saved in this workbook just now, so it is not in use yet. Trendcast tries again " +
  "the next time it needs the model; your saved model was not changed.";
let beforeLoad: () => Promise<void> = async () => {};

/** Runs before a stored model is built (the pane uses it to set up the tfjs backend shared with the functions). */
export function setBeforeModelLoad(prepare: () => Promise<void>): void {
  beforeLoad = prepare;
}

export function getActiveModel(): TrainedModel | null {
  return active;
}

/** Where the active model came from, or null when there is none. */
export function getActiveModelSource(): ModelSource | null {
  return activeSource;
}

/** Why the workbook's stored model was not loaded (damaged, newer version, unreadable), or null. */
export function getModelLoadProblem(): string | null {
  return loadProblem;
}

/** Replaces the active model (the previous one is disposed) and tells every listener. */
export function setActiveModel(model: TrainedModel | null, source: ModelSource): void {
  if (model === active) return;
  const previous = active;
  active = model;
  activeSource = model ? source : null;
  for (const cb of [...listeners]) {
    try {
      cb(model);
    } catch (e) {
      console.error("Trendcast: a model listener failed", e);
    }
  }
  previous?.dispose();
}

/** Calls cb whenever the active model changes; returns the unsubscribe function. */
export function onActiveModelChange(cb: (m: TrainedModel | null) => void): () => void {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

/**
 * The active model, loading it from the workbook's custom XML part the first time. A damaged or newer-version part
 * gives null and sets `getModelLoadProblem()`; a model trained meanwhile wins over the stored one.
 */
export function ensureModelLoaded(): Promise<TrainedModel | null> {
  if (active) return Promise.resolve(active);
  if (loading) return loading;
  const self: { attempt?: Promise<TrainedModel | null> } = {};
  const attempt = (async () => {
    let result: ModelLoadResult;
    for (let i = 0; ; i++) {
      try {
        result = await loader();
        break;
      } catch (e) {
        if (i >= retryDelays.length) {
          console.error("Trendcast: reading the saved model failed", e);
          loadProblem = MODEL_READ_FAILED;
          // Not cached: the next caller reads the workbook again.
          if (loading === self.attempt) loading = null;
          return active;
        }
        await new Promise((r) => setTimeout(r, retryDelays[i]));
      }
    }
    try {
      if (result.status === "rejected" || result.status === "unavailable") {
        loadProblem = result.message;
        return active;
      }
      if (result.status === "none") {
        loadProblem = null;
        return active;
      }
      try {
        await beforeLoad();
      } catch (e) {
        console.error("Trendcast: preparing the engine for the saved model failed", e);
        loadProblem = MODEL_READ_FAILED;
        if (loading === self.attempt) loading = null;
        return active;
      }
      const { TrainedModel } = await import("../engine/forecast/trained-model");
      const model = TrainedModel.fromBytes(result.stored.bytes);
      if (active) {
        model.dispose();
        return active;
      }
      loadProblem = null;
      setActiveModel(model, "workbook");
      return model;
    } catch (e) {
      loadProblem =
        e instanceof Error && e.name === "TrendcastError"
          ? e.message
          : "Trendcast could not read the model saved in this workbook, so it was ignored. Train again to replace it.";
      return active;
    }
  })();
  self.attempt = attempt;
  loading = attempt;
  return attempt;
}

/** Forgets the active model and the cached load (a new workbook state, or tests); `loadFrom` swaps the reader. */
export function resetActiveModel(loadFrom?: () => Promise<ModelLoadResult>, delays?: readonly number[]): void {
  retryDelays = delays ?? [250, 1000, 3000];
  const previous = active;
  active = null;
  activeSource = null;
  loading = null;
  loadProblem = null;
  loader = loadFrom ?? loadModelFromWorkbook;
  previous?.dispose();
}
