/** Cells and numbers: the kind of a cell's value, numbers in text, flags, and what a bad value is called. */
import type { CellValue } from "../types";
import { ABSURD_MAGNITUDE } from "./limits";

export function parseOrigin(origin: string | undefined): { col: number; row: number } {
  if (typeof origin !== "string") return { col: 0, row: 0 };
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})/.exec(origin.trim().replace(/^.*!/, ""));
  if (!m) return { col: 0, row: 0 };
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Math.max(0, Number(m[2]) - 1) };
}

// ---------------------------------------------------------------------------------------------------------------
// Cell kinds

export const EMPTY = 0;
export const NUM = 1;
export const NUMTEXT = 2;
export const TEXT = 3;
export const ERR = 4;
export const BOOL = 5;
export const BADNUM = 6;
export type Kind = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
export const THOUSANDS_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
export const BAD_NUMBER_TEXT = /^[+-]?(?:nan|inf|infinity|1\.#inf|1\.#ind)$/i;
export const ERROR_RE = /^#(?:N\/A|VALUE!|DIV\/0!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!|EXTERNAL!|[A-Z0-9/_]{1,14}[!?])$/i;

/** Number in a text cell: plain, with thousands commas, or accounting negative "(5)"; null when not a number. */
export function numberFromText(s: string): number | null {
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 40)) return null;
  if (NUMBER_RE.test(s)) return Number(s);
  if (THOUSANDS_RE.test(s)) return Number(s.replace(/,/g, ""));
  if (c === 40 && s.endsWith(")")) {
    const inner = s.slice(1, -1).trim();
    if (NUMBER_RE.test(inner)) return -Number(inner);
  }
  return null;
}

export function kindOf(v: CellValue): Kind {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === "number") return Number.isFinite(v) ? NUM : BADNUM;
  if (typeof v === "boolean") return BOOL;
  if (typeof v !== "string") return TEXT;
  const s = v.trim();
  if (s === "") return EMPTY;
  if (s.charCodeAt(0) === 35 && ERROR_RE.test(s)) return ERR;
  const n = numberFromText(s);
  if (n !== null) return Number.isFinite(n) ? NUMTEXT : BADNUM;
  if (BAD_NUMBER_TEXT.test(s)) return BADNUM;
  return TEXT;
}

export function show(v: CellValue): string {
  if (typeof v === "string") {
    const s = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    return `"${s}"`;
  }
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "a value that is not a number";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return String(v);
  }
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v === null || v === undefined) return "nothing";
  return `"${String(v).slice(0, 40)}"`;
}

export type ValueRead = { value: number } | { problem: "blank" | "text" | "error" | "bool" | "nan" | "absurd" };

/** A sales-like number cell. */
export function readNumber(v: CellValue): ValueRead {
  if (v === null || v === undefined) return { problem: "blank" };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { problem: "nan" };
    return Math.abs(v) > ABSURD_MAGNITUDE ? { problem: "absurd" } : { value: v };
  }
  if (typeof v === "boolean") return { problem: "bool" };
  if (typeof v !== "string") return { problem: "text" };
  const s = v.trim();
  if (s === "") return { problem: "blank" };
  const n = numberFromText(s);
  if (n !== null) {
    if (!Number.isFinite(n)) return { problem: "nan" };
    return Math.abs(n) > ABSURD_MAGNITUDE ? { problem: "absurd" } : { value: n };
  }
  if (s.charCodeAt(0) === 35 && ERROR_RE.test(s)) return { problem: "error" };
  if (BAD_NUMBER_TEXT.test(s)) return { problem: "nan" };
  return { problem: "text" };
}

export const FLAG_WORDS: Record<string, number> = {
  yes: 1, y: 1, true: 1, x: 1, on: 1, si: 1, "sí": 1, oui: 1, ja: 1, promo: 1,
  no: 0, n: 0, false: 0, off: 0, non: 0, nein: 0,
};

/** A covariate cell: numbers, TRUE/FALSE and yes/no words. */
export function readCovariate(v: CellValue): ValueRead {
  if (typeof v === "boolean") return { value: v ? 1 : 0 };
  if (typeof v === "string") {
    const plain = readNumber(v);
    if ("value" in plain) return plain;
    const w = FLAG_WORDS[v.trim().toLowerCase()];
    if (w !== undefined) return { value: w };
    const t = v.trim();
    if (t.endsWith("%")) {
      const n = numberFromText(t.slice(0, -1).trim());
      if (n !== null && Number.isFinite(n)) return { value: n / 100 };
    }
    const noCurrency = t.replace(/^[$€£¥]\s*/, "");
    if (noCurrency !== t) return readNumber(noCurrency);
  }
  return readNumber(v);
}

export function problemText(p: Exclude<ValueRead, { value: number }>["problem"], v: CellValue): { code: string; what: string } {
  switch (p) {
    case "text":
      return { code: "text-in-number-cell", what: `the text ${show(v)} where a number was expected` };
    case "error":
      return { code: "error-value", what: `the Excel error ${show(v)}` };
    case "bool":
      return { code: "boolean-in-number-cell", what: `${show(v)} where a number was expected` };
    case "nan":
      return { code: "not-a-number", what: `${show(v)}, which is not a usable number` };
    case "absurd":
      return { code: "absurd-value", what: `${show(v)}, far too large to be a sales figure` };
    default:
      return { code: "blank", what: "nothing" };
  }
}

// ---------------------------------------------------------------------------------------------------------------
