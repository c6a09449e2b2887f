// Shared checks for the ingest tests: every number in a panel is finite and every issue speaks to people.
import assert from "node:assert/strict";
import type { CellValue, IngestIssue, SalesPanel } from "../../src/engine/types";
import { epochDayToIso, isoToEpochDay } from "../../src/engine/ingest/dates";

export function assertSound(panel: SalesPanel): void {
  for (const d of panel.timeline) assert.ok(Number.isInteger(d), `timeline holds ${d}`);
  for (let i = 1; i < panel.timeline.length; i++) assert.ok(panel.timeline[i]! > panel.timeline[i - 1]!, "timeline rises");
  for (const s of panel.series) {
    assert.ok(s.values.length <= panel.timeline.length, `${s.id}: values longer than the timeline`);
    assert.ok(s.start >= 0 && s.start < s.values.length, `${s.id}: start ${s.start} outside 0..${s.values.length - 1}`);
    for (const v of s.values) assert.ok(Number.isFinite(v), `${s.id}: value ${v}`);
    for (const name of panel.covariateNames) {
      const c = s.covariates[name];
      assert.ok(c, `${s.id}: covariate ${name} missing`);
      assert.equal(c.length, panel.timeline.length, `${s.id}: covariate ${name} length`);
      for (const v of c) assert.ok(Number.isFinite(v), `${s.id}: covariate ${name} value ${v}`);
    }
    for (const v of Object.values(s.inventory ?? {})) assert.ok(Number.isFinite(v), `${s.id}: inventory ${v}`);
  }
  for (const issue of panel.issues) {
    assert.ok(issue.found.length > 0 && issue.action.length > 0, "issue says what was found and done");
    // Quoted parts are what the user typed (a SKU may be called "NaN"); the rest is ours and must read well.
    const text = `${issue.found} ${issue.action}`.replace(/"[^"]*"/g, '""');
    assert.ok(!/\bundefined\b|(?<!")\bNaN\b(?!"| \(not)|\[object|\s{4}at /.test(text), `issue text: ${text}`);
  }
}

export function issue(panel: SalesPanel, code: string): IngestIssue {
  const found = panel.issues.find((i) => i.code === code);
  assert.ok(found, `no "${code}" issue among: ${panel.issues.map((i) => i.code).join(", ")}`);
  return found;
}

export function dates(panel: SalesPanel): string[] {
  return panel.timeline.map(epochDayToIso);
}

export function day(iso: string): number {
  return isoToEpochDay(iso);
}

/** ISO dates from `start`, `n` of them, `step` days apart. */
export function isoDays(start: string, n: number, step = 1): string[] {
  const d0 = isoToEpochDay(start);
  return Array.from({ length: n }, (_, i) => epochDayToIso(d0 + i * step));
}

export function column(rows: CellValue[][], c: number): CellValue[] {
  return rows.map((r) => r[c]);
}
