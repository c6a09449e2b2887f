/**
 * The model store: the trained model lives in the workbook as one custom XML part in the namespace
 * `http://trendcast.app/model/1`, so a colleague who opens the saved file gets the same forecasts without retraining.
 *
 * Part layout (format version 1):
 *   <model xmlns="http://trendcast.app/model/1" formatVersion="1">
 *     <fingerprint>training data fingerprint</fingerprint>
 *     <config>JSON: horizon, frequency, settings</config>
 *     <card>JSON model card</card>
 *     <weights encoding="base64" bytes="N" chunks="n"><chunk>...</chunk>...</weights>
 *     <checksum algorithm="SHA-256">hex over config + card + fingerprint + model bytes</checksum>
 *   </model>
 * The model bytes are `TrainedModel.toBytes()` (config, weights, calibration, selection, card). A part that fails its
 * version or checksum check, or whose weights do not fit its stored configuration (size, shapes, parameter count,
 * finite values in a sane range), is reported and ignored as a whole, never half-loaded.
 *
 * Saving adds the new part first and removes the old ones only after Excel has taken it (two requests), so a failure
 * at any point leaves the old model or the new one; when both are present (a failure between the two) the newest
 * part that verifies wins.
 */
import { TrendcastError } from "../engine/types";
import type { ModelCard } from "../engine/forecast/trained-model";
import { sha256Hex } from "./sha256";

export const MODEL_NAMESPACE = "http://trendcast.app/model/1";
export const MODEL_FORMAT_VERSION = 1;
/** base64 characters per <chunk> element. */
const CHUNK_CHARS = 65536;
/** Excel on the web refuses requests over 5 MB; stay well under. */
const MAX_PART_CHARS = 4_500_000;

export type StoredModel = {
  formatVersion: number;
  bytes: Uint8Array;
  card: ModelCard;
  fingerprint: string;
  checksum: string;
};

export type ModelLoadResult =
  | { status: "none" }
  | { status: "loaded"; stored: StoredModel }
  | { status: "rejected"; message: string }
  /** Not running inside Excel (the pane opened in a plain browser): there is no workbook to read. */
  | { status: "unavailable"; message: string };

export const OUTSIDE_EXCEL_MESSAGE =
  "Trendcast runs inside Excel. Open this workbook in Excel (desktop or on the web) and start Trendcast from the Home tab.";

/** Largest model part read (characters): a bigger one cannot have been saved by Trendcast. */
const MAX_READ_CHARS = 2 * 4_500_000;
/** Largest absolute weight accepted: trained weights are far smaller; beyond this the part is not a sane model. */
const MAX_ABS_WEIGHT = 1e6;

export function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(i + step, bytes.length)));
  }
  return btoa(out);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, "&");
}

function checksumOf(config: string, card: string, fingerprint: string, bytes: Uint8Array): string {
  const head = new TextEncoder().encode(`${config}\n${card}\n${fingerprint}\n`);
  const all = new Uint8Array(head.length + bytes.length);
  all.set(head);
  all.set(bytes, head.length);
  return sha256Hex(all);
}

/** The custom XML part text for a model. */
export function encodeModelXml(bytes: Uint8Array, card: ModelCard): string {
  const config = JSON.stringify({
    horizon: card.horizon,
    frequency: card.frequency,
    backend: card.backend,
    parameters: card.parameters,
    settings: card.settings,
  });
  const cardJson = JSON.stringify(card);
  const fingerprint = card.dataFingerprint;
  const b64 = bytesToBase64(bytes);
  const chunks: string[] = [];
  for (let i = 0; i < b64.length; i += CHUNK_CHARS) chunks.push(`<chunk>${b64.slice(i, i + CHUNK_CHARS)}</chunk>`);
  const checksum = checksumOf(config, cardJson, fingerprint, bytes);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<model xmlns="${MODEL_NAMESPACE}" formatVersion="${MODEL_FORMAT_VERSION}">` +
    `<fingerprint>${escapeXml(fingerprint)}</fingerprint>` +
    `<config>${escapeXml(config)}</config>` +
    `<card>${escapeXml(cardJson)}</card>` +
    `<weights encoding="base64" bytes="${bytes.length}" chunks="${chunks.length}">${chunks.join("")}</weights>` +
    `<checksum algorithm="SHA-256">${checksum}</checksum>` +
    `</model>`
  );
}

function damaged(why: string): TrendcastError {
  return new TrendcastError(
    `The forecasting model saved in this workbook is damaged (${why}), so Trendcast ignored it. ` +
      `Train again in the Trendcast pane to save a new one.`,
    "model-damaged",
  );
}

function element(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${name}>`).exec(xml);
  return m ? m[1] : null;
}

/** Parses and verifies a model part; throws TrendcastError (code "model-damaged" or "model-newer") otherwise. */
export function decodeModelXml(xml: string): StoredModel {
  const root = /<(?:\w+:)?model\b([^>]*)>/.exec(xml);
  if (!root || !root[1].includes(MODEL_NAMESPACE)) throw damaged("it is not a Trendcast model part");
  const version = /formatVersion="(\d+)"/.exec(root[1]);
  if (!version) throw damaged("its format version is missing");
  const formatVersion = Number(version[1]);
  if (formatVersion > MODEL_FORMAT_VERSION) {
    throw new TrendcastError(
      `The forecasting model in this workbook was saved by a newer version of Trendcast (format ${formatVersion}; ` +
        `this add-in reads up to ${MODEL_FORMAT_VERSION}), so it was not loaded. Update the add-in, or train again here.`,
      "model-newer",
    );
  }
  const fingerprint = element(xml, "fingerprint");
  const config = element(xml, "config");
  const cardText = element(xml, "card");
  const weights = /<(?:\w+:)?weights\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?weights>/.exec(xml);
  const checksum = element(xml, "checksum");
  if (fingerprint === null || config === null || cardText === null || !weights || checksum === null) {
    throw damaged("a required section is missing");
  }
  const chunkTexts = [...weights[2].matchAll(/<(?:\w+:)?chunk>([^<]*)<\/(?:\w+:)?chunk>/g)].map((m) => m[1].trim());
  const declaredChunks = /chunks="(\d+)"/.exec(weights[1]);
  const declaredBytes = /bytes="(\d+)"/.exec(weights[1]);
  if (!declaredChunks || Number(declaredChunks[1]) !== chunkTexts.length) throw damaged("weights are incomplete");
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(chunkTexts.join(""));
  } catch {
    throw damaged("weights are not valid base64");
  }
  if (!declaredBytes || Number(declaredBytes[1]) !== bytes.length) throw damaged("weights have the wrong length");
  const configJson = unescapeXml(config);
  const cardJson = unescapeXml(cardText);
  const fp = unescapeXml(fingerprint);
  if (checksumOf(configJson, cardJson, fp, bytes) !== checksum.trim().toLowerCase()) {
    throw damaged("its checksum does not match");
  }
  let card: ModelCard;
  try {
    card = JSON.parse(cardJson) as ModelCard;
  } catch {
    throw damaged("its model card is unreadable");
  }
  checkModelBytes(bytes, configJson);
  return { formatVersion, bytes, card, fingerprint: fp, checksum: checksum.trim().toLowerCase() };
}

/**
 * Checks the model bytes against the stored configuration before any model is built from them: the byte length the
 * weight shapes imply, the parameter count, horizon and frequency, and that every weight is a finite number in range.
 * Layout of `TrainedModel.toBytes()`: magic, version, header length (uint32 LE), JSON header, padding to 4 bytes,
 * float32 weights in header order, CRC32.
 */
export function checkModelBytes(bytes: Uint8Array, configJson: string): void {
  let config: { horizon?: unknown; frequency?: unknown; parameters?: unknown };
  try {
    config = JSON.parse(configJson) as typeof config;
  } catch {
    throw damaged("its configuration is unreadable");
  }
  if (bytes.length < 16) throw damaged("its weights are too short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.length - 4) throw damaged("its weights header is cut off");
  type Header = { layout?: { horizon?: unknown; frequency?: unknown }; weights?: { shape?: unknown }[] };
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch {
    throw damaged("its weights header is unreadable");
  }
  if (!Array.isArray(header.weights) || header.weights.length === 0) throw damaged("it lists no weights");
  let count = 0;
  for (const w of header.weights) {
    const shape = w?.shape;
    if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || (d as number) < 1 || (d as number) > 1_000_000)) {
      throw damaged("a weight has an impossible shape");
    }
    count += (shape as number[]).reduce((a, b) => a * b, 1);
  }
  const start = 12 + jsonLength + ((4 - (jsonLength % 4)) % 4);
  if (start + 4 * count + 4 !== bytes.length) throw damaged("its weights do not match their shapes");
  if (typeof config.parameters === "number" && config.parameters !== count) throw damaged("its parameter count does not match its weights");
  if (header.layout && config.horizon !== undefined && header.layout.horizon !== config.horizon) throw damaged("its horizon does not match its configuration");
  if (header.layout && config.frequency !== undefined && header.layout.frequency !== config.frequency) throw damaged("its frequency does not match its configuration");
  for (let i = 0; i < count; i++) {
    const v = view.getFloat32(start + 4 * i, true);
    if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_WEIGHT) throw damaged("a weight is out of range");
  }
}

/** Replaces any Trendcast model part in the workbook with this model (one part at most). */
export async function saveModelToWorkbook(bytes: Uint8Array, card: ModelCard): Promise<void> {
  const xml = encodeModelXml(bytes, card);
  if (xml.length > MAX_PART_CHARS) {
    throw new TrendcastError(
      `The trained model is too large to save in the workbook (${(xml.length / 1e6).toFixed(1)} MB; Excel on the web ` +
        `accepts about 5 MB per request). Train with fewer SKUs or a shorter horizon.`,
      "model-too-large",
    );
  }
  await Excel.run(async (context) => {
    const old = context.workbook.customXmlParts.getByNamespace(MODEL_NAMESPACE);
    old.load("items");
    await context.sync();
    // New part first: if anything fails from here on, the workbook still holds a complete model (old or new).
    context.workbook.customXmlParts.add(xml);
    await context.sync();
    for (const part of old.items) part.delete();
    await context.sync();
  });
}

/** Finds every Trendcast model part and queues its deletion (the caller's next sync carries it out). */
async function queueDeleteModelParts(context: Excel.RequestContext): Promise<void> {
  const parts = context.workbook.customXmlParts.getByNamespace(MODEL_NAMESPACE);
  parts.load("items");
  await context.sync();
  for (const part of parts.items) part.delete();
}

/**
 * Reads the workbook's model part, verified. Never throws for a damaged part: it comes back as "rejected". Errors
 * from Excel itself (busy, connection) are thrown, so the caller can retry them. With more than one part (a save
 * interrupted between its two requests) the newest that verifies wins.
 */
export async function loadModelFromWorkbook(): Promise<ModelLoadResult> {
  if (typeof Excel === "undefined") return { status: "unavailable", message: OUTSIDE_EXCEL_MESSAGE };
  return Excel.run(async (context): Promise<ModelLoadResult> => {
    const parts = context.workbook.customXmlParts.getByNamespace(MODEL_NAMESPACE);
    parts.load("items");
    await context.sync();
    let newest: ModelLoadResult | null = null;
    // Newest first, one part per request: two parts of a few MB each would not fit one response.
    const items = parts.items;
    for (let i = items.length - 1; i >= 0; i--) {
      const text = items[i].getXml();
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one part per request, newest first; usually one
      await context.sync();
      // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult has no load(); sync fills value
      const xml = text.value;
      try {
        if (xml.length > MAX_READ_CHARS) throw damaged("it is larger than any model Trendcast saves");
        return { status: "loaded", stored: decodeModelXml(xml) };
      } catch (e) {
        newest ??= { status: "rejected", message: e instanceof TrendcastError ? e.message : damaged("unreadable").message };
      }
    }
    return newest ?? { status: "none" };
  });
}

/** Removes the model part (used when the user discards the model). */
export async function deleteModelFromWorkbook(): Promise<void> {
  await Excel.run(async (context) => {
    await queueDeleteModelParts(context);
    await context.sync();
  });
}
