/**
 * Ingest worker: turns the grid the pane read from Excel into a SalesPanel and its summary off the pane's thread.
 * The pane shares its runtime with the custom functions, and Office restarts that runtime after about 5 s without a
 * response (Windows, Mac); ingesting a 2,000,000-cell selection takes 10–15 s on a slow machine.
 */
import { describePanel, ingestGrid } from "../engine/ingest/ingest";
import type { IngestReply, IngestRequest } from "./protocol";

type WorkerScope = {
  postMessage(message: IngestReply): void;
  onmessage: ((event: MessageEvent<IngestRequest>) => void) | null;
};
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type !== "ingest") return;
  try {
    const panel = ingestGrid(message.grid);
    scope.postMessage({ type: "ingested", panel, summary: describePanel(panel) });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    console.error("Trendcast ingest failed", e);
    scope.postMessage({
      type: "error",
      code: typeof code === "string" ? code : "ingest-failed",
      message: e instanceof Error && e.name === "TrendcastError" ? e.message : "Trendcast could not read that selection. Select the sales history with its header row and try again.",
    });
  }
};
