/** How the pane words what it understood from the selection (the figures come from the engine's describePanel). */
import type { IngestIssue, SalesPanel } from "../engine/types";

export const LAYOUT_WORDS: Record<SalesPanel["layout"], string> = {
  wide: "one column per SKU",
  long: "one row per SKU and date",
  single: "one sales column",
};

/** "Sales!C14" style place for an issue, or the row, or the SKU. */
export function issuePlace(issue: IngestIssue, sheet?: string): string {
  const where = issue.sheet ?? sheet;
  if (issue.cell) return where ? `${where}!${issue.cell}` : issue.cell;
  if (issue.row !== undefined) return `row ${issue.row}`;
  if (issue.sku) return `SKU ${issue.sku}`;
  return "";
}
