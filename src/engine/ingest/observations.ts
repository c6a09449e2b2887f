/** Observations: one per SKU and data row, read from a long or a wide layout. */
import type { CellValue, InventoryInputs } from "../types";
import { IssueLog } from "./issues";
import type { Plan } from "./layout";
import { type Sheet, address, cellAt, isBlank, sheetRow } from "./sheet";
import { type ValueRead, problemText, readCovariate, readNumber, show } from "./values";

// Observations: one per SKU and data row

export type Observations = {
  sku: number[];
  day: number[];
  /** NaN when the cell has no usable value. */
  value: number[];
  /** Row index in the cleaned sheet, and column of the value cell. */
  r: number[];
  c: number[];
  /** 2: the sales cell is not blank (a value or a bad cell); 1: only covariates; 0: nothing for this SKU. */
  content: Uint8Array | number[];
  covariates: Map<string, number[]>;
  inventory: Map<keyof InventoryInputs, number[]>;
};

export function newObservations(covNames: string[], invKeys: Array<keyof InventoryInputs>): Observations {
  return {
    sku: [],
    day: [],
    value: [],
    r: [],
    c: [],
    content: [],
    covariates: new Map(covNames.map((n) => [n, []])),
    inventory: new Map(invKeys.map((k) => [k, []])),
  };
}

export type SkuInfo = { id: string; firstCell: string };

/** badCell's fill wordings as codes, for the message in the user's language (src/i18n). */
const FILL_CODES: Record<string, string> = {
  "the last known value is used": "lastKnown",
  "filled like other missing covariate values": "covariate",
  "interpolated from its neighbours": "interpolate",
  "filled with 0": "zero",
};

export function badCell(
  log: IssueLog,
  sheet: Sheet,
  r: number,
  c: number,
  v: CellValue,
  problem: Exclude<ValueRead, { value: number }>["problem"],
  sku: string,
  what: string,
  fill: string,
): void {
  const p = problemText(problem, v);
  log.add({
    severity: "warning",
    code: p.code,
    cell: address(sheet, r, c),
    sku,
    params: { cell: address(sheet, r, c), sku, column: what, value: show(v), fill: FILL_CODES[fill] ?? "other" },
    found: `${address(sheet, r, c)} (${what} of SKU "${sku}") holds ${p.what}`,
    action: `treated as missing: ${fill}`,
  });
}

export function badDateRow(log: IssueLog, sheet: Sheet, r: number, c: number, what: string, sku?: string): void {
  const v = cellAt(sheet, r, c);
  const blank = isBlank(v);
  const row = String(sheetRow(sheet, r));
  const where = { row, cell: address(sheet, r, c) };
  log.add({
    params: blank
      ? { ...where, variant: sku === undefined ? "any" : "sku", sku: sku ?? "" }
      : { ...where, variant: typeof v === "number" ? "number" : "text", value: show(v) },
    severity: "warning",
    code: blank ? "missing-date" : "bad-date",
    cell: address(sheet, r, c),
    row: sheetRow(sheet, r),
    found: blank
      ? `row ${sheetRow(sheet, r)} has ${what} but no date in ${address(sheet, r, c)}`
      : `${address(sheet, r, c)} holds ${show(v)}, which is not a date${typeof v === "number" ? " Trendcast can place" : ""}`,
    action: `row ${sheetRow(sheet, r)} left out; put a date there to use it`,
  });
}

/** The SKU named in a row of a long layout: the SKU columns' texts joined ("" when all are blank). */
function rowSkuId(sheet: Sheet, r: number, idCols: number[]): string {
  let id = "";
  for (const c of idCols) {
    const v = cellAt(sheet, r, c);
    if (isBlank(v)) continue;
    const t = typeof v === "string" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : show(v);
    id = id === "" ? t : `${id} / ${t}`;
  }
  return id;
}

/** Inventory inputs of one row of a long layout (bad cells said; the last known value is used). */
function readLongInventory(sheet: Sheet, plan: Extract<Plan, { layout: "long" }>, r: number, id: string, invArrays: number[][], log: IssueLog): void {
  for (let k = 0; k < invArrays.length; k++) {
    const v = cellAt(sheet, r, plan.inventory[k]!.col);
    const ir = readNumber(v);
    if ("value" in ir) invArrays[k]!.push(ir.value);
    else {
      invArrays[k]!.push(NaN);
      if (ir.problem !== "blank") badCell(log, sheet, r, plan.inventory[k]!.col, v, ir.problem, id, plan.inventory[k]!.key, "the last known value is used");
    }
  }
}

/** Per SKU of a wide layout: which column gives each covariate / inventory input (its own column first, then a shared one). */
function wideColumnsPerSku(
  plan: Extract<Plan, { layout: "wide" | "single" }>,
  covNames: string[],
  invKeys: Array<keyof InventoryInputs>,
  log: IssueLog,
): { covCols: number[][]; invCols: number[][] } {
  const covCols = plan.skus.map((s) =>
    covNames.map((n) => (plan.covariates.find((c) => c.name === n && c.skuKey === s.key) ?? plan.covariates.find((c) => c.name === n && c.skuKey === null))?.col ?? -1),
  );
  const invCols = plan.skus.map((s) =>
    invKeys.map((k) => (plan.inventory.find((c) => c.key === k && c.skuKey === s.key) ?? plan.inventory.find((c) => c.key === k && c.skuKey === null))?.col ?? -1),
  );
  for (const n of covNames) {
    const missing = plan.skus.filter((_, i) => covCols[i]![covNames.indexOf(n)]! < 0);
    if (missing.length > 0) {
      log.add({
        severity: "info",
        code: "covariate-not-given",
        params: { count: missing.length, skus: `${missing.slice(0, 3).map((s) => s.id).join(", ")}${missing.length > 3 ? "..." : ""}`, name: n },
        sku: missing[0]!.id,
        found: `${missing.length} SKU${missing.length === 1 ? "" : "s"} (${missing.slice(0, 3).map((s) => s.id).join(", ")}${missing.length > 3 ? "..." : ""}) have no "${n}" column`,
        action: `"${n}" taken as 0 for them`,
      });
    }
  }
  return { covCols, invCols };
}

export function readLong(
  sheet: Sheet,
  plan: Extract<Plan, { layout: "long" }>,
  firstData: number,
  dateColIndex: number,
  days: Float64Array,
  fillText: string,
  log: IssueLog,
  /** The sheet as written, for SKU codes (a code such as "10.001" is not a number to read). */
  idSheet: Sheet = sheet,
): { obs: Observations; skus: SkuInfo[] } {
  const obs = newObservations(plan.covariates.map((c) => c.name), plan.inventory.map((i) => i.key));
  const covArrays = plan.covariates.map((c) => obs.covariates.get(c.name)!);
  const invArrays = plan.inventory.map((i) => obs.inventory.get(i.key)!);
  const skuIndex = new Map<string, number>();
  const skus: SkuInfo[] = [];
  const content = obs.content as number[];
  const covCells: CellValue[] = new Array<CellValue>(plan.covariates.length).fill(null);
  for (let r = firstData; r < sheet.rows.length; r++) {
    const id = rowSkuId(idSheet, r, plan.idCols);
    const rawValue = cellAt(sheet, r, plan.valueCol);
    let hasCov = false;
    for (let k = 0; k < covCells.length; k++) {
      const v = cellAt(sheet, r, plan.covariates[k]!.col);
      covCells[k] = v;
      if (!hasCov && !isBlank(v)) hasCov = true;
    }
    if (id === "") {
      if (!isBlank(rawValue) || hasCov) {
        log.add({
          severity: "warning",
          code: "missing-sku",
          params: { row: String(sheetRow(sheet, r)), cell: address(sheet, r, plan.idCols[0]!) },
          cell: address(sheet, r, plan.idCols[0]!),
          row: sheetRow(sheet, r),
          found: `row ${sheetRow(sheet, r)} has data but no SKU in ${address(sheet, r, plan.idCols[0]!)}`,
          action: `row ${sheetRow(sheet, r)} left out; fill in the SKU to use it`,
        });
      }
      continue;
    }
    const day = days[r]!;
    if (Number.isNaN(day)) {
      badDateRow(log, sheet, r, dateColIndex, `data for SKU "${id}"`, id);
      continue;
    }
    let s = skuIndex.get(id);
    if (s === undefined) {
      s = skus.length;
      skuIndex.set(id, s);
      skus.push({ id, firstCell: address(sheet, r, plan.idCols[0]!) });
    }
    const read = readNumber(rawValue);
    let value = NaN;
    if ("value" in read) value = read.value;
    else if (read.problem !== "blank") badCell(log, sheet, r, plan.valueCol, rawValue, read.problem, id, "quantity", fillText);
    obs.sku.push(s);
    obs.day.push(day);
    obs.value.push(value);
    obs.r.push(r);
    obs.c.push(plan.valueCol);
    content.push(!isBlank(rawValue) ? 2 : hasCov ? 1 : 0);
    for (let k = 0; k < covArrays.length; k++) {
      const v = covCells[k];
      const cr = readCovariate(v);
      if ("value" in cr) covArrays[k]!.push(cr.value);
      else {
        covArrays[k]!.push(NaN);
        if (cr.problem !== "blank") badCell(log, sheet, r, plan.covariates[k]!.col, v, cr.problem, id, plan.covariates[k]!.name, "filled like other missing covariate values");
      }
    }
    readLongInventory(sheet, plan, r, id, invArrays, log);
  }
  return { obs, skus };
}

export function readWide(
  sheet: Sheet,
  plan: Extract<Plan, { layout: "wide" | "single" }>,
  firstData: number,
  dateColIndex: number | null,
  days: Float64Array,
  fillText: string,
  log: IssueLog,
): { obs: Observations; skus: SkuInfo[] } {
  const covNames = [...new Set(plan.covariates.map((c) => c.name))];
  const invKeys = [...new Set(plan.inventory.map((c) => c.key))];
  const obs = newObservations(covNames, invKeys);
  const headerRow = Math.max(0, firstData - 1);
  const skus: SkuInfo[] = plan.skus.map((s) => ({ id: s.id, firstCell: address(sheet, headerRow, s.col) }));
  const { covCols, invCols } = wideColumnsPerSku(plan, covNames, invKeys, log);
  // A bad cell in a column shared by several SKUs is reported once, with the first SKU using it.
  const firstUser = new Map<number, number>();
  covCols.forEach((cols, s) => cols.forEach((col) => {
    if (col >= 0 && !firstUser.has(col)) firstUser.set(col, s);
  }));
  const covArrays = covNames.map((n) => obs.covariates.get(n)!);
  const invArrays = invKeys.map((k) => obs.inventory.get(k)!);
  const content = obs.content as number[];
  const nRows = sheet.rows.length;
  const allCols = [...plan.skus.map((s) => s.col), ...plan.covariates.map((c) => c.col), ...plan.inventory.map((c) => c.col)];
  for (let r = firstData; r < nRows; r++) {
    const day = days[r]!;
    if (Number.isNaN(day)) {
      if (dateColIndex !== null && allCols.some((c) => !isBlank(cellAt(sheet, r, c)))) badDateRow(log, sheet, r, dateColIndex, "data");
      continue;
    }
    for (let s = 0; s < plan.skus.length; s++) {
      const col = plan.skus[s]!.col;
      const raw = cellAt(sheet, r, col);
      const read = readNumber(raw);
      let value = NaN;
      let has = false;
      if ("value" in read) value = read.value;
      else if (read.problem !== "blank") badCell(log, sheet, r, col, raw, read.problem, skus[s]!.id, "sales", fillText);
      obs.sku.push(s);
      obs.day.push(day);
      obs.value.push(value);
      obs.r.push(r);
      obs.c.push(col);
      const cc = covCols[s]!;
      for (let k = 0; k < cc.length; k++) {
        if (cc[k]! < 0) {
          covArrays[k]!.push(0);
          continue;
        }
        const v = cellAt(sheet, r, cc[k]!);
        const cr = readCovariate(v);
        if ("value" in cr) {
          covArrays[k]!.push(cr.value);
          has = true;
        } else {
          covArrays[k]!.push(NaN);
          if (cr.problem !== "blank" && firstUser.get(cc[k]!) === s) {
            badCell(log, sheet, r, cc[k]!, v, cr.problem, skus[s]!.id, covNames[k]!, "filled like other missing covariate values");
          }
        }
      }
      const ic = invCols[s]!;
      for (let k = 0; k < ic.length; k++) {
        const v = ic[k]! < 0 ? null : cellAt(sheet, r, ic[k]!);
        const ir = readNumber(v);
        invArrays[k]!.push("value" in ir ? ir.value : NaN);
      }
      content.push(!isBlank(raw) ? 2 : has ? 1 : 0);
    }
  }
  return { obs, skus };
}

// ---------------------------------------------------------------------------------------------------------------
