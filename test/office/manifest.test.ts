/**
 * The manifest validates offline against Microsoft's XSDs (dev and production copies); a broken one fails. The
 * validator is libxml2's xmllint compiled to WebAssembly (npm's xmllint-wasm), so no system xmllint is needed; its
 * verdicts and messages are held to those of the native `xmllint --schema` (recorded below from xmllint 2.9.14 on
 * Debian 12, and compared live where a system xmllint exists).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const validator = join(root, "scripts/validate-manifest.mjs");
const schemas = join(root, "schemas/office-addin-manifest");
const manifest = readFileSync(join(root, "manifest.xml"), "utf8");

function validate(...files: string[]) {
  return spawnSync(process.execPath, [validator, ...files], { encoding: "utf8" });
}

/** What native `xmllint --nonet --noout --schema OfficeAppManifestV1_1.xsd` says about each sample (2.9.14). */
const NATIVE: Record<string, { valid: boolean; line?: number; message?: string }> = {
  "valid-excel-shared-runtime.xml": { valid: true },
  "invalid-customfunctions-order.xml": { valid: false, line: 49, message: "Element '{http://schemas.microsoft.com/office/taskpaneappversionoverrides}Metadata': This element is not expected." },
  "invalid-element-order.xml": {
    valid: false,
    line: 30,
    message: "Element '{http://schemas.microsoft.com/office/appforoffice/1.1}Permissions': This element is not expected. Expected is ( {http://schemas.microsoft.com/office/appforoffice/1.1}DefaultSettings ).",
  },
  "invalid-missing-id.xml": {
    valid: false,
    line: 9,
    message: "Element '{http://schemas.microsoft.com/office/appforoffice/1.1}Version': This element is not expected. Expected is ( {http://schemas.microsoft.com/office/appforoffice/1.1}Id ).",
  },
  "invalid-runtime-lifetime.xml": {
    valid: false,
    line: 38,
    message: "Element '{http://schemas.microsoft.com/office/taskpaneappversionoverrides}Runtime', attribute 'lifetime': [facet 'enumeration'] The value 'forever' is not an element of the set {'short', 'long'}.",
  },
  "invalid-runtimes-order.xml": {
    valid: false,
    line: 51,
    message: "Element '{http://schemas.microsoft.com/office/taskpaneappversionoverrides}Runtimes': This element is not expected. Expected is ( {http://schemas.microsoft.com/office/taskpaneappversionoverrides}DesktopFormFactor ).",
  },
  "invalid-version.xml": {
    valid: false,
    line: 10,
    message: "Element '{http://schemas.microsoft.com/office/appforoffice/1.1}Version': [facet 'pattern'] The value '1.0.0-beta' is not accepted by the pattern '([0-9]{1,5})(\\.[0-9]{1,5}){0,3}'.",
  },
};

test("the WebAssembly xmllint gives native xmllint's verdict, line and message on every sample of the schema set", () => {
  const samples = readdirSync(join(schemas, "samples")).sort();
  assert.deepEqual(samples, Object.keys(NATIVE).sort());
  for (const name of samples) {
    const r = validate(join(schemas, "samples", name));
    const want = NATIVE[name];
    assert.equal(r.status, want.valid ? 0 : 1, `${name}: ${r.stdout}${r.stderr}`);
    if (!want.valid) assert.ok(r.stdout.includes(`${name}:${want.line}: Schemas validity error : ${want.message}`), `${name}:\n${r.stdout}`);
  }
});

test("live comparison with a system xmllint, where one is installed (none is needed)", (t) => {
  if (spawnSync("xmllint", ["--version"]).status !== 0) {
    t.skip("no system xmllint here: the recorded verdicts above are the comparison");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "trendcast-xmllint-"));
  try {
    const broken = join(dir, "broken.xml");
    writeFileSync(broken, manifest.replace("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>Everything</Permissions>"));
    const files = [...readdirSync(join(schemas, "samples")).map((f) => join(schemas, "samples", f)), join(root, "manifest.xml"), broken];
    for (const f of files) {
      const native = spawnSync("xmllint", ["--nonet", "--noout", "--schema", join(schemas, "OfficeAppManifestV1_1.xsd"), f], { encoding: "utf8" });
      const wasm = validate(f);
      assert.equal(wasm.status, native.status === 0 ? 0 : 1, `${f}: native ${native.status} ${native.stderr}\nwasm ${wasm.stdout}`);
      // Same error lines; native 2.9 adds "element NAME: " before "Schemas validity error".
      const nativeLines = native.stderr.split("\n").filter((l) => /validity error/.test(l)).map((l) => l.replace(/^.*?:(\d+): (?:element \S+: )?/, "$1: "));
      const wasmLines = wasm.stdout.split("\n").filter((l) => /validity error/.test(l)).map((l) => l.replace(/^.*?:(\d+): /, "$1: "));
      assert.deepEqual(wasmLines, nativeLines, f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("npm run validate passes on manifest.xml and the built dist/manifest.xml", () => {
  const r = spawnSync(process.execPath, [validator], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /VALID\s+\S*manifest\.xml/);
  if (existsSync(join(root, "dist/manifest.xml"))) assert.match(r.stdout, /VALID\s+\S*dist\/manifest\.xml/);
});

test("the manifest declares what the add-in needs and nothing more", () => {
  assert.match(manifest, /<Permissions>ReadWriteDocument<\/Permissions>/);
  assert.match(manifest, /<Set Name="SharedRuntime" MinVersion="1\.1"\/>/);
  assert.match(manifest, /<Runtime resid="Taskpane\.Url" lifetime="long"\/>/);
  assert.match(manifest, /<bt:String id="Functions\.Namespace" DefaultValue="TREND"\/>/);
  assert.match(manifest, /<OfficeTab id="TabHome">/);
  assert.match(manifest, /<bt:String id="ForecastButton\.Label" DefaultValue="Forecast"\/>/);
  assert.match(manifest, /Functions\.Metadata\.Url" DefaultValue="https:\/\/localhost:3000\/functions\.json"/);
  for (const size of [16, 32, 64, 80, 128]) {
    const png = readFileSync(join(root, `assets/icon-${size}.png`));
    assert.equal(png.readUInt32BE(16), size, `icon-${size}.png width`);
    assert.equal(png.readUInt32BE(20), size, `icon-${size}.png height`);
  }
});

test("a production manifest (URLs rewritten) is valid; broken manifests fail validation", () => {
  const dir = mkdtempSync(join(tmpdir(), "trendcast-manifest-"));
  try {
    const prod = join(dir, "prod.xml");
    writeFileSync(prod, manifest.replaceAll("https://localhost:3000/", "https://addins.contoso.com/trendcast/"));
    assert.equal(validate(prod).status, 0);
    const noPermissions = join(dir, "bad-permission.xml");
    writeFileSync(noPermissions, manifest.replace("<Permissions>ReadWriteDocument</Permissions>", "<Permissions>Everything</Permissions>"));
    const r1 = validate(noPermissions);
    assert.equal(r1.status, 1, r1.stdout + r1.stderr);
    assert.match(r1.stdout, /INVALID .*bad-permission\.xml\n.*The value 'Everything' is not an element of the set/);
    const unclosed = join(dir, "not-xml.xml");
    writeFileSync(unclosed, manifest.replace("</OfficeApp>", ""));
    const r2 = validate(unclosed);
    assert.equal(r2.status, 1, r2.stdout + r2.stderr);
    assert.match(r2.stdout, /parser error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
