/**
 * The workbook's active model, shared by the task pane and the custom functions (one JavaScript runtime: the add-in's
 * shared runtime). The pane sets it after training; the functions read it; both call `ensureModelLoaded()` at start so
 * a saved workbook's model is loaded once from its custom XML part (concurrent callers share that one load).
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
  loading = (async () => {
    try {
      const result = await loader();
      if (result.status === "rejected") {
        loadProblem = result.message;
        return active;
      }
      if (result.status === "none") return active;
      await beforeLoad();
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
  return loading;
}

/** Forgets the active model and the cached load (a new workbook state, or tests); `loadFrom` swaps the reader. */
export function resetActiveModel(loadFrom?: () => Promise<ModelLoadResult>): void {
  const previous = active;
  active = null;
  activeSource = null;
  loading = null;
  loadProblem = null;
  loader = loadFrom ?? loadModelFromWorkbook;
  previous?.dispose();
}
