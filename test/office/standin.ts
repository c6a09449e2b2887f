/**
 * The browser tests' Excel stand-in (test/browser/excel-standin.js), loaded into Node: `Excel` and `Office` become
 * globals backed by its in-memory workbook, so adapter tests run against Excel's batching semantics (reading before
 * load + sync throws PropertyNotLoaded), sheet visibility, custom properties, #REF! on deleted sheets and injected
 * faults, without a browser.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const source = readFileSync(join(import.meta.dirname, "../browser/excel-standin.js"), "utf8");

export type StandinSheet = {
  name: string;
  cells: Record<string, { v?: unknown; f?: string; nf?: string; text?: boolean }>;
  tables: { name: string; address: string }[];
  charts: { title: string; source: { sheet: string; address: string }; anchor: string; lineStyles: Record<string, string> }[];
  visibility: string;
  props: Record<string, string>;
};

export type Standin = {
  workbook: { sheets: StandinSheet[]; active: string; selection: { sheet: string; address: string }; parts: { id: string; namespace: string; xml: string }[]; date1904?: boolean };
  stats: { runs: number; syncs: number; maxRequestBytes: number; maxResponseBytes: number };
  failAtSync(n: number, afterOps?: number): void;
  crashAtSync(n: number | null): void;
  heal(): void;
  select(sheet: string, address: string): void;
  addSheet(name: string, values: unknown[][], formats?: unknown[][]): StandinSheet;
  sheetNames(): string[];
  values(sheet: string, address?: string): unknown[][];
  formulas(sheet: string, address?: string): (string | null)[][];
  sheet(name: string): StandinSheet;
  exportState(): unknown;
};

export type StandinOptions = { outsideExcel?: boolean; api?: string };

/** Installs a fresh stand-in (optionally on a saved state) as the global Excel and Office; returns its test hooks. */
export function installStandin(state: unknown = null, options: StandinOptions = {}): Standin {
  const win: Record<string, unknown> = {
    __STANDIN_STATE__: state,
    ...(options.outsideExcel ? { __STANDIN_OUTSIDE_EXCEL__: true } : {}),
    ...(options.api ? { __STANDIN_API__: options.api } : {}),
  };
  new Function("window", "setTimeout", source)(win, setTimeout);
  const g = globalThis as unknown as Record<string, unknown>;
  g.Excel = win.Excel;
  g.Office = win.Office;
  return win.__standin as Standin;
}

/** A workbook with one sheet, "Sales", holding these values (row-major from A1). */
export function salesWorkbook(values: unknown[][], formats: (string | null)[][] = []): unknown {
  const cells: Record<string, { v?: unknown; nf?: string }> = {};
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      const nf = formats[r]?.[c] ?? undefined;
      if ((v === null || v === undefined || v === "") && !nf) return;
      cells[`${r},${c}`] = { ...(v === null || v === undefined || v === "" ? {} : { v }), ...(nf ? { nf } : {}) };
    }),
  );
  return { sheets: [{ name: "Sales", cells, tables: [], charts: [] }], active: "Sales", selection: { sheet: "Sales", address: "A1" }, parts: [], nextId: 1 };
}
