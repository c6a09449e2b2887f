// functions.zh-CN.json: the same TREND functions, names and parameters as functions.json, with Chinese help text
// (Office's documented way: a localized metadata file named by <bt:Override Locale="zh-CN"> in the manifest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";
// @ts-expect-error: a plain .mjs build script without type declarations
import { localizeFunctions, translationGaps } from "../../scripts/localize-functions.mjs";

type Fn = { id: string; name: string; description?: string; parameters: { name: string; description?: string; type: string }[] };

const translation = JSON.parse(readFileSync("src/functions/functions.zh-CN.json", "utf8")) as unknown;

test("every TREND function and parameter has a Chinese description, and nothing else is translated", async () => {
  const r = await generateCustomFunctionsMetadata("src/functions/functions.ts", false);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(translationGaps(r.metadataJson, translation), []);
  const en = (JSON.parse(r.metadataJson) as { functions: Fn[] }).functions;
  const zh = (JSON.parse(localizeFunctions(r.metadataJson, translation) as string) as { functions: Fn[] }).functions;
  assert.equal(zh.length, en.length);
  for (let i = 0; i < en.length; i++) {
    const [a, b] = [en[i]!, zh[i]!];
    assert.equal(b.id, a.id);
    assert.equal(b.name, a.name, "names stay TREND.FORECAST etc. in Chinese Excel too");
    assert.match(b.description ?? "", /[\u4e00-\u9fff]/, `${a.id}: description`);
    assert.deepEqual(b.parameters.map((p) => [p.name, p.type]), a.parameters.map((p) => [p.name, p.type]));
    for (const p of b.parameters) assert.match(p.description ?? "", /[\u4e00-\u9fff]/, `${a.id}(${p.name})`);
  }
});
