/**
 * Trendcast's two languages, English and Simplified Chinese. `t(key, params)` looks a sentence up in the catalogue of
 * the current locale; the locale comes from Office's display language unless the user picked one in the pane
 * (remembered in localStorage). Dates and numbers go through Intl with the same locale.
 */
import { en, type MessageKey } from "./en";
import { zhCN } from "./zh-CN";
import { formatMessage, type Params } from "./format";

export type Locale = "en" | "zh-CN";
export type { MessageKey };
export const LOCALES: readonly Locale[] = ["en", "zh-CN"];

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, "zh-CN": zhCN };
const STORAGE_KEY = "trendcast.locale.v1";

let current: Locale = "en";
const listeners = new Set<(l: Locale) => void>();

/** 'zh-CN', 'zh-Hans', 'zh-SG', 'zh' → Simplified Chinese; anything else (including zh-TW / zh-Hant) → English. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const t = (tag ?? "").toLowerCase();
  if (!t.startsWith("zh")) return "en";
  if (/hant|-tw|-hk|-mo/.test(t)) return "en";
  return "zh-CN";
}

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale, remember = false): void {
  if (remember) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // storage may be blocked (private mode); the choice then lasts for this session
    }
  }
  if (locale === current) return;
  current = locale;
  for (const l of listeners) l(locale);
}

export function onLocaleChange(listener: (l: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The user's saved choice, else Office's display language, else the browser's. */
export function initialLocale(displayLanguage: string | undefined): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "zh-CN") return saved;
  } catch {
    // no storage: fall through
  }
  if (displayLanguage) return resolveLocale(displayLanguage);
  return resolveLocale(globalThis.navigator?.language);
}

/** The sentence `key` in the current (or given) locale, its placeholders filled. */
export function t(key: MessageKey, params: Params = {}, locale: Locale = current): string {
  const template = CATALOGUES[locale][key] ?? en[key];
  return formatMessage(template, params, locale);
}

export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return CATALOGUES[locale];
}

export function formatNumber(x: number, options: Intl.NumberFormatOptions = {}, locale: Locale = current): string {
  return Number.isFinite(x) ? new Intl.NumberFormat(locale, options).format(x) : "–";
}

/** An ISO date ("2024-03-01") or date-time, written the locale's way; unparseable text is returned as it is. */
export function formatDate(iso: string, withTime = false, locale: Locale = current): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0)));
  const opts: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
  if (withTime) Object.assign(opts, { hour: "2-digit", minute: "2-digit", hour12: false });
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

/** Names as a list the locale's way ("A", "B" in English; A、B和C in Chinese). */
export function formatList(items: string[], locale: Locale = current): string {
  return new Intl.ListFormat(locale, { type: locale === "en" ? "unit" : "conjunction", style: "short" }).format(items);
}
