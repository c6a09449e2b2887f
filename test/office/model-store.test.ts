import { test } from "node:test";
import assert from "node:assert/strict";
import { installMockExcel } from "./mock-excel";
import {
  MODEL_NAMESPACE,
  decodeModelXml,
  encodeModelXml,
  loadModelFromWorkbook,
  saveModelToWorkbook,
} from "../../src/office/model-store";
import { sha256Hex } from "../../src/office/sha256";
import {
  ensureModelLoaded,
  getActiveModel,
  getModelLoadProblem,
  onActiveModelChange,
  resetActiveModel,
  setActiveModel,
} from "../../src/office/active-model";
import type { ModelCard, TrainedModel } from "../../src/engine/forecast/trained-model";

const card: ModelCard = {
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
  parameters: 28000,
  trainingSeconds: 4.2,
};

function modelBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7919 + 13) & 255;
  return b;
}

test("sha256Hex matches the FIPS 180-4 test vectors", () => {
  const enc = new TextEncoder();
  assert.equal(sha256Hex(enc.encode("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(sha256Hex(enc.encode("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(
    sha256Hex(enc.encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

test("encode/decode round trip keeps bytes, card and fingerprint exactly (multi-chunk weights)", () => {
  const bytes = modelBytes(200_000); // > one 64 KiB base64 chunk
  const xml = encodeModelXml(bytes, card);
  assert.match(xml, new RegExp(`xmlns="${MODEL_NAMESPACE}" formatVersion="1"`));
  assert.ok((xml.match(/<chunk>/g) ?? []).length >= 4);
  const stored = decodeModelXml(xml);
  assert.deepEqual(stored.bytes, bytes);
  assert.deepEqual(stored.card, card);
  assert.equal(stored.fingerprint, card.dataFingerprint);
  assert.equal(stored.formatVersion, 1);
});

test("a damaged part is rejected whole: changed weight, missing chunk, changed card", () => {
  const xml = encodeModelXml(modelBytes(1000), card);
  const i = xml.indexOf("<chunk>") + 20;
  const flipped = xml.slice(0, i) + (xml[i] === "A" ? "B" : "A") + xml.slice(i + 1);
  assert.throws(() => decodeModelXml(flipped), (e: Error & { code?: string }) => e.code === "model-damaged" && /checksum/.test(e.message));
  const noChunk = xml.replace(/<chunk>[^<]*<\/chunk>/, "");
  assert.throws(() => decodeModelXml(noChunk), (e: Error & { code?: string }) => e.code === "model-damaged");
  const cardChanged = xml.replace("4.2", "9.9");
  assert.throws(() => decodeModelXml(cardChanged), /checksum does not match/);
  assert.throws(() => decodeModelXml("<other/>"), /not a Trendcast model part/);
});

test("a part from a newer format version is reported, not loaded", () => {
  const xml = encodeModelXml(modelBytes(64), card).replace('formatVersion="1"', 'formatVersion="2"');
  assert.throws(() => decodeModelXml(xml), (e: Error & { code?: string }) => e.code === "model-newer" && /newer version of Trendcast/.test(e.message));
});

function mockWorkbook() {
  return installMockExcel({
    sheets: new Map([["Sales", []]]),
    formats: new Map(),
    selection: { sheet: "Sales", address: "A1", rowCount: 1, columnCount: 1 },
    parts: [{ id: "other", namespace: "http://example.com/other", xml: '<x xmlns="http://example.com/other"/>' }],
    tables: [],
  });
}

test("custom XML part round trip through Excel: save replaces, load verifies", async () => {
  const wb = mockWorkbook();
  assert.deepEqual(await loadModelFromWorkbook(), { status: "none" });
  await saveModelToWorkbook(modelBytes(5000), card);
  await saveModelToWorkbook(modelBytes(6000), { ...card, horizon: 28 });
  const ours = wb.parts.filter((p) => p.namespace === MODEL_NAMESPACE);
  assert.equal(ours.length, 1, "saving again replaces the part");
  assert.equal(wb.parts.length, 2, "other add-ins' parts are left alone");
  const loaded = await loadModelFromWorkbook();
  assert.equal(loaded.status, "loaded");
  if (loaded.status === "loaded") {
    assert.deepEqual(loaded.stored.bytes, modelBytes(6000));
    assert.equal(loaded.stored.card.horizon, 28);
  }
  ours[0].xml = ours[0].xml.replace(/<checksum algorithm="SHA-256">[0-9a-f]{4}/, '<checksum algorithm="SHA-256">0000');
  const damaged = await loadModelFromWorkbook();
  assert.equal(damaged.status, "rejected");
  if (damaged.status === "rejected") assert.match(damaged.message, /damaged .*Train again/);
});

type FakeModel = TrainedModel & { disposed: boolean };
function fakeModel(name: string): FakeModel {
  const m = { card: { ...card, trainedAt: name }, disposed: false, dispose() { m.disposed = true; } };
  return m as unknown as FakeModel;
}

test("active model: concurrent ensureModelLoaded calls share one load; problems are reported", async () => {
  let loads = 0;
  resetActiveModel(async () => {
    loads++;
    await new Promise((r) => setTimeout(r, 10));
    return { status: "rejected", message: "The forecasting model saved in this workbook is damaged" };
  });
  const [a, b, c] = await Promise.all([ensureModelLoaded(), ensureModelLoaded(), ensureModelLoaded()]);
  assert.equal(loads, 1);
  assert.equal(a, null);
  assert.equal(b, null);
  assert.equal(c, null);
  assert.match(getModelLoadProblem() ?? "", /damaged/);
  await ensureModelLoaded();
  assert.equal(loads, 1, "loaded once");
});

test("active model: setActiveModel notifies listeners, disposes the previous model, unsubscribe works", async () => {
  resetActiveModel(async () => ({ status: "none" }));
  const seen: (string | null)[] = [];
  const off = onActiveModelChange((m) => seen.push(m ? m.card.trainedAt : null));
  const first = fakeModel("first");
  const second = fakeModel("second");
  setActiveModel(first, "trained");
  assert.equal(getActiveModel(), first);
  assert.equal(await ensureModelLoaded(), first, "a trained model wins without reading the workbook");
  setActiveModel(second, "trained");
  assert.equal(first.disposed, true);
  assert.equal(second.disposed, false);
  off();
  setActiveModel(null, "trained");
  assert.deepEqual(seen, ["first", "second"]);
  assert.equal(second.disposed, true);
});
