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
 * version or checksum check is reported and ignored as a whole, never half-loaded.
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
  | { status: "rejected"; message: string };

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
  return { formatVersion, bytes, card, fingerprint: fp, checksum: checksum.trim().toLowerCase() };
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
    await queueDeleteModelParts(context);
    context.workbook.customXmlParts.add(xml);
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

/** Reads the workbook's model part, verified. Never throws for a damaged part: it comes back as "rejected". */
export async function loadModelFromWorkbook(): Promise<ModelLoadResult> {
  const xml = await Excel.run(async (context) => {
    const parts = context.workbook.customXmlParts.getByNamespace(MODEL_NAMESPACE);
    parts.load("items");
    await context.sync();
    const items = parts.items;
    if (items.length === 0) return null;
    const text = items[items.length - 1].getXml();
    await context.sync();
    // eslint-disable-next-line office-addins/load-object-before-read -- a ClientResult has no load(); sync fills value
    return text.value;
  });
  if (xml === null) return { status: "none" };
  try {
    return { status: "loaded", stored: decodeModelXml(xml) };
  } catch (e) {
    return { status: "rejected", message: e instanceof TrendcastError ? e.message : damaged("unreadable").message };
  }
}

/** Removes the model part (used when the user discards the model). */
export async function deleteModelFromWorkbook(): Promise<void> {
  await Excel.run(async (context) => {
    await queueDeleteModelParts(context);
    await context.sync();
  });
}
