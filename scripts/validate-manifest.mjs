#!/usr/bin/env node
// Validates manifest.xml (and the production copy in dist/, when built) against Microsoft's XSDs, offline, with
// libxml2's xmllint compiled to WebAssembly (the xmllint-wasm dev dependency): the same check as
// `xmllint --nonet --noout --schema schemas/office-addin-manifest/OfficeAppManifestV1_1.xsd FILE`, with no system
// xmllint needed. test/office/manifest.test.ts holds it to the native xmllint's verdicts on the schema set's samples.
//
// Usage: node scripts/validate-manifest.mjs [manifest.xml ...]   (no arguments: manifest.xml and dist/manifest.xml)
// Exit:  0 every manifest is valid; 1 at least one is invalid (not well-formed or a schema error);
//        2 usage error or the schema set failed to compile.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { validateXML } from "xmllint-wasm";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const schemaDir = join(root, "schemas/office-addin-manifest");
const MAIN = "OfficeAppManifestV1_1.xsd";

export class SchemaError extends Error {}

/** Validates one manifest's text. Returns { valid, messages } (xmllint's lines); throws SchemaError when the XSDs do not compile. */
export async function validateManifestText(text, fileName = "manifest.xml") {
  const xsds = readdirSync(schemaDir).filter((f) => f.endsWith(".xsd"));
  const preload = xsds.filter((f) => f !== MAIN).map((f) => ({ fileName: f, contents: readFileSync(join(schemaDir, f), "utf8") }));
  let result;
  try {
    result = await validateXML({
      xml: [{ fileName, contents: text }],
      schema: [{ fileName: MAIN, contents: readFileSync(join(schemaDir, MAIN), "utf8") }],
      preload,
      extension: "schema",
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/failed to compile/.test(message)) throw new SchemaError(`${message.trim()}\nerror: schema set failed to compile (${join(schemaDir, MAIN)})`);
    throw e;
  }
  const messages = result.rawOutput
    .split("\n")
    .filter((line) => line.trim() !== "" && !/ fails to validate$/.test(line));
  return { valid: result.valid, messages };
}

async function main(args) {
  if (args.includes("-h") || args.includes("--help")) {
    console.error("usage: node scripts/validate-manifest.mjs [manifest.xml ...]");
    return 2;
  }
  const files = args.length > 0 ? args : [join(root, "manifest.xml"), ...(existsSync(join(root, "dist/manifest.xml")) ? [join(root, "dist/manifest.xml")] : [])];
  let status = 0;
  for (const file of files) {
    if (!existsSync(file)) {
      console.error(`error: no such file: ${file}`);
      status = 1;
      continue;
    }
    let r;
    try {
      r = await validateManifestText(readFileSync(file, "utf8"), basename(file));
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      return 2;
    }
    if (r.valid) {
      console.log(`VALID   ${file}`);
    } else {
      console.log(`INVALID ${file}`);
      for (const line of r.messages) console.log(`  ${line}`);
      status = 1;
    }
  }
  return status;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
