/**
 * Issue 12 §1 and §5 in the built pane over the Excel stand-in: after training the pane shows the model's summary in
 * plain words; the Model sheet it writes has that summary, one graded row per SKU, the grade's rule and the settings
 * (bold headings, set column widths); the workbook is set to open the pane for those who have the add-in; and with
 * the add-in's functions gone (a buyer without it, after Excel recalculates) every forecast and order still shows a
 * number. Screenshots go to docs/img/ (the README shows them).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launch, openPane, salesSheet, screenshotSheet, serveDist, workbookState, type StandinWindow } from "./harness";

const HORIZON = 14;
const img = join(import.meta.dirname, "..", "..", "docs", "img");

const standin = (page: Page) => ({
  eval: <T>(fn: (s: StandinWindow["__standin"]) => T | Promise<T>) => page.evaluate(`(${fn.toString()})(window.__standin)`) as Promise<T>,
});

test("Model sheet a buyer reads, the pane's summary, auto-open, and every number readable without the add-in", { timeout: 360_000 }, async () => {
  mkdirSync(img, { recursive: true });
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const { values, formats } = salesSheet(210);
    const page = await openPane(browser, base, workbookState(values, formats));
    const s = standin(page);
    await page.getByRole("button", { name: "Use selection" }).click();
    await page.getByLabel("What Trendcast understood").waitFor();
    await page.getByLabel("Horizon (periods)").fill(String(HORIZON));
    await page.getByLabel("Training time (seconds)").fill("4");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByText("Model trained", { exact: true }).waitFor({ timeout: 240_000 });

    // The pane's summary after training: the same sentences as the Model sheet's top.
    const summary = await page.getByRole("group", { name: "Model summary" }).innerText();
    assert.match(summary, /Trained on 3 SKUs of daily sales from 2025-01-01 to 2025-07-29 \(210 periods\), to forecast 14 days ahead\./);
    assert.match(summary, /Over the last 1 × 14 days its error was \d+% (lower|higher) than repeating last week's sales; the 80% band held the actual sales \d+% of the time\./);
    assert.match(summary, /Training ran on \d{4}-\d{2}-\d{2} at \d{2}:\d{2} UTC for [\d.]+ seconds on this computer \(wasm backend\)\./);
    await page.getByRole("group", { name: "Model summary" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(img, "pane-model-summary.png"), fullPage: true });

    await page.getByRole("button", { name: "Write results" }).click();
    await page.getByText("Results written").waitFor({ timeout: 120_000 });

    // The Model sheet: summary on top, then one graded row per SKU, the rule under the table, the settings below.
    const model = await s.eval((x) => x.values("Model"));
    const column = model.map((r) => String(r[0] ?? ""));
    assert.match(column[0], /^Trendcast model/);
    for (const line of summary.split("\n").filter((l) => l.trim())) assert.ok(column.includes(line.trim()), `the sheet has the pane's sentence: ${line}`);
    assert.ok(column.some((t) => /install the Trendcast add-in/.test(t)), "how to get the add-in");
    const header = model.findIndex((r) => r[0] === "SKU" && r[1] === "Forecaster");
    assert.ok(header > 0);
    const rows = model.slice(header + 1, header + 4);
    assert.deepEqual(rows.map((r) => r[0]), ["Umbrella", "Sunscreen", "+Promo Pack"]);
    for (const r of rows) {
      assert.equal(typeof r[2], "number", `backtest against seasonal naive for ${r[0]}`);
      assert.equal(typeof r[3], "number", `band hit rate for ${r[0]}`);
      assert.equal(r[4], "—", "no promotions in this data: no lift");
      assert.match(String(r[5]), /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat)$/);
      assert.match(String(r[7]), /^[ABC]$/);
    }
    assert.match(column[header + 5], /How the trust grade is set/);
    assert.ok(column.indexOf("Technical settings") > header + 5);
    const sheet = await s.eval((x) => x.workbook.sheets.find((sh) => sh.name === "Model") as unknown as { cells: Record<string, { b?: boolean }>; colWidths?: Record<string, number> });
    assert.equal(sheet.cells["0,0"].b, true, "the title is bold");
    assert.equal(sheet.cells[`${header},7`].b, true, "the table's header is bold");
    assert.ok((sheet.colWidths?.["1"] ?? 0) > 150, "column widths are set, not autofitted to the long sentences");
    await screenshotSheet(browser, page, "Model", join(img, "sheet-model.png"), header + 12, 8);

    // The workbook opens the pane with it for colleagues who have the add-in.
    const settings = await s.eval((x) => x.workbook.settings ?? {});
    assert.equal(settings["Office.AutoShowTaskpaneWithDocument"], true);

    // A buyer without the add-in: the TREND functions are gone and Excel recalculates.
    await s.eval((x) => {
      x.unregisterFunctions();
      x.recalculate();
    });
    const restock = await s.eval((x) => x.values("Restock", "A1:J4"));
    assert.deepEqual([restock[0][8], restock[0][9]], ["Suggested order", "Computed order"]);
    for (const r of restock.slice(1)) {
      assert.equal(r[8], "#NAME?", "the live formula needs the add-in");
      assert.equal(typeof r[9], "number", `${r[0]}: the order still reads as a number`);
    }
    const forecast = await s.eval((x) => x.values("Forecast", "A2:E43")); // 3 SKUs x 14 days
    for (const r of forecast) for (const v of r.slice(1, 5)) assert.equal(typeof v, "number", `every forecast still a number: ${r.join(" ")}`);
    await screenshotSheet(browser, page, "Restock", join(img, "sheet-restock-without-addin.png"), 6, 16);
    await page.close();
  } finally {
    await browser.close();
    server.close();
  }
});
