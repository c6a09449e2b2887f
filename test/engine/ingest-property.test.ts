// Property-based tests (fast-check): ingest never throws and never emits a non-finite number, whatever the cells;
// well-formed wide and long sheets are read back exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ingestGrid } from "../../src/engine/ingest/ingest";
import { parseCsv } from "../../src/engine/ingest/csv";
import { epochDayToExcelSerial, epochDayToIso } from "../../src/engine/ingest/dates";
import type { CellValue } from "../../src/engine/types";
import { assertSound } from "./ingest-helpers";

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.integer({ min: -5, max: 500 }),
  fc.double(),
  fc.constantFrom<CellValue>("", null, undefined, true, false, "#N/A", "#VALUE!", "#DIV/0!", "#REF!", "NaN", "Infinity", "n/a",
    "Date", "SKU", "qty", "promo", "Price", "On hand", "=HYPERLINK(\"http://x\",\"y\")", "1e300", "1,234", "(5)", "yes"),
  fc.constantFrom("2024-01-01", "2024-01-08", "2024-02-01", "03/04/2024", "13/04/2024", "04/13/2024", "4 Mar 2024", "2024-W05"),
  fc.integer({ min: 40000, max: 47000 }),
  fc.string({ maxLength: 8 }),
);

const grid = fc.array(fc.array(cell, { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 14 });

test("ingestGrid never throws on arbitrary grids and every output number is finite", () => {
  fc.assert(
    fc.property(
      grid,
      fc.record({
        fill: fc.constantFrom<"zero" | "interpolate" | undefined>("zero", "interpolate", undefined),
        duplicates: fc.constantFrom<"sum" | "mean" | "last" | undefined>("sum", "mean", "last", undefined),
        negatives: fc.constantFrom<"keep" | "clip" | undefined>("keep", "clip", undefined),
        dateOrder: fc.constantFrom<"auto" | "dmy" | "mdy" | undefined>("auto", "dmy", "mdy", undefined),
      }),
      fc.constantFrom(undefined, "A1", "C7", "AA10"),
      (values, options, origin) => {
        const panel = ingestGrid({ values, origin, sheet: "S" }, options);
        assertSound(panel);
        if (panel.series.length === 0) assert.ok(panel.issues.some((i) => i.severity === "error"), "an empty panel says why");
        for (const i of panel.issues) assert.equal(i.sheet, "S");
        assert.ok(!panel.issues.some((i) => i.code === "unreadable"), `internal failure: ${JSON.stringify(panel.issues)}`);
      },
    ),
    { numRuns: 1500, seed: 20261128 },
  );
});

test("arbitrary CSV text never makes ingest throw", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const panel = ingestGrid({ values: parseCsv(text) });
      assertSound(panel);
      assert.ok(!panel.issues.some((i) => i.code === "unreadable"), `internal failure: ${JSON.stringify(panel.issues)}`);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test("a well-formed wide sheet is read back exactly (any order of rows, Excel serial dates)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 2, max: 40 }),
      fc.integer({ min: 16000, max: 20000 }),
      fc.constantFrom<[number, "daily" | "weekly"]>([1, "daily"], [7, "weekly"]),
      fc.integer({ min: 0, max: 1000 }),
      (skus, periods, start, [step, frequency], seed) => {
        const rand = (i: number) => ((i * 2654435761 + seed * 97) >>> 0) % 50;
        const header: CellValue[] = ["Date", ...Array.from({ length: skus }, (_, s) => `Item ${s}`)];
        const body: CellValue[][] = Array.from({ length: periods }, (_, t) => [
          epochDayToExcelSerial(start + t * step),
          ...Array.from({ length: skus }, (_, s) => rand(t * skus + s)),
        ]);
        const shuffled = [...body].sort((a, b) => rand(Number(a[0])) - rand(Number(b[0])));
        const panel = ingestGrid({
          values: [header, ...shuffled],
          numberFormats: [header.map(() => "General"), ...shuffled.map((r) => r.map((_, c) => (c === 0 ? "yyyy-mm-dd" : "0")))],
        });
        assertSound(panel);
        assert.equal(panel.frequency, frequency);
        assert.equal(panel.timeline.length, periods);
        assert.equal(epochDayToIso(panel.timeline[0]!), epochDayToIso(start));
        for (let s = 0; s < skus; s++) {
          assert.deepEqual(panel.series[s]!.values, body.map((r) => r[s + 1]));
        }
      },
    ),
    { numRuns: 150, seed: 42 },
  );
});

test("a well-formed long CSV is read back exactly, gaps filled with 0", () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 5 }),
      (table) => {
        const lines = ["sku,date,units,promo"];
        const start = 19723; // 2024-01-01
        table.forEach((row, s) => row.forEach((v, t) => {
          if (v !== undefined) lines.push(`S${s},${epochDayToIso(start + t)},${v},${v % 2}`);
        }));
        const panel = ingestGrid({ values: parseCsv(lines.join("\n")) });
        assertSound(panel);
        const present = table.filter((row) => row.some((v) => v !== undefined));
        assert.equal(panel.series.length, present.length);
        if (present.length === 0) return;
        const first = Math.min(...present.map((row) => row.findIndex((v) => v !== undefined)));
        const lastIndex = (row: Array<number | undefined>) => row.reduce<number>((m, v, i) => (v !== undefined ? i : m), -1);
        const last = Math.max(...present.map(lastIndex));
        for (const series of panel.series) {
          const row = table[Number(series.id.slice(1))]!;
          assert.deepEqual(series.values, row.slice(first, last + 1).map((v) => v ?? 0));
          assert.equal(series.start, row.findIndex((v) => v !== undefined) - first);
          assert.deepEqual(series.covariates.promo, row.slice(first, last + 1).map((v) => (v ?? 0) % 2));
        }
      },
    ),
    { numRuns: 200, seed: 3 },
  );
});
