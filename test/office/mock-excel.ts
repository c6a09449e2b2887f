/**
 * An Excel global for adapter tests, built from office-addin-mock objects: every object the adapter reads is an
 * OfficeMockObject, so reading before load()/sync() yields the mock's error strings instead of data (tests assert on
 * values, so such a bug shows). Objects created by method calls are synced with the context.
 */
import { OfficeMockObject } from "office-addin-mock";

export type MockRange = { sheet: string; address: string; mock: Record<string, unknown> };

export type MockWorkbook = {
  /** Sheet name -> cell values (row-major, from A1). */
  sheets: Map<string, unknown[][]>;
  formats: Map<string, string[][]>;
  selection: { sheet: string; address: string; rowCount: number; columnCount: number };
  /** The data region around the selection (getSurroundingRegion), when it differs from the selection. */
  region?: { address: string; rowCount: number; columnCount: number };
  parts: { id: string; namespace: string; xml: string }[];
  tables: string[];
  /** What the adapter did. */
  log: {
    syncs: number;
    reads: string[];
    writes: MockRange[];
    added: string[];
    deleted: string[];
    tablesAdded: { address: string; name: unknown }[];
    charts: { sheet: string; type: unknown; source: unknown; mock: Record<string, unknown> }[];
    selected: string[];
  };
};

function letterToIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export function parseA1(address: string): { row: number; column: number; rows: number; columns: number } {
  const ref = address.slice(address.lastIndexOf("!") + 1);
  const [a, b] = ref.split(":");
  const pa = /^([A-Z]+)(\d+)$/.exec(a)!;
  const pb = /^([A-Z]+)(\d+)$/.exec(b ?? a)!;
  const row = Number(pa[2]) - 1;
  const column = letterToIndex(pa[1]);
  return { row, column, rows: Number(pb[2]) - row, columns: letterToIndex(pb[1]) - column + 1 };
}

export function installMockExcel(wb: Omit<MockWorkbook, "log">): MockWorkbook {
  const created: OfficeMockObject[] = [];
  const log: MockWorkbook["log"] = { syncs: 0, reads: [], writes: [], added: [], deleted: [], tablesAdded: [], charts: [], selected: [] };
  const track = (data: Record<string, unknown>): OfficeMockObject => {
    const m = new OfficeMockObject(data);
    created.push(m);
    return m;
  };
  const block = (sheet: string, row: number, column: number, rows: number, columns: number) => {
    const values = wb.sheets.get(sheet) ?? [];
    const formats = wb.formats.get(sheet) ?? [];
    const v: unknown[][] = [];
    const f: string[][] = [];
    for (let r = 0; r < rows; r++) {
      v.push(Array.from({ length: columns }, (_x, c) => values[row + r]?.[column + c] ?? ""));
      f.push(Array.from({ length: columns }, (_x, c) => formats[row + r]?.[column + c] ?? "General"));
    }
    return { values: v, numberFormat: f };
  };
  const sheetObject = (name: string): OfficeMockObject => {
    const sheet = track({
      name,
      getRangeByIndexes(row: number, column: number, rows: number, columns: number) {
        log.reads.push(`${name}:${row},${column},${rows}x${columns}`);
        return track(block(name, row, column, rows, columns));
      },
      getRange(address: string) {
        const mock = track({ address: `${name}!${address}`, format: { autofitColumns() {} } }) as unknown as Record<string, unknown>;
        mock.select = () => log.selected.push(`${name}!${address}`);
        if (!address.includes(":") && /\d$/.test(address)) return mock;
        log.writes.push({ sheet: name, address, mock });
        return mock;
      },
      activate() {},
      delete() {
        log.deleted.push(name);
      },
      tables: {
        add(address: string, _hasHeaders: boolean) {
          const t = { address, name: "" as unknown };
          log.tablesAdded.push(t);
          return t;
        },
      },
      charts: {
        add(type: unknown, source: unknown) {
          const series: Record<string, unknown>[] = [];
          const mock: Record<string, unknown> = {
            title: {},
            setPosition(anchor: string) {
              mock.anchor = anchor;
            },
            series: {
              getItemAt(i: number) {
                series[i] ??= { format: { line: {} } };
                return series[i];
              },
            },
            seriesFormats: series,
          };
          log.charts.push({ sheet: name, type, source, mock });
          return mock;
        },
      },
    });
    return sheet;
  };
  const selection = wb.selection;
  const context = new OfficeMockObject({
    workbook: {
      getSelectedRange() {
        const range = track({
          address: `${selection.sheet}!${selection.address}`,
          rowCount: selection.rowCount,
          columnCount: selection.columnCount,
          getTables() {
            return track({ items: [] });
          },
          getSurroundingRegion() {
            const r = wb.region ?? selection;
            return track({ address: `${selection.sheet}!${r.address}`, rowCount: r.rowCount, columnCount: r.columnCount });
          },
        }) as unknown as Record<string, unknown>;
        return range;
      },
      worksheets: {
        getActiveWorksheet() {
          return sheetObject(selection.sheet);
        },
        getItem(name: string) {
          return sheetObject(name);
        },
        add(name: string) {
          log.added.push(name);
          return sheetObject(name);
        },
      },
      customXmlParts: {
        getByNamespace(namespace: string) {
          const items = wb.parts
            .filter((p) => p.namespace === namespace)
            .map((p) => ({
              id: p.id,
              delete() {
                wb.parts = wb.parts.filter((x) => x !== p);
              },
              getXml() {
                const r = track({ value: p.xml });
                r.load("value");
                return r;
              },
            }));
          return track({ items });
        },
        add(xml: string) {
          const namespace = /xmlns="([^"]+)"/.exec(xml)?.[1] ?? "";
          wb.parts.push({ id: `part-${wb.parts.length + 1}`, namespace, xml });
        },
      },
    },
  }) as unknown as Record<string, unknown> & { workbook: Record<string, unknown> };
  // Collections whose items the adapter reads after load("items") + sync.
  const wbMock = context.workbook as unknown as OfficeMockObject & Record<string, unknown>;
  (wbMock.worksheets as unknown as { setValue(name: string, value: unknown): void }).setValue(
    "items",
    [...wb.sheets.keys()].map((name) => ({ name, delete: () => log.deleted.push(name) })),
  );
  wbMock.tables = track({ items: wb.tables.map((name) => ({ name })) });
  const baseSync = OfficeMockObject.prototype.sync;
  (context as unknown as { sync: () => Promise<void> }).sync = async function (this: OfficeMockObject) {
    log.syncs++;
    await baseSync.call(this);
    for (const m of created) await m.sync();
  };
  const excel = {
    run: async <T>(cb: (ctx: unknown) => Promise<T>) => cb(context),
    ChartType: { line: "Line" },
    ChartSeriesBy: { columns: "Columns" },
    ChartLineStyle: { dash: "Dash" },
  };
  (globalThis as unknown as { Excel: unknown }).Excel = excel;
  const state = wb as MockWorkbook;
  state.log = log;
  return state;
}
