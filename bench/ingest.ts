// Ingest speed: CSV parsing and ingestGrid on the real pasta files (when given) and on generated extremes.
// Usage: npx tsx bench/ingest.ts [path/to/pasta.long.csv path/to/pasta.wide.csv ...]
import { readFileSync } from "node:fs";
import { parseCsv } from "../src/engine/ingest/csv";
import { describePanel, ingestGrid } from "../src/engine/ingest/ingest";
import { epochDayToIso } from "../src/engine/ingest/dates";
import type { CellValue } from "../src/engine/types";
import { reportTo } from "./report";

reportTo("ingest"); // --write-docs: this run's output goes into docs/benchmarks.md

type Row = { input: string; cells: string; csvMs: string; ingestMs: string; result: string };

function best(fn: () => void, repeats = 3): number {
  let min = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

function summary(values: CellValue[][]): string {
  const d = describePanel(ingestGrid({ values }));
  return `${d.layout}, ${d.skuCount} SKUs x ${d.periods} ${d.frequency}, issues e/w/i ${d.issueCounts.error}/${d.issueCounts.warning}/${d.issueCounts.info}`;
}

const rows: Row[] = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  let grid: string[][] = [];
  const csvMs = best(() => {
    grid = parseCsv(text);
  });
  const ingestMs = best(() => ingestGrid({ values: grid }));
  rows.push({
    input: `${file.split("/").pop()} (${(text.length / 1e6).toFixed(1)} MB)`,
    cells: `${grid.length} x ${grid[0]?.length ?? 0}`,
    csvMs: csvMs.toFixed(0),
    ingestMs: ingestMs.toFixed(0),
    result: summary(grid),
  });
}

function generated(name: string, values: CellValue[][]): void {
  rows.push({
    input: name,
    cells: `${values.length} x ${values[0]?.length ?? 0}`,
    csvMs: "-",
    ingestMs: best(() => ingestGrid({ values })).toFixed(0),
    result: summary(values),
  });
}

const skus = 10_000;
generated("wide, 10,000 SKUs x 3 days (numbers)", [
  ["Date", ...Array.from({ length: skus }, (_, i) => `SKU${i}`)],
  ...[0, 1, 2].map((t) => [epochDayToIso(19723 + t), ...Array.from({ length: skus }, (_, i) => (i + t) % 9)]),
]);
generated("long, 10,000 SKUs x 3 days (strings)", [
  ["sku", "date", "qty"],
  ...Array.from({ length: skus * 3 }, (_, k) => [`SKU${k % skus}`, epochDayToIso(19723 + Math.floor(k / skus)), String(k % 9)]),
]);
generated("single, 1 SKU x 100,000 days (strings)", [
  ["date", "qty"],
  ...Array.from({ length: 100_000 }, (_, t) => [epochDayToIso(-7000 + t), String(t % 13)]),
]);

const cols: Array<keyof Row> = ["input", "cells", "csvMs", "ingestMs", "result"];
const heads: Record<keyof Row, string> = { input: "input", cells: "rows x cols", csvMs: "parseCsv ms", ingestMs: "ingestGrid ms", result: "read as" };
console.log(`| ${cols.map((c) => heads[c]).join(" | ")} |`);
console.log(`|${cols.map(() => "---").join("|")}|`);
for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(" | ")} |`);
console.log(`\nbest of 3 runs each; node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
