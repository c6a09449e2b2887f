/** The issue log: every problem ingest finds, at most ISSUES_PER_CODE of one kind listed one by one. */
import type { IngestIssue, IssueSeverity } from "../types";
import { ISSUES_PER_CODE } from "./limits";

export class IssueLog {
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
