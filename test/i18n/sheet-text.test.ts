// The Model and Scenario sheets' Chinese words: exactly the English keys (TypeScript refuses a missing or extra key
// too, but not in the open-ended maps such as `forecasters`), the same {placeholders} per entry, nothing left in
// English by accident, and number formats whose words are quoted (valid Excel formats in both languages).
import { test } from "node:test";
import assert from "node:assert/strict";
import { modelSheetText } from "../../src/engine/evaluate/model-text";
import { modelSheetTextFor, modelSheetTextZhCN } from "../../src/i18n/model-sheet.zh-CN";
import { scenarioSheetTextZhCN } from "../../src/i18n/scenario-sheet.zh-CN";
import { SCENARIO_SHEET_TEXT, scenarioSheetText } from "../../src/office/scenario-sheet";
import { placeholders } from "../../src/i18n/format";

/** Every string of a words object by its path ("columns.sku", "weekdays.0"). */
function leaves(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (typeof value === "string") out.set(path, value);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  return out;
}

function sameShape(en: unknown, zh: unknown): void {
  const e = leaves(en);
  const z = leaves(zh);
  assert.deepEqual([...z.keys()].sort(), [...e.keys()].sort());
  for (const [key, text] of e) {
    const other = z.get(key)!;
    assert.deepEqual(placeholders(other), placeholders(text), `${key}: placeholders differ`);
    assert.ok(other.trim().length > 0, `${key}: empty`);
  }
}

test("the Model sheet's Chinese words have exactly the English keys, with the same placeholders in each entry", () => {
  sameShape(modelSheetText, modelSheetTextZhCN);
  assert.equal(modelSheetTextFor("en"), modelSheetText);
  assert.equal(modelSheetTextFor("zh-CN"), modelSheetTextZhCN);
});

test("the Scenario sheet's Chinese headers have exactly the English keys; the sheet and table names stay", () => {
  sameShape(SCENARIO_SHEET_TEXT, scenarioSheetTextZhCN);
  assert.equal(scenarioSheetTextZhCN.sheet, SCENARIO_SHEET_TEXT.sheet);
  assert.equal(scenarioSheetTextZhCN.table, SCENARIO_SHEET_TEXT.table);
  assert.equal(scenarioSheetText("en"), SCENARIO_SHEET_TEXT);
  assert.equal(scenarioSheetText("zh-CN"), scenarioSheetTextZhCN);
});

test("no Chinese entry is left in English by accident", () => {
  const names = /^(SKU|WQL|MASE|ETS|Croston|Scenario|TrendcastScenario| \+ |—)$/;
  for (const [en, zh] of [[modelSheetText, modelSheetTextZhCN], [SCENARIO_SHEET_TEXT, scenarioSheetTextZhCN]] as const) {
    const z = leaves(zh);
    for (const [key, text] of leaves(en)) {
      if (key.startsWith("format")) continue;
      const words = text.replace(/\{[^}]*\}/g, "");
      if (z.get(key) === text && !names.test(text) && /[A-Za-z]{3}/.test(words)) assert.fail(`${key} is the same in both languages: ${text}`);
    }
  }
});

/** Excel number format check: outside double quotes only digits placeholders, separators and signs. */
function validNumberFormat(format: string): boolean {
  if ((format.match(/"/g) ?? []).length % 2 !== 0) return false;
  return /^[0#.,%+\-; ]*$/.test(format.replace(/"[^"]*"/g, ""));
}

test("number formats with words quote them, in both languages", () => {
  for (const text of [modelSheetText, modelSheetTextZhCN]) {
    for (const f of [text.formatBetterWorse, text.formatTrend, text.formatLift]) assert.ok(validNumberFormat(f), f);
  }
  assert.ok(/[\u4e00-\u9fff]/.test(modelSheetTextZhCN.formatBetterWorse));
  assert.ok(!validNumberFormat("0% better"), "the check refuses unquoted words");
});

test("the what-if step's Chinese words and messages have exactly the English keys and placeholders", async () => {
  const { WHATIF_TEXT } = await import("../../src/taskpane/components/ScenarioSection");
  const { WHATIF_MESSAGES } = await import("../../src/taskpane/useWhatIf");
  const { whatIfTextZhCN, whatIfMessagesZhCN } = await import("../../src/i18n/whatif.zh-CN");
  sameShape(WHATIF_TEXT, whatIfTextZhCN);
  sameShape(WHATIF_MESSAGES, whatIfMessagesZhCN);
  for (const [key, text] of Object.entries({ ...whatIfTextZhCN, ...whatIfMessagesZhCN })) {
    if (key === "sku") continue;
    assert.match(text, /[\u4e00-\u9fff]/, `${key} is translated`);
  }
});
