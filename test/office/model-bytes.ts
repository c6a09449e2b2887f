/** Model bytes in `TrainedModel.toBytes()` layout (magic, version, header, padding, float32 weights, CRC) for store tests. */
import type { ModelCard } from "../../src/engine/forecast/trained-model";

export function testCard(parameters: number): ModelCard {
  return {
    trainedAt: "2026-11-28T21:00:00.000Z",
    backend: "wasm",
    frequency: "daily",
    seriesCount: 2,
    periods: 120,
    firstDate: "2026-01-01",
    lastDate: "2026-04-30",
    horizon: 14,
    dataFingerprint: "fp-<&>\"'",
    settings: { dModel: 32, note: "a < b & c" },
    scores: { attention: { wql: 0.21, mase: 0.8, coverage80: 0.79, bias: 0.01 } },
    perSku: [{ sku: "=SKU<1>", chosen: "attention", wql: 0.2, snaiveWql: 0.3 }],
    parameters,
    trainingSeconds: 4.2,
  };
}

/** `count` weights (two tensors), values from `seed`; `header` overrides parts of the JSON header. */
export function modelBytes(count: number, seed = 1, header: Record<string, unknown> = {}, value?: (i: number) => number): Uint8Array {
  const first = Math.max(1, Math.floor(count / 2));
  const json = new TextEncoder().encode(
    JSON.stringify({
      format: "trendcast-model",
      layout: { horizon: 14, frequency: "daily" },
      weights: [
        { name: "a", shape: [first] },
        { name: "b", shape: [count - first] },
      ].filter((w) => w.shape[0] > 0),
      ...header,
    }),
  );
  const pad = (4 - (json.length % 4)) % 4;
  const bytes = new Uint8Array(12 + json.length + pad + 4 * count + 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x4d435254, true);
  view.setUint32(4, 1, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  const start = 12 + json.length + pad;
  for (let i = 0; i < count; i++) view.setFloat32(start + 4 * i, value ? value(i) : Math.sin(i * seed) * 0.5, true);
  view.setUint32(start + 4 * count, 0xdeadbeef, true);
  return bytes;
}
