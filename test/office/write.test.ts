/**
 * Writing results against the Excel stand-in loaded in Node (test/office/standin.ts): chunked writes, Trendcast's
 * sheet marks (only marked sheets are replaced; a user's own "Forecast" makes "Forecast (2)"), references from the
 * user's sheets surviving a replace (no #REF!), 1904 dates, and all-or-nothing under a fault at every sync.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { installStandin, salesWorkbook, type Standin } from "./standin";
import { cleanupStagingSheets, existingSheets, writeSheets, type OutCell, type SheetSpec } from "../../src/office/write";
import { loadModelFromWorkbook, saveModelToWorkbook } from "../../src/office/model-store";
import type { ModelCard } from "../../src/engine/forecast/trained-model";
import { modelBytes, testCard } from "./model-bytes";

function forecastSpec(rows: number, variant = 0): SheetSpec {
  const data: OutCell[][] = [["SKU", "Date", "P50"]];
  for (let i = 0; i < rows; i++) data.push([i === 0 ? "=cmd|' /C calc'!A0" : `SKU-${i}`, 46000 + i, i + variant]);
  const chart: OutCell[][] = [["Date", "History", "P50"]];
  for (let i = 0; i < 6; i++) chart.push([46000 + i, i, i + variant + 0.5]);
  return {
    name: "Forecast",
    blocks: [
      { row: 0, column: 0, rows: data, columnFormats: [null, "yyyy-mm-dd", "0.00"] },
      { row: 0, column: 5, rows: chart, columnFormats: ["yyyy-mm-dd", "0.00", "0.00"] },
    ],
    table: "TrendcastForecast",
    charts: [{ title: "SKU-1: history and forecast", data: "F1:H7", anchor: "J1", dashed: [1] }],
  };
}

function modelSpec(variant = 0): SheetSpec {
  return { name: "Model", blocks: [{ row: 0, column: 0, rows: [["Trendcast model", ""], ["Variant", variant], ["Note", "=SUM(A1)"]] }] };
}

const sales = salesWorkbook([["Date", "Units"], [46000, 4], [46001, 5]], [[null, null], ["yyyy-mm-dd", null], ["yyyy-mm-dd", null]]);

/** The workbook as a user sees it: visible sheets (name, cells, tables, charts, marks); all sheets with `all`. */
function snapshot(s: Standin, all = false): unknown {
  const sheets = JSON.parse(JSON.stringify(s.workbook.sheets)) as Standin["workbook"]["sheets"];
  return sheets
    .filter((sh) => all || sh.visibility === "Visible")
    .map((sh) => ({
      name: sh.name,
      visibility: sh.visibility,
      cells: Object.fromEntries(Object.entries(sh.cells).sort(([a], [b]) => a.localeCompare(b))),
      tables: sh.tables,
      charts: sh.charts,
      props: sh.props,
    }));
}

test("writeSheets writes in chunks, escapes text, adds the table and the chart, marks the sheet", async () => {
  const s = installStandin(sales);
  const progress: number[] = [];
  const written = await writeSheets([forecastSpec(500)], { requestBytes: 5000, onProgress: (f) => progress.push(f) });
  assert.deepEqual(written, [{ name: "Forecast", address: "Forecast!A1:C501", table: "TrendcastForecast", charts: 1 }]);
  assert.deepEqual(s.sheetNames(), ["Sales", "Forecast"], "no staging sheet is left");
  assert.ok(s.stats.syncs > 10, `several chunk requests, got ${s.stats.syncs} syncs`);
  assert.deepEqual(s.values("Forecast", "A1:C2"), [["SKU", "Date", "P50"], ["=cmd|' /C calc'!A0", 46000, 0]]);
  assert.deepEqual(s.values("Forecast", "A501:C501"), [["SKU-499", 46499, 499]]);
  const sheet = s.sheet("Forecast");
  assert.equal(sheet.cells["1,1"].nf, "yyyy-mm-dd");
  assert.equal(sheet.cells["0,1"].nf, "General");
  assert.deepEqual(sheet.tables.map((t) => [t.name, t.address]), [["TrendcastForecast", "A1:C501"]]);
  assert.equal(sheet.charts[0].title, "SKU-1: history and forecast");
  assert.deepEqual(sheet.charts[0].source, { sheet: "Forecast", address: "F1:H7" });
  assert.equal(sheet.charts[0].anchor, "J1");
  assert.deepEqual(sheet.charts[0].lineStyles, { 1: "Dash" });
  assert.deepEqual(JSON.parse(sheet.props.Trendcast), { role: "Forecast" });
  assert.equal(sheet.visibility, "Visible");
  assert.equal(s.workbook.active, "Forecast");
  assert.equal(progress[progress.length - 1], 1);
});

test("a user's own sheet named Forecast is never replaced or offered for replacing: Trendcast writes Forecast (2)", async () => {
  for (const mode of ["refuse", "replace", "new"] as const) {
    const s = installStandin(sales);
    s.addSheet("Forecast", [["my own notes", 42]]);
    assert.deepEqual(await existingSheets(["Forecast", "Model"]), [], "nothing of Trendcast's to replace");
    const written = await writeSheets([forecastSpec(3)], { mode });
    assert.equal(written[0].name, "Forecast (2)", mode);
    assert.deepEqual(s.values("Forecast", "A1:B1"), [["my own notes", 42]], `${mode}: the user's sheet is untouched`);
    assert.deepEqual(s.sheetNames(), ["Sales", "Forecast", "Forecast (2)"]);
  }
});

test("the sales sheet is never replaced, even when it is a Trendcast sheet the user reads from", async () => {
  const s = installStandin(sales);
  await writeSheets([forecastSpec(3)]);
  const written = await writeSheets([forecastSpec(3, 1)], { mode: "replace", keep: ["Forecast"] });
  assert.equal(written[0].name, "Forecast (2)");
  assert.equal(s.values("Forecast", "C2")[0][0], 0, "the kept sheet keeps its numbers");
});

test("Trendcast's mark survives save and reopen: Replace is offered for its own sheet only, and refuse changes nothing", async () => {
  let s = installStandin(sales);
  await writeSheets([forecastSpec(3), modelSpec()]);
  s = installStandin(s.exportState());
  assert.deepEqual(await existingSheets(["Forecast", "Restock", "Model"]), ["Forecast", "Model"]);
  const before = snapshot(s, true);
  await assert.rejects(writeSheets([forecastSpec(3, 1)]), (e: Error & { code?: string }) => {
    assert.equal(e.code, "sheet-exists");
    assert.match(e.message, /already has Trendcast a sheet named "Forecast"/);
    return true;
  });
  assert.deepEqual(snapshot(s, true), before, "refuse: nothing changed");
  // A copy of the workbook's sheet renamed by the user is still Trendcast's and is what Replace targets.
  s.sheet("Forecast").name = "Forecast old";
  s.addSheet("Forecast", [["typed by the user"]]);
  const written = await writeSheets([forecastSpec(3, 1)], { mode: "replace" });
  assert.equal(written[0].name, "Forecast old");
  assert.deepEqual(s.values("Forecast", "A1"), [["typed by the user"]]);
});

test("Replace keeps the user's formulas that point at a Trendcast sheet working: no #REF!", async () => {
  const s = installStandin(sales);
  await writeSheets([forecastSpec(3), modelSpec()]);
  const notes = s.addSheet("Notes", []);
  notes.cells["0,0"] = { f: "=Forecast!C3", v: 1 };
  notes.cells["1,0"] = { f: "=Model!B2", v: 0 };
  const written = await writeSheets([forecastSpec(3, 10), modelSpec(7)], { mode: "replace" });
  assert.deepEqual(written.map((w) => w.name), ["Forecast", "Model"]);
  assert.deepEqual(s.formulas("Notes", "A1:A2"), [["=Forecast!C3"], ["=Model!B2"]]);
  assert.deepEqual(s.values("Notes", "A1:A2"), [[11], [7]], "the user's cells show the new numbers");
  assert.deepEqual(s.values("Forecast", "A1:C4")[3], ["SKU-2", 46002, 12]);
  const sheet = s.sheet("Forecast");
  assert.deepEqual(sheet.tables.map((t) => t.name), ["TrendcastForecast"], "the table keeps its name");
  assert.equal(sheet.charts.length, 1, "one chart, not the old one plus the new one");
  assert.deepEqual(s.sheetNames(), ["Sales", "Forecast", "Model", "Notes"]);
});

test("a workbook on the 1904 date system gets date cells in its own serials", async () => {
  const s = installStandin({ ...(sales as object), date1904: true });
  await writeSheets([forecastSpec(2)]);
  assert.deepEqual(s.values("Forecast", "B2:C3"), [[46000 - 1462, 0], [46001 - 1462, 1]], "dates shifted, numbers not");
  assert.equal(s.values("Forecast", "F2")[0][0], 46000 - 1462, "chart dates too");
});

/** Saves a new model, then replaces the sheets (what the pane does after a retrain). */
async function scenario(card: ModelCard): Promise<void> {
  await saveModelToWorkbook(modelBytes(64, 2), card);
  await writeSheets([forecastSpec(40, 5), modelSpec(5)], { mode: "replace", requestBytes: 1200 });
}

async function oldWorkbook(): Promise<{ state: unknown; card: ModelCard }> {
  const s = installStandin(sales);
  const card = testCard(64);
  await saveModelToWorkbook(modelBytes(64, 1), card);
  await writeSheets([forecastSpec(40), modelSpec()], { requestBytes: 1200 });
  const notes = s.addSheet("Notes", []);
  notes.cells["0,0"] = { f: "=Forecast!C3", v: 1 };
  return { state: s.exportState(), card };
}

test("fault injection: a write that fails at any of its syncs leaves the old sheets (and model) or the new ones", async () => {
  const { state, card } = await oldWorkbook();
  const oldModel = modelBytes(64, 1);
  const newModel = modelBytes(64, 2);
  const reference = installStandin(state);
  const oldSnap = snapshot(reference, true);
  const start = reference.stats.syncs;
  await scenario(card);
  const total = reference.stats.syncs - start;
  const newSnap = snapshot(reference, true);
  assert.notDeepEqual(oldSnap, newSnap);
  assert.ok(total > 10, `the write takes many requests (${total})`);
  assert.equal(reference.values("Notes", "A1")[0][0], 6, "the user's reference follows the new numbers");

  for (let n = 1; n <= total; n++) {
    // A request refused as a whole (the pane stays open, so the clean-up runs).
    let s = installStandin(state);
    s.failAtSync(n);
    await assert.rejects(scenario(card), /Injected fault/);
    const snap = snapshot(s, true);
    assert.ok(
      JSON.stringify(snap) === JSON.stringify(oldSnap) || JSON.stringify(snap) === JSON.stringify(newSnap),
      `sync ${n} of ${total}: the workbook holds the old sheets or the new ones, and no staging sheet`,
    );
    assert.notEqual(s.values("Notes", "A1")[0][0], "#REF!", `sync ${n}: no #REF!`);
    const model = await loadModelFromWorkbook();
    assert.equal(model.status, "loaded");
    if (model.status === "loaded") {
      assert.ok([oldModel, newModel].some((m) => Buffer.from(m).equals(Buffer.from(model.stored.bytes))), `sync ${n}: old model or new`);
    }

    // Excel's requests are not transactional: one that fails halfway keeps its first operations. Every request but
    // the final swap is safe that way too (the swap carries no data; see docs/addin.md "What a failed write leaves").
    if (n < total) {
      s = installStandin(state);
      s.failAtSync(n, 1);
      await assert.rejects(scenario(card), /Injected fault/);
      const half = JSON.stringify(snapshot(s, true));
      assert.ok(half === JSON.stringify(oldSnap) || half === JSON.stringify(newSnap), `sync ${n} failing after its first operation: old or new`);
    }

    // A crash (closed pane, lost connection): nothing more runs; what the user sees is old or new, and the next
    // start cleans up the hidden staging sheets.
    s = installStandin(state);
    s.crashAtSync(n);
    await assert.rejects(scenario(card));
    const visible = JSON.stringify(snapshot(s));
    s.heal();
    const reopened = installStandin(s.exportState());
    await cleanupStagingSheets();
    const after = JSON.stringify(snapshot(reopened, true));
    assert.ok(after === JSON.stringify(oldSnap) || after === JSON.stringify(newSnap), `crash at sync ${n}: after clean-up, old or new`);
    assert.equal(visible, JSON.stringify(snapshot(reopened)), `crash at sync ${n}: the user saw the same sheets before the clean-up`);
  }
});

test("staging sheets left by a crash are cleaned up by the next write", async () => {
  const s = installStandin(sales);
  s.crashAtSync(4);
  await assert.rejects(writeSheets([forecastSpec(40)], { requestBytes: 1200 }));
  s.heal();
  assert.ok(s.workbook.sheets.some((sh) => sh.name.startsWith("Trendcast staging") && sh.visibility === "Hidden"));
  await writeSheets([forecastSpec(3)]);
  assert.deepEqual(s.sheetNames(), ["Sales", "Forecast"]);
});

test("without ExcelApi 1.12 (no sheet marks) nothing counts as Trendcast's: results go to fresh sheets, no leftovers", async () => {
  const s = installStandin(sales, { api: "1.11" });
  await writeSheets([forecastSpec(3)]);
  assert.deepEqual(s.sheet("Forecast").props, {}, "no mark without the API");
  assert.deepEqual(await existingSheets(["Forecast"]), []);
  const written = await writeSheets([forecastSpec(3, 1)], { mode: "replace" });
  assert.equal(written[0].name, "Forecast (2)");
  assert.deepEqual(s.sheetNames(), ["Sales", "Forecast", "Forecast (2)"]);
  s.crashAtSync(4);
  await assert.rejects(writeSheets([forecastSpec(40)], { requestBytes: 1200 }));
  s.heal();
  assert.equal(await cleanupStagingSheets(), 1, "the hidden staging sheet is found by its name");
  assert.deepEqual(s.sheetNames(), ["Sales", "Forecast", "Forecast (2)"]);
});
