/**
 * What-if in the built pane (dist/) over the Excel stand-in: sales with a promotion and a price column, train, put a
 * SKU on promotion for a week and cut the price 10%, see baseline and scenario side by side, write the Scenario
 * sheet; then the same what-if with formulas (TREND.FORECAST / TREND.RESTOCK with promo_plan). Screenshots go to
 * docs/img/ (whatif-pane.png, whatif-scenario-sheet.png, whatif-cells.png).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launch, openPane, screenshotSheet, serveDist, workbookState, type StandinWindow } from "./harness";

const HORIZON = 14;
const DAYS = 200;
const FIRST = 45658; // 2025-01-01
const IMG = join(import.meta.dirname, "..", "..", "docs", "img");

/** Long layout: Date, SKU, Units, Promo, Price; promotions double sales, price elasticity -1.5. */
function promoSheet(): { values: (string | number)[][]; formats: (string | null)[][]; penne: { units: number[]; promo: number[] } } {
  const values: (string | number)[][] = [["Date", "SKU", "Units", "Promo", "Price"]];
  const formats: (string | null)[][] = [[null, null, null, null, null]];
  let seed = 5;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const weekly = [0.8, 0.9, 1, 1, 1.1, 1.5, 1.2];
  const penne = { units: [] as number[], promo: [] as number[] };
  for (const [sku, level, list] of [["Penne 500g", 40, 1.2], ["Fusilli 500g", 25, 1.5]] as const) {
    let price = list;
    for (let d = 0; d < DAYS; d++) {
      if (rand() < 0.08) price = Math.round(list * (0.8 + 0.4 * rand()) * 100) / 100;
      const promo = d % 10 === 3 || d % 10 === 4 ? 1 : 0;
      const mean = level * weekly[(FIRST + d + 1) % 7] * Math.pow(price / list, -1.5) * (promo ? 2.2 : 1);
      const units = Math.max(0, Math.round(mean * (0.85 + 0.3 * rand())));
      values.push([FIRST + d, sku, units, promo, price]);
      formats.push(["yyyy-mm-dd", null, null, null, "0.00"]);
      if (sku === "Penne 500g") {
        penne.units.push(units);
        penne.promo.push(promo);
      }
    }
  }
  return { values, formats, penne };
}

function standin(page: Page) {
  return <T>(fn: (s: StandinWindow["__standin"]) => T | Promise<T>) => page.evaluate(`(${fn.toString()})(window.__standin)`) as Promise<T>;
}

async function waitForResult(page: Page, sheet: string, address: string): Promise<unknown> {
  for (let i = 0; i < 240; i++) {
    const r = await page.evaluate(([sh, a]) => (window as unknown as StandinWindow).__standin.result(sh, a), [sheet, address]);
    if (r !== null) return r;
    await page.waitForTimeout(250);
  }
  throw new Error(`${sheet}!${address} never computed`);
}

test("what-if from the pane and from cells: a planned promotion and a price cut, baseline and scenario side by side", { timeout: 420_000 }, async () => {
  mkdirSync(IMG, { recursive: true });
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const data = promoSheet();
    const page = await openPane(browser, base, workbookState(data.values, data.formats));
    const s = standin(page);
    await page.getByRole("button", { name: "Use selection" }).click();
    await page.getByLabel("What Trendcast understood").waitFor();
    await page.getByLabel("Horizon (periods)").fill(String(HORIZON));
    await page.getByLabel("Training time (seconds)").fill("4");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByText("Model trained", { exact: true }).waitFor({ timeout: 240_000 });

    // Pane: Penne on promotion days 8-14 (the defaults), price -10% for both SKUs.
    await page.getByLabel("Price change %").fill("-10");
    await page.getByRole("button", { name: "Run what-if" }).click();
    const table = page.getByRole("table", { name: "What-if results" });
    await table.waitFor({ timeout: 120_000 });
    const rows = await table.getByRole("row").allInnerTexts();
    const cells = rows.slice(1).map((r) => r.split(/\t|\n/).map((x) => x.trim()).filter(Boolean));
    const num = (x: string) => Number(x.replace(/,/g, ""));
    const penne = cells.find((c) => c[0] === "Penne 500g")!;
    const fusilli = cells.find((c) => c[0] === "Fusilli 500g")!;
    assert.ok(num(penne[2]) > num(penne[1]) * 1.2, `promotion + price cut raise Penne: ${penne.join(" | ")}`);
    assert.ok(num(fusilli[2]) > num(fusilli[1]), `the price cut alone raises Fusilli: ${fusilli.join(" | ")}`);
    assert.ok(num(penne[5]) > num(penne[4]), `the promotion raises the order: ${penne.join(" | ")}`);
    await page.locator("section[aria-labelledby=whatif-title]").scrollIntoViewIfNeeded();
    await page.locator("section[aria-labelledby=whatif-title]").screenshot({ path: join(IMG, "whatif-pane.png") });

    await page.getByRole("button", { name: "Write Scenario sheet" }).click();
    await page.getByText("Scenario written").waitFor({ timeout: 60_000 });
    const sheet = await s((x) => x.values("Scenario", "A1:I29"));
    assert.deepEqual(sheet[0], ["SKU", "Date", "On promotion", "Price change %", "Baseline P50", "Scenario P50", "Difference", "Suggested order (baseline)", "Suggested order (scenario)"]);
    assert.equal(sheet.length, 1 + 2 * HORIZON);
    const penneRows = sheet.slice(1, 1 + HORIZON);
    assert.equal(penneRows[0][1], FIRST + DAYS, "first scenario date is the day after the history");
    assert.deepEqual(penneRows.map((r) => r[2]), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    for (const r of penneRows) assert.ok(Math.abs((r[6] as number) - ((r[5] as number) - (r[4] as number))) < 0.011, "difference = scenario - baseline");
    const info = await s((x) => x.workbook.sheets.find((sh) => sh.name === "Scenario")!.tables[0]?.name);
    assert.equal(info, "TrendcastScenario");
    await screenshotSheet(browser, page, "Scenario", join(IMG, "whatif-scenario-sheet.png"), 16, 9);

    // A plan from a sheet: dates down, one 0/1 column per SKU; Fusilli on promotion on future days 1-3.
    const planRows: (string | number)[][] = [["Date", "Fusilli 500g"]];
    for (let h = 0; h < HORIZON; h++) planRows.push([FIRST + DAYS + h, h < 3 ? 1 : 0]);
    await page.evaluate(([rows]) => {
      const st = (window as unknown as StandinWindow).__standin;
      st.addSheet("Promotions", rows as unknown[][], (rows as unknown[][]).map(() => ["yyyy-mm-dd", null]));
      st.select("Promotions", `A1:B${(rows as unknown[][]).length}`);
    }, [planRows]);
    await page.getByRole("button", { name: "Take plan from selection" }).click();
    await page.getByText(/Using the plan from Promotions!A1:B15: 1 SKUs, 3 promoted SKU-days/).waitFor({ timeout: 30_000 });
    await page.getByLabel("Price change %").fill("0");
    await page.getByRole("button", { name: "Run what-if" }).click();
    await page.getByRole("button", { name: "Write Scenario sheet" }).click();
    await page.getByText("Scenario written").waitFor({ timeout: 60_000 });
    assert.deepEqual(await s((x) => x.sheetNames()), ["Sales", "Scenario", "Promotions"], "Trendcast's own Scenario sheet is replaced, not duplicated");
    const again = await s((x) => x.values("Scenario", "A1:G29"));
    const fusilliRows = again.slice(1).filter((r) => r[0] === "Fusilli 500g");
    assert.deepEqual(fusilliRows.map((r) => r[2]), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "the sheet's plan");
    assert.ok((fusilliRows[0][5] as number) > (fusilliRows[0][4] as number), "a promoted day goes up");
    assert.deepEqual(again.slice(1).filter((r) => r[0] === "Penne 500g").map((r) => r[3]), new Array(HORIZON).fill(0), "no price change this time");

    // Cells: a what-if grid on its own sheet (history, then 14 future dates with a typed 0/1 plan).
    const n = DAYS;
    const plan = Array.from({ length: HORIZON }, (_, h) => (h >= 7 ? 1 : 0));
    const grid: (string | number | null)[][] = [["Date", "Units", "Promo (plan)"]];
    for (let d = 0; d < n + HORIZON; d++) grid.push([FIRST + d, d < n ? data.penne.units[d] : null, d < n ? data.penne.promo[d] : plan[d - n]]);
    // Labels beside the last history row; the formulas go on the first future row and spill down beside the plan.
    grid[n].push(null, "Baseline", "With plan", "Order baseline", "Order with plan");
    await page.evaluate(([g]) => (window as unknown as StandinWindow).__standin.addSheet("What-if", g as unknown[][], (g as unknown[][]).map(() => ["yyyy-mm-dd"])), [grid]);
    const end = n + 1 + HORIZON;
    const formulas = [[
      // Baseline: the past promotions only (the plan's rows stop at the last sales row, so no future promotion).
      `=TREND.FORECAST(B2:B${end}, A2:A${end}, ${HORIZON}, , C2:C${n + 1})`,
      `=TREND.FORECAST(B2:B${end}, A2:A${end}, ${HORIZON}, , C2:C${end})`,
      `=TREND.RESTOCK(B2:B${n + 1}, 0, 7, , , 7, , , , , A2:A${n + 1}, C2:C${n + 1})`,
      `=TREND.RESTOCK(B2:B${n + 1}, 0, 7, , , 7, , , , , A2:A${n + 1}, C2:C${end})`,
    ]];
    await page.evaluate(
      async ([f, row]) => {
        await Excel.run(async (ctx) => {
          ctx.workbook.worksheets.getItem("What-if").getRange(`E${row}:H${row}`).formulas = f as string[][];
          await ctx.sync();
        });
      },
      [formulas, n + 2] as const,
    );
    const baseline = (await waitForResult(page, "What-if", `E${n + 2}`)) as number[][];
    const withPlan = (await waitForResult(page, "What-if", `F${n + 2}`)) as number[][];
    assert.equal(withPlan.length, HORIZON);
    for (let h = 0; h < HORIZON; h++) {
      if (plan[h]) assert.ok(withPlan[h][0] > baseline[h][0] * 1.1, `day ${h + 1} on promotion: ${withPlan[h][0]} vs ${baseline[h][0]}`);
    }
    const orderBase = (await waitForResult(page, "What-if", `G${n + 2}`)) as number[][];
    const orderPlan = (await waitForResult(page, "What-if", `H${n + 2}`)) as number[][];
    assert.ok(orderPlan[0][0] > orderBase[0][0], `TREND.RESTOCK with the plan orders more: ${orderPlan[0][0]} vs ${orderBase[0][0]}`);
    await screenshotSheet(browser, page, "What-if", join(IMG, "whatif-cells.png"), 18, 8, n - 3);
    await page.close();
  } finally {
    await browser.close();
    server.close();
  }
});
