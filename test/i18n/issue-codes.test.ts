// Every data problem the engine can report reads in Chinese: each `code: "..."` written in src/engine has a catalogue
// sentence in both languages (src/i18n/issues.ts), and the issues no other ingest test meets are built here and checked
// like the rest (the catalogue's English from params equals the engine's text; the Chinese is filled in).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { en } from "../../src/i18n/en";
import { zhCN } from "../../src/i18n/zh-CN";
import { issueKey, issueMessage, issueParts, splitAt } from "../../src/i18n/issues";
import { ingestGrid, type IngestOptions } from "../../src/engine/ingest/ingest";
import type { CellGrid, IngestIssue } from "../../src/engine/types";
import { assertSound } from "../engine/ingest-helpers";

/** Codes in the engine's source that never reach a user as an issue. */
const NEVER_SHOWN = new Set([
  // problemText's answer for a blank cell (src/engine/ingest/values.ts): blank cells are reported as missing values or
  // missing dates, never as a bad cell, so no issue carries this code.
  "blank",
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function engineCodes(): string[] {
  const codes = new Set<string>();
  for (const file of sources("src/engine")) for (const m of readFileSync(file, "utf8").matchAll(/\bcode: "([a-z0-9-]+)"/g)) codes.add(m[1]!);
  return [...codes].sort();
}

test("every issue code the engine writes has a Chinese sentence (or is listed as never shown)", () => {
  const codes = engineCodes();
  assert.ok(codes.length > 40, `only ${codes.length} codes found: the scan is broken`);
  const keys = Object.keys(en);
  const missing = codes.filter((c) => !NEVER_SHOWN.has(c) && !keys.some((k) => k === `issue.${c}` || k.startsWith(`issue.${c}.`)));
  assert.deepEqual(missing, [], "codes without a catalogue sentence");
  for (const c of NEVER_SHOWN) assert.ok(codes.includes(c), `${c} is allowed but no longer in the engine`);
  for (const k of keys.filter((k) => k.startsWith("issue."))) assert.ok(/[\u4e00-\u9fff]/.test(zhCN[k as keyof typeof zhCN]), `${k} has no Chinese`);
});

test("each Chinese issue sentence turns from what was found to what was done at one \"；\" (the Model sheet's two columns)", () => {
  for (const [key, text] of Object.entries(zhCN).filter(([k]) => k.startsWith("issue."))) {
    const at = splitAt(text);
    if (key === "issue.overflow") assert.equal(at, -1, "the overflow note is one sentence");
    else assert.ok(at > 0 && splitAt(text.slice(at + 1)) < 0, `${key}: not one "；" outside {...}`);
  }
});

function found(grid: CellGrid, code: string, options: IngestOptions = {}): IngestIssue[] {
  const p = ingestGrid(grid, options);
  assertSound(p); // each issue's catalogue English equals its text
  const hits = p.issues.filter((i) => i.code === code);
  assert.ok(hits.length > 0, `no ${code} among ${p.issues.map((i) => i.code).join(", ")}`);
  for (const i of hits) {
    assert.ok(issueKey(i) !== null, `${code} has no catalogue sentence`);
    const zh = issueMessage(i, "zh-CN");
    const parts = issueParts(i, "zh-CN");
    assert.equal(`${parts.found}；${parts.action}`, zh);
    assert.deepEqual(issueParts(i, "en"), { found: i.found, action: i.action });
    assert.ok(!/day\/month|decimal|rows? \d|added up|SKU-day|copy-paste|could not be read/.test(zh), `${code} left English words in: ${zh}`);
  }
  return hits;
}

test("issues the other tests leave unchecked read the same in English from params and in Chinese", () => {
  found({ values: [["Date", "A"], ["13/01/2024", 1], ["14/01/2024", 2], ["01/15/2024", 3]] }, "mixed-date-order");
  found({ values: [["Date", "A"], ["2024-01-01", "12,5"], ["2024-01-02", "3.75"], ["2024-01-03", "1,5"]] }, "mixed-decimals");
  found({ values: [["Date", "A"], ["2024-01-01", "12,5"], ["2024-01-02", "3.75"], ["2024-01-03", "1,5"], ["2024-01-04", "2,250"]] }, "mixed-decimals");
  const lines: (string | number)[][] = [["sku", "date", "qty"]];
  for (let d = 1; d <= 9; d++) for (let k = 0; k < 3; k++) lines.push(["A", `2024-01-0${d}`, 1]);
  for (const duplicates of ["sum", "mean", "last"] as const) found({ values: lines }, "sale-lines", { duplicates });
  found({ values: [["Date", "A"], ["2024-01-01", 1], ["2024-01-02", 2], ["2024-01-01", 1], ["2024-01-02", 2]] }, "duplicate-row");
  const long = [["sku", "date", "qty"], ["A", "2024-01-01", 2], ["A", "2024-01-02", 1], ["A", "2024-01-01", 5], ["A", "2024-01-01", 0.25]];
  const [d] = found({ values: long }, "duplicate-date");
  assert.equal(d!.params?.variant, "long");
  found({ values: long }, "duplicate-date", { duplicates: "mean" });
  const unreadable = found({ get values(): never { throw new Error("broken grid"); } } as unknown as CellGrid, "unreadable");
  assert.match(issueMessage(unreadable[0]!, "zh-CN"), /无法读取选区（broken grid）/);
});
