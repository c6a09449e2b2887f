/**
 * A small .xlsx reader and writer for the command line: fflate unzips, Node's zlib deflates, the rest is here.
 *
 * Reading gives what Excel's JavaScript API gives the add-in: cell values (numbers, text, booleans, error text such
 * as "#N/A", a formula's cached result) with each cell's number format, so dates stay serial numbers in a date
 * format. Formulas saved without a cached result are listed by address. Workbooks in the 1904 date system get
 * their date cells moved to the 1900 system.
 *
 * Writing makes plain workbooks: text, numbers, dates (serials with a date format), booleans and error values,
 * bold rows, column widths and number formats, a frozen header. Trendcast marks the files it writes in
 * docProps/core.xml (creator, last modified by and keywords), so `demo` can tell its own earlier output.
 */
import { deflateRawSync } from "node:zlib";
import { strFromU8, strToU8, unzipSync } from "fflate";
import type { CellValue } from "../engine/types";

export type ReadSheet = {
  name: string;
  values: CellValue[][];
  numberFormats: string[][];
  /** Addresses (A1) of formula cells saved without a cached result: read as blank. */
  formulasWithoutResult: string[];
};

export type ReadWorkbook = { sheets: ReadSheet[]; date1904: boolean; core: { creator?: string; lastModifiedBy?: string; keywords?: string } };

export class XlsxFormatError extends Error {}

// ---------------------------------------------------------------------------------------------- XML helpers

const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeXml(s: string): string {
  if (s.indexOf("&") < 0 && s.indexOf("_x") < 0) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITY[e],
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function attrs(tagBody: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tagBody); m; m = re.exec(tagBody)) {
    const full = m[1];
    const local = full.includes(":") && !full.startsWith("xmlns") ? full.slice(full.indexOf(":") + 1) : full;
    const v = decodeXml(m[3] ?? m[4] ?? "");
    out.set(full, v);
    if (!out.has(local)) out.set(local, v);
  }
  return out;
}

/** Every element `<name ...>...</name>` or `<name .../>` (any namespace prefix): its attributes text and inner XML. */
const elementPatterns = new Map<string, RegExp>();

function* elements(xml: string, name: string): Generator<{ attrs: string; inner: string }> {
  let re = elementPatterns.get(name);
  if (!re) elementPatterns.set(name, (re = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*?)(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>)`, "g")));
  re.lastIndex = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) yield { attrs: m[1], inner: m[2] ?? "" };
}

function first(xml: string, name: string): { attrs: string; inner: string } | undefined {
  for (const e of elements(xml, name)) return e;
  return undefined;
}

/** The text of `<t>` runs, leaving out phonetic runs (`<rPh>`). */
function textOf(xml: string): string {
  const noPhonetic = xml.indexOf("rPh") >= 0 ? xml.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, "") : xml;
  let s = "";
  for (const t of elements(noPhonetic, "t")) s += decodeXml(t.inner);
  return s;
}

const escapeXml = (s: string): string =>
  s
    .replace(/_x([0-9A-Fa-f]{4})_/g, "_x005F_x$1_")
    .replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);

// ---------------------------------------------------------------------------------------------- addresses

export function columnLetters(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

// ---------------------------------------------------------------------------------------------- reading

/** Excel's built-in number formats that a style may use by id alone. */
const BUILTIN_FORMATS: Record<number, string> = {
  0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
  14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
  22: "m/d/yyyy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
  45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
};

/** A format shows a date or time when it has d, m, y, h or s outside quotes, brackets and escapes. */
function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, "");
  return /[dmyhs]/i.test(bare) && !/^General$/i.test(bare);
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const p of target.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

function relsOf(files: Record<string, Uint8Array>, part: string): Map<string, { target: string; type: string }> {
  const dir = part.split("/").slice(0, -1).join("/");
  const relsPath = `${dir ? dir + "/" : ""}_rels/${part.split("/").pop()}.rels`;
  const out = new Map<string, { target: string; type: string }>();
  const bytes = files[relsPath];
  if (!bytes) return out;
  for (const r of elements(strFromU8(bytes), "Relationship")) {
    const a = attrs(r.attrs);
    if (a.get("TargetMode") === "External") continue;
    out.set(a.get("Id") ?? "", { target: resolvePath(part, a.get("Target") ?? ""), type: a.get("Type") ?? "" });
  }
  return out;
}

/** Reads every worksheet of an .xlsx file. Throws XlsxFormatError when the bytes are not a readable workbook. */
export function readXlsx(bytes: Uint8Array): ReadWorkbook {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new XlsxFormatError(`not a zip file (${e instanceof Error ? e.message : String(e)})`);
  }
  const rootRels = relsOf(files, "");
  const officeDoc = [...rootRels.values()].find((r) => /\/officeDocument$/.test(r.type));
  const wbPath = officeDoc?.target ?? "xl/workbook.xml";
  const wbBytes = files[wbPath];
  if (!wbBytes) throw new XlsxFormatError("no workbook part (xl/workbook.xml) inside");
  const wbXml = strFromU8(wbBytes);
  const pr = first(wbXml, "workbookPr");
  const date1904 = pr !== undefined && /^(1|true)$/i.test(attrs(pr.attrs).get("date1904") ?? "");
  const rels = relsOf(files, wbPath);

  const sharedStrings: string[] = [];
  const ssRel = [...rels.values()].find((r) => /\/sharedStrings$/.test(r.type));
  if (ssRel && files[ssRel.target]) for (const si of elements(strFromU8(files[ssRel.target]), "si")) sharedStrings.push(textOf(si.inner));

  const customFormats = new Map<number, string>();
  const styleFormat: string[] = [];
  const stRel = [...rels.values()].find((r) => /\/styles$/.test(r.type));
  if (stRel && files[stRel.target]) {
    const st = strFromU8(files[stRel.target]);
    for (const f of elements(st, "numFmt")) {
      const a = attrs(f.attrs);
      customFormats.set(Number(a.get("numFmtId")), a.get("formatCode") ?? "General");
    }
    const xfs = first(st, "cellXfs");
    if (xfs) {
      for (const xf of elements(xfs.inner, "xf")) {
        const id = Number(attrs(xf.attrs).get("numFmtId") ?? 0);
        styleFormat.push(customFormats.get(id) ?? BUILTIN_FORMATS[id] ?? "General");
      }
    }
  }
  const dateStyle = styleFormat.map(isDateFormatCode);

  const sheets: ReadSheet[] = [];
  for (const s of elements(wbXml, "sheet")) {
    const a = attrs(s.attrs);
    const name = a.get("name") ?? `Sheet${sheets.length + 1}`;
    const rel = rels.get(a.get("r:id") ?? a.get("id") ?? "");
    if (!rel || !/\/worksheet$/.test(rel.type)) continue; // chart sheets and dialog sheets hold no cells
    const xmlBytes = files[rel.target];
    if (!xmlBytes) throw new XlsxFormatError(`the part of sheet "${name}" (${rel.target}) is missing`);
    sheets.push(readSheet(name, strFromU8(xmlBytes), sharedStrings, styleFormat, dateStyle, date1904));
  }
  const core: ReadWorkbook["core"] = {};
  const coreRel = [...rootRels.values()].find((r) => /\/core-properties$/.test(r.type));
  const coreBytes = files[coreRel?.target ?? "docProps/core.xml"];
  if (coreBytes) {
    const xml = strFromU8(coreBytes);
    for (const key of ["creator", "lastModifiedBy", "keywords"] as const) {
      const e = first(xml, key);
      if (e) core[key] = decodeXml(e.inner);
    }
  }
  return { sheets, date1904, core };
}

function readSheet(name: string, xml: string, shared: string[], styleFormat: string[], dateStyle: boolean[], date1904: boolean): ReadSheet {
  const cells: { row: number; col: number; value: CellValue; format: string }[] = [];
  const formulasWithoutResult: string[] = [];
  let maxRow = -1;
  let maxCol = -1;
  const data = first(xml, "sheetData");
  let rowIndex = -1;
  for (const row of elements(data?.inner ?? "", "row")) {
    const ra = attrs(row.attrs).get("r");
    rowIndex = ra !== undefined ? Number(ra) - 1 : rowIndex + 1;
    let colIndex = -1;
    for (const c of elements(row.inner, "c")) {
      const a = attrs(c.attrs);
      const ref = a.get("r");
      const pos = ref !== undefined ? parseRef(ref) : null;
      colIndex = pos ? pos.col : colIndex + 1;
      const r = pos ? pos.row : rowIndex;
      const styleIndex = Number(a.get("s") ?? 0);
      const format = styleFormat[styleIndex] ?? "General";
      const type = a.get("t") ?? "n";
      const v = first(c.inner, "v");
      const hasFormula = first(c.inner, "f") !== undefined;
      const raw = v === undefined ? undefined : decodeXml(v.inner);
      let value: CellValue = "";
      if (type === "inlineStr") {
        const is = first(c.inner, "is");
        value = is ? textOf(is.inner) : "";
      } else if (raw === undefined || (raw === "" && type !== "str")) {
        if (hasFormula) formulasWithoutResult.push(`${columnLetters(colIndex)}${r + 1}`);
        value = "";
      } else if (type === "s") {
        value = shared[Number(raw)] ?? "";
      } else if (type === "str") {
        value = raw;
      } else if (type === "b") {
        value = raw === "1" || raw.toLowerCase() === "true";
      } else if (type === "e") {
        value = raw;
      } else if (type === "d") {
        const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) || !raw.includes("T") ? raw : raw + "Z");
        value = Number.isFinite(ms) ? ms / 86400000 + 25569 : raw;
      } else {
        const n = Number(raw);
        value = Number.isFinite(n) ? n : raw;
        if (typeof value === "number" && date1904 && dateStyle[styleIndex]) value += 1462;
      }
      const fmt = type === "d" && typeof value === "number" && !dateStyle[styleIndex] ? "yyyy-mm-dd" : format;
      if (value === "" && fmt === "General") continue;
      cells.push({ row: r, col: colIndex, value, format: fmt });
      if (value !== "") {
        maxRow = Math.max(maxRow, r);
        maxCol = Math.max(maxCol, colIndex);
      }
    }
  }
  const values: CellValue[][] = Array.from({ length: maxRow + 1 }, () => new Array<CellValue>(maxCol + 1).fill(""));
  const numberFormats: string[][] = Array.from({ length: maxRow + 1 }, () => new Array<string>(maxCol + 1).fill("General"));
  for (const c of cells) {
    if (c.row > maxRow || c.col > maxCol) continue;
    values[c.row][c.col] = c.value;
    numberFormats[c.row][c.col] = c.format;
  }
  return { name, values, numberFormats, formulasWithoutResult };
}

// ---------------------------------------------------------------------------------------------- writing

export type WriteValue = string | number | boolean | Date | null | undefined | { error: string };

export type WriteSheet = {
  name: string;
  rows: WriteValue[][];
  /** 0-based indexes of rows shown bold (headings). */
  boldRows?: number[];
  /** Per column: width in characters and number format for its cells (dates default to yyyy-mm-dd). */
  columns?: ({ width?: number; numFmt?: string } | undefined)[];
  /** Rows and columns kept in view when scrolling. */
  freeze?: { rows?: number; cols?: number };
};

/** What Trendcast puts in docProps/core.xml keywords of every workbook it writes; `kind` says which command. */
export const TRENDCAST_MARK = "trendcast-output";

export type WriteOptions = {
  /** Which command wrote the file, added to the mark. */
  kind?: string;
  /** Leave the Trendcast mark out (files that are inputs, such as the sample workbook). */
  unmarked?: boolean;
  creator?: string;
  modified?: Date;
};

const DATE_FORMAT = "yyyy-mm-dd";
const BUILTIN_IDS: Record<string, number> = { General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10 };

/** Builds an .xlsx file (bytes) from plain rows. */
export function writeXlsx(sheets: readonly WriteSheet[], options: WriteOptions = {}): Uint8Array {
  if (sheets.length === 0) throw new Error("a workbook needs at least one sheet");
  const strings = new Map<string, number>();
  const stringIndex = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  const formatIds = new Map<string, number>();
  const styles: { fmt: number; bold: boolean }[] = [{ fmt: 0, bold: false }];
  const styleKey = new Map<string, number>([["0|false", 0]]);
  const styleOf = (numFmt: string | undefined, bold: boolean): number => {
    let fmt = 0;
    if (numFmt && numFmt !== "General") {
      fmt = BUILTIN_IDS[numFmt] ?? formatIds.get(numFmt) ?? 164 + formatIds.size;
      if (BUILTIN_IDS[numFmt] === undefined) formatIds.set(numFmt, fmt);
    }
    const key = `${fmt}|${bold}`;
    let s = styleKey.get(key);
    if (s === undefined) {
      s = styles.length;
      styles.push({ fmt, bold });
      styleKey.set(key, s);
    }
    return s;
  };

  const sheetXml = sheets.map((sheet) => {
    const bold = new Set(sheet.boldRows ?? []);
    const rowsXml: string[] = [];
    let maxCol = 0;
    sheet.rows.forEach((row, r) => {
      const cellsXml: string[] = [];
      row.forEach((v, c) => {
        if (v === null || v === undefined || v === "") return;
        const colSpec = sheet.columns?.[c];
        const ref = `${columnLetters(c)}${r + 1}`;
        let body: string;
        let type = "";
        let numFmt = colSpec?.numFmt;
        if (typeof v === "number") {
          if (!Number.isFinite(v)) return;
          body = `<v>${v}</v>`;
        } else if (typeof v === "boolean") {
          type = ` t="b"`;
          body = `<v>${v ? 1 : 0}</v>`;
        } else if (v instanceof Date) {
          if (!Number.isFinite(v.getTime())) return;
          body = `<v>${v.getTime() / 86400000 + 25569}</v>`;
          numFmt = numFmt && isDateFormatCode(numFmt) ? numFmt : DATE_FORMAT;
        } else if (typeof v === "object") {
          type = ` t="e"`;
          body = `<v>${escapeXml(v.error)}</v>`;
        } else {
          type = ` t="s"`;
          body = `<v>${stringIndex(v)}</v>`;
          numFmt = undefined;
        }
        const s = styleOf(numFmt, bold.has(r));
        cellsXml.push(`<c r="${ref}"${s ? ` s="${s}"` : ""}${type}>${body}</c>`);
        maxCol = Math.max(maxCol, c + 1);
      });
      if (cellsXml.length > 0) rowsXml.push(`<row r="${r + 1}">${cellsXml.join("")}</row>`);
    });
    const fr = sheet.freeze?.rows ?? 0;
    const fc = sheet.freeze?.cols ?? 0;
    const pane =
      fr > 0 || fc > 0
        ? `<pane${fc > 0 ? ` xSplit="${fc}"` : ""}${fr > 0 ? ` ySplit="${fr}"` : ""} topLeftCell="${columnLetters(fc)}${fr + 1}" activePane="${fr > 0 && fc > 0 ? "bottomRight" : fr > 0 ? "bottomLeft" : "topRight"}" state="frozen"/>`
        : "";
    const cols = (sheet.columns ?? [])
      .map((c, i) => (c?.width ? `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>` : ""))
      .join("");
    const dim = sheet.rows.length > 0 && maxCol > 0 ? `<dimension ref="A1:${columnLetters(maxCol - 1)}${sheet.rows.length}"/>` : "";
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `${dim}<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
      `${cols ? `<cols>${cols}</cols>` : ""}<sheetData>${rowsXml.join("")}</sheetData></worksheet>`
    );
  });

  const ns = "http://schemas.openxmlformats.org";
  const files: Record<string, Uint8Array> = {};
  const put = (p: string, text: string) => (files[p] = strToU8(text));
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
  put(
    "[Content_Types].xml",
    head +
      `<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
      `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
  );
  put(
    "_rels/.rels",
    head +
      `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="${ns}/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
      `<Relationship Id="rId3" Type="${ns}/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
  );
  const when = (options.modified ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const creator = escapeXml(options.creator ?? "Trendcast");
  put(
    "docProps/core.xml",
    head +
      `<cp:coreProperties xmlns:cp="${ns}/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy>${options.unmarked ? "" : `<cp:keywords>${escapeXml([TRENDCAST_MARK, options.kind].filter(Boolean).join(" "))}</cp:keywords>`}` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`,
  );
  put("docProps/app.xml", head + `<Properties xmlns="${ns}/officeDocument/2006/extended-properties"><Application>Trendcast</Application></Properties>`);
  put(
    "xl/workbook.xml",
    head +
      `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><workbookPr/><bookViews><workbookView/></bookViews><sheets>` +
      sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
      `</sheets></workbook>`,
  );
  const n = sheets.length;
  put(
    "xl/_rels/workbook.xml.rels",
    head +
      `<Relationships xmlns="${ns}/package/2006/relationships">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
      `<Relationship Id="rId${n + 1}" Type="${ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${n + 2}" Type="${ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  sheetXml.forEach((x, i) => put(`xl/worksheets/sheet${i + 1}.xml`, x));
  const numFmts = [...formatIds].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join("");
  const font = (b: boolean) => `<font>${b ? "<b/>" : ""}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
  put(
    "xl/styles.xml",
    head +
      `<styleSheet xmlns="${ns}/spreadsheetml/2006/main">${numFmts ? `<numFmts count="${formatIds.size}">${numFmts}</numFmts>` : ""}` +
      `<fonts count="2">${font(false)}${font(true)}</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${styles.length}">` +
      styles
        .map((s) => `<xf numFmtId="${s.fmt}" fontId="${s.bold ? 1 : 0}" fillId="0" borderId="0" xfId="0"${s.fmt ? ` applyNumberFormat="1"` : ""}${s.bold ? ` applyFont="1"` : ""}/>`)
        .join("") +
      `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  );
  put(
    "xl/sharedStrings.xml",
    head +
      `<sst xmlns="${ns}/spreadsheetml/2006/main" count="${strings.size}" uniqueCount="${strings.size}">` +
      [...strings.keys()].map((s) => `<si><t${/^\s|\s$|\n/.test(s) ? ` xml:space="preserve"` : ""}>${escapeXml(s)}</t></si>`).join("") +
      `</sst>`,
  );
  return zip(files, options.modified ?? new Date(Date.UTC(2020, 0, 1)));
}

// ---------------------------------------------------------------------------------------------- zip

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip archive of the parts, deflated with Node's zlib (fflate's deflate took 23 s for the 136 MB of XML of a
 * 10,000-SKU forecast workbook; zlib at level 1 about 3 s). Plain zip: parts below 4 GiB, fewer than 65,535.
 */
function zip(files: Record<string, Uint8Array>, when: Date): Uint8Array {
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const dosDate = ((Math.max(1980, when.getUTCFullYear()) - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = strToU8(name);
    const packed = deflateRawSync(data, { level: data.length > 4_000_000 ? 1 : 6 }); // big sheets: speed over 15% size
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(dosTime, 12);
    entry.writeUInt16LE(dosDate, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
