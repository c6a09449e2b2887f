/**
 * The pane in Simplified Chinese: Office's display language zh-CN gives the Chinese pane (headings, what was
 * understood, dates written the Chinese way, data problems from their codes), on a sheet with Chinese headers; the
 * language switch turns it to English and the choice survives a reload. The screenshot goes to docs/img/ (the tests'
 * Chromium gets a Chinese font from @embedpdf/fonts-sc; see test/browser/chromium.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launch, openPane, root, salesSheet, serveDist, workbookState } from "./harness";

test("task pane in 简体中文 from Office's display language, with a language switch that is remembered", { timeout: 180_000 }, async () => {
  const img = join(root, "docs/img");
  mkdirSync(img, { recursive: true });
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const { values, formats } = salesSheet(120);
    values[0] = ["日期", "雨伞", "防晒霜", "促销礼包"];
    values[40]![2] = "缺货";
    const page = await openPane(browser, base, workbookState(values, formats), { width: 420, height: 900 }, "zh-CN");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
    await page.getByRole("heading", { name: "1. 销售历史" }).waitFor();

    await page.getByRole("button", { name: "使用选区" }).click();
    const facts = page.getByLabel("Trendcast 识别到的内容");
    await facts.waitFor();
    const text = await facts.innerText();
    assert.match(text, /SKU 数\s+3/);
    assert.match(text, /期数\s+120/);
    assert.match(text, /按日/);
    assert.match(text, /2025年1月1日 至 2025年4月30日/);
    const problems = await page.getByLabel("发现的问题").innerText();
    assert.match(problems, /C41（SKU“防晒霜”的销量）应为数字，却是文本 "缺货"；按缺失处理：按 0 填补/);
    assert.match(problems, /警告/);
    await page.getByText("2. 选项").waitFor();
    assert.equal(await page.getByRole("button", { name: "训练" }).count(), 1);
    await page.screenshot({ path: join(img, "pane-zh-CN.png"), fullPage: true });

    // The switch: English at once, and still English after a reload (localStorage), whatever Office says.
    await page.getByLabel("语言").selectOption("en");
    await page.getByRole("button", { name: "Use selection" }).waitFor();
    assert.match(await page.getByLabel("What Trendcast understood").innerText(), /Jan 1, 2025 to Apr 30, 2025/);
    assert.match(await page.getByLabel("Problems found").innerText(), /C41 \(sales of SKU "防晒霜"\) holds the text "缺货"/);
    await page.reload();
    await page.getByRole("button", { name: "Use selection" }).waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    await page.getByLabel("Language").selectOption("zh-CN");
    await page.getByRole("button", { name: "使用选区" }).waitFor();
  } finally {
    await browser.close();
    server.close();
  }
});
