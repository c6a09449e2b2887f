/**
 * The TREND.* formulas in the built add-in (dist/, shared runtime in headless Chromium) over the Excel stand-in,
 * with blank cells passed the three ways Excel passes them: "" , null (Excel on the web) and 0 (some Excel desktop
 * builds; office-js issues 4702, 5262, 1951). Each formula reads ranges that run 12 rows past the data (the
 * timeline is blank there) and blank cells for its optional arguments; every encoding must give the same result as
 * the same formula over the exact ranges with the optional arguments left out. TREND.MODEL takes no arguments.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPane, serveDist, type StandinWindow } from "./harness";

type Standin = StandinWindow["__standin"] & {
  setBlankEncoding(v: null | "" | 0): void;
  result(sheet: string, address: string): unknown;
  recalculate(): void;
};

const N = 60;
const LAST = N + 1; // data rows 2..61
const PAST = LAST + 12; // ranges run to row 73
/** [padded formula with blank optional cells, exact formula without them]; Z1:Z6 on Sales are blank. */
const FORMULAS: [string, string][] = [
  [`=TREND.FORECAST(Sales!B2:B${PAST},Sales!A2:A${PAST},Sales!Z1,Sales!Z2,Sales!Z3)`, `=TREND.FORECAST(Sales!B2:B${LAST},Sales!A2:A${LAST})`],
  [`=TREND.FORECAST(Sales!B2:C${PAST},Sales!A2:A${PAST},9)`, `=TREND.FORECAST(Sales!B2:C${LAST},Sales!A2:A${LAST},9)`],
  [`=TREND.BAND(Sales!B2:B${PAST},Sales!A2:A${PAST},Sales!Z1,Sales!Z2,Sales!Z3)`, `=TREND.BAND(Sales!B2:B${LAST},Sales!A2:A${LAST})`],
  [`=TREND.SEASONALITY(Sales!B2:C${PAST},Sales!A2:A${PAST})`, `=TREND.SEASONALITY(Sales!B2:C${LAST},Sales!A2:A${LAST})`],
  [`=TREND.ACCURACY(Sales!B2:B${PAST},Sales!A2:A${PAST},Sales!Z1,Sales!Z2)`, `=TREND.ACCURACY(Sales!B2:B${LAST},Sales!A2:A${LAST})`],
  [`=TREND.RESTOCK(Sales!B2:B${LAST},12,5,Sales!Z1,Sales!Z2,Sales!Z3,Sales!Z4,Sales!Z5,Sales!Z6)`, `=TREND.RESTOCK(Sales!B2:B${LAST},12,5)`],
  [`=TREND.RESTOCK(Sales!B2:B${LAST},Sales!Z1,Sales!Z2,Sales!Z3,Sales!Z4,Sales!Z5,Sales!Z6,Sales!Z1,TRUE)`, `=TREND.RESTOCK(Sales!B2:B${LAST},0,0,,,,,,TRUE)`],
];

test("every TREND.* formula gives the same result for blanks passed as \"\", null and 0 (stand-in, Chromium)", { timeout: 240_000 }, async () => {
  const { server, base } = await serveDist();
  const browser = await launch();
  try {
    const page = await openPane(browser, base, null);
    // tsx compiles named arrow functions with esbuild's __name helper; the page needs it to run them.
    await page.evaluate("window.__name = (f) => f");
    const results = await page.evaluate(
      async ({ formulas, n }) => {
        const s = (window as unknown as { __standin: Standin }).__standin;
        const values: (string | number)[][] = [["Date", "Umbrella", "Sunscreen"]];
        for (let i = 0; i < n; i++) {
          values.push([45292 + i, Math.round(20 + 6 * Math.sin((2 * Math.PI * i) / 7) + ((i * 7919) % 5)), 40 + ((i * 31) % 9) + (i % 7 === 5 ? 12 : 0)]);
        }
        s.addSheet("Sales", values);
        s.addSheet("Calc", []);
        const cells = formulas.flatMap(([padded, exact]) => [padded, exact]);
        await Excel.run(async (context) => {
          const range = context.workbook.worksheets.getItem("Calc").getRange(`A1:A${cells.length}`);
          range.formulas = cells.map((f) => [f]);
          await context.sync();
        });
        const settle = async () => {
          for (let t = 0; t < 1200; t++) {
            const out = cells.map((_f, i) => s.result("Calc", `A${i + 1}`));
            if (out.every((r) => r !== null)) return out;
            await new Promise((r) => setTimeout(r, 50));
          }
          throw new Error("formulas did not finish");
        };
        const byEncoding: Record<string, unknown[]> = {};
        for (const blank of ["", null, 0] as const) {
          s.setBlankEncoding(blank);
          s.recalculate();
          byEncoding[JSON.stringify(blank)] = await settle();
        }
        return byEncoding;
      },
      { formulas: FORMULAS, n: N },
    );
    for (const [encoding, out] of Object.entries(results)) {
      FORMULAS.forEach(([padded, exact], k) => {
        const got = out[2 * k];
        const want = out[2 * k + 1];
        assert.ok(Array.isArray(want), `${exact} with blanks as ${encoding} gave ${JSON.stringify(want)}`);
        assert.deepEqual(got, want, `${padded} with blanks as ${encoding}`);
      });
    }
    assert.deepEqual(results['""'], results["null"]);
    assert.deepEqual(results["0"], results["null"]);
  } finally {
    await browser.close();
    server.close();
  }
});
