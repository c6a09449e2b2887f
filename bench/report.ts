/**
 * Benchmark figures in the docs are written by the benchmark that measured them, never copied by hand.
 *
 * A page holds generated sections between two markers:
 *
 *   <!-- bench:accuracy:start -->
 *   ... replaced on every `npm run bench:accuracy -- ... --write-docs` ...
 *   <!-- bench:accuracy:end -->
 *
 * `replaceSection` (pure) swaps the text between them; `writeReport` does it on a file, stamping the command,
 * the date and the machine. `reportTo(id)` is the one line a bench script calls: with `--write-docs` (or
 * `--write-docs=OTHER-ID`) among its arguments it removes that flag from process.argv, records everything the
 * script prints on stdout (its tables) and, when the script ends with exit code 0, writes it into section `id` of
 * docs/benchmarks.md. Without the flag it does nothing, so a quick development run leaves the docs alone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";

export const DEFAULT_PAGE = resolve(import.meta.dirname, "../docs/benchmarks.md");

const startMarker = (id: string) => `<!-- bench:${id}:start -->`;
const endMarker = (id: string) => `<!-- bench:${id}:end -->`;

/** Section ids present in a page (each with both markers, in order). */
export function sectionIds(page: string): string[] {
  const ids: string[] = [];
  for (const m of page.matchAll(/<!-- bench:([A-Za-z0-9_.-]+):start -->/g)) {
    const id = m[1];
    if (page.indexOf(endMarker(id), (m.index ?? 0) + m[0].length) >= 0) ids.push(id);
  }
  return ids;
}

/** The page with the text between section `id`'s markers replaced by `body` (markers kept). Throws when the markers are missing, repeated or out of order. */
export function replaceSection(page: string, id: string, body: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new Error(`bench section id "${id}": use letters, digits, "-", "_" or "."`);
  const start = startMarker(id);
  const end = endMarker(id);
  const i = page.indexOf(start);
  const j = page.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`no section "${id}": the page needs the lines ${start} and ${end}`);
  if (page.indexOf(start, i + 1) >= 0 || page.indexOf(end, j + 1) >= 0) throw new Error(`section "${id}" is marked more than once`);
  if (j < i) throw new Error(`section "${id}": ${end} comes before ${start}`);
  const text = body.replace(/\s+$/, "");
  return `${page.slice(0, i + start.length)}\n${text}\n${page.slice(j)}`;
}

export type Stamp = { command: string; date?: Date; machine?: string };

/** One line saying what produced the section, when and where. */
export function stampLine(stamp: Stamp): string {
  const date = (stamp.date ?? new Date()).toISOString().slice(0, 16).replace("T", " ");
  return `*Written by \`${stamp.command}\` on ${date} UTC${stamp.machine ? `, ${stamp.machine}` : ""}.*`;
}

/** This machine in a few words (load average matters: the development machine is shared). */
export function describeMachine(): string {
  const cpus = os.cpus();
  const load = os.loadavg()[0];
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), load average ${load.toFixed(1)}, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** Replaces section `sectionId` of the markdown file `page` with the stamp and `markdown`. */
export function writeReport(page: string, sectionId: string, markdown: string, stamp: Stamp): void {
  const before = readFileSync(page, "utf8");
  writeFileSync(page, replaceSection(before, sectionId, `${stampLine(stamp)}\n\n${markdown.replace(/\s+$/, "")}`));
}

/** The `--write-docs[=ID]` flag: null when absent, else the section id (the default when no `=ID`). */
export function writeDocsFlag(argv: string[], defaultId: string): string | null {
  const flag = argv.find((a) => a === "--write-docs" || a.startsWith("--write-docs="));
  if (!flag) return null;
  return flag.includes("=") ? flag.slice(flag.indexOf("=") + 1) : defaultId;
}

/** The command a reader runs to regenerate a section: `npm run bench:NAME -- ARGS --write-docs[=ID]`. */
export function benchCommand(script: string, args: string[], flag: string): string {
  const name = script.replace(/^.*\//, "").replace(/\.ts$/, "");
  const scripts = JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8")).scripts as Record<string, string>;
  const npm = Object.entries(scripts).find(([, cmd]) => cmd === `tsx bench/${name}.ts`)?.[0];
  const rest = [...args, flag].map((a) => (/^[\w./=,:@+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
  return npm ? `npm run ${npm} -- ${rest}` : `npx tsx bench/${name}.ts ${rest}`;
}

export type ReportOptions = { page?: string; fence?: boolean };

/**
 * Called once by a bench script, before it reads its arguments. With `--write-docs[=ID]` it takes the flag out of
 * process.argv, checks the section exists (before any long run), records stdout and writes the section at exit
 * when the exit code is 0. `fence` wraps output that is not markdown in a code block.
 */
export function reportTo(defaultId: string, options: ReportOptions = {}): void {
  const id = writeDocsFlag(process.argv.slice(2), defaultId);
  if (id === null || process.argv.includes("--help") || process.argv.includes("-h")) return;
  const page = options.page ?? DEFAULT_PAGE;
  const flag = process.argv.find((a) => a === "--write-docs" || a.startsWith("--write-docs=")) as string;
  const args = process.argv.slice(2).filter((a) => a !== flag);
  process.argv.splice(2, process.argv.length - 2, ...args);
  if (!sectionIds(readFileSync(page, "utf8")).includes(id)) {
    console.error(`--write-docs: ${page} has no section "${id}" (markers <!-- bench:${id}:start --> and <!-- bench:${id}:end -->)`);
    process.exit(2);
  }
  const command = benchCommand(process.argv[1] ?? defaultId, args, flag);
  const machine = describeMachine();
  const date = new Date();
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.on("exit", (code) => {
    if (code !== 0) {
      console.error(`--write-docs: exit code ${code}, ${page} left as it was`);
      return;
    }
    const text = chunks.join("").trim();
    writeReport(page, id, options.fence ? "```\n" + text + "\n```" : text, { command, date, machine });
    console.error(`--write-docs: wrote section "${id}" of ${page}`);
  });
}
