/**
 * The Restock sheet's "Suggested order" (its =TREND.RESTOCK formula, evaluated here by the functions' own service
 * on the cells the sheet holds) agrees with "Computed order" (what the pane computed when writing), for weekly data
 * where the calendar matters: the formula must get the SKU's dates, not only its sales.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildResultSheets } from "../../src/office/results";
import type { OutCell, SheetSpec } from "../../src/office/write";
import { ingestGrid } from "../../src/engine/ingest/ingest";
import { classicalForecaster, seasonalNaive } from "../../src/engine/forecast/models/index";
import { detectSeasonLength } from "../../src/engine/forecast/season";
import { suggestRestock } from "../../src/engine/restock/restock";
import type { TrainedModel, ModelCard } from "../../src/engine/forecast/trained-model";
import { FormulaService } from "../../src/functions/service";
import { forecastPanel, inventoryRows } from "../../src/taskpane/forecasting";
import { parseCell } from "../../src/office/addresses";
import type { CellGrid, CellValue } from "../../src/engine/types";

function weeklyGrid(): CellGrid {
  const values: CellValue[][] = [["Date", "Parasol", "Gloves"]];
  const numberFormats: string[][] = [["General", "General", "General"]];
  for (let w = 0; w < 156; w++) {
    const season = Math.sin((2 * Math.PI * w) / 52);
    values.push([45000 + 7 * w, Math.round(40 + 30 * season + (w % 3)), Math.round(25 - 15 * season + (w % 4))]);
    numberFormats.push(["yyyy-mm-dd", "General", "General"]);
  }
  return { values, numberFormats };
}

/** The cell at a sheet position, from the spec's blocks. */
function cellAt(spec: SheetSpec, row: number, column: number): OutCell {
  for (const b of spec.blocks) {
    const r = b.rows[row - b.row];
    if (r && column >= b.column && column - b.column < r.length) return r[column - b.column] ?? null;
  }
  return null;
}

/** Evaluates one =TREND.RESTOCK(...) of the spec like Excel would hand its arguments to the custom function. */
async function evaluateRestock(service: FormulaService, spec: SheetSpec, formula: string): Promise<number> {
  const m = /^=TREND\.RESTOCK\((.*)\)$/.exec(formula);
  assert.ok(m, formula);
  const args = m[1].split(",").map((a): unknown => {
    if (a === "") return null;
    if (/^(TRUE|FALSE)$/.test(a)) return a === "TRUE";
    const [first, last] = a.replace(/\$/g, "").split(":");
    const p = parseCell(first);
    if (!last) return cellAt(spec, p.row, p.column);
    const q = parseCell(last);
    const out: unknown[][] = [];
    for (let r = p.row; r <= q.row; r++) out.push([cellAt(spec, r, p.column)]);
    return out;
  });
  const [values, onHand, lead, level, onOrder, review, moq, pack, detail, , timeline, promoPlan] = args;
  const result = await service.restock(values, onHand, lead, level, onOrder, review, moq, pack, detail, timeline, promoPlan);
  return result[0][0] as number;
}

/** Daily sales of two SKUs in long layout with a promotion flag, and 14 plan rows (flags, no sales) after the last sale. */
function promoGrid(): CellGrid {
  const values: CellValue[][] = [["SKU", "Date", "Sales", "Promo"]];
  for (const [sku, base] of [["Penne", 30], ["Fusilli", 12]] as const) {
    for (let d = 0; d < 140; d++) {
      const promo = d % 21 < 4 || (d >= 126 && d < 131) ? 1 : 0;
      values.push([sku, 45000 + d, d < 126 ? Math.round(base * (1 + (d % 7) / 10) * (promo ? 2.5 : 1)) : "", promo]);
    }
  }
  return { values, numberFormats: values.map((_r, i) => ["General", i === 0 ? "General" : "yyyy-mm-dd", "General", "General"]) };
}

async function checkAgreement(grid: CellGrid, frequency: string, horizon: number, typed: Parameters<typeof inventoryRows>[2]): Promise<string[]> {
  const panel = ingestGrid(grid);
  assert.equal(panel.frequency, frequency);
  const skus = panel.series.map((s) => s.id);
  const inventory = inventoryRows(panel, skus, typed, false);
  const model = { accepts: () => false } as unknown as TrainedModel;
  const result = await forecastPanel(model, panel, skus, horizon, 0.8, inventory);
  const card = { horizon, frequency, scores: {}, perSku: [], settings: {} } as unknown as ModelCard;
  const [, restock] = buildResultSheets({
    panel, forecasts: result.forecasts, level: 0.8, chartSkus: [], card, modelFor: () => "classical", inventory, restock: result.restock,
  });
  const service = new FormulaService({ activeModel: async () => null, classical: classicalForecaster("classical"), baseline: seasonalNaive, detectSeasonLength, suggestRestock });
  const table = restock.blocks[restock.tableBlock ?? 0].rows;
  const formulas: string[] = [];
  for (let i = 1; i < table.length; i++) {
    const formula = (table[i][8] as { formula: string }).formula;
    formulas.push(formula);
    const suggested = await evaluateRestock(service, restock, formula);
    assert.equal(typeof table[i][9], "number", `${table[i][0]}: a computed order`);
    assert.equal(suggested, table[i][9], `${table[i][0]}: Suggested order (${formula}) = Computed order`);
  }
  return formulas;
}

test("Restock: with a promotion plan after the last sale, the formula gets the plan and agrees with the Computed order", async () => {
  const typed = { onHand: 20, onOrder: 0, leadTime: 7, serviceLevel: 0.95, reviewPeriod: 7, moq: 0, packSize: 1 };
  const formulas = await checkAgreement(promoGrid(), "daily", 28, typed);
  for (const f of formulas) assert.match(f, /,[A-Z]+\$2:[A-Z]+\$141\)$/, `the promotion plan (history + 14 plan rows) is the last argument: ${f}`);
});

test("Restock: the Suggested order formula agrees with the Computed order for every SKU (weekly data)", async () => {
  const panel = ingestGrid(weeklyGrid());
  assert.equal(panel.frequency, "weekly");
  const skus = panel.series.map((s) => s.id);
  const typed = { onHand: 30, onOrder: 10, leadTime: 3, serviceLevel: 0.95, reviewPeriod: 2, moq: 0, packSize: 1 };
  const inventory = inventoryRows(panel, skus, typed, false);
  // No trained model here: the pane and the formulas both use the classical choice, as for a SKU the model declines.
  const model = { accepts: () => false } as unknown as TrainedModel;
  const result = await forecastPanel(model, panel, skus, 8, 0.8, inventory);
  const card = { horizon: 8, frequency: "weekly", scores: {}, perSku: [], settings: {} } as unknown as ModelCard;
  const [, restock] = buildResultSheets({
    panel, forecasts: result.forecasts, level: 0.8, chartSkus: [], card, modelFor: () => "classical", inventory, restock: result.restock,
  });
  const service = new FormulaService({
    activeModel: async () => null,
    classical: classicalForecaster("classical"),
    baseline: seasonalNaive,
    detectSeasonLength,
    suggestRestock,
  });
  const table = restock.blocks[restock.tableBlock ?? 0].rows;
  for (let i = 1; i < table.length; i++) {
    const formula = (table[i][8] as { formula: string }).formula;
    const suggested = await evaluateRestock(service, restock, formula);
    const computed = table[i][9];
    assert.equal(typeof computed, "number", `${table[i][0]}: a computed order`);
    assert.equal(suggested, computed, `${table[i][0]}: Suggested order (${formula}) = Computed order`);
  }
});
