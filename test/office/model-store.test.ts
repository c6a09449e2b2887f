import { test } from "node:test";
import assert from "node:assert/strict";
import { installMockExcel } from "./mock-excel";
import {
  MODEL_NAMESPACE,
  OUTSIDE_EXCEL_MESSAGE,
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
import { modelBytes, testCard } from "./model-bytes";
import { installStandin, salesWorkbook } from "./standin";

const card: ModelCard = testCard(1000);

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
  const bytes = modelBytes(50_000); // > one 64 KiB base64 chunk
  const xml = encodeModelXml(bytes, { ...card, parameters: 50_000 });
  assert.match(xml, new RegExp(`xmlns="${MODEL_NAMESPACE}" formatVersion="1"`));
  assert.ok((xml.match(/<chunk>/g) ?? []).length >= 4);
  const stored = decodeModelXml(xml);
  assert.deepEqual(stored.bytes, bytes);
  assert.deepEqual(stored.card, { ...card, parameters: 50_000 });
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
  const xml = encodeModelXml(modelBytes(1000), card).replace('formatVersion="1"', 'formatVersion="2"');
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
  await saveModelToWorkbook(modelBytes(1000, 1), card);
  await saveModelToWorkbook(modelBytes(1000, 2, { layout: { horizon: 28, frequency: "daily" } }), { ...card, horizon: 28 });
  const ours = wb.parts.filter((p) => p.namespace === MODEL_NAMESPACE);
  assert.equal(ours.length, 1, "saving again replaces the part");
  assert.equal(wb.parts.length, 2, "other add-ins' parts are left alone");
  const loaded = await loadModelFromWorkbook();
  assert.equal(loaded.status, "loaded");
  if (loaded.status === "loaded") {
    assert.deepEqual(loaded.stored.bytes, modelBytes(1000, 2, { layout: { horizon: 28, frequency: "daily" } }));
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

test("the weights are checked against the stored configuration before a model is built: size, shapes, count, values", () => {
  const ok = encodeModelXml(modelBytes(1000), card);
  assert.equal(decodeModelXml(ok).bytes.length, modelBytes(1000).length);
  const cases: [string, Uint8Array, ModelCard][] = [
    ["parameter count", modelBytes(999), card],
    ["impossible shape", modelBytes(1000, 1, { weights: [{ name: "a", shape: [500, -2] }] }), card],
    ["do not match their shapes", modelBytes(1000, 1, { weights: [{ name: "a", shape: [2000] }] }), card],
    ["horizon", modelBytes(1000, 1, { layout: { horizon: 7, frequency: "daily" } }), card],
    ["frequency", modelBytes(1000, 1, { layout: { horizon: 14, frequency: "weekly" } }), card],
    ["out of range", modelBytes(1000, 1, {}, (i) => (i === 500 ? Number.NaN : 0.1)), card],
    ["out of range", modelBytes(1000, 1, {}, (i) => (i === 3 ? 1e9 : 0.1)), card],
    ["no weights", modelBytes(1000, 1, { weights: [] }), card],
  ];
  for (const [why, bytes, c] of cases) {
    // A correct checksum over wrong content: only the structural check can catch it.
    assert.throws(() => decodeModelXml(encodeModelXml(bytes, c)), (e: Error & { code?: string }) => {
      assert.equal(e.code, "model-damaged", why);
      assert.match(e.message, new RegExp(why), why);
      return true;
    });
  }
});

test("saving adds the new part before removing the old: a failure anywhere in the save leaves the old model or the new", async () => {
  const oldBytes = modelBytes(1000, 1);
  const newBytes = modelBytes(1000, 2);
  for (let n = 1; n <= 3; n++) {
    for (let k = 0; k <= 2; k++) {
      const s = installStandin(salesWorkbook([["x"]]));
      await saveModelToWorkbook(oldBytes, card);
      s.failAtSync(n, k);
      await saveModelToWorkbook(newBytes, card).catch(() => undefined);
      s.heal();
      const loaded = await loadModelFromWorkbook();
      assert.equal(loaded.status, "loaded", `fail at request ${n} after ${k} operations`);
      if (loaded.status === "loaded") {
        const got = Buffer.from(loaded.stored.bytes);
        assert.ok(got.equals(Buffer.from(oldBytes)) || got.equals(Buffer.from(newBytes)), `request ${n}, ${k} operations`);
      }
    }
  }
  // Both parts present (a failure between the two requests): the newest wins; the next save leaves one part.
  const s = installStandin(salesWorkbook([["x"]]));
  await saveModelToWorkbook(oldBytes, card);
  s.failAtSync(3);
  await assert.rejects(saveModelToWorkbook(newBytes, card));
  assert.equal(s.workbook.parts.length, 2);
  const loaded = await loadModelFromWorkbook();
  assert.ok(loaded.status === "loaded" && Buffer.from(loaded.stored.bytes).equals(Buffer.from(newBytes)));
  await saveModelToWorkbook(oldBytes, card);
  assert.equal(s.workbook.parts.length, 1);
});

test("active model: an Excel error is retried, never called damaged, and not cached for the session", async () => {
  let calls = 0;
  resetActiveModel(async () => {
    calls++;
    throw Object.assign(new Error("Excel is busy"), { name: "RichApi.Error", code: "GeneralException" });
  }, [1, 1]);
  assert.equal(await ensureModelLoaded(), null);
  assert.equal(calls, 3, "tried three times");
  const problem = getModelLoadProblem() ?? "";
  assert.doesNotMatch(problem, /damaged|Train again|overwrite/i);
  assert.match(problem, /not changed/);
  await ensureModelLoaded();
  assert.equal(calls, 6, "the failure was not cached: the next call reads the workbook again");

  // A transient failure followed by success: no problem reported.
  let n = 0;
  resetActiveModel(async () => {
    if (n++ === 0) throw new Error("busy");
    return { status: "none" };
  }, [1]);
  assert.equal(await ensureModelLoaded(), null);
  assert.equal(getModelLoadProblem(), null);
});

test("outside Excel (a plain browser) the pane is told to open Excel, not that the model is damaged", async () => {
  const g = globalThis as unknown as { Excel?: unknown };
  const saved = g.Excel;
  delete g.Excel;
  try {
    assert.deepEqual(await loadModelFromWorkbook(), { status: "unavailable", message: OUTSIDE_EXCEL_MESSAGE });
    resetActiveModel(undefined, [1]);
    assert.equal(await ensureModelLoaded(), null);
    assert.match(getModelLoadProblem() ?? "", /runs inside Excel/);
    assert.doesNotMatch(getModelLoadProblem() ?? "", /damaged/);
  } finally {
    g.Excel = saved;
  }
});
