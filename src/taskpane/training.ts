/**
 * Runs training in the Web Worker (src/worker/train.worker.ts) and turns its messages into a promise with progress
 * callbacks and a cancel function.
 */
import type { SalesPanel } from "../engine/types";
import { TrendcastError } from "../engine/types";
import type { ModelCard, TrainProgress } from "../engine/forecast/trained-model";
import type { FromWorker, ToWorker, TrainRequest } from "../worker/protocol";
import { pageBase } from "./tf-runtime";

export type TrainingRun = {
  done: Promise<{ bytes: Uint8Array; card: ModelCard }>;
  cancel(): void;
};

export type TrainingSettings = {
  panel: SalesPanel;
  horizon: number;
  quantiles: number[];
  budgetSeconds: number;
  seed?: number;
  backend?: TrainRequest["backend"];
};

/** The measured backend choice is kept per computer in the add-in's local storage (never in the workbook). */
const BACKEND_KEY = "trendcast.backend.v1";

function remembered(): string | null {
  try {
    return globalThis.localStorage?.getItem(BACKEND_KEY) ?? null;
  } catch {
    return null;
  }
}

function remember(value: string): void {
  try {
    globalThis.localStorage?.setItem(BACKEND_KEY, value);
  } catch {
    // storage blocked: the speed is measured again next time
  }
}

export function startTraining(
  settings: TrainingSettings,
  handlers: { onProgress(p: TrainProgress): void; onBackend(backend: string, note?: string): void; onStatus?(message: string): void },
): TrainingRun {
  const worker = new Worker(new URL("../worker/train.worker.ts", import.meta.url));
  const send = (m: ToWorker) => worker.postMessage(m);
  let settled = false;
  let abandon = () => {};
  const done = new Promise<{ bytes: Uint8Array; card: ModelCard }>((resolve, reject) => {
    abandon = () => {
      if (settled) return;
      settled = true;
      worker.terminate();
      reject(new TrendcastError("Training was cancelled. Nothing was changed.", "cancelled"));
    };
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (settled) return;
      if (m.type === "progress") handlers.onProgress(m.progress);
      else if (m.type === "backend") {
        if (m.remember) remember(m.remember);
        handlers.onBackend(m.backend, m.note);
      } else if (m.type === "status") handlers.onStatus?.(m.message);
      else {
        settled = true;
        worker.terminate();
        if (m.type === "done") resolve({ bytes: m.bytes, card: m.card });
        else if (m.type === "cancelled") reject(new TrendcastError("Training was cancelled. Nothing was changed.", "cancelled"));
        else reject(new TrendcastError(m.message, m.code));
      }
    };
    worker.onerror = (event) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      console.error("Trendcast worker error", event.message);
      reject(new TrendcastError("The training worker could not start in this Office version. Reload the add-in and try again.", "worker-failed"));
    };
  });
  send({
    type: "train",
    panel: settings.panel,
    horizon: settings.horizon,
    quantiles: settings.quantiles,
    budgetSeconds: settings.budgetSeconds,
    seed: settings.seed ?? 42,
    wasmBase: `${pageBase()}wasm/`,
    backend: settings.backend ?? "measure",
    remembered: remembered(),
  });
  // The worker stops at its next check of the abort signal; if it is inside a long synchronous step, terminating it
  // is the sure way (its memory, tensors included, goes with it).
  const cancel = () => {
    send({ type: "cancel" });
    setTimeout(abandon, 400);
  };
  return { done, cancel };
}
