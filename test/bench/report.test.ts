// bench/report.ts: the generated benchmark sections of docs/benchmarks.md (issue 13 §4).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchCommand, DEFAULT_PAGE, replaceSection, sectionIds, stampLine, writeDocsFlag, writeReport } from "../../bench/report";

const page = [
  "# Benchmarks",
  "",
  "Method notes stay.",
  "<!-- bench:accuracy:start -->",
  "old table",
  "old line 2",
  "<!-- bench:accuracy:end -->",
  "Notes between.",
  "<!-- bench:restock:start -->",
  "<!-- bench:restock:end -->",
  "Tail.",
  "",
].join("\n");

test("replaceSection swaps only the text between the section's markers", () => {
  const out = replaceSection(page, "accuracy", "| a | b |\n|---|---|\n| 1 | 2 |\n\n\n");
  assert.equal(
    out,
    page.replace("old table\nold line 2", "| a | b |\n|---|---|\n| 1 | 2 |"),
  );
  // The other section and everything outside the markers are untouched; running it twice gives the same page.
  assert.equal(replaceSection(out, "accuracy", "| a | b |\n|---|---|\n| 1 | 2 |"), out);
  assert.ok(out.includes("Method notes stay.\n<!-- bench:accuracy:start -->\n| a | b |"));
  assert.ok(out.includes("<!-- bench:restock:start -->\n<!-- bench:restock:end -->"));
});

test("replaceSection fills an empty section and keeps text that looks like a marker of another id", () => {
  const out = replaceSection(page, "restock", "weekly: 0.9438");
  assert.ok(out.includes("<!-- bench:restock:start -->\nweekly: 0.9438\n<!-- bench:restock:end -->\nTail."));
  assert.ok(out.includes("old table\nold line 2"));
});

test("replaceSection refuses missing, repeated, reversed markers and bad ids", () => {
  assert.throws(() => replaceSection(page, "pane", "x"), /no section "pane"/);
  assert.throws(() => replaceSection(page + "<!-- bench:accuracy:start -->\n", "accuracy", "x"), /more than once/);
  assert.throws(() => replaceSection("<!-- bench:x:end -->\n<!-- bench:x:start -->\n", "x", "y"), /comes before/);
  assert.throws(() => replaceSection(page, "a b", "x"), /section id/);
});

test("sectionIds lists sections with both markers", () => {
  assert.deepEqual(sectionIds(page), ["accuracy", "restock"]);
  assert.deepEqual(sectionIds("<!-- bench:lonely:start -->"), []);
});

test("writeReport stamps the command, date and machine above the output", () => {
  const file = join(mkdtempSync(join(tmpdir(), "trendcast-report-")), "bench.md");
  writeFileSync(file, page);
  const date = new Date("2026-11-29T23:05:00Z");
  writeReport(file, "restock", "| x |\n|---|\n| 1 |\n", { command: "npm run bench:restock -- --write-docs", date, machine: "2 cores" });
  const out = readFileSync(file, "utf8");
  assert.ok(out.includes(`<!-- bench:restock:start -->\n${stampLine({ command: "npm run bench:restock -- --write-docs", date, machine: "2 cores" })}\n\n| x |\n|---|\n| 1 |\n<!-- bench:restock:end -->`));
  assert.equal(stampLine({ command: "c", date }), "*Written by `c` on 2026-11-29 23:05 UTC.*");
  assert.ok(out.includes("old table"));
});

test("--write-docs is opt-in, takes a section id, and the stamped command is the npm script that reruns it", () => {
  assert.equal(writeDocsFlag(["a.csv", "--horizon", "28"], "accuracy"), null);
  assert.equal(writeDocsFlag(["a.csv", "--write-docs"], "accuracy"), "accuracy");
  assert.equal(writeDocsFlag(["--write-docs=accuracy-weekly"], "accuracy"), "accuracy-weekly");
  assert.equal(
    benchCommand("/repo/bench/accuracy.ts", ["../shared/data/pasta/pasta.long.csv", "--horizon", "28"], "--write-docs"),
    "npm run bench:accuracy -- ../shared/data/pasta/pasta.long.csv --horizon 28 --write-docs",
  );
  assert.equal(benchCommand("bench/attention-dev.ts", ["f.csv"], "--write-docs"), "npx tsx bench/attention-dev.ts f.csv --write-docs");
  assert.equal(benchCommand("bench/restock.ts", ["my file.csv"], "--write-docs"), "npm run bench:restock -- 'my file.csv' --write-docs");
});

test("every bench script calls reportTo with its own name, and docs/benchmarks.md has that section", () => {
  const ids = sectionIds(readFileSync(DEFAULT_PAGE, "utf8"));
  const bench = join(import.meta.dirname, "..", "..", "bench");
  const scripts = readdirSync(bench).filter((f) => f.endsWith(".ts") && f !== "report.ts");
  assert.ok(scripts.length >= 6);
  for (const file of scripts) {
    const name = file.replace(/\.ts$/, "");
    assert.match(readFileSync(join(bench, file), "utf8"), new RegExp(`reportTo\\("${name}"`), `bench/${file} should call reportTo("${name}")`);
    assert.ok(ids.includes(name), `docs/benchmarks.md lacks the markers of section ${name}`);
  }
});
