/**
 * Ingests the selection in a Web Worker (src/worker/ingest.worker.ts), so the pane's thread, which the custom
 * functions share, stays free. Where no worker can start (an old Office webview), it ingests on this thread.
 */
import type { CellGrid, SalesPanel } from "../engine/types";
import { TrendcastError } from "../engine/types";
import type { PanelSummary } from "../engine/ingest/ingest";
import type { IngestReply, IngestRequest } from "../worker/protocol";

export type Ingested = { panel: SalesPanel; summary: PanelSummary };

async function onThisThread(grid: CellGrid): Promise<Ingested> {
  const { ingestGrid, describePanel } = await import("../engine/ingest/ingest");
  const panel = ingestGrid(grid);
  return { panel, summary: describePanel(panel) };
}

export function ingestOffThread(grid: CellGrid): Promise<Ingested> {
  // Only the plain grid travels (structured clone); the read's extra fields stay here.
  const plain: CellGrid = { values: grid.values, ...(grid.numberFormats ? { numberFormats: grid.numberFormats } : {}), ...(grid.sheet ? { sheet: grid.sheet } : {}), ...(grid.origin ? { origin: grid.origin } : {}) };
  let worker: Worker;
  try {
    worker = new Worker(new URL("../worker/ingest.worker.ts", import.meta.url), { name: "trendcast-ingest" });
  } catch {
    return onThisThread(plain);
  }
  return new Promise<Ingested>((resolve, reject) => {
    let started = false;
    worker.onmessage = (event: MessageEvent<IngestReply>) => {
      started = true;
      worker.terminate();
      const m = event.data;
      if (m.type === "ingested") resolve({ panel: m.panel, summary: m.summary });
      else reject(new TrendcastError(m.message, m.code));
    };
    worker.onerror = (event) => {
      worker.terminate();
      if (started) return;
      console.warn("Trendcast: the ingest worker did not start; reading on the pane's thread", event.message);
      onThisThread(plain).then(resolve, reject);
    };
    const request: IngestRequest = { type: "ingest", grid: plain };
    worker.postMessage(request);
  });
}
