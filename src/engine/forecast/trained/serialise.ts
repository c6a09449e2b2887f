/**
 * The trained model as bytes for the workbook store: magic, format version, JSON header (config, calibration,
 * selection, history index, card, weight shapes), float32 weights, CRC-32 of everything before it.
 */
import { TrendcastError } from "../../types";
import type { NamedWeights } from "../attention/network";
import type { ModelCard, ModelState } from "./model-state";

const MAGIC = 0x4d435254; // "TRCM" little-endian
const FORMAT_VERSION = 2;

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** Config + weights + calibration + selection + card. */
export function encodeModel(state: ModelState, weights: NamedWeights): Uint8Array {
  const header = {
    format: "trendcast-model",
    layout: state.layout,
    net: state.net,
    covStats: state.covStats,
    calibration: state.calibration,
    selection: state.selection,
    defaultChoice: state.defaultChoice,
    historyIndex: state.historyIndex ?? {},
    groups: state.groups ?? {},
    card: state.card,
    weights: weights.map((w) => ({ name: w.name, shape: w.shape })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - (json.length % 4)) % 4;
  const floats = weights.reduce((n, w) => n + w.data.length, 0);
  const total = 12 + json.length + pad + floats * 4 + 4;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  let off = 12 + json.length + pad;
  for (const w of weights) {
    for (let i = 0; i < w.data.length; i++) view.setFloat32(off + 4 * i, w.data[i], true);
    off += 4 * w.data.length;
  }
  view.setUint32(off, crc32(bytes.subarray(0, off)), true);
  return bytes;
}

type Header = Omit<ModelState, "card"> & { card: ModelCard; format: string; weights: { name: string; shape: number[] }[] };

function damaged(why: string): TrendcastError {
  return new TrendcastError(`The saved Trendcast model is damaged (${why}). Train the model again to replace it.`, "bad-model");
}

/** Checks magic, version and checksum; returns the header's byte length. */
function checkFrame(bytes: Uint8Array, view: DataView): number {
  if (view.getUint32(0, true) !== MAGIC) throw damaged("not a Trendcast model");
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) {
    throw new TrendcastError(
      `The saved model has format version ${version}; this Trendcast reads version ${FORMAT_VERSION}. Update the add-in or train the model again.`,
      "model-version",
    );
  }
  const end = bytes.length - 4;
  if (crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) throw damaged("checksum mismatch");
  const jsonLen = view.getUint32(8, true);
  if (12 + jsonLen > end) throw damaged("header length");
  return jsonLen;
}

function readHeader(bytes: Uint8Array, jsonLen: number): Header {
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLen))) as Header;
  } catch {
    throw damaged("unreadable header");
  }
  if (header.format !== "trendcast-model" || !Array.isArray(header.weights)) throw damaged("unknown header");
  return header;
}

function readWeights(view: DataView, header: Header, jsonLen: number, end: number): NamedWeights {
  let off = 12 + jsonLen + ((4 - (jsonLen % 4)) % 4);
  const weights: NamedWeights = [];
  for (const w of header.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (off + 4 * n > end) throw damaged("weights truncated");
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = view.getFloat32(off + 4 * i, true);
    off += 4 * n;
    weights.push({ name: w.name, shape: w.shape, data });
  }
  if (off !== end) throw damaged("unexpected length");
  return weights;
}

/** Throws TrendcastError on damaged or unknown-version bytes. */
export function decodeModel(bytes: Uint8Array): { state: ModelState; weights: NamedWeights } {
  if (!(bytes instanceof Uint8Array) || bytes.length < 16) throw damaged("too short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLen = checkFrame(bytes, view);
  const header = readHeader(bytes, jsonLen);
  const weights = readWeights(view, header, jsonLen, bytes.length - 4);
  const state: ModelState = {
    layout: header.layout,
    net: header.net,
    covStats: header.covStats,
    calibration: header.calibration,
    selection: header.selection,
    defaultChoice: header.defaultChoice,
    historyIndex: header.historyIndex ?? {},
    groups: header.groups ?? {},
    card: header.card,
  };
  return { state, weights };
}
