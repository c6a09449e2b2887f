/**
 * Sales ingest: turns a block of cells exactly as Excel (or a CSV file) hands them over into a `SalesPanel`.
 *
 * Steps: drop blank rows and columns; find header rows (text above columns of numbers or dates); find the date
 * column (date text, Excel serials with a date format, serial-range numbers under a date header, or a period-number
 * column); tell the layout apart (long: one row per SKU and date with a SKU column; wide: one column per SKU; single:
 * one column of values); read every cell, turning problems into issues; detect the frequency from the median date
 * step; map dates onto a regular timeline (weekly dates snapped to the dominant weekday); aggregate duplicates; fill
 * missing periods (zero, or linear interpolation as Excel's FORECAST.ETS data_completion does); keep or clip returns.
 *
 * `ingestGrid` never throws: every problem is an `IngestIssue` naming the sheet-relative cell or row, the SKU, what
 * was found and what was done, and an unusable grid gives a panel with no series and an error issue.
 */
import { dateTextShape, daysFromCivil, epochDayToIso, weekdayOf, excelSerialToEpochDay, resolveAmbiguous, type DateOrder, type DateTextShape } from "./dates";
import { chooseAnchor, detectFrequency, frequencyLabel, periodDay, periodKey, type PeriodAnchor } from "./frequency";
import type {
  CellGrid,
  CellValue,
  Frequency,
  IngestIssue,
  InventoryInputs,
  IssueSeverity,
  PanelLayout,
  SalesPanel,
  Series,
} from "../types";
import { columnLetters } from "./cells";

export type IngestOptions = {
  /** How missing periods inside a SKU's history are filled: 0 (default) or linear interpolation. */
  fill?: "zero" | "interpolate";
  /** How several values for one SKU and period are combined (default "sum"). */
  duplicates?: "sum" | "mean" | "last";
  /** Negative sales (returns) are kept (default) or clipped to 0. */
  negatives?: "keep" | "clip";
  /** Order of day and month in texts such as 03/04/2024; "auto" (default) decides from the data. */
  dateOrder?: "auto" | "dmy" | "mdy";
  /** Force the frequency instead of detecting it (dates are then grouped into periods of this length). */
  frequency?: Frequency;
};

/** What the task pane shows before training. */
export type PanelSummary = {
  layout: PanelLayout;
  skuCount: number;
  /** Periods of sales history (the timeline may run further with planned covariates). */
  periods: number;
  frequency: Frequency;
  firstDate: string | null;
  lastDate: string | null;
  issueCounts: Record<IssueSeverity, number>;
};

/** Values beyond this size are taken for typing slips or overflow, not sales. */
export const ABSURD_MAGNITUDE = 1e12;
/** Most issues of one kind listed one by one; the rest are counted in one summary issue. */
const ISSUES_PER_CODE = 25;
/** Largest timeline x SKU grid built (about 400 MB of numbers). */
const MAX_CELLS = 50_000_000;
/** Dates outside these years are typing slips. */
const MIN_DAY = -25567; // 1900-01-01
const MAX_DAY = 150000; // 2380-09-08
/** Placeholder start of the timeline when the data has no dates at all. */
const UNDATED_START = 10957; // 2000-01-01

// ---------------------------------------------------------------------------------------------------------------
// Issues

class IssueLog {
  private readonly list: IngestIssue[] = [];
  private readonly perCode = new Map<string, number>();
  private readonly overflow = new Map<string, { severity: IssueSeverity; count: number; action: string }>();

  constructor(private readonly sheet: string | undefined) {}

  add(issue: Omit<IngestIssue, "sheet">): void {
    const n = (this.perCode.get(issue.code) ?? 0) + 1;
    this.perCode.set(issue.code, n);
    if (n <= ISSUES_PER_CODE) {
      this.list.push(this.sheet !== undefined ? { ...issue, sheet: this.sheet } : { ...issue });
      return;
    }
    const o = this.overflow.get(issue.code);
    if (o) o.count++;
    else this.overflow.set(issue.code, { severity: issue.severity, count: 1, action: issue.action });
  }

  hasError(): boolean {
    return this.list.some((i) => i.severity === "error");
  }

  finish(): IngestIssue[] {
    const out = [...this.list];
    for (const [code, o] of this.overflow) {
      const issue: IngestIssue = {
        severity: o.severity,
        code,
        found: `${o.count} more problem${o.count === 1 ? "" : "s"} of the same kind (${code}) not listed one by one`,
        action: o.action,
      };
      if (this.sheet !== undefined) issue.sheet = this.sheet;
      out.push(issue);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cell addresses

function parseOrigin(origin: string | undefined): { col: number; row: number } {
  if (typeof origin !== "string") return { col: 0, row: 0 };
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})/.exec(origin.trim().replace(/^.*!/, ""));
  if (!m) return { col: 0, row: 0 };
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Math.max(0, Number(m[2]) - 1) };
}

// ---------------------------------------------------------------------------------------------------------------
// Cell kinds

const EMPTY = 0;
const NUM = 1;
const NUMTEXT = 2;
const TEXT = 3;
const ERR = 4;
const BOOL = 5;
const BADNUM = 6;
type Kind = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const BAD_NUMBER_TEXT = /^[+-]?(?:nan|inf|infinity|1\.#inf|1\.#ind)$/i;
const ERROR_RE = /^#(?:N\/A|VALUE!|DIV\/0!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!|EXTERNAL!|[A-Z0-9/_]{1,14}[!?])$/i;

/** Number in a text cell: plain, with thousands commas, or accounting negative "(5)"; null when not a number. */
function numberFromText(s: string): number | null {
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

function kindOf(v: CellValue): Kind {
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

function show(v: CellValue): string {
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

type ValueRead = { value: number } | { problem: "blank" | "text" | "error" | "bool" | "nan" | "absurd" };

/** A sales-like number cell. */
function readNumber(v: CellValue): ValueRead {
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

const FLAG_WORDS: Record<string, number> = {
  yes: 1, y: 1, true: 1, x: 1, on: 1, si: 1, "sí": 1, oui: 1, ja: 1, promo: 1,
  no: 0, n: 0, false: 0, off: 0, non: 0, nein: 0,
};

/** A covariate cell: numbers, TRUE/FALSE and yes/no words. */
function readCovariate(v: CellValue): ValueRead {
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

function problemText(p: Exclude<ValueRead, { value: number }>["problem"], v: CellValue): { code: string; what: string } {
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
// Header words

function normalizeHeader(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const SEP = "[\\s_\\-:.|/()#]+";
const SEP_OPT = "[\\s_\\-:.|/()#]*";
const FILLER = `(?:${SEP_OPT}(?:flag|indicator|ind|yn|y n|0 1|01|bool|boolean|days?|units?|qty))?`;

function phrases(list: string[]): string {
  return list.map((p) => p.split(" ").join(SEP_OPT)).join("|");
}

type RoleMatch = { name: string; rest: string | null };

/** Matches a header as a whole, or as a prefix/suffix around a SKU name (wide layouts: PROMO_<sku>, <sku> on hand). */
class RoleWords {
  private readonly whole: RegExp;
  private readonly leading: RegExp;
  private readonly prefix: RegExp | null;
  private readonly suffix: RegExp | null;
  constructor(
    private readonly canonical: Array<[string, string[]]>,
    allowAffix: boolean,
  ) {
    const all = phrases(canonical.flatMap(([, ws]) => ws));
    this.whole = new RegExp(`^(?:${all})${FILLER}${SEP_OPT}$`, "i");
    this.leading = new RegExp(`^(?:${all})`, "i");
    this.prefix = allowAffix ? new RegExp(`^(${all})${FILLER}${SEP}(.+)$`, "i") : null;
    this.suffix = allowAffix ? new RegExp(`^(.+?)${SEP}(${all})${FILLER}$`, "i") : null;
  }

  private nameOf(word: string): string {
    const w = normalizeHeader(word);
    for (const [name, ws] of this.canonical) if (ws.some((x) => normalizeHeader(x) === w)) return name;
    const head = this.canonical[0];
    return head ? head[0] : w;
  }

  match(header: string): RoleMatch | null {
    const h = header.trim();
    const whole = this.whole.exec(h);
    if (whole) {
      const word = this.leading.exec(h);
      return { name: this.nameOf(word ? word[0] : h), rest: null };
    }
    const p = this.prefix?.exec(h);
    if (p && p[1] !== undefined && p[2] !== undefined) return { name: this.nameOf(p[1]), rest: p[2].trim() };
    const s = this.suffix?.exec(h);
    if (s && s[1] !== undefined && s[2] !== undefined) return { name: this.nameOf(s[2]), rest: s[1].trim() };
    return null;
  }
}

const COVARIATE_WORDS = new RoleWords(
  [
    ["promo", ["promo", "promotion", "promotional", "on promo", "on promotion", "promo flag", "deal", "advertised", "ad", "feature", "display", "campaign"]],
    ["holiday", ["holiday", "holidays", "public holiday", "bank holiday", "is holiday"]],
    ["closed", ["closed", "closure", "store closed", "shop closed", "is closed"]],
    ["event", ["event", "events", "special event"]],
    ["price", ["price", "unit price", "selling price", "sell price", "retail price", "sales price"]],
    ["discount", ["discount", "markdown", "rebate"]],
  ],
  true,
);

const INVENTORY_WORDS = new RoleWords(
  [
    ["onHand", ["on hand", "onhand", "stock on hand", "soh", "stock", "inventory", "in stock", "stock level", "available stock"]],
    ["onOrder", ["on order", "onorder", "open order", "open orders", "in transit", "incoming", "pipeline", "open po"]],
    ["leadTime", ["lead time", "leadtime", "lead time days", "supplier lead time"]],
    ["serviceLevel", ["service level", "target service level", "fill rate target"]],
    ["moq", ["moq", "min order", "minimum order", "min order qty", "minimum order quantity"]],
    ["packSize", ["pack size", "pack", "case pack", "case size", "inner pack", "pack qty", "order multiple"]],
    ["reviewPeriod", ["review period", "review cycle", "order cycle"]],
    ["unitCost", ["unit cost", "cost", "cost price", "purchase price"]],
  ],
  true,
);

const QUANTITY_WORDS = new RoleWords(
  [["value", ["value", "qty", "quantity", "sales", "unit sales", "units", "units sold", "sold", "qty sold", "quantity sold",
    "sales qty", "sales units", "demand", "volume", "y", "target", "amount", "sales quantity"]]],
  true,
);

const ID_WORDS = new RoleWords(
  [["sku", ["sku", "sku id", "sku code", "item", "item id", "item code", "item number", "item no", "product", "product id",
    "product code", "product name", "article", "article number", "series", "series id", "unique id", "id", "code", "ean",
    "upc", "gtin", "barcode", "material", "part", "part number", "asin", "style", "variant", "store", "store id",
    "location", "shop", "branch", "description", "name"]]],
  false,
);

const DATE_HEADER_RE = /(^|\s)(date|dates|datum|fecha|data|jour|dia|day|days|week|weeks|wk|month|months|period|periods|time|timestamp|ds|semaine|woche|monat|mois|mes|settimana|mese)(\s|$)/;
const INDEX_FREQUENCY: Array<[RegExp, Frequency]> = [
  [/(^|\s)(week|weeks|wk|semaine|woche|settimana)(\s|$)/, "weekly"],
  [/(^|\s)(month|months|monat|mois|mes|mese)(\s|$)/, "monthly"],
];

function isDateHeader(h: string): boolean {
  if (h === "") return false;
  if (INVENTORY_WORDS.match(h) !== null) return false; // "lead time"
  return DATE_HEADER_RE.test(normalizeHeader(h));
}

const TOTAL_HEADERS = new Set(["total", "totals", "grand total", "sum", "all", "all skus", "all products", "total sales"]);

const MISSING_MARKERS = new Set(["n/a", "na", "-", "--", "?", "none", "null", "missing", "nil", "tbd"]);

/** A date number format such as "yyyy-mm-dd", "m/d/yy", "[$-409]mmm d": d/m/y codes outside quotes and brackets. */
function isDateFormat(fmt: string | undefined): boolean {
  if (typeof fmt !== "string" || fmt === "") return false;
  const f = fmt.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\\./g, "").toLowerCase();
  return /[dy]/.test(f) || /m{3,}/.test(f) || (/m/.test(f) && !/[hs]/.test(f) && /[/\-.]/.test(f));
}

// ---------------------------------------------------------------------------------------------------------------
// The grid, cleaned of blank rows and columns

type Sheet = {
  values: CellValue[][];
  formats: string[][] | undefined;
  /** Grid row index of each kept row, grid column index of each kept column. */
  rows: number[];
  cols: number[];
  origin: { col: number; row: number };
};

function cellAt(sheet: Sheet, r: number, c: number): CellValue {
  const row = sheet.values[sheet.rows[r]!];
  return row ? row[sheet.cols[c]!] : undefined;
}

function formatAt(sheet: Sheet, r: number, c: number): string | undefined {
  const f = sheet.formats;
  if (!f) return undefined;
  const row = f[sheet.rows[r]!];
  return Array.isArray(row) ? row[sheet.cols[c]!] : undefined;
}

function address(sheet: Sheet, r: number, c: number): string {
  return `${columnLetters(sheet.origin.col + sheet.cols[c]!)}${sheet.origin.row + sheet.rows[r]! + 1}`;
}

function sheetRow(sheet: Sheet, r: number): number {
  return sheet.origin.row + sheet.rows[r]! + 1;
}

function columnName(sheet: Sheet, c: number): string {
  return columnLetters(sheet.origin.col + sheet.cols[c]!);
}

function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

function describeRuns(nums: number[], label: (n: number) => string): string {
  const parts: string[] = [];
  let i = 0;
  while (i < nums.length && parts.length < 6) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    parts.push(j === i ? label(nums[i]!) : `${label(nums[i]!)}-${label(nums[j]!)}`);
    i = j + 1;
  }
  return i < nums.length ? `${parts.join(", ")} and more` : parts.join(", ");
}

function cleanSheet(grid: CellGrid, log: IssueLog): Sheet | null {
  const values = grid.values;
  const origin = parseOrigin(grid.origin);
  let width = 0;
  const nonBlankRows: number[] = [];
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    if (!Array.isArray(row)) continue;
    let any = false;
    for (let c = 0; c < row.length; c++) {
      if (!isBlank(row[c])) {
        any = true;
        if (c + 1 > width) width = c + 1;
      }
    }
    if (any) nonBlankRows.push(r);
  }
  if (nonBlankRows.length === 0) return null;
  const usedCols = new Uint8Array(width);
  for (const r of nonBlankRows) {
    const row = values[r]!;
    const n = Math.min(row.length, width);
    for (let c = 0; c < n; c++) if (usedCols[c] === 0 && !isBlank(row[c])) usedCols[c] = 1;
  }
  const cols: number[] = [];
  const blankCols: number[] = [];
  let firstCol = -1;
  let lastCol = -1;
  for (let c = 0; c < width; c++) {
    if (usedCols[c]) {
      cols.push(c);
      if (firstCol < 0) firstCol = c;
      lastCol = c;
    }
  }
  for (let c = firstCol; c <= lastCol; c++) if (!usedCols[c]) blankCols.push(c);
  const first = nonBlankRows[0]!;
  const last = nonBlankRows[nonBlankRows.length - 1]!;
  const blankRows: number[] = [];
  let k = 0;
  for (let r = first; r <= last; r++) {
    if (nonBlankRows[k] === r) k++;
    else blankRows.push(r);
  }
  const formats = Array.isArray(grid.numberFormats) ? grid.numberFormats : undefined;
  const sheet: Sheet = { values, formats, rows: nonBlankRows, cols, origin };
  if (blankRows.length > 0) {
    log.add({
      severity: "info",
      code: "blank-rows",
      row: origin.row + blankRows[0]! + 1,
      found: `${blankRows.length} blank row${blankRows.length === 1 ? "" : "s"} inside the data (row${blankRows.length === 1 ? "" : "s"} ${describeRuns(blankRows, (r) => String(origin.row + r + 1))})`,
      action: "skipped; dates missing because of them are filled like other missing periods",
    });
  }
  if (blankCols.length > 0) {
    log.add({
      severity: "info",
      code: "blank-columns",
      cell: `${columnLetters(origin.col + blankCols[0]!)}${origin.row + first + 1}`,
      found: `${blankCols.length} blank column${blankCols.length === 1 ? "" : "s"} inside the data (${describeRuns(blankCols, (c) => columnLetters(origin.col + c))})`,
      action: "skipped",
    });
  }
  return sheet;
}

// ---------------------------------------------------------------------------------------------------------------
// Column typing, header rows and the date column

type ColumnStats = {
  nonEmpty: number;
  numbers: number;
  texts: number;
  dateTexts: number;
  dateFormatted: number;
  serialRange: number;
  integers: number;
  binary: number;
  /** yes/no, TRUE/FALSE, x: flag words. */
  flags: number;
  distinctTexts: number;
};

const SAMPLE = 1200;

function sampleRows(from: number, to: number): number[] {
  const n = to - from;
  if (n <= 0) return [];
  if (n <= SAMPLE) return Array.from({ length: n }, (_, i) => from + i);
  const out: number[] = [];
  for (let i = 0; i < SAMPLE; i++) out.push(from + Math.floor((i * n) / SAMPLE));
  return out;
}

function columnStats(sheet: Sheet, c: number, rows: number[]): ColumnStats {
  const s: ColumnStats = {
    nonEmpty: 0, numbers: 0, texts: 0, dateTexts: 0, dateFormatted: 0, serialRange: 0, integers: 0, binary: 0, flags: 0, distinctTexts: 0,
  };
  const seen = new Set<string>();
  for (const r of rows) {
    const v = cellAt(sheet, r, c);
    if (isDateObject(v)) {
      s.nonEmpty++;
      s.dateFormatted++;
      continue;
    }
    const k = kindOf(v);
    if (k === EMPTY) continue;
    s.nonEmpty++;
    if (k === NUM || k === NUMTEXT) {
      s.numbers++;
      const n = typeof v === "number" ? v : Number(numberFromText(String(v).trim()));
      if (Number.isInteger(n)) s.integers++;
      if (n === 0 || n === 1) s.binary++;
      if (n >= 18264 && n <= 73051) s.serialRange++;
      if (k === NUM && isDateFormat(formatAt(sheet, r, c))) s.dateFormatted++;
      else if (k === NUMTEXT && dateTextShape(String(v)) !== null) s.dateTexts++;
    } else if (k === TEXT) {
      const t = String(v).trim();
      if (dateTextShape(t) !== null) s.dateTexts++;
      else if (FLAG_WORDS[t.toLowerCase()] !== undefined) s.flags++;
      else if (MISSING_MARKERS.has(t.toLowerCase())) s.nonEmpty--;
      else {
        s.texts++;
        seen.add(t);
      }
    } else if (k === BOOL) s.flags++;
  }
  s.distinctTexts = seen.size;
  return s;
}

/** A JavaScript Date: not a value Excel hands over, but file readers may. */
function isDateObject(v: CellValue): boolean {
  return (v as unknown) instanceof Date;
}

function isHeaderText(v: CellValue): boolean {
  if (kindOf(v) !== TEXT) return false;
  const t = String(v).trim();
  return !MISSING_MARKERS.has(t.toLowerCase()) && dateTextShape(t) === null;
}

function typedColumn(s: ColumnStats): boolean {
  return s.nonEmpty > 0 && s.numbers + s.dateTexts + s.flags >= 0.5 * s.nonEmpty;
}

/** Leading rows that are headers: text above a column of numbers or dates, and no date in the row itself. */
function findHeaderRows(sheet: Sheet): number {
  const nRows = sheet.rows.length;
  const nCols = sheet.cols.length;
  const maxHeaders = Math.min(5, nRows - 1);
  if (maxHeaders <= 0) {
    // One row: a header only when it is all text.
    let texts = 0;
    for (let c = 0; c < nCols; c++) if (isHeaderText(cellAt(sheet, 0, c))) texts++;
    return texts > 0 && texts === nCols ? 1 : 0;
  }
  const below = sampleRows(Math.min(maxHeaders, nRows - 1), nRows);
  const stats = Array.from({ length: nCols }, (_, c) => columnStats(sheet, c, below));
  // A column of dates below a blank cell: the row above is a header even when its other cells are numbers (SKU codes).
  const dateColumns = stats.map((s) => s.nonEmpty >= 1 && s.dateTexts + s.dateFormatted >= 0.9 * s.nonEmpty);
  let headers = 0;
  for (let r = 0; r < maxHeaders; r++) {
    let textOverTyped = false;
    let hasDate = false;
    for (let c = 0; c < nCols; c++) {
      const v = cellAt(sheet, r, c);
      const k = kindOf(v);
      if (k === EMPTY && dateColumns[c]) textOverTyped = true;
      if (k === TEXT || k === NUMTEXT) {
        if (dateTextShape(String(v)) !== null) hasDate = true;
        else if (k === TEXT && isHeaderText(v) && typedColumn(stats[c]!)) textOverTyped = true;
      } else if ((k === NUM && isDateFormat(formatAt(sheet, r, c))) || isDateObject(v)) hasDate = true;
    }
    if (textOverTyped && !hasDate) headers = r + 1;
    else break;
  }
  return headers;
}

type DateColumn = { col: number; kind: "calendar" | "index"; indexFrequency: Frequency };

function findDateColumn(sheet: Sheet, headerTexts: string[], dataRows: number[], stats: ColumnStats[]): DateColumn | null {
  let best: DateColumn | null = null;
  let bestScore = 0;
  const firstCol = stats.findIndex((s) => s.nonEmpty > 0);
  for (let c = 0; c < stats.length; c++) {
    const s = stats[c]!;
    if (s.nonEmpty === 0) continue;
    const header = headerTexts[c] ?? "";
    const dateHeader = isDateHeader(header);
    let score = (s.dateTexts + s.dateFormatted) / s.nonEmpty;
    let kind: DateColumn["kind"] = "calendar";
    if (dateHeader && score < 0.6) {
      const serialScore = (s.dateTexts + s.dateFormatted + s.serialRange) / s.nonEmpty;
      if (serialScore >= 0.6) score = serialScore;
      else if (s.integers === s.nonEmpty && s.serialRange === 0) {
        kind = "index";
        score = 0.99;
      }
    } else if (!dateHeader && score < 0.6 && c === firstCol && header === "" && s.nonEmpty >= 2) {
      if (s.serialRange === s.nonEmpty && s.integers === s.nonEmpty && regularSerials(sheet, c, dataRows)) score = 0.9;
    }
    if (dateHeader) score += 0.05;
    if (score >= 0.6 && score > bestScore) {
      bestScore = score;
      let indexFrequency: Frequency = "daily";
      for (const [re, f] of INDEX_FREQUENCY) if (re.test(normalizeHeader(header))) indexFrequency = f;
      best = { col: c, kind, indexFrequency };
    }
  }
  return best;
}

/** Serial-range integers without a date format count as dates only when their steps look like a calendar. */
function regularSerials(sheet: Sheet, c: number, rows: number[]): boolean {
  const vals = new Set<number>();
  for (const r of rows) {
    const n = Number(cellAt(sheet, r, c));
    if (Number.isFinite(n)) vals.add(n);
  }
  const sorted = [...vals].sort((a, b) => a - b);
  if (sorted.length < 2) return false;
  const steps = sorted.slice(1).map((v, i) => v - sorted[i]!).sort((a, b) => a - b);
  const med = steps[steps.length >> 1]!;
  return med === 1 || med === 7 || (med >= 28 && med <= 31);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates of the rows

type RowDates = {
  /** Epoch day of each data row (NaN when the row has no usable date). */
  days: Float64Array;
  frequencyHint: Frequency | null;
};

function readDates(
  sheet: Sheet,
  dateCol: DateColumn,
  firstData: number,
  options: IngestOptions,
  log: IssueLog,
): RowDates {
  const nRows = sheet.rows.length;
  const days = new Float64Array(nRows).fill(NaN);
  const c = dateCol.col;
  if (dateCol.kind === "index") {
    const f = options.frequency ?? dateCol.indexFrequency;
    let min = Infinity;
    for (let r = firstData; r < nRows; r++) {
      const n = readNumber(cellAt(sheet, r, c));
      if ("value" in n && Number.isInteger(n.value)) min = Math.min(min, n.value);
    }
    for (let r = firstData; r < nRows; r++) {
      const v = cellAt(sheet, r, c);
      const n = readNumber(v);
      if ("value" in n && Number.isInteger(n.value)) {
        const k = n.value - min;
        days[r] = f === "daily" ? UNDATED_START + k : f === "weekly" ? UNDATED_START + 2 + 7 * k : monthStart(k);
      }
    }
    log.add({
      severity: "info",
      code: "period-numbers",
      cell: address(sheet, firstData, c),
      found: `column ${columnName(sheet, c)} numbers the periods instead of giving dates`,
      action: `read as consecutive ${f} periods; dates from ${epochDayToIso(UNDATED_START)} on stand in for real dates`,
    });
    return { days, frequencyHint: f };
  }

  // Calendar dates: decide the day/month order of texts like 03/04/2024 from the whole column.
  const shapes = new Map<string, DateTextShape | null>();
  let dmyEvidence = 0;
  let mdyEvidence = 0;
  let dmyCell = "";
  let mdyCell = "";
  let ambiguous = 0;
  let ambiguousCell = "";
  let ambiguousText = "";
  const formats = new Set<string>();
  for (let r = firstData; r < nRows; r++) {
    const v = cellAt(sheet, r, c);
    if (typeof v === "string") {
      const t = v.trim();
      let shape = shapes.get(t);
      if (shape === undefined) {
        shape = dateTextShape(t);
        shapes.set(t, shape);
      }
      if (shape === null) continue;
      if (shape.kind === "ambiguous") {
        formats.add("day/month text");
        if (shape.first > 12 && shape.second <= 12) {
          dmyEvidence++;
          if (dmyCell === "") dmyCell = address(sheet, r, c);
        } else if (shape.second > 12 && shape.first <= 12) {
          mdyEvidence++;
          if (mdyCell === "") mdyCell = address(sheet, r, c);
        } else if (shape.first <= 12 && shape.second <= 12 && shape.first !== shape.second) {
          ambiguous++;
          if (ambiguousCell === "") {
            ambiguousCell = address(sheet, r, c);
            ambiguousText = t;
          }
        }
      } else formats.add(/^\d{4}-\d{2}-\d{2}/.test(t) ? "ISO text" : "other date text");
    } else if (typeof v === "number") formats.add("Excel date numbers");
  }

  let order: DateOrder = "dmy";
  const forced = options.dateOrder === "dmy" || options.dateOrder === "mdy" ? options.dateOrder : null;
  if (forced) order = forced;
  else if (dmyEvidence > 0 && mdyEvidence === 0) {
    order = "dmy";
    if (ambiguous > 0) {
      log.add({
        severity: "info",
        code: "date-order",
        cell: ambiguousCell,
        found: `dates such as ${ambiguousCell} could be day/month or month/day; ${dmyCell} can only be day/month`,
        action: "read all dates as day/month/year",
      });
    }
  } else if (mdyEvidence > 0 && dmyEvidence === 0) {
    order = "mdy";
    if (ambiguous > 0) {
      log.add({
        severity: "info",
        code: "date-order",
        cell: ambiguousCell,
        found: `dates such as ${ambiguousCell} could be day/month or month/day; ${mdyCell} can only be month/day`,
        action: "read all dates as month/day/year",
      });
    }
  } else if (dmyEvidence > 0 && mdyEvidence > 0) {
    order = dmyEvidence >= mdyEvidence ? "dmy" : "mdy";
    log.add({
      severity: "warning",
      code: "mixed-date-order",
      cell: order === "dmy" ? mdyCell : dmyCell,
      found: `the date column mixes day/month (e.g. ${dmyCell}, ${dmyEvidence} cells) and month/day (e.g. ${mdyCell}, ${mdyEvidence} cells) dates`,
      action: `read dates as ${order === "dmy" ? "day/month" : "month/day"}, the more common form; cells that cannot be read that way are left out. Check the dates or set the date order`,
    });
  } else if (ambiguous > 0) {
    order = orderByRegularity(shapes);
    log.add({
      severity: "warning",
      code: "ambiguous-date-order",
      cell: ambiguousCell,
      found: `no date tells whether texts like ${show(ambiguousText)} at ${ambiguousCell} are day/month or month/day`,
      action: `read as ${order === "dmy" ? "day/month/year" : "month/day/year"} (the order that gives more evenly spaced dates); set the date order if this is wrong`,
    });
  }
  if (formats.size > 1) {
    log.add({
      severity: "info",
      code: "mixed-date-formats",
      cell: address(sheet, firstData, c),
      found: `column ${columnName(sheet, c)} mixes date forms: ${[...formats].join(", ")}`,
      action: "read each cell in its own form",
    });
  }

  const resolved = new Map<string, number | null>();
  for (let r = firstData; r < nRows; r++) {
    const v = cellAt(sheet, r, c);
    let day: number | null = null;
    if (typeof v === "number") {
      if (Number.isFinite(v) && v >= 1 && v < 2958466) day = excelSerialToEpochDay(v);
    } else if (isDateObject(v)) {
      const t = (v as unknown as Date).getTime();
      if (Number.isFinite(t)) day = Math.floor(t / 86400000);
    } else if (typeof v === "string") {
      const t = v.trim();
      const hit = resolved.get(t);
      if (hit !== undefined) day = hit;
      else {
        const shape = shapes.get(t) ?? null;
        if (shape !== null) day = shape.kind === "ymd" ? ymdDay(shape) : resolveAmbiguous(shape, order);
        else {
          const n = numberFromText(t);
          if (n !== null && n >= 1 && n < 2958466) day = excelSerialToEpochDay(n);
        }
        resolved.set(t, day);
      }
    }
    if (day !== null && day >= MIN_DAY && day <= MAX_DAY) days[r] = day;
  }
  return { days, frequencyHint: null };
}

function ymdDay(shape: { year: number; month: number; day: number }): number {
  return daysFromCivil(shape.year, shape.month, shape.day);
}

function monthStart(k: number): number {
  const total = 2000 * 12 + k;
  return daysFromCivil(Math.floor(total / 12), (total % 12) + 1, 1);
}

/** For a column where every day/month text is ambiguous: the order giving more evenly spaced distinct dates. */
function orderByRegularity(shapes: Map<string, DateTextShape | null>): DateOrder {
  const score = (order: DateOrder): number => {
    const set = new Set<number>();
    for (const shape of shapes.values()) {
      if (shape === null) continue;
      const d = shape.kind === "ymd" ? ymdDay(shape) : resolveAmbiguous(shape, order);
      if (d !== null) set.add(d);
    }
    const sorted = [...set].sort((a, b) => a - b);
    if (sorted.length < 2) return 0;
    const counts = new Map<number, number>();
    for (let i = 1; i < sorted.length; i++) {
      const st = sorted[i]! - sorted[i - 1]!;
      const key = st >= 28 && st <= 31 ? 30 : st;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const span = sorted[sorted.length - 1]! - sorted[0]!;
    // Evenly spaced first; between two evenly spaced readings, the denser one (days rather than months apart).
    return Math.max(...counts.values()) / (sorted.length - 1) - span * 1e-9;
  };
  return score("mdy") > score("dmy") ? "mdy" : "dmy";
}

// ---------------------------------------------------------------------------------------------------------------
// Layout: which columns hold what

type CovariateColumn = { col: number; name: string; skuKey: string | null };
type InventoryColumn = { col: number; key: keyof InventoryInputs; skuKey: string | null };
type SkuColumn = { col: number; id: string; key: string };

type Plan =
  | { layout: "long"; idCols: number[]; valueCol: number; covariates: CovariateColumn[]; inventory: InventoryColumn[] }
  | { layout: "wide" | "single"; skus: SkuColumn[]; covariates: CovariateColumn[]; inventory: InventoryColumn[] };

function skuKey(s: string): string {
  return normalizeHeader(s).replace(/ /g, "_");
}

/** Names of the header rows: merged upper rows are carried right; rows saying the same over every column are left out. */
function headerNames(sheet: Sheet, headerRows: number, skip: number | null): { names: string[]; roleTexts: string[] } {
  const nCols = sheet.cols.length;
  const rowsTexts: string[][] = [];
  for (let r = 0; r < headerRows; r++) {
    const texts: string[] = [];
    let carry = "";
    for (let c = 0; c < nCols; c++) {
      const v = cellAt(sheet, r, c);
      let t = isBlank(v) ? "" : typeof v === "number" ? String(v) : String(v).trim();
      if (r < headerRows - 1 && c !== skip) {
        if (t === "") t = carry;
        else carry = t;
      }
      texts.push(t);
    }
    rowsTexts.push(texts);
  }
  const informative = rowsTexts.map((texts, r) => {
    if (r === headerRows - 1) return true;
    const over = texts.filter((t, c) => c !== skip && t !== "");
    return over.length > 0 && new Set(over).size > 1;
  });
  const names: string[] = [];
  const roleTexts: string[] = [];
  for (let c = 0; c < nCols; c++) {
    const parts: string[] = [];
    for (let r = 0; r < headerRows; r++) if (informative[r] && rowsTexts[r]![c] !== "") parts.push(rowsTexts[r]![c]!);
    names.push(parts.join(" / "));
    let role = "";
    for (let r = headerRows - 1; r >= 0 && role === ""; r--) role = rowsTexts[r]![c]!;
    roleTexts.push(role);
  }
  return { names, roleTexts };
}

function planLayout(
  sheet: Sheet,
  headerRows: number,
  dateCol: DateColumn | null,
  stats: ColumnStats[],
  names: string[],
  roleTexts: string[],
  log: IssueLog,
): Plan | null {
  const nCols = sheet.cols.length;
  const skip = dateCol?.col ?? -1;
  const hasHeader = headerRows > 0;
  const headerCell = (c: number): string => address(sheet, Math.max(0, headerRows - 1), c);

  // Long layout: a column of SKU names.
  const isNumericColumn = (o: ColumnStats): boolean => o.numbers > 0 && o.numbers >= 0.5 * o.nonEmpty;
  const numericColumns = stats.filter((o, k) => k !== skip && isNumericColumn(o)).length;
  const idCols: number[] = [];
  let idByHeader = false;
  for (let c = 0; c < nCols; c++) {
    if (c === skip) continue;
    const s = stats[c]!;
    const role = roleTexts[c]!;
    const otherRole =
      hasHeader &&
      (QUANTITY_WORDS.match(role) !== null || COVARIATE_WORDS.match(role) !== null || INVENTORY_WORDS.match(role) !== null);
    if (otherRole) continue;
    // A numeric column headed "Item" is a column of SKU codes only when another column can hold the quantities.
    const numeric = s.numbers > s.texts;
    const otherNumeric = numericColumns - (isNumericColumn(s) ? 1 : 0) > 0;
    const byHeader = hasHeader && ID_WORDS.match(role) !== null && (!numeric || otherNumeric);
    const textual = s.nonEmpty > 0 && s.texts >= 0.5 * s.nonEmpty && s.texts > s.numbers + s.dateTexts + s.flags;
    if (byHeader || textual) {
      idCols.push(c);
      if (byHeader) idByHeader = true;
    }
  }
  if (idCols.length > 0) {
    const repeats = idCols.some((c) => stats[c]!.distinctTexts > 0 && stats[c]!.distinctTexts <= stats[c]!.texts / 2);
    if (idByHeader || repeats) {
      if (dateCol === null) {
        log.add({
          severity: "error",
          code: "no-date-column",
          cell: headerCell(idCols[0]!),
          found: `column ${columnName(sheet, idCols[0]!)} names SKUs (one row per SKU and period), but no column holds dates`,
          action: "nothing read; add a date column (dates or Excel date numbers) and select it with the data",
        });
        return null;
      }
      return planLong(sheet, dateCol.col, idCols, stats, names, roleTexts, hasHeader, log);
    }
    for (const c of idCols) {
      log.add({
        severity: "info",
        code: "text-column",
        cell: headerCell(c),
        found: `column ${columnName(sheet, c)}${names[c] ? ` ("${names[c]}")` : ""} holds text, not sales numbers`,
        action: "not used",
      });
    }
  }

  // Wide or single: every other column is a SKU, a covariate or an inventory input.
  const skus: SkuColumn[] = [];
  const covariates: CovariateColumn[] = [];
  const inventory: InventoryColumn[] = [];
  const affixed: Array<{ col: number; kind: "cov" | "inv"; name: string; rest: string | null }> = [];
  const idSet = new Set(idCols);
  for (let c = 0; c < nCols; c++) {
    if (c === skip || idSet.has(c)) continue;
    const role = roleTexts[c]!;
    if (hasHeader && TOTAL_HEADERS.has(normalizeHeader(role))) {
      log.add({
        severity: "info",
        code: "total-column",
        cell: headerCell(c),
        found: `column ${columnName(sheet, c)} ("${role}") looks like a total of the other columns`,
        action: "not used as a SKU",
      });
      continue;
    }
    const inv = hasHeader ? INVENTORY_WORDS.match(role) : null;
    const cov = hasHeader && inv === null ? COVARIATE_WORDS.match(role) : null;
    if (inv) affixed.push({ col: c, kind: "inv", name: inv.name, rest: inv.rest });
    else if (cov) affixed.push({ col: c, kind: "cov", name: cov.name, rest: cov.rest });
    else {
      let id = names[c] !== "" ? names[c]! : `Column ${columnName(sheet, c)}`;
      if (hasHeader) {
        const q = QUANTITY_WORDS.match(role);
        if (q && q.rest) id = names[c] === role ? q.rest : `${names[c]!.slice(0, names[c]!.length - role.length)}${q.rest}`;
      }
      skus.push({ col: c, id, key: skuKey(id) });
    }
  }
  const byKey = new Map<string, SkuColumn>();
  for (const s of skus) if (!byKey.has(s.key)) byKey.set(s.key, s);
  for (const a of affixed) {
    const key = a.rest ? skuKey(a.rest) : null;
    if (key !== null && !byKey.has(key)) {
      // "Holiday Cookies" is a SKU, not the holiday flag of SKU "Cookies".
      const id = names[a.col]!;
      const s = { col: a.col, id, key: skuKey(id) };
      skus.push(s);
      continue;
    }
    if (a.kind === "cov") covariates.push({ col: a.col, name: a.name, skuKey: key });
    else inventory.push({ col: a.col, key: a.name as keyof InventoryInputs, skuKey: key });
  }
  skus.sort((a, b) => a.col - b.col);
  if (skus.length === 0) {
    log.add({
      severity: "error",
      code: "no-sales-columns",
      cell: address(sheet, 0, 0),
      found: "no column holds sales numbers",
      action: "nothing read; select the dates and the sales columns (or the SKU, date and quantity columns)",
    });
    return null;
  }
  // Two columns with one SKU name: keep both, told apart.
  const seen = new Map<string, number>();
  for (const s of skus) {
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    if (n > 1) {
      const old = s.id;
      s.id = `${old} (${n})`;
      log.add({
        severity: "warning",
        code: "duplicate-sku-column",
        cell: headerCell(s.col),
        sku: s.id,
        found: `column ${columnName(sheet, s.col)} has the same SKU name "${old}" as an earlier column`,
        action: `kept as a separate SKU named "${s.id}"; rename the column if the two should be one`,
      });
    }
  }
  return { layout: skus.length === 1 ? "single" : "wide", skus, covariates, inventory };
}

function isBinaryColumn(s: ColumnStats): boolean {
  return s.numbers + s.flags > 0 && s.binary === s.numbers && s.texts === 0 && s.dateTexts === 0;
}

function planLong(
  sheet: Sheet,
  dateColIndex: number,
  idCols: number[],
  stats: ColumnStats[],
  names: string[],
  roleTexts: string[],
  hasHeader: boolean,
  log: IssueLog,
): Plan | null {
  const nCols = sheet.cols.length;
  const idSet = new Set(idCols);
  const covariates: CovariateColumn[] = [];
  const inventory: InventoryColumn[] = [];
  const numeric: number[] = [];
  let valueCol = -1;
  for (let c = 0; c < nCols; c++) {
    if (c === dateColIndex || idSet.has(c)) continue;
    const role = roleTexts[c]!;
    if (hasHeader) {
      const inv = INVENTORY_WORDS.match(role);
      if (inv && inv.rest === null) {
        inventory.push({ col: c, key: inv.name as keyof InventoryInputs, skuKey: null });
        continue;
      }
      const cov = COVARIATE_WORDS.match(role);
      if (cov && cov.rest === null) {
        covariates.push({ col: c, name: cov.name, skuKey: null });
        continue;
      }
      if (valueCol < 0 && QUANTITY_WORDS.match(role)?.rest === null) {
        valueCol = c;
        continue;
      }
    }
    numeric.push(c);
  }
  const rest: number[] = [];
  for (const c of numeric) {
    if (valueCol < 0 && !isBinaryColumn(stats[c]!)) valueCol = c;
    else rest.push(c);
  }
  if (valueCol < 0 && rest.length > 0) valueCol = rest.shift()!;
  if (valueCol < 0) {
    log.add({
      severity: "error",
      code: "no-quantity-column",
      cell: address(sheet, 0, idCols[0]!),
      found: "the rows name SKUs and dates but no column holds the quantities sold",
      action: "nothing read; add a quantity column (for example \"qty\" or \"units\")",
    });
    return null;
  }
  const used = new Set<string>(covariates.map((c) => c.name));
  for (const c of rest) {
    const label = names[c] !== "" ? names[c]! : `column ${columnName(sheet, c)}`;
    if (isBinaryColumn(stats[c]!)) {
      let name = skuKey(label) || `column_${columnName(sheet, c)}`;
      while (used.has(name)) name = `${name}_`;
      used.add(name);
      covariates.push({ col: c, name, skuKey: null });
      log.add({
        severity: "info",
        code: "flag-column",
        cell: address(sheet, 0, c),
        found: `column ${columnName(sheet, c)} ("${label}") holds only 0 and 1`,
        action: `used as a known-in-advance flag named "${name}"`,
      });
    } else {
      log.add({
        severity: "info",
        code: "unused-column",
        cell: address(sheet, 0, c),
        found: `column ${columnName(sheet, c)} ("${label}") is not a known input (quantity, promotion, holiday, price, on hand, on order, lead time...)`,
        action: "not used",
      });
    }
  }
  return { layout: "long", idCols, valueCol, covariates, inventory };
}

// ---------------------------------------------------------------------------------------------------------------
// Observations: one per SKU and data row

type Observations = {
  sku: number[];
  day: number[];
  /** NaN when the cell has no usable value. */
  value: number[];
  /** Row index in the cleaned sheet, and column of the value cell. */
  r: number[];
  c: number[];
  /** 2: the sales cell is not blank (a value or a bad cell); 1: only covariates; 0: nothing for this SKU. */
  content: Uint8Array | number[];
  covariates: Map<string, number[]>;
  inventory: Map<keyof InventoryInputs, number[]>;
};

function newObservations(covNames: string[], invKeys: Array<keyof InventoryInputs>): Observations {
  return {
    sku: [],
    day: [],
    value: [],
    r: [],
    c: [],
    content: [],
    covariates: new Map(covNames.map((n) => [n, []])),
    inventory: new Map(invKeys.map((k) => [k, []])),
  };
}

type SkuInfo = { id: string; firstCell: string };

function badCell(
  log: IssueLog,
  sheet: Sheet,
  r: number,
  c: number,
  v: CellValue,
  problem: Exclude<ValueRead, { value: number }>["problem"],
  sku: string,
  what: string,
  fill: string,
): void {
  const p = problemText(problem, v);
  log.add({
    severity: "warning",
    code: p.code,
    cell: address(sheet, r, c),
    sku,
    found: `${address(sheet, r, c)} (${what} of SKU "${sku}") holds ${p.what}`,
    action: `treated as missing: ${fill}`,
  });
}

function badDateRow(log: IssueLog, sheet: Sheet, r: number, c: number, what: string): void {
  const v = cellAt(sheet, r, c);
  const blank = isBlank(v);
  log.add({
    severity: "warning",
    code: blank ? "missing-date" : "bad-date",
    cell: address(sheet, r, c),
    row: sheetRow(sheet, r),
    found: blank
      ? `row ${sheetRow(sheet, r)} has ${what} but no date in ${address(sheet, r, c)}`
      : `${address(sheet, r, c)} holds ${show(v)}, which is not a date${typeof v === "number" ? " Trendcast can place" : ""}`,
    action: `row ${sheetRow(sheet, r)} left out; put a date there to use it`,
  });
}

function readLong(
  sheet: Sheet,
  plan: Extract<Plan, { layout: "long" }>,
  firstData: number,
  dateColIndex: number,
  days: Float64Array,
  fillText: string,
  log: IssueLog,
): { obs: Observations; skus: SkuInfo[] } {
  const obs = newObservations(plan.covariates.map((c) => c.name), plan.inventory.map((i) => i.key));
  const covArrays = plan.covariates.map((c) => obs.covariates.get(c.name)!);
  const invArrays = plan.inventory.map((i) => obs.inventory.get(i.key)!);
  const skuIndex = new Map<string, number>();
  const skus: SkuInfo[] = [];
  const content = obs.content as number[];
  const covCells: CellValue[] = new Array<CellValue>(plan.covariates.length).fill(null);
  for (let r = firstData; r < sheet.rows.length; r++) {
    let id = "";
    for (const c of plan.idCols) {
      const v = cellAt(sheet, r, c);
      if (isBlank(v)) continue;
      const t = typeof v === "string" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : show(v);
      id = id === "" ? t : `${id} / ${t}`;
    }
    const rawValue = cellAt(sheet, r, plan.valueCol);
    let hasCov = false;
    for (let k = 0; k < covCells.length; k++) {
      const v = cellAt(sheet, r, plan.covariates[k]!.col);
      covCells[k] = v;
      if (!hasCov && !isBlank(v)) hasCov = true;
    }
    if (id === "") {
      if (!isBlank(rawValue) || hasCov) {
        log.add({
          severity: "warning",
          code: "missing-sku",
          cell: address(sheet, r, plan.idCols[0]!),
          row: sheetRow(sheet, r),
          found: `row ${sheetRow(sheet, r)} has data but no SKU in ${address(sheet, r, plan.idCols[0]!)}`,
          action: `row ${sheetRow(sheet, r)} left out; fill in the SKU to use it`,
        });
      }
      continue;
    }
    const day = days[r]!;
    if (Number.isNaN(day)) {
      badDateRow(log, sheet, r, dateColIndex, `data for SKU "${id}"`);
      continue;
    }
    let s = skuIndex.get(id);
    if (s === undefined) {
      s = skus.length;
      skuIndex.set(id, s);
      skus.push({ id, firstCell: address(sheet, r, plan.idCols[0]!) });
    }
    const read = readNumber(rawValue);
    let value = NaN;
    if ("value" in read) value = read.value;
    else if (read.problem !== "blank") badCell(log, sheet, r, plan.valueCol, rawValue, read.problem, id, "quantity", fillText);
    obs.sku.push(s);
    obs.day.push(day);
    obs.value.push(value);
    obs.r.push(r);
    obs.c.push(plan.valueCol);
    content.push(!isBlank(rawValue) ? 2 : hasCov ? 1 : 0);
    for (let k = 0; k < covArrays.length; k++) {
      const v = covCells[k];
      const cr = readCovariate(v);
      if ("value" in cr) covArrays[k]!.push(cr.value);
      else {
        covArrays[k]!.push(NaN);
        if (cr.problem !== "blank") badCell(log, sheet, r, plan.covariates[k]!.col, v, cr.problem, id, plan.covariates[k]!.name, "filled like other missing covariate values");
      }
    }
    for (let k = 0; k < invArrays.length; k++) {
      const v = cellAt(sheet, r, plan.inventory[k]!.col);
      const ir = readNumber(v);
      if ("value" in ir) invArrays[k]!.push(ir.value);
      else {
        invArrays[k]!.push(NaN);
        if (ir.problem !== "blank") badCell(log, sheet, r, plan.inventory[k]!.col, v, ir.problem, id, plan.inventory[k]!.key, "the last known value is used");
      }
    }
  }
  return { obs, skus };
}

function readWide(
  sheet: Sheet,
  plan: Extract<Plan, { layout: "wide" | "single" }>,
  firstData: number,
  dateColIndex: number | null,
  days: Float64Array,
  fillText: string,
  log: IssueLog,
): { obs: Observations; skus: SkuInfo[] } {
  const covNames = [...new Set(plan.covariates.map((c) => c.name))];
  const invKeys = [...new Set(plan.inventory.map((c) => c.key))];
  const obs = newObservations(covNames, invKeys);
  const headerRow = Math.max(0, firstData - 1);
  const skus: SkuInfo[] = plan.skus.map((s) => ({ id: s.id, firstCell: address(sheet, headerRow, s.col) }));
  // Per SKU: which column gives each covariate / inventory input (its own column first, then a shared one).
  const covCols = plan.skus.map((s) =>
    covNames.map((n) => (plan.covariates.find((c) => c.name === n && c.skuKey === s.key) ?? plan.covariates.find((c) => c.name === n && c.skuKey === null))?.col ?? -1),
  );
  const invCols = plan.skus.map((s) =>
    invKeys.map((k) => (plan.inventory.find((c) => c.key === k && c.skuKey === s.key) ?? plan.inventory.find((c) => c.key === k && c.skuKey === null))?.col ?? -1),
  );
  for (const n of covNames) {
    const missing = plan.skus.filter((_, i) => covCols[i]![covNames.indexOf(n)]! < 0);
    if (missing.length > 0) {
      log.add({
        severity: "info",
        code: "covariate-not-given",
        sku: missing[0]!.id,
        found: `${missing.length} SKU${missing.length === 1 ? "" : "s"} (${missing.slice(0, 3).map((s) => s.id).join(", ")}${missing.length > 3 ? "..." : ""}) have no "${n}" column`,
        action: `"${n}" taken as 0 for them`,
      });
    }
  }
  // A bad cell in a column shared by several SKUs is reported once, with the first SKU using it.
  const firstUser = new Map<number, number>();
  covCols.forEach((cols, s) => cols.forEach((col) => {
    if (col >= 0 && !firstUser.has(col)) firstUser.set(col, s);
  }));
  const covArrays = covNames.map((n) => obs.covariates.get(n)!);
  const invArrays = invKeys.map((k) => obs.inventory.get(k)!);
  const content = obs.content as number[];
  const nRows = sheet.rows.length;
  const allCols = [...plan.skus.map((s) => s.col), ...plan.covariates.map((c) => c.col), ...plan.inventory.map((c) => c.col)];
  for (let r = firstData; r < nRows; r++) {
    const day = days[r]!;
    if (Number.isNaN(day)) {
      if (dateColIndex !== null && allCols.some((c) => !isBlank(cellAt(sheet, r, c)))) badDateRow(log, sheet, r, dateColIndex, "data");
      continue;
    }
    for (let s = 0; s < plan.skus.length; s++) {
      const col = plan.skus[s]!.col;
      const raw = cellAt(sheet, r, col);
      const read = readNumber(raw);
      let value = NaN;
      let has = false;
      if ("value" in read) value = read.value;
      else if (read.problem !== "blank") badCell(log, sheet, r, col, raw, read.problem, skus[s]!.id, "sales", fillText);
      obs.sku.push(s);
      obs.day.push(day);
      obs.value.push(value);
      obs.r.push(r);
      obs.c.push(col);
      const cc = covCols[s]!;
      for (let k = 0; k < cc.length; k++) {
        if (cc[k]! < 0) {
          covArrays[k]!.push(0);
          continue;
        }
        const v = cellAt(sheet, r, cc[k]!);
        const cr = readCovariate(v);
        if ("value" in cr) {
          covArrays[k]!.push(cr.value);
          has = true;
        } else {
          covArrays[k]!.push(NaN);
          if (cr.problem !== "blank" && firstUser.get(cc[k]!) === s) {
            badCell(log, sheet, r, cc[k]!, v, cr.problem, skus[s]!.id, covNames[k]!, "filled like other missing covariate values");
          }
        }
      }
      const ic = invCols[s]!;
      for (let k = 0; k < ic.length; k++) {
        const v = ic[k]! < 0 ? null : cellAt(sheet, r, ic[k]!);
        const ir = readNumber(v);
        invArrays[k]!.push("value" in ir ? ir.value : NaN);
      }
      content.push(!isBlank(raw) ? 2 : has ? 1 : 0);
    }
  }
  return { obs, skus };
}

// ---------------------------------------------------------------------------------------------------------------
// From observations to the panel

function emptyPanel(log: IssueLog, layout: PanelLayout = "single", frequency: Frequency = "daily"): SalesPanel {
  return { layout, frequency, timeline: [], series: [], covariateNames: [], issues: log.finish() };
}

/** Dates far from all others (a year typed 2204 for 2024) would stretch the timeline: left out with an issue. */
function outlierBounds(sortedDays: number[]): { lo: number; hi: number } {
  const n = sortedDays.length;
  let lo = 0;
  let hi = n - 1;
  if (n < 5) return { lo: sortedDays[0] ?? 0, hi: sortedDays[n - 1] ?? 0 };
  const steps: number[] = [];
  for (let i = 1; i < n; i++) steps.push(sortedDays[i]! - sortedDays[i - 1]!);
  steps.sort((a, b) => a - b);
  const med = steps[steps.length >> 1]!;
  const far = Math.max(3 * 366, 60 * med);
  const maxCut = Math.max(2, Math.floor(n * 0.01));
  for (let k = 1; k <= maxCut && k < n - 3; k++) if (sortedDays[k]! - sortedDays[k - 1]! > far) lo = k;
  for (let k = 1; k <= maxCut && n - 1 - k > lo + 2; k++) if (sortedDays[n - k]! - sortedDays[n - k - 1]! > far) hi = n - 1 - k;
  return { lo: sortedDays[lo]!, hi: sortedDays[hi]! };
}

function weekdayName(w: number): string {
  return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][w]!;
}

function buildPanel(
  sheet: Sheet,
  layout: PanelLayout,
  obs: Observations,
  skus: SkuInfo[],
  dateColIndex: number | null,
  frequencyHint: Frequency | null,
  options: IngestOptions,
  log: IssueLog,
): SalesPanel {
  const nObs = obs.sku.length;
  const content = obs.content;
  const dateCell = (i: number): string => (dateColIndex === null ? address(sheet, obs.r[i]!, obs.c[i]!) : address(sheet, obs.r[i]!, dateColIndex));

  // Distinct dates that carry something; outliers left out.
  const daySet = new Set<number>();
  for (let i = 0; i < nObs; i++) if (content[i]) daySet.add(obs.day[i]!);
  if (daySet.size === 0) {
    log.add({
      severity: "error",
      code: "no-sales-values",
      cell: address(sheet, 0, 0),
      found: "the selection holds no sales numbers",
      action: "nothing read; select the sales history (dates and quantities)",
    });
    return emptyPanel(log, layout);
  }
  let distinct = [...daySet].sort((a, b) => a - b);
  const { lo, hi } = outlierBounds(distinct);
  if (lo > distinct[0]! || hi < distinct[distinct.length - 1]!) {
    const reported = new Set<number>();
    for (let i = 0; i < nObs; i++) {
      const d = obs.day[i]!;
      if (content[i] && (d < lo || d > hi) && !reported.has(obs.r[i]!)) {
        reported.add(obs.r[i]!);
        log.add({
          severity: "warning",
          code: "far-date",
          cell: dateCell(i),
          row: sheetRow(sheet, obs.r[i]!),
          found: `${dateCell(i)} holds ${epochDayToIso(d)}, years away from the other dates (${epochDayToIso(lo)} to ${epochDayToIso(hi)}): probably a typing slip`,
          action: `row ${sheetRow(sheet, obs.r[i]!)} left out; correct the date to use it`,
        });
      }
    }
    distinct = distinct.filter((d) => d >= lo && d <= hi);
  }

  // Frequency and the anchor of periods.
  let frequency: Frequency;
  let grouping = false;
  const how = options.duplicates ?? "sum";
  const howWord = how === "sum" ? "added up" : how === "mean" ? "averaged" : "the last one kept";
  if (options.frequency) {
    frequency = options.frequency;
    const native = frequencyHint === null ? detectFrequency(distinct) : null;
    const rank: Record<Frequency, number> = { daily: 0, weekly: 1, monthly: 2 };
    if (native?.ok && rank[native.frequency] < rank[frequency]) {
      grouping = true;
      log.add({
        severity: "info",
        code: "grouped-dates",
        found: `the dates are ${native.frequency}`,
        action: `grouped into ${frequency} periods as asked; values of one ${frequencyLabel(frequency)} ${howWord}`,
      });
    }
  } else if (frequencyHint) frequency = frequencyHint;
  else {
    const det = detectFrequency(distinct);
    if (!det.ok) {
      log.add({
        severity: "error",
        code: "unsupported-frequency",
        cell: dateColIndex !== null ? address(sheet, obs.r[0]!, dateColIndex) : undefined,
        found: `${det.reason}`,
        action: "nothing read; use daily, weekly or monthly sales, or choose the frequency to group the dates by",
      });
      return emptyPanel(log, layout);
    }
    frequency = det.frequency;
    if (det.frequency === "daily" && det.medianStep > 1) {
      log.add({
        severity: "info",
        code: "sparse-dates",
        found: `dates are a median ${det.medianStep} days apart`,
        action: "read as daily sales; days without a row are filled like other missing periods",
      });
    } else if (det.frequency === "weekly" && det.medianPeriods > 1) {
      log.add({
        severity: "warning",
        code: "sparse-dates",
        found: `dates are a median ${det.medianStep} days apart`,
        action: "read as weekly sales; weeks without a row are filled like other missing periods",
      });
    }
  }
  const anchor: PeriodAnchor =
    grouping && frequency === "weekly"
      ? { frequency, weekday: weekdayOf(distinct[0]!), from: true }
      : chooseAnchor(distinct, frequency);
  if (anchor.frequency === "weekly" && !options.frequency) {
    const off: number[] = distinct.filter((d) => weekdayOf(d) !== anchor.weekday);
    if (off.length > 0) {
      const first = off[0]!;
      let at = -1;
      for (let i = 0; i < nObs && at < 0; i++) if (obs.day[i] === first && content[i]) at = i;
      log.add({
        severity: "warning",
        code: "weekday-snapped",
        cell: at >= 0 ? dateCell(at) : undefined,
        found: `${off.length} date${off.length === 1 ? " is" : "s are"} not on a ${weekdayName(anchor.weekday)} like the others (first: ${epochDayToIso(first)}${at >= 0 ? ` in ${dateCell(at)}` : ""})`,
        action: `moved to the nearest ${weekdayName(anchor.weekday)}; sales landing in the same week are combined`,
      });
    }
  }

  // Period keys, the history end and the timeline.
  const keys = new Float64Array(nObs);
  let minKey = Infinity;
  let maxKey = -Infinity;
  let histEnd = -Infinity;
  for (let i = 0; i < nObs; i++) {
    const d = obs.day[i]!;
    if (d < lo || d > hi) {
      keys[i] = NaN;
      continue;
    }
    const k = periodKey(d, anchor);
    keys[i] = k;
    if (!content[i]) continue;
    if (k < minKey) minKey = k;
    if (k > maxKey) maxKey = k;
    // A sales cell that could not be read still belongs to the history; a blank one with covariates may be a plan.
    if (content[i] === 2 && k > histEnd) histEnd = k;
  }
  if (!Number.isFinite(histEnd)) {
    log.add({
      severity: "error",
      code: "no-sales-values",
      cell: address(sheet, 0, 0),
      found: "no cell of the selection holds a usable sales number",
      action: "nothing read; check the issues above for the cells that could not be read",
    });
    return emptyPanel(log, layout, frequency);
  }
  // Dated rows after the last sale that hold nothing (a sheet prepared for future weeks) are said, not used.
  const emptyFuture = new Set<number>();
  for (let i = 0; i < nObs; i++) if (content[i] === 0 && obs.day[i]! > hi) emptyFuture.add(obs.day[i]!);
  if (emptyFuture.size > 0) {
    const days = [...emptyFuture].sort((a, b) => a - b);
    log.add({
      severity: "info",
      code: "empty-future-dates",
      found: `${days.length} date${days.length === 1 ? "" : "s"} after the last data (${epochDayToIso(days[0]!)}${days.length > 1 ? ` to ${epochDayToIso(days[days.length - 1]!)}` : ""}) ${days.length === 1 ? "has" : "have"} no sales and no plans`,
      action: "not used; the forecast starts after the last sale",
    });
  }
  const nSku = skus.length;
  const T = maxKey - minKey + 1;
  const H = histEnd - minKey + 1;
  if (T * Math.max(1, nSku) > MAX_CELLS) {
    log.add({
      severity: "error",
      code: "too-large",
      found: `${nSku} SKUs over ${T} ${frequencyLabel(frequency)}s (${epochDayToIso(periodDay(minKey, anchor))} to ${epochDayToIso(periodDay(maxKey, anchor))}) is more than Trendcast can hold in memory`,
      action: "nothing read; select fewer SKUs or a shorter period, or group the dates by week or month",
    });
    return emptyPanel(log, layout, frequency);
  }
  const timeline: number[] = new Array<number>(T);
  for (let t = 0; t < T; t++) timeline[t] = periodDay(minKey + t, anchor);

  // Periods with no row at all (for any SKU).
  const rowPresent = new Uint8Array(H);
  for (let i = 0; i < nObs; i++) {
    const k = keys[i]!;
    if (content[i] && k <= histEnd) rowPresent[k - minKey] = 1;
  }
  const fillMode = options.fill ?? "zero";
  const fillWord = fillMode === "interpolate" ? "interpolated between the neighbouring values" : "filled with 0";
  const missingPeriods: number[] = [];
  for (let t = 0; t < H; t++) if (!rowPresent[t]) missingPeriods.push(t);
  if (missingPeriods.length > 0) {
    const sample = missingPeriods.slice(0, 5).map((t) => epochDayToIso(timeline[t]!)).join(", ");
    log.add({
      severity: "info",
      code: "missing-periods",
      found: `${missingPeriods.length} ${frequencyLabel(frequency)}${missingPeriods.length === 1 ? "" : "s"} between ${epochDayToIso(timeline[0]!)} and ${epochDayToIso(timeline[H - 1]!)} ${missingPeriods.length === 1 ? "has" : "have"} no row (${sample}${missingPeriods.length > 5 ? ", ..." : ""})`,
      action: `sales ${fillWord} for every SKU${fillMode === "interpolate" ? " (0 before a SKU's first sale)" : ""}`,
    });
  }

  // Values per SKU, duplicates combined.
  const values: Float64Array[] = [];
  const counts: Uint32Array[] = [];
  for (let s = 0; s < nSku; s++) {
    values.push(new Float64Array(H).fill(NaN));
    counts.push(new Uint32Array(H));
  }
  const dupCount = new Uint32Array(nSku);
  const dupFirst = new Int32Array(nSku).fill(-1);
  const unsorted = new Int32Array(nSku).fill(-1);
  const lastKeySeen = new Float64Array(nSku).fill(-Infinity);
  for (let i = 0; i < nObs; i++) {
    const k = keys[i]!;
    if (Number.isNaN(k)) continue;
    const s = obs.sku[i]!;
    if (content[i]) {
      if (k < lastKeySeen[s]! && unsorted[s]! < 0) unsorted[s] = i;
      if (k > lastKeySeen[s]!) lastKeySeen[s] = k;
    }
    const v = obs.value[i]!;
    if (Number.isNaN(v)) continue;
    const t = k - minKey;
    const arr = values[s]!;
    const cnt = counts[s]!;
    if (cnt[t]! > 0) {
      dupCount[s]!++;
      if (dupFirst[s]! < 0) dupFirst[s] = i;
      arr[t] = how === "last" ? v : arr[t]! + v;
    } else arr[t] = v;
    cnt[t]!++;
  }
  if (how === "mean") {
    for (let s = 0; s < nSku; s++) {
      const arr = values[s]!;
      const cnt = counts[s]!;
      for (let t = 0; t < H; t++) if (cnt[t]! > 1) arr[t] = arr[t]! / cnt[t]!;
    }
  }
  const unsortedSkus = [];
  for (let s = 0; s < nSku; s++) if (unsorted[s]! >= 0) unsortedSkus.push(s);
  if (unsortedSkus.length > 0) {
    const i = unsorted[unsortedSkus[0]!]!;
    log.add({
      severity: "info",
      code: "unsorted-dates",
      cell: dateCell(i),
      row: sheetRow(sheet, obs.r[i]!),
      found: `dates are not in order (first at row ${sheetRow(sheet, obs.r[i]!)}, ${epochDayToIso(obs.day[i]!)} after a later date)${layout === "long" ? ` for ${unsortedSkus.length} SKU${unsortedSkus.length === 1 ? "" : "s"}` : ""}`,
      action: "sorted by date",
    });
  }
  if (layout !== "long" && !grouping) {
    // A repeated date row in a wide sheet: one issue for the row, not one per SKU.
    const firstRowOfKey = new Map<number, number>();
    const reported = new Set<number>();
    for (let i = 0; i < nObs; i++) {
      const k = keys[i]!;
      if (content[i] !== 2 || Number.isNaN(k)) continue;
      const r = obs.r[i]!;
      const first = firstRowOfKey.get(k);
      if (first === undefined) firstRowOfKey.set(k, r);
      else if (first !== r && !reported.has(r)) {
        reported.add(r);
        log.add({
          severity: "warning",
          code: "duplicate-date",
          cell: dateCell(i),
          row: sheetRow(sheet, r),
          found: `row ${sheetRow(sheet, r)} (${epochDayToIso(obs.day[i]!)}) falls in the same ${frequencyLabel(frequency)} as row ${sheetRow(sheet, first)}`,
          action: `values of the same ${frequencyLabel(frequency)} ${howWord}`,
        });
      }
    }
  }
  for (let s = 0; s < nSku && !grouping && layout === "long"; s++) {
    if (dupCount[s]! === 0) continue;
    const i = dupFirst[s]!;
    log.add({
      severity: "warning",
      code: "duplicate-date",
      cell: dateCell(i),
      row: sheetRow(sheet, obs.r[i]!),
      sku: skus[s]!.id,
      found: `${dupCount[s]} extra value${dupCount[s] === 1 ? "" : "s"} for SKU "${skus[s]!.id}" in a ${frequencyLabel(frequency)} that already has one (first: ${epochDayToIso(obs.day[i]!)}, row ${sheetRow(sheet, obs.r[i]!)})`,
      action: `values of the same ${frequencyLabel(frequency)} ${howWord}`,
    });
  }

  // Covariates over the whole timeline (past and planned), inventory as last known value.
  const covNames = [...obs.covariates.keys()];
  const covValues = covNames.map(() => [] as Float64Array[]);
  for (let k = 0; k < covNames.length; k++) for (let s = 0; s < nSku; s++) covValues[k]!.push(new Float64Array(T).fill(NaN));
  covNames.forEach((name, k) => {
    const src = obs.covariates.get(name)!;
    const dst = covValues[k]!;
    for (let i = 0; i < nObs; i++) {
      const v = src[i]!;
      const key = keys[i]!;
      if (Number.isNaN(v) || Number.isNaN(key)) continue;
      dst[obs.sku[i]!]![key - minKey] = v;
    }
  });
  const invKeys = [...obs.inventory.keys()];
  const inventory: Array<Partial<InventoryInputs>> = skus.map(() => ({}));
  const invDay: Array<Record<string, number>> = skus.map(() => ({}));
  for (const key of invKeys) {
    const src = obs.inventory.get(key)!;
    for (let i = 0; i < nObs; i++) {
      const v = src[i]!;
      if (Number.isNaN(v) || Number.isNaN(keys[i]!)) continue;
      const s = obs.sku[i]!;
      const seen = invDay[s]![key];
      if (seen === undefined || keys[i]! >= seen) {
        invDay[s]![key] = keys[i]!;
        inventory[s]![key] = v;
      }
    }
  }

  // Series: start, fill, negatives.
  const clip = options.negatives === "clip";
  const series: Series[] = [];
  const noData: string[] = [];
  const negatives: Array<{ s: number; count: number; first: number }> = [];
  const covFills = new Array<number>(covNames.length).fill(0);
  for (let s = 0; s < nSku; s++) {
    const arr = values[s]!;
    let start = -1;
    let last = -1;
    for (let t = 0; t < H; t++) {
      if (!Number.isNaN(arr[t]!)) {
        if (start < 0) start = t;
        last = t;
      }
    }
    if (start < 0) {
      noData.push(skus[s]!.id);
      log.add({
        severity: "warning",
        code: "sku-no-data",
        cell: skus[s]!.firstCell,
        sku: skus[s]!.id,
        found: `SKU "${skus[s]!.id}" (from ${skus[s]!.firstCell}) has no sales numbers`,
        action: "left out of the forecast; enter its sales to include it",
      });
      continue;
    }
    let gaps = 0;
    let firstGap = -1;
    for (let t = start; t < H; t++) {
      if (!Number.isNaN(arr[t]!)) continue;
      if (rowPresent[t]) {
        gaps++;
        if (firstGap < 0) firstGap = t;
      }
    }
    if (gaps > 0) {
      log.add({
        severity: "info",
        code: "missing-values",
        sku: skus[s]!.id,
        found: `SKU "${skus[s]!.id}" has no value for ${gaps} ${frequencyLabel(frequency)}${gaps === 1 ? "" : "s"} after its first sale (first: ${epochDayToIso(timeline[firstGap]!)})`,
        action: fillMode === "interpolate" ? `interpolated (0 after its last sale on ${epochDayToIso(timeline[last]!)})` : "filled with 0",
      });
    }
    for (let t = 0; t < start; t++) arr[t] = 0;
    if (fillMode === "interpolate") {
      let prev = start;
      for (let t = start + 1; t <= last; t++) {
        if (Number.isNaN(arr[t]!)) continue;
        if (t > prev + 1) {
          const a = arr[prev]!;
          const b = arr[t]!;
          for (let u = prev + 1; u < t; u++) arr[u] = a + ((b - a) * (u - prev)) / (t - prev);
        }
        prev = t;
      }
    }
    for (let t = start; t < H; t++) if (Number.isNaN(arr[t]!)) arr[t] = 0;
    let neg = 0;
    let firstNeg = -1;
    for (let t = start; t < H; t++) {
      if (arr[t]! < 0) {
        neg++;
        if (firstNeg < 0) firstNeg = t;
        if (clip) arr[t] = 0;
      }
    }
    if (neg > 0) negatives.push({ s, count: neg, first: firstNeg });

    const covariates: Record<string, number[]> = {};
    for (let k = 0; k < covNames.length; k++) {
      const c = covValues[k]![s]!;
      const filled = fillCovariate(c);
      if (filled.filledInHistory > 0) covFills[k]! += filled.filledInHistory;
      covariates[covNames[k]!] = Array.from(c);
    }
    const out: Series = { id: skus[s]!.id, values: Array.from(arr), start, covariates };
    if (Object.keys(inventory[s]!).length > 0) out.inventory = inventory[s]!;
    series.push(out);
  }
  for (const n of negatives) {
    const id = skus[n.s]!.id;
    log.add({
      severity: clip ? "warning" : "info",
      code: "negative-sales",
      sku: id,
      found: `SKU "${id}" has ${n.count} negative value${n.count === 1 ? "" : "s"} (returns?), first on ${epochDayToIso(timeline[n.first]!)}`,
      action: clip ? "set to 0" : "kept as returns; choose to clip negatives if they are mistakes",
    });
  }
  covNames.forEach((name, k) => {
    if (covFills[k]! > 0) {
      log.add({
        severity: "info",
        code: "missing-covariate",
        found: `"${name}" is missing for ${covFills[k]} SKU-${frequencyLabel(frequency)}s of the sales history`,
        action: `filled with ${isFlagName(name) ? "0" : "the previous known value"}`,
      });
    }
  });
  if (T > H && covNames.length > 0 && series.length > 0) {
    log.add({
      severity: "info",
      code: "future-covariates",
      found: `${covNames.map((n) => `"${n}"`).join(", ")} given for ${T - H} ${frequencyLabel(frequency)}${T - H === 1 ? "" : "s"} after the last sale (${T - H === 1 ? epochDayToIso(timeline[H]!) : `${epochDayToIso(timeline[H]!)} to ${epochDayToIso(timeline[T - 1]!)}`})`,
      action: "kept as planned values for the forecast",
    });
  }
  if (series.length === 0) {
    log.add({
      severity: "error",
      code: "no-series",
      found: "no SKU has sales numbers",
      action: "nothing to forecast; check the issues listed for the cells that could not be read",
    });
    return emptyPanel(log, layout, frequency);
  }
  return {
    layout,
    frequency,
    timeline,
    series,
    covariateNames: covNames,
    issues: log.finish(),
  };
}

function isFlagName(name: string): boolean {
  return name !== "price" && name !== "discount";
}

/** Fill a covariate row in place: flags (only 0/1 seen) with 0, other values with the previous (else next) known one. */
function fillCovariate(c: Float64Array): { filledInHistory: number } {
  let flag = true;
  let any = false;
  for (let t = 0; t < c.length; t++) {
    const v = c[t]!;
    if (Number.isNaN(v)) continue;
    any = true;
    if (v !== 0 && v !== 1) flag = false;
  }
  let filled = 0;
  if (!any || flag) {
    for (let t = 0; t < c.length; t++) {
      if (Number.isNaN(c[t]!)) {
        c[t] = 0;
        if (any) filled++;
      }
    }
    return { filledInHistory: filled };
  }
  let prev = NaN;
  for (let t = 0; t < c.length; t++) {
    if (Number.isNaN(c[t]!)) {
      if (!Number.isNaN(prev)) {
        c[t] = prev;
        filled++;
      }
    } else prev = c[t]!;
  }
  let next = NaN;
  for (let t = c.length - 1; t >= 0; t--) {
    if (Number.isNaN(c[t]!)) {
      c[t] = next;
      filled++;
    } else next = c[t]!;
  }
  return { filledInHistory: filled };
}

// ---------------------------------------------------------------------------------------------------------------
// Entry points

/**
 * Read a block of cells into a sales panel. Never throws: problems are `panel.issues`; a block that cannot be read
 * gives a panel with no series and an error issue saying why and what to do.
 */
export function ingestGrid(grid: CellGrid, options: IngestOptions = {}): SalesPanel {
  const sheetName = grid && typeof grid.sheet === "string" ? grid.sheet : undefined;
  const log = new IssueLog(sheetName);
  try {
    return ingest(grid, options, log);
  } catch (e) {
    log.add({
      severity: "error",
      code: "unreadable",
      found: `the selection could not be read (${e instanceof Error ? e.message.split("\n")[0] : "unknown problem"})`,
      action: "nothing read; select a block with dates and sales numbers, or report this to the Trendcast team with the workbook",
    });
    return emptyPanel(log);
  }
}

function ingest(grid: CellGrid, options: IngestOptions, log: IssueLog): SalesPanel {
  if (!grid || !Array.isArray(grid.values)) {
    log.add({ severity: "error", code: "empty", found: "nothing was selected", action: "select the sales history and try again" });
    return emptyPanel(log);
  }
  const sheet = cleanSheet(grid, log);
  if (sheet === null) {
    log.add({
      severity: "error",
      code: "empty",
      cell: grid.origin ?? "A1",
      found: "the selection is empty",
      action: "nothing read; select the sales history (dates and quantities) and try again",
    });
    return emptyPanel(log);
  }
  const nRows = sheet.rows.length;
  const nCols = sheet.cols.length;
  const headerRows = findHeaderRows(sheet);
  if (headerRows >= nRows) {
    log.add({
      severity: "error",
      code: "no-data-rows",
      cell: address(sheet, 0, 0),
      found: `the selection holds only headings (${address(sheet, 0, 0)}:${address(sheet, nRows - 1, nCols - 1)}) and no sales numbers`,
      action: "nothing read; include the rows of sales below the headings",
    });
    return emptyPanel(log);
  }
  const dataRows = sampleRows(headerRows, nRows);
  const stats = Array.from({ length: nCols }, (_, c) => columnStats(sheet, c, dataRows));
  const firstNames = headerNames(sheet, headerRows, null);
  const dateCol = findDateColumn(sheet, firstNames.roleTexts, dataRows, stats);
  const { names, roleTexts } = headerRows > 0 ? headerNames(sheet, headerRows, dateCol?.col ?? null) : firstNames;
  for (let r = 0; r < headerRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const v = cellAt(sheet, r, c);
      if (typeof v === "string" && v.trim().startsWith("=")) {
        log.add({
          severity: "info",
          code: "formula-text",
          cell: address(sheet, r, c),
          found: `heading ${address(sheet, r, c)} is the formula text ${show(v)}`,
          action: "used as text, as written (never evaluated)",
        });
      }
    }
  }
  const plan = planLayout(sheet, headerRows, dateCol, stats, names, roleTexts, log);
  if (plan === null) return emptyPanel(log);

  // Dates of the rows.
  let days: Float64Array;
  let frequencyHint: Frequency | null = null;
  if (dateCol !== null) {
    const rd = readDates(sheet, dateCol, headerRows, options, log);
    days = rd.days;
    frequencyHint = rd.frequencyHint;
  } else {
    const f = options.frequency ?? "daily";
    days = new Float64Array(nRows).fill(NaN);
    for (let r = headerRows; r < nRows; r++) {
      // Blank rows were dropped from the sheet; in a column without dates they are periods without sales.
      const k = sheet.rows[r]! - sheet.rows[headerRows]!;
      days[r] = f === "daily" ? UNDATED_START + k : f === "weekly" ? UNDATED_START + 2 + 7 * k : monthStart(k);
    }
    frequencyHint = f;
    log.add({
      severity: "info",
      code: "no-dates",
      cell: address(sheet, headerRows, 0),
      found: "no column holds dates",
      action: `rows read as consecutive ${f} periods in sheet order; dates from ${epochDayToIso(UNDATED_START)} on stand in for real dates (include a date column for real ones)`,
    });
  }
  const fillText = options.fill === "interpolate" ? "interpolated from its neighbours" : "filled with 0";
  const { obs, skus } =
    plan.layout === "long"
      ? readLong(sheet, plan, headerRows, dateCol!.col, days, fillText, log)
      : readWide(sheet, plan, headerRows, dateCol?.col ?? null, days, fillText, log);
  if (skus.length === 0) {
    log.add({
      severity: "error",
      code: "no-series",
      found: "no row holds a SKU with a date",
      action: "nothing to forecast; check the issues listed for the rows that could not be read",
    });
    return emptyPanel(log, plan.layout);
  }
  return buildPanel(sheet, plan.layout, obs, skus, dateCol?.col ?? null, frequencyHint, options, log);
}

/** What the pane shows before training: layout, SKUs, periods, frequency, date range, problems found. */
export function describePanel(panel: SalesPanel): PanelSummary {
  const issueCounts: Record<IssueSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const i of panel.issues) issueCounts[i.severity]++;
  const periods = panel.series.reduce((m, s) => Math.max(m, s.values.length), 0);
  const hasDates = periods > 0 && panel.timeline.length >= periods;
  return {
    layout: panel.layout,
    skuCount: panel.series.length,
    periods,
    frequency: panel.frequency,
    firstDate: hasDates ? epochDayToIso(panel.timeline[0]!) : null,
    lastDate: hasDates ? epochDayToIso(panel.timeline[periods - 1]!) : null,
    issueCounts,
  };
}
