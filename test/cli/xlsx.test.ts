// The CLI's own .xlsx reader and writer (src/cli/xlsx.ts), which replace exceljs (issue 13 §3), and the warning
// for formula cells saved without a result (issue 10 §3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { readXlsx, writeXlsx } from "../../src/cli/xlsx";
import { DAY0, runCli } from "./helpers";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = mkdtempSync(path.join(tmpdir(), "trendcast-xlsx-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const NS = "http://schemas.openxmlformats.org";

/** A workbook as another program might write it: prefixed namespaces, 1904 dates, no cell references. */
function handMadeWorkbook(sheetXml: string, options: { date1904?: boolean; prefix?: string } = {}): Uint8Array {
  const p = options.prefix ?? "";
  return zipSync({
    "[Content_Types].xml": strToU8(`<Types xmlns="${NS}/package/2006/content-types"/>`),
    "_rels/.rels": strToU8(`<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="r1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="/xl/book.xml"/></Relationships>`),
    "xl/book.xml": strToU8(
      `<${p}workbook xmlns${p ? ":" + p.slice(0, -1) : ""}="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships">` +
        `<${p}workbookPr${options.date1904 ? ' date1904="1"' : ""}/><${p}sheets><${p}sheet name="Q&amp;A" sheetId="1" r:id="s1"/></${p}sheets></${p}workbook>`,
    ),
    "xl/_rels/book.xml.rels": strToU8(
      `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="s1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="sheets/one.xml"/>` +
        `<Relationship Id="s2" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/><Relationship Id="s3" Type="${NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    "xl/strings.xml": strToU8(
      `<sst xmlns="${NS}/spreadsheetml/2006/main"><si><t>Date</t></si><si><r><t>Red </t></r><r><rPr><b/></rPr><t xml:space="preserve">apples</t></r><rPh><t>ゴミ</t></rPh></si><si><t>a&lt;b_x000D_c</t></si></sst>`,
    ),
    "xl/styles.xml": strToU8(
      `<styleSheet xmlns="${NS}/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>` +
        `<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
    ),
    "xl/sheets/one.xml": strToU8(`<${p}worksheet xmlns${p ? ":" + p.slice(0, -1) : ""}="${NS}/spreadsheetml/2006/main"><${p}sheetData>${sheetXml}</${p}sheetData></${p}worksheet>`),
  });
}

test("the reader gives values and formats as Excel hands them, and lists formulas saved without a result", () => {
  const rows =
    `<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>inline</t></is></c><c t="b"><v>1</v></c></row>` +
    `<row r="3"><c r="A3" s="1"><v>43831</v></c><c r="B3"><f>SUM(1,2)</f><v>3</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="s"><v>2</v></c></row>` +
    `<row r="4"><c r="A4" s="2"><v>43832</v></c><c r="B4"><f>B3*2</f></c><c r="C4" t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c r="E4"><f t="shared" si="0"/><v></v></c></row>`;
  for (const prefix of ["", "x:"]) {
    const wb = readXlsx(handMadeWorkbook(rows, { date1904: true, prefix }));
    assert.equal(wb.date1904, true);
    const [s] = wb.sheets;
    assert.equal(s.name, "Q&A");
    assert.deepEqual(s.values, [
      ["Date", "Red apples", "inline", true],
      ["", "", "", ""],
      [43831 + 1462, 3, "#N/A", "a<b\rc"],
      [43832 + 1462, "", "xy", ""],
    ]); // up to the last cell with a value
    assert.equal(s.numberFormats[2][0], "dd/mm/yyyy");
    assert.equal(s.numberFormats[3][0], "m/d/yyyy");
    assert.deepEqual(s.formulasWithoutResult, ["B4", "E4"]);
  }
  assert.throws(() => readXlsx(strToU8("not a zip")), /not a zip file/);
});

test("the writer's workbook reads back: text, numbers, dates, booleans, errors, formats, widths, frozen header", () => {
  const tricky = 'a & b < c > "d" _x0041_ \u0001 tab\there';
  const bytes = writeXlsx(
    [
      {
        name: "Forecast",
        rows: [["SKU", "Date", "P50"], ["=not a formula", new Date(Date.UTC(2024, 0, 2)), 1.25], [tricky, null, Number.NaN], [true, { error: "#N/A" }, -3]],
        boldRows: [0],
        freeze: { rows: 1 },
        columns: [{ width: 20 }, { width: 12, numFmt: "yyyy-mm-dd" }, { numFmt: "0.00" }],
      },
      { name: "Model", rows: [["Model", "ets"]] },
    ],
    { kind: "forecast" },
  );
  const wb = readXlsx(bytes);
  assert.deepEqual(
    wb.sheets.map((s) => s.name),
    ["Forecast", "Model"],
  );
  const f = wb.sheets[0];
  assert.deepEqual(f.values, [
    ["SKU", "Date", "P50"],
    ["=not a formula", 45293, 1.25],
    [tricky, "", ""],
    [true, "#N/A", -3],
  ]);
  assert.equal(f.numberFormats[1][1], "yyyy-mm-dd");
  assert.equal(f.numberFormats[1][2], "0.00");
  assert.deepEqual(f.formulasWithoutResult, []);
  assert.deepEqual(wb.core, { creator: "Trendcast", lastModifiedBy: "Trendcast", keywords: "trendcast-output forecast" });
  const parts = unzipSync(bytes);
  const sheetXml = strFromU8(parts["xl/worksheets/sheet1.xml"]);
  assert.match(sheetXml, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  assert.match(sheetXml, /<col min="1" max="1" width="20" customWidth="1"\/>/);
  assert.doesNotMatch(sheetXml, /<f>/); // text is never written as a formula
  assert.match(strFromU8(parts["xl/styles.xml"]), /<font><b\/>/);
});

test("the committed sample workbook (written by another program) reads with its dates, text cell and error", () => {
  const wb = readXlsx(readFileSync(path.join(ROOT, "samples", "sample-sales.xlsx")));
  const sales = wb.sheets.find((s) => s.name === "Sales");
  assert.ok(sales);
  assert.equal(sales.values[1][0], DAY0 + 25569); // 2024-01-01 as an Excel serial
  assert.match(sales.numberFormats[1][0], /yyyy-mm-dd/);
  assert.equal(sales.values[119][3], "n/a"); // D120
  assert.equal(sales.values[349][7], "#N/A"); // H350
});

test("forecast warns about formula cells without a result and names them", async () => {
  let rows = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Apples</t></is></c></row>`;
  for (let t = 0; t < 60; t++) {
    const r = t + 2;
    const v = t === 10 || t === 11 ? `<c r="B${r}"><f>B${r - 7}</f></c>` : `<c r="B${r}"><v>${[5, 5, 6, 7, 9, 12, 8][t % 7]}</v></c>`;
    rows += `<row r="${r}"><c r="A${r}" s="1"><v>${DAY0 + 25569 + t}</v></c>${v}</row>`;
  }
  const input = path.join(dir, "formulas.xlsx");
  writeFileSync(input, handMadeWorkbook(rows));
  const out = path.join(dir, "formulas-forecast.xlsx");
  const r = await runCli(["forecast", input, "--model", "snaive", "--no-backtest", "--horizon", "7", "--out", out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /warning at Q&A B12: 2 formula cell\(s\) saved without a calculated result: B12, B13 — read as blank/);
  const model = readXlsx(readFileSync(out)).sheets.find((s) => s.name === "Model");
  assert.ok(model?.values.some((row) => String(row[2]).includes("saved without a calculated result: B12, B13")));
});
