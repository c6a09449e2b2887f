/**
 * Generates the bundled sample workbook samples/sample-sales.xlsx and its CSV twin samples/sample-sales.csv,
 * deterministically (seeded RNG): 36 SKUs, two years of daily sales (2024-01-01 .. 2025-12-30) with a weekly
 * pattern, yearly seasonality, promotions (about 1.5-2.5x uplift) and six intermittent SKUs.
 *
 * Sheet "Sales": wide layout (Date column + one column per SKU). Sheet "Promotions": the promotion flags (0/1) for
 * the history and the plan for the next 28 days. The Sales sheet carries four deliberate data problems so the demo
 * shows issues with cell addresses: a text cell, a date row pasted twice, a missing day and an #N/A error value.
 * The pasted row is an exact copy, kept on purpose: ingest counts it once and says so (an info note naming both
 * rows), so the sample shows the note without its sales being doubled.
 * The CSV twin is the clean long table series_id,date,value,promo of the same history (no data problems), ready for
 * `trendcast backtest`.
 *
 *   npm run sample
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { seededRandom } from "../src/engine/random";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT_XLSX = path.join(ROOT, "samples", "sample-sales.xlsx");
const OUT_CSV = path.join(ROOT, "samples", "sample-sales.csv");

const SKUS = 36;
const DAYS = 730;
const PLAN_DAYS = 28;
const FIRST_DAY = Date.UTC(2024, 0, 1) / 86400000;


/** Poisson draw (Knuth for small means, normal approximation above 40). */
function poisson(mean: number, u: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 40) {
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = u();
  while (p > limit) {
    k++;
    p *= u();
  }
  return k;
}

const iso = (epochDay: number) => new Date(epochDay * 86400000).toISOString().slice(0, 10);

type Sku = { id: string; sales: number[]; promo: number[] };

function makeSkus(seed = 20241): Sku[] {
  const u = seededRandom(seed);
  const skus: Sku[] = [];
  for (let k = 0; k < SKUS; k++) {
    const intermittent = k >= SKUS - 6;
    const id = `SKU-${String(k + 1).padStart(3, "0")}`;
    const base = intermittent ? 0.15 + 0.25 * u() : 4 + 40 * u() * u();
    const weekly = [0.85, 0.8, 0.85, 0.95, 1.15, 1.4, 1.0].map((w) => 1 + (w - 1) * (0.5 + u()));
    const yearlyAmp = 0.1 + 0.35 * u();
    const peakDay = 330 + Math.floor(30 * u());
    const uplift = 1.5 + u();
    const trend = (u() - 0.4) * 0.0006;
    const promo = new Array<number>(DAYS + PLAN_DAYS).fill(0);
    let d = Math.floor(u() * 30);
    while (d < DAYS + PLAN_DAYS) {
      const len = 4 + Math.floor(u() * 4);
      for (let i = d; i < Math.min(DAYS + PLAN_DAYS, d + len); i++) promo[i] = 1;
      d += len + 25 + Math.floor(u() * 30);
    }
    const sales: number[] = [];
    for (let t = 0; t < DAYS; t++) {
      const dow = (FIRST_DAY + t + 3) % 7; // 0 = Monday
      const doy = t % 365;
      const yearly = 1 + yearlyAmp * Math.cos((2 * Math.PI * (doy - peakDay)) / 365);
      const mean = base * weekly[dow] * yearly * (1 + trend * t) * (promo[t] ? uplift : 1);
      if (intermittent) sales.push(u() < Math.min(0.9, mean) ? 1 + poisson(1.5 * (promo[t] ? uplift : 1), u) : 0);
      else sales.push(poisson(mean * (0.8 + 0.4 * u()), u));
    }
    skus.push({ id, sales, promo });
  }
  return skus;
}

async function main(): Promise<void> {
  const skus = makeSkus();
  mkdirSync(path.dirname(OUT_XLSX), { recursive: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = "Trendcast sample generator";
  wb.created = new Date(Date.UTC(2025, 11, 31));
  wb.modified = wb.created;
  const sales = wb.addWorksheet("Sales");
  sales.addRow(["Date", ...skus.map((s) => s.id)]);
  const MISSING_DAY = 400; // the row of 2025-02-04 is left out
  const DUPLICATE_DAY = 200; // the row of 2024-07-19 is pasted twice, exactly: counted once, with a note
  for (let t = 0; t < DAYS; t++) {
    if (t === MISSING_DAY) continue;
    const row: ExcelJS.CellValue[] = [new Date((FIRST_DAY + t) * 86400000), ...skus.map((s) => s.sales[t])];
    sales.addRow(row);
    if (t === DUPLICATE_DAY) sales.addRow(row);
  }
  sales.getColumn(1).numFmt = "yyyy-mm-dd";
  sales.getColumn(1).width = 12;
  // A text cell and an error value inside the numbers.
  sales.getCell("D120").value = "n/a";
  sales.getCell("H350").value = { error: "#N/A" };
  sales.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];

  const promo = wb.addWorksheet("Promotions");
  promo.addRow(["Date", ...skus.map((s) => s.id)]);
  for (let t = 0; t < DAYS + PLAN_DAYS; t++) promo.addRow([new Date((FIRST_DAY + t) * 86400000), ...skus.map((s) => s.promo[t])]);
  promo.getColumn(1).numFmt = "yyyy-mm-dd";
  promo.getColumn(1).width = 12;

  const about = wb.addWorksheet("About");
  for (const line of [
    "Trendcast sample workbook (generated by scripts/make-sample.ts, seed 20241).",
    "Sales: daily unit sales per SKU, 2024-01-01 to 2025-12-30. Promotions: 1 = on promotion, including the plan for the next 28 days.",
    "Deliberate data problems: D120 holds text, H350 holds #N/A, 2024-07-19 is pasted twice (counted once), 2025-02-04 is missing.",
    "Try: npm run demo   or   npm run trendcast -- forecast samples/sample-sales.xlsx --sheet Sales",
  ]) about.addRow([line]);
  await wb.xlsx.writeFile(OUT_XLSX);

  const lines = ["series_id,date,value,promo"];
  for (const s of skus) for (let t = 0; t < DAYS; t++) lines.push(`${s.id},${iso(FIRST_DAY + t)},${s.sales[t]},${s.promo[t]}`);
  writeFileSync(OUT_CSV, lines.join("\n") + "\n");
  console.log(`wrote ${path.relative(process.cwd(), OUT_XLSX)} and ${path.relative(process.cwd(), OUT_CSV)} (${SKUS} SKUs x ${DAYS} days)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
