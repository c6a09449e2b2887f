/**
 * Accessibility of the built pane in headless Chromium: axe-core finds no serious or critical violations (before and
 * after reading a selection), and the keyboard-only path works: Tab to "Use selection", Enter, Tab to the options.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { artifacts, launch, openPane, salesSheet, serveDist, workbookState } from "./harness";

const axePath = join(resolve(import.meta.dirname, "../.."), "node_modules/axe-core/axe.min.js");

type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };

async function axe(page: Page): Promise<AxeResult["violations"]> {
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }),
  )) as AxeResult;
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

test("pane: no serious or critical axe violations; keyboard-only use works", { timeout: 120_000 }, async () => {
  mkdirSync(artifacts, { recursive: true });
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const { values, formats } = salesSheet(120);
    const page = await openPane(browser, base, workbookState(values, formats));
    const before = await axe(page);
    assert.deepEqual(before.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);

    // Keyboard only: Tab until "Use selection" has focus, press Enter.
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.textContent === "Use selection");
    }
    assert.ok(reached, "Use selection is reachable with Tab");
    await page.keyboard.press("Enter");
    await page.getByLabel("What Trendcast understood").waitFor({ timeout: 30_000 });

    // Tab on: the problem link, then the horizon field, which takes typed input.
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const label = el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
        return label ?? el?.textContent ?? el?.tagName ?? "";
      }));
      if (order[order.length - 1].startsWith("Horizon")) break;
    }
    assert.ok(order.includes("Sales!C41"), `problem link in tab order: ${order.join(" | ")}`);
    assert.ok(order[order.length - 1].startsWith("Horizon"), `horizon reachable: ${order.join(" | ")}`);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("21");
    assert.equal(await page.getByLabel("Horizon (periods)").inputValue(), "21");

    const after = await axe(page);
    assert.deepEqual(after.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    await page.screenshot({ path: join(artifacts, "pane-a11y-keyboard.png"), fullPage: true });
  } finally {
    await browser.close();
    server.close();
  }
});
