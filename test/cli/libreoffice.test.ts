// Issue 12 §1: the CLI's workbooks, opened in a real spreadsheet application (LibreOffice Calc, headless), show
// dates as dates and quantities with their number formats, in columns wide enough for them (no ###), and the Model
// sheet a buyer reads: the summary, one graded row per SKU with its backtest, the grade's rule, the settings.
// LibreOffice is required, not optional: when `soffice` is missing the test installs Debian's
// libreoffice-calc-nogui as root (CI), and otherwise fails with the command to run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { parseCsv } from "../../src/engine/ingest/csv";
import { runCli } from "./helpers";

const INSTALL = "apt-get install -y --no-install-recommends libreoffice-calc-nogui";

function findSoffice(): string | null {
  for (const name of ["soffice", "libreoffice"]) {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

function ensureSoffice(): string {
  const found = findSoffice();
  if (found) return found;
  if (typeof process.getuid === "function" && process.getuid() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = () => spawnSync("sh", ["-c", INSTALL], { stdio: "inherit", env });
    if (install().status !== 0) {
      spawnSync("apt-get", ["update"], { stdio: "inherit", env });
      install();
    }
    const now = findSoffice();
    if (now) return now;
  }
  assert.fail(`LibreOffice (soffice) is needed to check the CLI's workbooks in a spreadsheet application. Install it: sudo ${INSTALL}`);
}

const dir = mkdtempSync(path.join(tmpdir(), "trendcast-lo-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Each sheet as LibreOffice shows it (cell text as displayed), by sheet name. */
function asShown(soffice: string, book: string): Map<string, string[][]> {
  const out = path.join(dir, "csv");
  // Filter tokens: comma, double quote, UTF-8, from line 1, ..., token 9 true = cell contents as shown, 12 = -1: every sheet.
  execFileSync(soffice, ["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", out, book], {
    env: { ...process.env, HOME: path.join(dir, "home") },
    stdio: "ignore",
    timeout: 120_000,
  });
  const base = path.basename(book, ".xlsx");
  const sheets = new Map<string, string[][]>();
  for (const name of ["Forecast", "Restock", "Model"]) sheets.set(name, parseCsv(readFileSync(path.join(out, `${base}-${name}.csv`), "utf8"), ","));
  return sheets;
}

/** Column widths (characters) per sheet, from the workbook's XML. */
function columnWidths(book: string): Map<string, Map<number, number>> {
  const files = unzipSync(readFileSync(book));
  const wb = strFromU8(files["xl/workbook.xml"]);
  const names = [...wb.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  const widths = new Map<string, Map<number, number>>();
  names.forEach((name, i) => {
    const xml = strFromU8(files[`xl/worksheets/sheet${i + 1}.xml`]);
    const cols = new Map<number, number>();
    for (const m of xml.matchAll(/<col min="(\d+)" max="(\d+)" width="([\d.]+)"/g)) for (let c = Number(m[1]); c <= Number(m[2]); c++) cols.set(c - 1, Number(m[3]));
    widths.set(name, cols);
  });
  return widths;
}

const isNumberText = (s: string) => /^[-+]?[\d,]*\.?\d+(%|×| better| worse)?$/.test(s) || /^\d{4}-\d{2}-\d{2}$/.test(s);

test("the demo workbook in LibreOffice Calc: dates and numbers formatted, columns wide enough, the Model sheet a buyer reads", { timeout: 240_000 }, async () => {
  const soffice = ensureSoffice();
  const book = path.join(dir, "demo.xlsx");
  const r = await runCli(["demo", "--model", "ets", "--out", book]);
  assert.equal(r.code, 0, r.err);
  const shown = asShown(soffice, book);
  const widths = columnWidths(book);

  const forecast = shown.get("Forecast")!;
  assert.deepEqual(forecast[0].slice(0, 4), ["SKU", "Date", "Model", "P50"]);
  for (const row of forecast.slice(1)) {
    assert.match(row[1], /^\d{4}-\d{2}-\d{2}$/, `a date shows as a date: ${row.join(",")}`);
    for (const q of row.slice(3)) assert.match(q, /^[\d,]+\.\d{2}$/, `a quantity shows with two decimals: ${q}`);
  }
  const restock = shown.get("Restock")!;
  assert.match(restock[1][5], /^\d+%$/, "service level as a percentage");

  // Every number or date LibreOffice shows fits its column (a cell wider than its column shows ###).
  for (const [name, rows] of shown) {
    const cols = widths.get(name)!;
    rows.forEach((row, r) =>
      row.forEach((text, c) => {
        if (!isNumberText(text)) return;
        assert.ok(cols.has(c), `${name}: column ${c + 1} holds numbers and has a width set`);
        assert.ok(text.length + 1 <= cols.get(c)!, `${name}!R${r + 1}C${c + 1} "${text}" fits width ${cols.get(c)}`);
      }),
    );
  }

  const model = shown.get("Model")!;
  const text = model.map((row) => row.join(" ")).join("\n");
  assert.match(text, /Trained on 36 SKUs of daily sales from 2024-01-01 to 2025-12-30 \(730 periods\), to forecast 28 days ahead\./);
  assert.match(text, /Over the last 1 × 28 days its error was \d+% (lower|higher) than repeating last week's sales; the 80% band held the actual sales \d+% of the time\./);
  assert.match(text, /install the Trendcast add-in/);
  const header = model.findIndex((row) => row[0] === "SKU" && row[1] === "Forecaster");
  assert.ok(header > 0, "the per-SKU table");
  assert.deepEqual(model[header].slice(2), ["Backtest error vs seasonal naive", "80% band hit rate", "Promotion lift", "Seasonal peak", "Recent trend per month", "Trust grade"]);
  const skuRows = model.slice(header + 1, header + 37);
  assert.equal(skuRows.length, 36);
  for (const row of skuRows) {
    assert.match(row[0], /^SKU-\d{3}$/);
    assert.equal(row[1], "Exponential smoothing (ETS)");
    assert.match(row[2], /^\d+% (better|worse)$|^same$/, `backtest against seasonal naive for ${row[0]}`);
    assert.match(row[3], /^\d+%$/, `band hit rate for ${row[0]}`);
    assert.match(row[4], /^\d+\.\d{2}×$/, `promotion lift for ${row[0]} (the sample has promotions)`);
    assert.match(row[5], /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat)$/);
    assert.match(row[6], /^[-+]?\d+\.\d%$/);
    assert.match(row[7], /^[ABC]$/);
  }
  assert.equal(model[header + 37].join(""), "", "a blank row after the table");
  assert.match(model[header + 38][0], /How the trust grade is set/);
  assert.match(model[header + 39][0], /^A: error at least 10% lower than seasonal naive/);
  assert.ok(model.some((row) => row[0] === "Technical settings"));
  const beforeProblems = model.slice(0, model.findIndex((row) => row[0] === "Data problems found"));
  assert.ok(!/\bn\/a\b/.test(beforeProblems.flat().join(" ")), "no n/a left among the Model sheet's figures (the data problems may quote one)");
});
