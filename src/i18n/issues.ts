/**
 * Data problems in the user's language. The engine stays language-free: it gives each issue a code and, where the
 * catalogue has a sentence for it, `params`; the English `found` / `action` it writes are what English users see
 * (the golden tests pin them). An issue without a catalogue sentence (or without params) shows its English text.
 */
import type { IngestIssue } from "../engine/types";
import { en } from "./en";
import { formatDate, t, type Locale, type MessageKey } from "./index";

/** The catalogue key of an issue: `issue.<code>` or, for an issue with a variant, `issue.<code>.<variant>`. */
export function issueKey(issue: IngestIssue): MessageKey | null {
  if (!issue.params) return null;
  const variant = issue.params.variant;
  const key = variant === "overflow" ? "issue.overflow" : variant !== undefined ? `issue.${issue.code}.${variant}` : `issue.${issue.code}`;
  return key in en ? (key as MessageKey) : null;
}

/** Parameters that hold an ISO date: written the locale's way. */
const DATE_PARAMS = new Set(["first", "last", "date", "from", "to", "start"]);

export function issueMessage(issue: IngestIssue, locale: Locale): string {
  const key = locale === "en" ? null : issueKey(issue);
  if (key === null) return t("selection.issue", { found: issue.found, action: issue.action }, "en");
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(issue.params ?? {})) params[k] = DATE_PARAMS.has(k) && typeof v === "string" ? formatDate(v, false, locale) : v;
  return t(key, params, locale);
}
