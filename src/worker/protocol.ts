/** Messages between the task pane and the training worker (structured-clone friendly: plain data only). */
import type { SalesPanel } from "../engine/types";
import type { TrainProgress, ModelCard } from "../engine/forecast/trained-model";

export type TrainRequest = {
  type: "train";
  panel: SalesPanel;
  horizon: number;
  quantiles?: number[];
  seed?: number;
  budgetSeconds?: number;
  /** Base URL of the tfjs wasm binaries (the page's base + "wasm/"). */
  wasmBase: string;
  /** "measure": the fastest backend by a timed probe (remembered per machine); or one backend by name. */
  backend: "measure" | "webgpu" | "webgl" | "wasm" | "cpu";
  /** The remembered probe result (the pane keeps it in the add-in's local storage, not in the workbook). */
  remembered?: string | null;
};

export type ToWorker = TrainRequest | { type: "cancel" };

export type FromWorker =
  | { type: "backend"; backend: string; note?: string; remember?: string }
  | { type: "status"; message: string }
  | { type: "progress"; progress: TrainProgress }
  | { type: "done"; bytes: Uint8Array; card: ModelCard }
  | { type: "cancelled" }
  | { type: "error"; message: string; code: string };
