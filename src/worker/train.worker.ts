/**
 * Training worker: receives an already-ingested SalesPanel, trains the attention model off Excel's UI thread
 * (Office restarts an add-in whose UI thread blocks for about 5 s), posts progress and finally the model bytes.
 * A "cancel" message aborts training through the AbortController; tensors are freed by TrainedModel.train.
 */
import type { BackendName } from "../engine/forecast/backends/choose";
import type { FromWorker, ToWorker, TrainRequest } from "./protocol";

type WorkerScope = {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const scope = self as unknown as WorkerScope;
let controller: AbortController | null = null;

function post(message: FromWorker, transfer?: Transferable[]): void {
  scope.postMessage(message, transfer);
}

/** Picks the backend (measured, or the one asked for) and makes it tfjs's current backend. */
async function prepareBackend(request: TrainRequest): Promise<{ order: BackendName[]; note?: string }> {
  const { BACKEND_ORDER, activateBackend, chooseBackend } = await import("../engine/forecast/backends/choose");
  const activate = { wasmPaths: request.wasmBase };
  if (request.backend !== "measure") {
    const rest = BACKEND_ORDER.filter((b) => b !== request.backend);
    return { order: [request.backend, ...rest.filter((b) => b === "wasm" || b === "cpu")] };
  }
  let remember: string | undefined;
  const { trainingStepProbe } = await import("../engine/forecast/backends/probe");
  const choice = await chooseBackend({
    probe: trainingStepProbe(),
    activate,
    storage: { getItem: () => request.remembered ?? null, setItem: (_k, v) => void (remember = v) },
    onStatus: (message) => post({ type: "status", message }),
  });
  await activateBackend(choice.backend, activate);
  const measured = choice.measured
    .filter((m) => m.samplesPerSec > 0)
    .map((m) => `${m.backend} ${Math.round(m.samplesPerSec)}/s`)
    .join(", ");
  const note = choice.fromStorage ? "remembered for this computer" : measured ? `measured: ${measured}` : undefined;
  post({ type: "backend", backend: choice.backend, ...(note ? { note } : {}), ...(remember ? { remember } : {}) });
  // Fallbacks: the slower backends that can run here, in measured order, CPU last.
  const speed = new Map(choice.measured.map((m) => [m.backend, m.samplesPerSec]));
  const rest = BACKEND_ORDER.filter((b) => b !== choice.backend).sort((a, b) => (speed.get(b) ?? 0) - (speed.get(a) ?? 0));
  return { order: [choice.backend, ...rest], ...(note ? { note } : {}) };
}

async function train(request: TrainRequest): Promise<void> {
  controller?.abort();
  const ctl = new AbortController();
  controller = ctl;
  try {
    const { order } = await prepareBackend(request);
    if (request.backend !== "measure") post({ type: "backend", backend: order[0] });
    const { trainOnBackends } = await import("../engine/forecast/backends/train");
    const { model } = await trainOnBackends(
      request.panel,
      {
        horizon: request.horizon,
        ...(request.quantiles ? { quantiles: request.quantiles } : {}),
        seed: request.seed ?? 42,
        budget: { seconds: request.budgetSeconds ?? 60 },
        signal: ctl.signal,
        onProgress: (progress) => post({ type: "progress", progress }),
      },
      order,
      {
        activate: { wasmPaths: request.wasmBase },
        onFallback: (event) => post({ type: "status", message: event.message }),
      },
    );
    const bytes = model.toBytes();
    const card = model.card;
    model.dispose();
    post({ type: "done", bytes, card }, [bytes.buffer]);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (ctl.signal.aborted || code === "cancelled") {
      post({ type: "cancelled" });
    } else {
      post({
        type: "error",
        code: typeof code === "string" ? code : "training-failed",
        message:
          e instanceof Error && e.name === "TrendcastError"
            ? e.message
            : "Training stopped because of an unexpected problem in the browser. Try again; if it keeps failing, " +
              "select fewer SKUs or a shorter history.",
      });
      console.error("Trendcast training failed", e);
    }
  } finally {
    if (controller === ctl) controller = null;
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "cancel") controller?.abort();
  else if (message.type === "train") void train(message);
};
