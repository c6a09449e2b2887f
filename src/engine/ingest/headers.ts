/** Header words: which column names mean a date, a SKU, a quantity, a covariate or an inventory input. */
import type { Frequency } from "../types";

// Header words

export function normalizeHeader(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export const SEP = "[\\s_\\-:.|/()#]+";
export const SEP_OPT = "[\\s_\\-:.|/()#]*";
export const FILLER = `(?:${SEP_OPT}(?:flag|indicator|ind|yn|y n|0 1|01|bool|boolean|days?|units?|qty))?`;

export function phrases(list: string[]): string {
  return list.map((p) => p.split(" ").join(SEP_OPT)).join("|");
}

export type RoleMatch = { name: string; rest: string | null };

/** Matches a header as a whole, or as a prefix/suffix around a SKU name (wide layouts: PROMO_<sku>, <sku> on hand). */
export class RoleWords {
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

export const COVARIATE_WORDS = new RoleWords(
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

export const INVENTORY_WORDS = new RoleWords(
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

export const QUANTITY_WORDS = new RoleWords(
  [["value", ["value", "qty", "quantity", "sales", "unit sales", "units", "units sold", "sold", "qty sold", "quantity sold",
    "sales qty", "sales units", "demand", "volume", "y", "target", "amount", "sales quantity"]]],
  true,
);

export const ID_WORDS = new RoleWords(
  [["sku", ["sku", "sku id", "sku code", "item", "item id", "item code", "item number", "item no", "product", "product id",
    "product code", "product name", "article", "article number", "series", "series id", "unique id", "id", "code", "ean",
    "upc", "gtin", "barcode", "material", "part", "part number", "asin", "style", "variant", "store", "store id",
    "location", "shop", "branch", "description", "name"]]],
  false,
);

export const DATE_HEADER_RE = /(^|\s)(date|dates|datum|fecha|data|jour|dia|day|days|week|weeks|wk|month|months|period|periods|time|timestamp|ds|semaine|woche|monat|mois|mes|settimana|mese)(\s|$)/;
export const INDEX_FREQUENCY: Array<[RegExp, Frequency]> = [
  [/(^|\s)(week|weeks|wk|semaine|woche|settimana)(\s|$)/, "weekly"],
  [/(^|\s)(month|months|monat|mois|mes|mese)(\s|$)/, "monthly"],
];

export function isDateHeader(h: string): boolean {
  if (h === "") return false;
  if (INVENTORY_WORDS.match(h) !== null) return false; // "lead time"
  return DATE_HEADER_RE.test(normalizeHeader(h));
}

export const TOTAL_HEADERS = new Set(["total", "totals", "grand total", "sum", "all", "all skus", "all products", "total sales"]);

export const MISSING_MARKERS = new Set(["n/a", "na", "-", "--", "?", "none", "null", "missing", "nil", "tbd"]);

/** A date number format such as "yyyy-mm-dd", "m/d/yy", "[$-409]mmm d": d/m/y codes outside quotes and brackets. */
export function isDateFormat(fmt: string | undefined): boolean {
  if (typeof fmt !== "string" || fmt === "") return false;
  const f = fmt.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\\./g, "").toLowerCase();
  return /[dy]/.test(f) || /m{3,}/.test(f) || (/m/.test(f) && !/[hs]/.test(f) && /[/\-.]/.test(f));
}

// ---------------------------------------------------------------------------------------------------------------
