#!/usr/bin/env node
// npm stop: stops the dev server that `npm start` started (process id from .tmp/dev-server.pid).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const pidFile = join(resolve(import.meta.dirname, ".."), ".tmp", "dev-server.pid");
if (!existsSync(pidFile)) {
  console.log("No Trendcast dev server is running (no .tmp/dev-server.pid).");
  process.exit(0);
}
const pid = Number(readFileSync(pidFile, "utf8"));
try {
  process.kill(-pid, "SIGTERM"); // the server was started detached: stop its whole process group
  console.log(`Stopped the dev server (pid ${pid}).`);
} catch (e) {
  if (e.code === "ESRCH") console.log(`The dev server (pid ${pid}) had already stopped.`);
  else throw e;
} finally {
  rmSync(pidFile, { force: true });
}
