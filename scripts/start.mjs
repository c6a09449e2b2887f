#!/usr/bin/env node
// npm start: serves the add-in on https://localhost:3000 (webpack dev server with the Office dev certificate from
// office-addin-dev-certs) and prints how to sideload manifest.xml in Excel on the web, Windows and Mac.
// `npm stop` stops the server (its process id is kept in .tmp/dev-server.pid).
import { spawn } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const tmp = join(root, ".tmp");
mkdirSync(tmp, { recursive: true });

try {
  const certs = await import("office-addin-dev-certs");
  await certs.ensureCertificatesAreInstalled();
  console.log("Localhost certificate: trusted (office-addin-dev-certs).");
} catch (e) {
  console.warn(
    `Could not install the localhost development certificate (${e.message}).\n` +
      "Excel refuses add-ins served over an untrusted certificate: run `npx office-addin-dev-certs install` as an administrator.",
  );
}

const log = openSync(join(tmp, "dev-server.log"), "a");
const server = spawn(process.execPath, [join(root, "node_modules/webpack-cli/bin/cli.js"), "serve", "--mode", "development"], {
  cwd: root,
  detached: true,
  stdio: ["ignore", log, log],
});
writeFileSync(join(tmp, "dev-server.pid"), String(server.pid));
server.unref();

console.log(`Dev server starting on https://localhost:3000 (pid ${server.pid}; log: .tmp/dev-server.log). Stop it with: npm stop

Sideload manifest.xml:
  Excel on the web  Open a workbook at https://www.office.com, Home > Add-ins > More Add-ins > My Add-ins >
                    Upload My Add-in, choose manifest.xml. The Forecast button appears on the Home tab.
  Excel on Windows  Put manifest.xml in a shared folder, add that folder as a Trusted Add-in Catalog
                    (File > Options > Trust Center > Trust Center Settings > Trusted Add-in Catalogs, tick
                    "Show in Menu"), restart Excel, then Home > Add-ins > Shared Folder > Trendcast.
  Excel on Mac      Copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/
                    (create the folder), restart Excel, then Home > Add-ins > My Add-ins > Trendcast.
Then select your sales history and press Home > Forecast.`);
