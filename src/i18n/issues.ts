/**
 * Data problems in the user's language. The engine stays language-free: it gives each issue a code and, where the
 * catalogue has a sentence for it, `params`; the English `found` / `action` it writes are what English users see
 * (the golden tests pin them). An issue without a catalogue sentence (or without params) shows its English text.
 */
import type { IngestIssue } from "../engine/types";
import { en } from "./en";
import { formatMessage } from "./format";
import { formatDate, t, type Locale, type MessageKey } from "./index";
import { zhCN } from "./zh-CN";

/** The catalogue key of an issue: `issue.<code>` or, for an issue with a variant, `issue.<code>.<variant>`. */
export function issueKey(issue: IngestIssue): MessageKey | null {
  if (!issue.params) return null;
  const variant = issue.params.variant;
  const key = variant === "overflow" ? "issue.overflow" : variant !== undefined ? `issue.${issue.code}.${variant}` : `issue.${issue.code}`;
  return key in en ? (key as MessageKey) : null;
}

/** Parameters that hold an ISO date: written the locale's way. */
const DATE_PARAMS = new Set(["first", "last", "date", "from", "to", "start"]);

function localParams(issue: IngestIssue, locale: Locale): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(issue.params ?? {})) params[k] = DATE_PARAMS.has(k) && typeof v === "string" ? formatDate(v, false, locale) : v;
  return params;
}

export function issueMessage(issue: IngestIssue, locale: Locale): string {
  const key = locale === "en" ? null : issueKey(issue);
  if (key === null) return t("selection.issue", { found: issue.found, action: issue.action }, "en");
  return t(key, localParams(issue, locale), locale);
}

/** Where a Chinese issue sentence turns from what was found to what was done: its one "；" outside any {...}. */
export function splitAt(template: string): number {
  let depth = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (ch === "；" && depth === 0) return i;
  }
  return -1;
}

/**
 * An issue's "what was found" and "what Trendcast did" in the locale (the Model sheet's two columns): the English
 * text as written for English or an issue without a sentence; else the sentence cut at its "；" (a sentence without
 * one, such as the overflow note, is all "found").
 */
export function issueParts(issue: IngestIssue, locale: Locale): { found: string; action: string } {
  const key = locale === "zh-CN" ? issueKey(issue) : null;
  if (key === null) return { found: issue.found, action: issue.action };
  const template: string = zhCN[key];
  const params = localParams(issue, locale);
  const at = splitAt(template);
  if (at < 0) return { found: formatMessage(template, params, locale), action: "" };
  return { found: formatMessage(template.slice(0, at), params, locale), action: formatMessage(template.slice(at + 1), params, locale) };
}
