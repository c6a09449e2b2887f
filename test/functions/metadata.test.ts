// functions.json is generated from functions.ts's JSDoc (custom-functions-metadata, the generator webpack's plugin
// runs): every TREND function with its parameters, optional flags, types, dimensionality and help text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { generateCustomFunctionsMetadata } from "custom-functions-metadata";

type Param = { name: string; description?: string; type: string; dimensionality?: string; optional?: boolean };
type Fn = { id: string; name: string; description?: string; parameters: Param[]; result: { type?: string; dimensionality?: string }; options?: Record<string, boolean> };

const generated = generateCustomFunctionsMetadata("src/functions/functions.ts", false);

async function functions(): Promise<Map<string, Fn>> {
  const r = await generated;
  assert.deepEqual(r.errors, []);
  const json = JSON.parse(r.metadataJson) as { functions: Fn[] };
  return new Map(json.functions.map((f) => [f.id, f]));
}

/** [name, type, dimensionality, optional] per parameter. */
const expected: Record<string, [string, string, string, boolean][]> = {
  FORECAST: [
    ["values", "any", "matrix", false],
    ["timeline", "any", "matrix", true],
    ["horizon", "number", "scalar", true],
    ["quantile", "number", "scalar", true],
    ["recalc", "any", "scalar", true],
  ],
  BAND: [
    ["values", "any", "matrix", false],
    ["timeline", "any", "matrix", true],
    ["horizon", "number", "scalar", true],
    ["level", "number", "scalar", true],
    ["recalc", "any", "scalar", true],
  ],
  RESTOCK: [
    ["values", "any", "matrix", false],
    ["on_hand", "number", "scalar", false],
    ["lead_time", "number", "scalar", false],
    ["service_level", "number", "scalar", true],
    ["on_order", "number", "scalar", true],
    ["review_period", "number", "scalar", true],
    ["moq", "number", "scalar", true],
    ["pack_size", "number", "scalar", true],
    ["detail", "boolean", "scalar", true],
    ["recalc", "any", "scalar", true],
    ["timeline", "any", "matrix", true],
  ],
  SEASONALITY: [
    ["values", "any", "matrix", false],
    ["timeline", "any", "matrix", true],
  ],
  ACCURACY: [
    ["values", "any", "matrix", false],
    ["timeline", "any", "matrix", true],
    ["horizon", "number", "scalar", true],
    ["recalc", "any", "scalar", true],
  ],
  MODEL: [],
};

test("functions.json has exactly the six TREND functions", async () => {
  const fns = await functions();
  assert.deepEqual([...fns.keys()].sort(), Object.keys(expected).sort());
  for (const [id, f] of fns) assert.equal(f.name, id);
});

test("every parameter has the right name, type, dimensionality, optional flag and a help text", async () => {
  const fns = await functions();
  for (const [id, params] of Object.entries(expected)) {
    const f = fns.get(id)!;
    assert.ok((f.description ?? "").length > 40, `${id} has a description`);
    const got = f.parameters.map((p) => [p.name, p.type, p.dimensionality ?? "scalar", p.optional === true]);
    assert.deepEqual(got, params, id);
    for (const p of f.parameters) assert.ok((p.description ?? "").length > 15, `${id}(${p.name}) has a help text`);
  }
  assert.match(fns.get("FORECAST")!.parameters[3].description!, /between 0 and 1/);
  assert.match(fns.get("RESTOCK")!.parameters[8].description!, /detail row/);
  assert.match(fns.get("FORECAST")!.parameters[4].description!, /TREND\.MODEL\(\)/);
});

test("results spill as matrices, and MODEL is a streaming function", async () => {
  const fns = await functions();
  for (const id of ["FORECAST", "BAND", "SEASONALITY"]) assert.deepEqual(fns.get(id)!.result, { dimensionality: "matrix", type: "number" }, id);
  for (const id of ["RESTOCK", "ACCURACY"]) assert.equal(fns.get(id)!.result.dimensionality, "matrix", id);
  const m = fns.get("MODEL")!;
  assert.equal(m.options?.stream, true);
  assert.equal(m.result.dimensionality, "matrix");
  assert.equal(m.result.type, "string");
});

test("the manifest's custom functions namespace makes them TREND.*", () => {
  let xml: string;
  try {
    xml = readFileSync("manifest.xml", "utf8");
  } catch {
    assert.fail("manifest.xml is missing: the add-in manifest must declare the TREND namespace for the custom functions.");
  }
  const ref = /<Namespace\s+resid="([^"]+)"/.exec(xml);
  assert.ok(ref, "manifest declares <Namespace resid=...> under <CustomFunctions>");
  const value = new RegExp(`<bt:String\\s+id="${ref[1]}"\\s+DefaultValue="([^"]+)"`).exec(xml);
  assert.equal(value?.[1], "TREND");
});
