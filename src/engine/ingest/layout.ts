/** Layout detection: long (a SKU column), wide (a column per SKU) or single; which columns hold what. */
import type { InventoryInputs } from "../types";
import type { ColumnStats, DateColumn } from "./columns";
import { COVARIATE_WORDS, ID_WORDS, INVENTORY_WORDS, QUANTITY_WORDS, TOTAL_HEADERS, normalizeHeader } from "./headers";
import { IssueLog } from "./issues";
import { type Sheet, address, cellAt, columnName, isBlank } from "./sheet";

// Layout: which columns hold what

export type CovariateColumn = { col: number; name: string; skuKey: string | null };
export type InventoryColumn = { col: number; key: keyof InventoryInputs; skuKey: string | null };
export type SkuColumn = { col: number; id: string; key: string };

export type Plan =
  | { layout: "long"; idCols: number[]; valueCol: number; covariates: CovariateColumn[]; inventory: InventoryColumn[] }
  | { layout: "wide" | "single"; skus: SkuColumn[]; covariates: CovariateColumn[]; inventory: InventoryColumn[] };

export function skuKey(s: string): string {
  return normalizeHeader(s).replace(/ /g, "_");
}

/** Names of the header rows: merged upper rows are carried right; rows saying the same over every column are left out. */
export function headerNames(sheet: Sheet, headerRows: number, skip: number | null): { names: string[]; roleTexts: string[] } {
  const nCols = sheet.cols.length;
  const rowsTexts: string[][] = [];
  for (let r = 0; r < headerRows; r++) {
    const texts: string[] = [];
    let carry = "";
    for (let c = 0; c < nCols; c++) {
      const v = cellAt(sheet, r, c);
      let t = isBlank(v) ? "" : typeof v === "number" ? String(v) : String(v).trim();
      if (r < headerRows - 1 && c !== skip) {
        if (t === "") t = carry;
        else carry = t;
      }
      texts.push(t);
    }
    rowsTexts.push(texts);
  }
  const informative = rowsTexts.map((texts, r) => {
    if (r === headerRows - 1) return true;
    const over = texts.filter((t, c) => c !== skip && t !== "");
    return over.length > 0 && new Set(over).size > 1;
  });
  const names: string[] = [];
  const roleTexts: string[] = [];
  for (let c = 0; c < nCols; c++) {
    const parts: string[] = [];
    for (let r = 0; r < headerRows; r++) if (informative[r] && rowsTexts[r]![c] !== "") parts.push(rowsTexts[r]![c]!);
    names.push(parts.join(" / "));
    let role = "";
    for (let r = headerRows - 1; r >= 0 && role === ""; r--) role = rowsTexts[r]![c]!;
    roleTexts.push(role);
  }
  return { names, roleTexts };
}

/** Columns that name SKUs (by header word, or text that is not dates or flags); idByHeader when a header said so. */
function idColumns(sheet: Sheet, skip: number, stats: ColumnStats[], roleTexts: string[], hasHeader: boolean): { idCols: number[]; idByHeader: boolean } {
  const nCols = sheet.cols.length;
  const isNumericColumn = (o: ColumnStats): boolean => o.numbers > 0 && o.numbers >= 0.5 * o.nonEmpty;
  const numericColumns = stats.filter((o, k) => k !== skip && isNumericColumn(o)).length;
  const idCols: number[] = [];
  let idByHeader = false;
  for (let c = 0; c < nCols; c++) {
    if (c === skip) continue;
    const s = stats[c]!;
    const role = roleTexts[c]!;
    const otherRole =
      hasHeader &&
      (QUANTITY_WORDS.match(role) !== null || COVARIATE_WORDS.match(role) !== null || INVENTORY_WORDS.match(role) !== null);
    if (otherRole) continue;
    // A numeric column headed "Item" is a column of SKU codes only when another column can hold the quantities.
    const numeric = s.numbers > s.texts;
    const otherNumeric = numericColumns - (isNumericColumn(s) ? 1 : 0) > 0;
    const byHeader = hasHeader && ID_WORDS.match(role) !== null && (!numeric || otherNumeric);
    const textual = s.nonEmpty > 0 && s.texts >= 0.5 * s.nonEmpty && s.texts > s.numbers + s.dateTexts + s.flags;
    if (byHeader || textual) {
      idCols.push(c);
      if (byHeader) idByHeader = true;
    }
  }
  return { idCols, idByHeader };
}

/** Wide or single layout: every column other than the dates and the SKU names is a SKU, a covariate or an inventory input. */
function wideColumns(
  sheet: Sheet,
  skip: number,
  idCols: number[],
  names: string[],
  roleTexts: string[],
  hasHeader: boolean,
  headerCell: (c: number) => string,
  log: IssueLog,
): { skus: SkuColumn[]; covariates: CovariateColumn[]; inventory: InventoryColumn[] } {
  const nCols = sheet.cols.length;
  const skus: SkuColumn[] = [];
  const covariates: CovariateColumn[] = [];
  const inventory: InventoryColumn[] = [];
  const affixed: Array<{ col: number; kind: "cov" | "inv"; name: string; rest: string | null }> = [];
  const idSet = new Set(idCols);
  for (let c = 0; c < nCols; c++) {
    if (c === skip || idSet.has(c)) continue;
    const role = roleTexts[c]!;
    if (hasHeader && TOTAL_HEADERS.has(normalizeHeader(role))) {
      log.add({
        severity: "info",
        code: "total-column",
        params: { column: columnName(sheet, c), name: role },
        cell: headerCell(c),
        found: `column ${columnName(sheet, c)} ("${role}") looks like a total of the other columns`,
        action: "not used as a SKU",
      });
      continue;
    }
    const inv = hasHeader ? INVENTORY_WORDS.match(role) : null;
    const cov = hasHeader && inv === null ? COVARIATE_WORDS.match(role) : null;
    if (inv) affixed.push({ col: c, kind: "inv", name: inv.name, rest: inv.rest });
    else if (cov) affixed.push({ col: c, kind: "cov", name: cov.name, rest: cov.rest });
    else {
      let id = names[c] !== "" ? names[c]! : `Column ${columnName(sheet, c)}`;
      if (hasHeader) {
        const q = QUANTITY_WORDS.match(role);
        if (q && q.rest) id = names[c] === role ? q.rest : `${names[c]!.slice(0, names[c]!.length - role.length)}${q.rest}`;
      }
      skus.push({ col: c, id, key: skuKey(id) });
    }
  }
  const byKey = new Map<string, SkuColumn>();
  for (const s of skus) if (!byKey.has(s.key)) byKey.set(s.key, s);
  for (const a of affixed) {
    const key = a.rest ? skuKey(a.rest) : null;
    if (key !== null && !byKey.has(key)) {
      // "Holiday Cookies" is a SKU, not the holiday flag of SKU "Cookies".
      const id = names[a.col]!;
      const s = { col: a.col, id, key: skuKey(id) };
      skus.push(s);
      continue;
    }
    if (a.kind === "cov") covariates.push({ col: a.col, name: a.name, skuKey: key });
    else inventory.push({ col: a.col, key: a.name as keyof InventoryInputs, skuKey: key });
  }
  return { skus, covariates, inventory };
}

/** Two columns with one SKU name: keep both, told apart. */
function renameDuplicateSkus(sheet: Sheet, skus: SkuColumn[], headerCell: (c: number) => string, log: IssueLog): void {
  const seen = new Map<string, number>();
  for (const s of skus) {
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    if (n > 1) {
      const old = s.id;
      s.id = `${old} (${n})`;
      log.add({
        severity: "warning",
        code: "duplicate-sku-column",
        params: { column: columnName(sheet, s.col), name: old, sku: s.id },
        cell: headerCell(s.col),
        sku: s.id,
        found: `column ${columnName(sheet, s.col)} has the same SKU name "${old}" as an earlier column`,
        action: `kept as a separate SKU named "${s.id}"; rename the column if the two should be one`,
      });
    }
  }
}

export function planLayout(
  sheet: Sheet,
  headerRows: number,
  dateCol: DateColumn | null,
  stats: ColumnStats[],
  names: string[],
  roleTexts: string[],
  log: IssueLog,
): Plan | null {
  const skip = dateCol?.col ?? -1;
  const hasHeader = headerRows > 0;
  const headerCell = (c: number): string => address(sheet, Math.max(0, headerRows - 1), c);

  // Long layout: a column of SKU names.
  const { idCols, idByHeader } = idColumns(sheet, skip, stats, roleTexts, hasHeader);
  if (idCols.length > 0) {
    const repeats = idCols.some((c) => stats[c]!.distinctTexts > 0 && stats[c]!.distinctTexts <= stats[c]!.texts / 2);
    if (idByHeader || repeats) {
      if (dateCol === null) {
        log.add({
          severity: "error",
          code: "no-date-column",
          params: { column: columnName(sheet, idCols[0]!) },
          cell: headerCell(idCols[0]!),
          found: `column ${columnName(sheet, idCols[0]!)} names SKUs (one row per SKU and period), but no column holds dates`,
          action: "nothing read; add a date column (dates or Excel date numbers) and select it with the data",
        });
        return null;
      }
      return planLong(sheet, dateCol.col, idCols, stats, names, roleTexts, hasHeader, log);
    }
    for (const c of idCols) {
      log.add({
        severity: "info",
        code: "text-column",
        params: names[c] ? { variant: "named", column: columnName(sheet, c), name: names[c]! } : { column: columnName(sheet, c) },
        cell: headerCell(c),
        found: `column ${columnName(sheet, c)}${names[c] ? ` ("${names[c]}")` : ""} holds text, not sales numbers`,
        action: "not used",
      });
    }
  }

  // Wide or single: every other column is a SKU, a covariate or an inventory input.
  const { skus, covariates, inventory } = wideColumns(sheet, skip, idCols, names, roleTexts, hasHeader, headerCell, log);
  skus.sort((a, b) => a.col - b.col);
  if (skus.length === 0) {
    log.add({
      severity: "error",
      code: "no-sales-columns",
      params: {},
      cell: address(sheet, 0, 0),
      found: "no column holds sales numbers",
      action: "nothing read; select the dates and the sales columns (or the SKU, date and quantity columns)",
    });
    return null;
  }
  renameDuplicateSkus(sheet, skus, headerCell, log);
  return { layout: skus.length === 1 ? "single" : "wide", skus, covariates, inventory };
}

export function isBinaryColumn(s: ColumnStats): boolean {
  return s.numbers + s.flags > 0 && s.binary === s.numbers && s.texts === 0 && s.dateTexts === 0;
}

export function planLong(
  sheet: Sheet,
  dateColIndex: number,
  idCols: number[],
  stats: ColumnStats[],
  names: string[],
  roleTexts: string[],
  hasHeader: boolean,
  log: IssueLog,
): Plan | null {
  const nCols = sheet.cols.length;
  const idSet = new Set(idCols);
  const covariates: CovariateColumn[] = [];
  const inventory: InventoryColumn[] = [];
  const numeric: number[] = [];
  let valueCol = -1;
  for (let c = 0; c < nCols; c++) {
    if (c === dateColIndex || idSet.has(c)) continue;
    const role = roleTexts[c]!;
    if (hasHeader) {
      const inv = INVENTORY_WORDS.match(role);
      if (inv && inv.rest === null) {
        inventory.push({ col: c, key: inv.name as keyof InventoryInputs, skuKey: null });
        continue;
      }
      const cov = COVARIATE_WORDS.match(role);
      if (cov && cov.rest === null) {
        covariates.push({ col: c, name: cov.name, skuKey: null });
        continue;
      }
      if (valueCol < 0 && QUANTITY_WORDS.match(role)?.rest === null) {
        valueCol = c;
        continue;
      }
    }
    numeric.push(c);
  }
  const rest: number[] = [];
  for (const c of numeric) {
    if (valueCol < 0 && !isBinaryColumn(stats[c]!)) valueCol = c;
    else rest.push(c);
  }
  if (valueCol < 0 && rest.length > 0) valueCol = rest.shift()!;
  if (valueCol < 0) {
    log.add({
      severity: "error",
      code: "no-quantity-column", params: {},
      cell: address(sheet, 0, idCols[0]!),
      found: "the rows name SKUs and dates but no column holds the quantities sold",
      action: "nothing read; add a quantity column (for example \"qty\" or \"units\")",
    });
    return null;
  }
  const used = new Set<string>(covariates.map((c) => c.name));
  for (const c of rest) {
    const label = names[c] !== "" ? names[c]! : `column ${columnName(sheet, c)}`;
    if (isBinaryColumn(stats[c]!)) {
      let name = skuKey(label) || `column_${columnName(sheet, c)}`;
      while (used.has(name)) name = `${name}_`;
      used.add(name);
      covariates.push({ col: c, name, skuKey: null });
      log.add({
        severity: "info",
        code: "flag-column", params: { column: columnName(sheet, c), name: label, flag: name },
        cell: address(sheet, 0, c),
        found: `column ${columnName(sheet, c)} ("${label}") holds only 0 and 1`,
        action: `used as a known-in-advance flag named "${name}"`,
      });
    } else {
      log.add({
        severity: "info",
        code: "unused-column", params: { column: columnName(sheet, c), name: label },
        cell: address(sheet, 0, c),
        found: `column ${columnName(sheet, c)} ("${label}") is not a known input (quantity, promotion, holiday, price, on hand, on order, lead time...)`,
        action: "not used",
      });
    }
  }
  return { layout: "long", idCols, valueCol, covariates, inventory };
}

// ---------------------------------------------------------------------------------------------------------------
