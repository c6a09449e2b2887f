/**
 * The built task pane (dist/) in headless Chromium over the Excel stand-in: read a selection, train on WASM, cancel
 * once, train again, write the sheets, check the table, charts, Restock formulas and the stored model; call the
 * registered TREND.FORECAST; reopen the same workbook and check the same numbers come back without retraining.
 * Screenshots of each step go to test-artifacts/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { artifacts, launch, openPane, salesSheet, screenshotSheet, serveDist, workbookState, type StandinWindow } from "./harness";

const HORIZON = 14;

function standin(page: Page) {
  return {
    eval: <T>(fn: (s: StandinWindow["__standin"]) => T | Promise<T>) =>
      page.evaluate(`(${fn.toString()})(window.__standin)`) as Promise<T>,
  };
}

async function forecastFormula(page: Page, sku: number): Promise<number[]> {
  return page.evaluate(async (k) => {
    const s = (window as unknown as StandinWindow).__standin;
    const values = s.values("Sales", "A2:D211");
    const column = values.map((r) => [r[k]]);
    const timeline = values.map((r) => [r[0]]);
    const fn = s.functions.get("FORECAST");
    if (!fn) throw new Error("TREND.FORECAST was not associated");
    const result = (await fn(column, timeline, 14)) as number[][];
    return result.map((r) => r[0]);
  }, sku);
}

test("task pane end to end: selection, train (cancel once), write, stored model, reload gives identical forecasts", { timeout: 420_000 }, async () => {
  mkdirSync(artifacts, { recursive: true });
  const shot = (name: string) => join(artifacts, name);
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const { values, formats } = salesSheet(210);
    const page = await openPane(browser, base, workbookState(values, formats));
    const s = standin(page);
    await page.screenshot({ path: shot("pane-01-start.png"), fullPage: true });

    // 1. Use selection: what was understood, and the problem cell is a link that selects it.
    await page.getByRole("button", { name: "Use selection" }).click();
    const facts = page.getByLabel("What Trendcast understood");
    await facts.waitFor();
    const factsText = await facts.innerText();
    assert.match(factsText, /SKUs\s+3/);
    assert.match(factsText, /Periods\s+210/);
    assert.match(factsText, /daily/);
    assert.match(factsText, /2025-01-01 to 2025-07-29/);
    const problem = page.getByRole("button", { name: "Sales!C41" });
    await problem.click();
    await page.waitForFunction(() => (window as unknown as StandinWindow).__standin.workbook.selection.address === "C41");
    await page.screenshot({ path: shot("pane-02-understood.png"), fullPage: true });

    // 2. Options.
    await page.getByLabel("Horizon (periods)").fill(String(HORIZON));
    await page.getByLabel("Training time (seconds)").fill("60");

    // 3. Train, cancel once (a long budget, cancelled after the first epoch).
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByText("Backend: wasm").waitFor({ timeout: 120_000 });
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("Training cancelled").waitFor({ timeout: 60_000 });
    assert.equal(await s.eval((x) => x.workbook.parts.length), 0, "a cancelled training saves nothing");
    await page.screenshot({ path: shot("pane-03-cancelled.png"), fullPage: true });

    // Train again to the end, on a short budget.
    await page.getByLabel("Training time (seconds)").fill("4");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByText("Model trained", { exact: true }).waitFor({ timeout: 240_000 });
    assert.match(await page.getByText(/Epoch \d+ of \d+/).innerText(), /Epoch [1-9]\d* of [1-9]/);
    assert.match(await page.getByText(/Backend: /).innerText(), /wasm/);
    await page.getByRole("table", { name: "Backtest overall" }).waitFor();
    await page.screenshot({ path: shot("pane-04-trained.png"), fullPage: true });
    const parts = await s.eval((x) => x.workbook.parts);
    assert.equal(parts.length, 1);
    assert.equal(parts[0].namespace, "http://trendcast.app/model/1");
    assert.match(parts[0].xml, /<checksum algorithm="SHA-256">[0-9a-f]{64}<\/checksum>/);

    // 4. Write results.
    await page.getByRole("button", { name: "Write results" }).click();
    await page.getByText("Results written").waitFor({ timeout: 120_000 });
    await page.screenshot({ path: shot("pane-05-written.png"), fullPage: true });
    const names = await s.eval((x) => x.sheetNames());
    assert.deepEqual(names, ["Sales", "Forecast", "Restock", "Model"]);
    const forecast = await s.eval((x) => x.values("Forecast", `A1:E${1 + 3 * 14}`));
    assert.deepEqual(forecast[0], ["SKU", "Date", "P50", "Lower (P10)", "Upper (P90)"]);
    assert.equal(forecast.length, 1 + 3 * HORIZON);
    assert.equal(forecast[1][0], "Umbrella");
    assert.equal(forecast[1][1], 45658 + 210, "first forecast date is the day after the history");
    assert.equal(forecast[1 + 2 * HORIZON][0], "+Promo Pack", "text that looks like a formula stays text");
    for (const row of forecast.slice(1)) {
      const [p50, lo, hi] = row.slice(2) as number[];
      assert.ok(lo <= p50 && p50 <= hi && lo >= 0, `band ordered: ${row.join(" ")}`);
    }
    const sheetInfo = await s.eval((x) => x.workbook.sheets.find((sh) => sh.name === "Forecast"));
    assert.ok(sheetInfo);
    assert.equal(sheetInfo.tables[0].name, "TrendcastForecast");
    assert.match(sheetInfo.tables[0].address, /^A1:[A-Z]+43$/);
    assert.equal(sheetInfo.charts.length, 3);
    assert.equal(sheetInfo.charts[0].title, "Umbrella: history and forecast");
    assert.deepEqual(sheetInfo.charts[0].lineStyles, { 2: "Dash", 3: "Dash" });
    const chartData = await s.eval((x) => {
      const c = x.workbook.sheets.find((sh) => sh.name === "Forecast")!.charts[0];
      return x.values("Forecast", c.source.address);
    });
    assert.deepEqual(chartData[0], ["Date", "Umbrella history", "Forecast (P50)", "Lower (P10)", "Upper (P90)"]);
    assert.equal(chartData.length, 1 + 3 * HORIZON + HORIZON);
    assert.deepEqual(chartData.slice(-HORIZON).map((r) => r[2]), forecast.slice(1, 1 + HORIZON).map((r) => r[2]));

    // Restock: editable inputs, TREND.RESTOCK formulas over the history beside them, computed values.
    const restockFormulas = await s.eval((x) => x.formulas("Restock", "I2:I4"));
    assert.match(String(restockFormulas[0][0]), /^=TREND\.RESTOCK\(S\$2:S\$211,B2,D2,E2,C2,F2,G2,H2,FALSE,,R\$2:R\$211\)$/);
    for (let i = 0; i < 120 && typeof (await s.eval((x) => x.values("Restock", "I2")[0][0])) !== "number"; i++) {
      await page.waitForTimeout(500);
    }
    const formulaState = await s.eval((x) => ({ value: x.values("Restock", "I2:I4"), errors: x.stats.formulaErrors }));
    assert.equal(typeof formulaState.value[0][0], "number", JSON.stringify(formulaState));
    const restock = await s.eval((x) => x.values("Restock", "A1:J4"));
    assert.equal(restock[1][0], "Umbrella");
    assert.equal(restock[1][3], 7, "lead time input");
    for (let i = 0; i < 120 && (await s.eval((x) => x.values("Restock", "I2:I4").some((r) => typeof r[0] !== "number"))); i++) {
      await page.waitForTimeout(500);
    }
    const suggested = await s.eval((x) => x.values("Restock", "I2:J4"));
    for (const [formula, computed] of suggested) assert.equal(formula, computed, "every SKU: the formula agrees with the value computed when writing");
    assert.ok((restock[1][8] as number) > 0, "nothing on hand: an order is suggested");

    // TREND.FORECAST in the shared runtime answers with the trained model.
    const viaFormula = await forecastFormula(page, 1);
    const p50 = forecast.slice(1, 1 + HORIZON).map((r) => r[2] as number);
    assert.equal(viaFormula.length, HORIZON);
    viaFormula.forEach((v, h) => assert.ok(Math.abs(v - p50[h]) <= 0.006, `step ${h + 1}: formula ${v} vs sheet ${p50[h]}`));
    assert.ok((await s.eval((x) => x.stats.maxRequestBytes)) < 5 * 1024 * 1024);

    for (const sheet of ["Forecast", "Restock", "Model"]) {
      await screenshotSheet(browser, page, sheet, shot(`sheet-${sheet.toLowerCase()}.png`), sheet === "Model" ? 30 : 22, sheet === "Forecast" ? 10 : 12);
    }
    const modelSheet = await s.eval((x) => x.values("Model", "A1:B3"));
    const state = await s.eval((x) => x.exportState());
    await page.close();

    // 5. Reopen the same workbook: the stored model is loaded, nothing is retrained, numbers are identical.
    const again = await openPane(browser, base, state);
    const s2 = standin(again);
    await again.getByText(/Model saved in this workbook/).waitFor({ timeout: 60_000 });
    await again.evaluate(() => (window as unknown as StandinWindow).__standin.select("Sales", "A1:D211"));
    await again.getByRole("button", { name: "Use selection" }).click();
    await again.getByLabel("What Trendcast understood").waitFor();
    assert.equal(await again.getByLabel("Horizon (periods)").inputValue(), String(HORIZON));
    await again.getByRole("button", { name: "Write results" }).click();
    await again.getByRole("button", { name: "Write as new sheets" }).click();
    await again.getByText("Results written").waitFor({ timeout: 120_000 });
    await again.screenshot({ path: shot("pane-06-reopened.png"), fullPage: true });
    assert.equal(await again.getByText(/Epoch \d+ of/).count(), 0, "no training after reopening");
    const names2 = await s2.eval((x) => x.sheetNames());
    assert.deepEqual(names2, ["Sales", "Forecast", "Restock", "Model", "Forecast (2)", "Restock (2)", "Model (2)"]);
    const forecast2 = await s2.eval((x) => x.values("Forecast (2)", `A1:E${1 + 3 * 14}`));
    assert.deepEqual(forecast2, forecast, "identical forecasts from the stored model");
    assert.deepEqual(await s2.eval((x) => x.values("Model (2)", "A1:B3")), modelSheet, "same model card: not retrained");
    assert.deepEqual(await forecastFormula(again, 1), viaFormula, "TREND.FORECAST gives the same numbers after reopening");
    await again.close();
  } finally {
    await browser.close();
    server.close();
  }
});
