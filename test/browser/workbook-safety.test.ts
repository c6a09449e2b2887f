/**
 * The built pane over the Excel stand-in, for what the workbook must never suffer: a write that fails at any of its
 * requests leaves the old sheets or the complete new ones (and the user's formulas pointing at them working); a
 * user's own sheet named like a result sheet is left alone; outside Excel the pane says to open Excel.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { OFFICE_JS, launch, openPane, salesSheet, serveDist, workbookState } from "./harness";

type Sheet = { name: string; visibility: string; cells: Record<string, { v?: unknown; f?: string; nf?: string }>; tables: unknown[]; charts: unknown[]; props: Record<string, string> };
type Hooks = {
  workbook: { sheets: Sheet[]; parts: unknown[] };
  stats: { syncs: number };
  exportState(): { sheets: Sheet[] };
  restore(state: unknown): void;
  failAtSync(n: number): void;
  addSheet(name: string, values: unknown[][]): Sheet;
  sheet(name: string): Sheet;
  values(sheet: string, address?: string): unknown[][];
  sheetNames(): string[];
};

function hooks<T>(page: Page, fn: (s: Hooks, arg: unknown) => T, arg?: unknown): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__standin, ${JSON.stringify(arg ?? null)})`) as Promise<T>;
}

/** What the user sees, without formula results still being computed (TREND.* formulas answer asynchronously). */
function view(state: { sheets: Sheet[] }): string {
  return JSON.stringify(
    state.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      cells: Object.entries(s.cells)
        .map(([k, c]) => [k, c.f ?? null, c.f && /TREND\./.test(c.f) ? null : (c.v ?? null), c.nf ?? null])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      tables: s.tables,
      charts: s.charts,
      props: s.props,
    })),
  );
}

test("pane: a write failing at any request leaves the old sheets or the new ones; a user's own sheet is left alone", { timeout: 600_000 }, async () => {
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const { values, formats } = salesSheet(120);
    const state = workbookState(values, formats) as { sheets: unknown[] };
    // The user's own "Restock" sheet (not Trendcast's): never replaced, never offered for replacing.
    state.sheets.push({ name: "Restock", cells: { "0,0": { v: "my restock notes" } }, tables: [], charts: [] });
    const page = await openPane(browser, base, state);
    await page.getByRole("button", { name: "Use selection" }).click();
    await page.getByLabel("What Trendcast understood").waitFor();
    await page.getByLabel("Horizon (periods)").fill("7");
    await page.getByLabel("Training time (seconds)").fill("2");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByText("Model trained", { exact: true }).waitFor({ timeout: 240_000 });

    await page.getByRole("button", { name: "Write results" }).click();
    await page.getByText("Results written").waitFor({ timeout: 120_000 });
    assert.deepEqual(await hooks(page, (s) => s.sheetNames()), ["Sales", "Restock", "Forecast", "Restock (2)", "Model"]);
    assert.deepEqual(await hooks(page, (s) => s.values("Restock", "A1")), [["my restock notes"]]);
    // The user's formula pointing at Trendcast's sheet.
    await hooks(page, (s) => {
      s.addSheet("Notes", []).cells["0,0"] = { f: "=Forecast!C2", v: s.values("Forecast", "C2")[0][0] };
    });
    const oldState = await hooks(page, (s) => s.exportState());
    const oldView = view(oldState);

    // The new content differs (a 90% band), so old and new can be told apart. One successful replace first.
    await page.getByRole("radio", { name: "90%" }).check();
    const before = await hooks(page, (s) => s.stats.syncs);
    await page.getByRole("button", { name: "Write results" }).click();
    await page.getByRole("button", { name: "Replace" }).click();
    await page.getByText("Results written").waitFor({ timeout: 120_000 });
    const total = (await hooks(page, (s) => s.stats.syncs)) - before;
    const newView = view(await hooks(page, (s) => s.exportState()));
    assert.notEqual(newView, oldView);
    assert.deepEqual(await hooks(page, (s) => s.sheetNames()), ["Sales", "Restock", "Forecast", "Restock (2)", "Model", "Notes"]);
    assert.equal(typeof (await hooks(page, (s) => s.values("Notes", "A1")))[0][0], "number", "no #REF! after a replace");

    for (let n = 1; n <= total; n++) {
      await hooks(page, (s, st) => s.restore(st), oldState);
      await hooks(page, (s, k) => s.failAtSync(k as number), n);
      await page.getByRole("button", { name: "Write results" }).click();
      // The previous outcome's message goes first (unless this write already failed again, in a blink).
      await page.getByText(/Could not write the results|Results written/).waitFor({ state: "detached", timeout: 5_000 }).catch(() => undefined);
      const replace = page.getByRole("button", { name: "Replace" });
      const failed = page.getByText("Could not write the results");
      await Promise.race([replace.waitFor({ timeout: 60_000 }), failed.waitFor({ timeout: 60_000 })]);
      if (await replace.isVisible()) await replace.click();
      await Promise.race([failed.waitFor({ timeout: 120_000 }), page.getByText("Results written").waitFor({ timeout: 120_000 })]);
      const got = view(await hooks(page, (s) => s.exportState()));
      assert.ok(got === oldView || got === newView, `request ${n} of ${total} failed: the workbook holds the old sheets or the new ones`);
      assert.notEqual((await hooks(page, (s) => s.values("Notes", "A1")))[0][0], "#REF!", `request ${n}: no #REF!`);
      assert.equal(await page.getByText("Trendcast staging").count(), 0);
    }
    await page.close();
  } finally {
    await browser.close();
    server.close();
  }
});

test("pane opened outside Excel says to open it in Excel, not that the model is damaged", { timeout: 120_000 }, async () => {
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const standin = readFileSync(join(resolve(import.meta.dirname, "../.."), "test/browser/excel-standin.js"), "utf8");
    await page.route(OFFICE_JS, (route) =>
      route.fulfill({ contentType: "text/javascript", body: `window.__STANDIN_STATE__ = null; window.__STANDIN_OUTSIDE_EXCEL__ = true;\n${standin}` }),
    );
    await page.goto(`${base}taskpane.html`);
    await page.getByText("Open this in Excel").waitFor({ timeout: 30_000 });
    const text = await page.locator("body").innerText();
    assert.match(text, /runs inside Excel/);
    assert.doesNotMatch(text, /damaged|Train again/i);
    await page.close();
  } finally {
    await browser.close();
    server.close();
  }
});
