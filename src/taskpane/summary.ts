/** How the pane words what it understood from the selection (the figures come from the engine's describePanel). */
import type { IngestIssue, SalesPanel } from "../engine/types";
import { getLocale, t } from "../i18n";
import { issueMessage } from "../i18n/issues";

export function layoutWords(layout: SalesPanel["layout"]): string {
  return t(`layout.${layout}`);
}

export function frequencyWords(frequency: string): string {
  return frequency === "daily" || frequency === "weekly" || frequency === "monthly" ? t(`frequency.${frequency}`) : frequency;
}

/** "Sales!C14" style place for an issue, or the row, or the SKU. */
export function issuePlace(issue: IngestIssue, sheet?: string): string {
  const where = issue.sheet ?? sheet;
  if (issue.cell) return where ? `${where}!${issue.cell}` : issue.cell;
  if (issue.row !== undefined) return t("place.row", { row: String(issue.row) });
  if (issue.sku) return t("place.sku", { sku: issue.sku });
  return "";
}

/** An issue in the pane's language: translated from its code and parameters where the catalogue has it. */
export function issueText(issue: IngestIssue): string {
  return issueMessage(issue, getLocale());
}
