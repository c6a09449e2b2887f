/**
 * The Office calls the pane may make, as one object handed to components (components never touch Excel.* or
 * Office.*; tests and the benchmark pass the same functions over an Excel stand-in).
 */
import type { ModelCard, TrainedModel } from "../engine/forecast/trained-model";
import { ensureModelLoaded, getModelLoadProblem } from "../office/active-model";
import { saveModelToWorkbook } from "../office/model-store";
import { readSelection, selectCell, type ReadResult } from "../office/read";
import { cleanupStagingSheets, existingSheets, writeSheets, type SheetSpec, type WriteOptions, type WrittenSheet } from "../office/write";

export type OfficeApi = {
  readSelection(): Promise<ReadResult>;
  selectCell(sheet: string, cell: string): Promise<void>;
  /** Trendcast's own sheets that writing these names would replace (`keep`: sheets never replaced). */
  existingSheets(names: readonly string[], keep?: readonly string[]): Promise<string[]>;
  writeSheets(specs: readonly SheetSpec[], options: WriteOptions): Promise<WrittenSheet[]>;
  saveModel(bytes: Uint8Array, card: ModelCard): Promise<void>;
  /** Deletes hidden staging sheets an interrupted write left behind (run when the pane starts). */
  cleanupStaging?(): Promise<number>;
  loadStoredModel(): Promise<{ model: TrainedModel | null; problem: string | null }>;
};

export const officeApi: OfficeApi = {
  readSelection: () => readSelection(),
  selectCell,
  existingSheets,
  writeSheets,
  saveModel: saveModelToWorkbook,
  cleanupStaging: () => cleanupStagingSheets(),
  async loadStoredModel() {
    const model = await ensureModelLoaded();
    return { model, problem: getModelLoadProblem() };
  },
};
