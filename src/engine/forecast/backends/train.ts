/**
 * TrainedModel.train on the backend chosen by measurement, continuing on the next backend from the last epoch's
 * checkpoint (TrainOptions.onCheckpoint / resumeFrom) when the first one fails mid-training. The caller's
 * onCheckpoint still receives every checkpoint; the budget applies to each attempt.
 */
import { trainWithFallback, type BackendName, type FallbackOptions, type FallbackEvent } from "./choose";
import { TrainedModel, type TrainOptions } from "../trained-model";
import type { SalesPanel } from "../../types";

export async function trainOnBackends(
  panel: SalesPanel,
  options: TrainOptions,
  order: readonly BackendName[],
  fallback: FallbackOptions = {},
): Promise<{ model: TrainedModel; backend: BackendName; fallbacks: FallbackEvent[] }> {
  const run = await trainWithFallback<TrainedModel, Uint8Array>(
    order,
    (_backend, resumeFrom, onCheckpoint) =>
      TrainedModel.train(panel, {
        ...options,
        ...(resumeFrom ? { resumeFrom } : {}),
        onCheckpoint: (bytes, epoch) => {
          onCheckpoint(bytes);
          options.onCheckpoint?.(bytes, epoch);
        },
      }),
    { ...fallback, ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { model: run.result, backend: run.backend, fallbacks: run.fallbacks };
}
