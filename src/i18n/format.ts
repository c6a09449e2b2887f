/**
 * A small ICU-like message formatter: `{name}` placeholders, `{name, plural, one {# SKU} other {# SKUs}}` and
 * `{name, select, a {...} other {...}}` choices (`#` is the number in the locale's digits). No string is ever built by joining translated fragments:
 * every sentence is one catalogue entry with named placeholders.
 */
export type Params = Record<string, string | number>;

function findClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function arms(body: string): Map<string, string> {
  const found = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf("{", i);
    if (open < 0) break;
    const close = findClose(body, open);
    if (close < 0) break;
    found.set(body.slice(i, open).trim(), body.slice(open + 1, close));
    i = close + 1;
  }
  return found;
}

function selectArm(body: string, choice: string): string {
  const all = arms(body);
  return all.get(choice) ?? all.get("other") ?? "";
}

function pluralArm(body: string, n: number, locale: string): string {
  const arms_ = arms(body);
  const exact = arms_.get(`=${n}`);
  if (exact !== undefined) return exact;
  const category = new Intl.PluralRules(locale).select(n);
  return arms_.get(category) ?? arms_.get("other") ?? "";
}

function value(v: string | number | undefined, locale: string): string {
  if (v === undefined) return "";
  return typeof v === "number" ? new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(v) : v;
}

/** Fills a catalogue entry with its parameters. */
export function formatMessage(template: string, params: Params, locale: string): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) return out + template.slice(i);
    out += template.slice(i, open);
    const close = findClose(template, open);
    if (close < 0) return out + template.slice(open);
    const inner = template.slice(open + 1, close);
    const comma = inner.indexOf(",");
    if (comma < 0) {
      out += value(params[inner.trim()], locale);
    } else {
      const name = inner.slice(0, comma).trim();
      const rest = inner.slice(comma + 1);
      const kindEnd = rest.indexOf(",");
      const kind = rest.slice(0, kindEnd).trim();
      if (kind === "select") {
        out += formatMessage(selectArm(rest.slice(kindEnd + 1), String(params[name] ?? "")), params, locale);
      } else {
        const n = Number(params[name] ?? 0);
        const arm = pluralArm(rest.slice(kindEnd + 1), n, locale);
        out += formatMessage(arm.split("#").join(value(n, locale)), params, locale);
      }
    }
    i = close + 1;
  }
  return out;
}

/** The placeholder names a template uses (for the catalogue test: both languages must use the same ones). */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  const walk = (text: string): void => {
    let i = 0;
    while (i < text.length) {
      const open = text.indexOf("{", i);
      if (open < 0) return;
      const close = findClose(text, open);
      if (close < 0) return;
      const inner = text.slice(open + 1, close);
      const comma = inner.indexOf(",");
      names.add((comma < 0 ? inner : inner.slice(0, comma)).trim());
      if (comma >= 0) {
        const rest = inner.slice(comma + 1);
        for (const arm of arms(rest.slice(rest.indexOf(",") + 1)).values()) walk(arm);
      }
      i = close + 1;
    }
  };
  walk(template);
  return [...names].sort();
}
