/** Worker side of the lab: detects backends inside the worker, trains the lab model on wasm, forecasts. */
import { activateBackend, detectBackends } from "../../../src/engine/forecast/backends/choose";
import { TrainedModel } from "../../../src/engine/forecast/trained-model";
import { labPanel } from "./lab-panel";

type Scope = { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<{ wasmPaths: string }>) => void) | null };
const scope = self as unknown as Scope;

scope.onmessage = async (e) => {
  try {
    const detected = await detectBackends();
    const webglInWorker = detected.find((d) => d.name === "webgl")?.available ? await activateBackend("webgl") : false;
    if (!(await activateBackend("wasm", { wasmPaths: e.data.wasmPaths }))) throw new Error("wasm did not start in the worker");
    const epochs: number[] = [];
    const model = await TrainedModel.train(labPanel(), { horizon: 7, seed: 42, budget: { samples: 5120 }, selection: false, onProgress: (p) => epochs.push(p.epoch) });
    const panel = labPanel();
    const s = panel.series[2];
    const forecast = model.forecast({ id: s.id, values: s.values, frequency: "daily", dates: panel.timeline }, 7).values;
    const backend = model.card.backend;
    model.dispose();
    scope.postMessage({ type: "done", detected, webglInWorker, backend, epochs, forecast });
  } catch (err) {
    scope.postMessage({ type: "error", message: (err as Error).message });
  }
};
