/** The manifest validates offline against Microsoft's XSDs (dev and production copies); a broken one fails. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const validator = join(root, "schemas/office-addin-manifest/validate-manifest.sh");
const manifest = readFileSync(join(root, "manifest.xml"), "utf8");

function validate(...files: string[]) {
  return spawnSync("bash", [validator, ...files], { encoding: "utf8" });
}

test("npm run validate passes on manifest.xml and the built dist/manifest.xml", () => {
  const r = spawnSync("bash", [join(root, "scripts/validate-manifest.sh")], { encoding: "utf8" });
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
    const unclosed = join(dir, "not-xml.xml");
    writeFileSync(unclosed, manifest.replace("</OfficeApp>", ""));
    assert.equal(validate(unclosed).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
