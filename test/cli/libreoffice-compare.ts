/**
 * Used by libreoffice-check.sh: compares every sheet of a workbook Trendcast wrote, as our reader sees it, with the
 * CSV that LibreOffice exported from it (values as LibreOffice shows them: dates in their number format).
 *   npx tsx test/cli/libreoffice-compare.ts <book.xlsx> <folder of book-<Sheet>.csv>
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseCsv } from "../../src/engine/ingest/csv";
import { readXlsx } from "../../src/cli/xlsx";

const [book, folder] = process.argv.slice(2);
const wb = readXlsx(readFileSync(book));
const base = path.basename(book).replace(/\.xlsx$/i, "");
let problems = 0;
let compared = 0;
for (const sheet of wb.sheets) {
  const csvFile = path.join(folder, `${base}-${sheet.name}.csv`);
  if (!existsSync(csvFile)) {
    console.log(`MISSING ${csvFile}`);
    problems++;
    continue;
  }
  const lo = parseCsv(readFileSync(csvFile, "utf8"), ",");
  if (lo.length !== sheet.values.length) {
    console.log(`${sheet.name}: LibreOffice has ${lo.length} rows, we wrote ${sheet.values.length}`);
    problems++;
  }
  sheet.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const got = lo[r]?.[c] ?? "";
      let ok: boolean;
      if (typeof v === "number" && /yyyy-mm-dd/.test(sheet.numberFormats[r][c])) ok = got === new Date((v - 25569) * 86400000).toISOString().slice(0, 10);
      else if (typeof v === "number") ok = Math.abs(Number(got) - v) <= 1e-9 * Math.max(1, Math.abs(v));
      else if (typeof v === "boolean") ok = got.toUpperCase() === String(v).toUpperCase();
      else ok = got === v;
      compared++;
      if (!ok && problems++ < 20) console.log(`${sheet.name}!R${r + 1}C${c + 1}: we wrote ${JSON.stringify(v)}, LibreOffice shows ${JSON.stringify(got)}`);
    }),
  );
}
console.log(`${path.basename(book)}: ${wb.sheets.length} sheets, ${compared} cells compared, ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
