/** Messages between the task pane and the training worker (structured-clone friendly: plain data only). */
import type { CellGrid, SalesPanel } from "../engine/types";
import type { PanelSummary } from "../engine/ingest/ingest";
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

/** Ingest of a selection off the pane's thread (src/worker/ingest.worker.ts): the grid in, the panel out. */
export type IngestRequest = { type: "ingest"; grid: CellGrid };

export type IngestReply = { type: "ingested"; panel: SalesPanel; summary: PanelSummary } | { type: "error"; message: string; code: string };
