/**
 * Output files of the command line, written safely:
 * - an output that is one of the inputs (same real file: links, `./`, other spelling) is refused;
 * - an existing output is replaced only with `--force` (or, for `demo`, when it is demo's own earlier output);
 * - the output folder is made and checked for writing before the long work starts;
 * - the file is written to a temporary file beside it and renamed into place, so a crash never leaves half a file.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./args";

export type OutputTarget = {
  /** The path as the user gave it (for messages). */
  file: string;
  /** Replace an existing file. */
  replace: boolean;
};

function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    if (sa.ino !== 0 && sa.dev === sb.dev && sa.ino === sb.ino) return true;
  } catch {
    return false;
  }
  try {
    return realpathSync.native(a) === realpathSync.native(b);
  } catch {
    return false;
  }
}

let tmpCounter = 0;
function tempNameFor(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return path.join(dir, `.${path.basename(file)}.${process.pid}-${Date.now().toString(36)}-${tmpCounter++}.tmp`);
}

/**
 * Checks an output before any long work: not an input, not an existing file unless `force` (or `mayReplace` says
 * the existing file may go), a folder that exists or can be made and can be written to. Throws UsageError (exit 2).
 */
export function prepareOutput(
  file: string,
  options: { inputs: readonly string[]; force: boolean; option?: string; mayReplace?: (file: string) => boolean },
): OutputTarget {
  const opt = options.option ?? "--out";
  for (const input of options.inputs) {
    if (sameFile(file, input)) {
      throw new UsageError(`${opt} ${file} is the input file ${input}. Trendcast never writes over its input: choose another name for the output.`);
    }
  }
  let exists = false;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new UsageError(`${opt} ${file} is a folder. Give a file name, e.g. ${path.join(file, "forecast.xlsx")}.`);
    exists = true;
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  const replace = exists && (options.force || (options.mayReplace?.(file) ?? false));
  if (exists && !replace) {
    throw new UsageError(`${file} already exists. Add --force to replace it, or choose another ${opt}.`);
  }
  const dir = path.dirname(path.resolve(file));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`Cannot make the output folder ${path.dirname(file)} for ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Choose another ${opt}.`);
  }
  // Probe: create and remove a file in the folder, so a read-only or full folder is found now, not after the run.
  const probe = tempNameFor(file);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (e) {
    throw new UsageError(`Cannot write to the folder ${path.dirname(file)} for ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Choose another ${opt}.`);
  }
  return { file, replace };
}

/**
 * Writes the bytes to a temporary file in the output's folder, flushes it and moves it into place. Without
 * `replace`, a file that appeared meanwhile is not replaced (the move fails and the temporary file is removed).
 */
export function writeOutput(target: OutputTarget, data: string | Uint8Array): void {
  const tmp = tempNameFor(target.file);
  try {
    const fd = openSync(tmp, "wx");
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (target.replace) renameSync(tmp, target.file);
    else {
      try {
        linkSync(tmp, target.file); // fails if the file exists: never replaces one that appeared since the check
        unlinkSync(tmp);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST") throw new UsageError(`${target.file} appeared while Trendcast was working; it was left as it is. Run again with --force to replace it.`);
        renameSync(tmp, target.file); // a file system without hard links
      }
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already moved or never made
    }
    if (e instanceof UsageError) throw e;
    throw new UsageError(`Cannot write ${target.file} (${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}).`);
  }
}
