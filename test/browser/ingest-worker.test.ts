/**
 * "Use selection" ingests the selection in a Web Worker, not on the pane's thread (which the custom functions share;
 * Office restarts a runtime that does not answer for about 5 s). The page's Worker constructor is wrapped to record
 * which workers start; bench:pane measures the longest task for a 1,000,000-cell selection.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPane, salesSheet, serveDist, workbookState } from "./harness";

test("Use selection ingests in a worker and shows what it understood", { timeout: 120_000 }, async () => {
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const { values, formats } = salesSheet(210);
    const page = await openPane(browser, base, workbookState(values, formats));
    await page.evaluate(`(() => {
      const Real = window.Worker;
      window.__workers = [];
      window.Worker = class extends Real {
        constructor(url, options) {
          super(url, options);
          window.__workers.push(String(url));
        }
      };
    })()`);
    await page.getByRole("button", { name: "Use selection" }).click();
    const facts = page.getByLabel("What Trendcast understood");
    await facts.waitFor({ timeout: 60_000 });
    const text = await facts.innerText();
    assert.match(text, /SKUs\s+3/);
    assert.match(text, /Periods\s+210/);
    assert.match(text, /2025-01-01 to 2025-07-29/);
    await page.getByRole("button", { name: "Sales!C41" }).waitFor();
    const workers = (await page.evaluate("window.__workers")) as string[];
    assert.equal(workers.filter((u) => /trendcast-ingest/.test(u)).length, 1, `an ingest worker started: ${workers.join(", ")}`);
  } finally {
    await browser.close();
    server.close();
  }
});
