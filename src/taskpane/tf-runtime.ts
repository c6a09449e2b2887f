/**
 * tfjs for the pane's own runtime (forecasting with the trained model, and the custom functions that share it),
 * loaded lazily so the first render never waits for it. WASM is used here because it gives the same numbers on
 * every machine; training picks its backend in the worker.
 */
let ready: Promise<string> | null = null;

/** The base URL of the page's folder, e.g. https://localhost:3000/. */
export function pageBase(): string {
  return new URL(".", self.location.href).href;
}

export function prepareTf(): Promise<string> {
  ready ??= (async () => {
    const tf = await import("../engine/forecast/tf");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(`${pageBase()}wasm/`);
    try {
      if (await tf.setBackend("wasm")) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch (e) {
      console.warn("Trendcast: WASM backend unavailable, using CPU", e);
    }
    await tf.setBackend("cpu");
    await tf.ready();
    return tf.getBackend();
  })();
  return ready;
}
