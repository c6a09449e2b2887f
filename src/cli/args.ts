/** Argument parsing for the trendcast commands: `--name value` / `--name=value` options plus positional files. */
import { readFileSync, statSync } from "node:fs";
import type { ModelName } from "../engine/forecast/panel-model";
import { MODEL_NAMES } from "../engine/forecast/registry";
import { TrendcastError } from "../engine/types";

export class UsageError extends TrendcastError {
  constructor(message: string) {
    super(message, "usage");
  }
}

export type ParsedArgs = { positional: string[]; options: Map<string, string>; flags: Set<string> };

/** Parses argv; `flagNames` take no value. Unknown options are usage errors. */
export function parseArgs(argv: readonly string[], valueNames: readonly string[], flagNames: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h") {
      flags.add("help");
      continue;
    }
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = a.slice(2, eq >= 0 ? eq : undefined);
    if (flagNames.includes(name) || name === "help") {
      flags.add(name);
      continue;
    }
    if (!valueNames.includes(name)) {
      throw new UsageError(`Unknown option --${name}. Known options: ${[...valueNames, ...flagNames, "help"].map((n) => "--" + n).join(", ")}.`);
    }
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new UsageError(`Option --${name} needs a value.`);
    options.set(name, value);
  }
  return { positional, options, flags };
}

/** The exit codes of every command. */
export const EXIT = { done: 0, badData: 1, badUsage: 2, cancelled: 130 } as const;

export const EXIT_CODES_HELP = `Exit codes (the same for every command):
  0  done
  1  bad data: the message names the file and the row, line or cell to fix
  2  bad usage: an unknown or out-of-range option, a missing or unreadable file, an output that would be replaced
`;

/** The exit code for an error a command threw, and the message to print (no stack traces). */
export function describeFailure(command: string, e: unknown): { code: number; message: string } {
  if (e instanceof UsageError) return { code: EXIT.badUsage, message: `trendcast ${command}: ${e.message}\nRun trendcast ${command} --help for usage.\n` };
  if (e instanceof TrendcastError) {
    return { code: e.code === "cancelled" ? EXIT.cancelled : EXIT.badData, message: `trendcast ${command}: ${e.message}\n` };
  }
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /allocation|Array buffer|heap|Invalid (array|string) length/i.test(message)) {
    return { code: EXIT.badData, message: `trendcast ${command}: out of memory (${message}). Forecast fewer SKUs or a shorter horizon at a time.\n` };
  }
  return { code: EXIT.badData, message: `trendcast ${command}: unexpected problem: ${message}\nPlease report it with the command you ran.\n` };
}

/** Whole-number option in [min, max]; a missing option takes the fallback, or is a usage error without one. */
export function intOption(args: ParsedArgs, name: string, fallback?: number, min = 1, max = 100_000): number {
  const raw = args.options.get(name);
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`Option --${name} is required (a whole number from ${min} to ${max}).`);
    return fallback;
  }
  const v = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be a whole number >= ${min} (got "${raw}").`);
  if (v > max) throw new UsageError(`--${name} ${raw} is too large: at most ${max}.`);
  return v;
}

/** Number option in [min, max] (bounds included unless `exclusive`); undefined when not given. */
export function numberOption(args: ParsedArgs, name: string, min: number, max: number, exclusive = false, example = ""): number | undefined {
  const raw = args.options.get(name);
  if (raw === undefined) return undefined;
  const v = raw.trim() === "" ? NaN : Number(raw);
  const inside = exclusive ? v > min && v < max : v >= min && v <= max;
  if (!Number.isFinite(v) || !inside) {
    throw new UsageError(`--${name} ${raw} must be a number ${exclusive ? "between" : "from"} ${min} ${exclusive ? "and" : "to"} ${max}${exclusive ? " (exclusive)" : ""}${example ? `, e.g. ${example}` : ""}.`);
  }
  return v;
}

export function quantilesOption(args: ParsedArgs, fallback: readonly number[]): number[] {
  const raw = args.options.get("quantiles");
  if (raw === undefined) return [...fallback];
  const qs = raw.split(",").map((s) => (s.trim() === "" ? NaN : Number(s.trim())));
  if (qs.length === 0 || qs.some((q) => !(q > 0 && q < 1))) {
    throw new UsageError(`--quantiles must be levels between 0 and 1 separated by commas, e.g. 0.1,0.5,0.9 (got "${raw}").`);
  }
  if (qs.length > 99) throw new UsageError(`--quantiles lists ${qs.length} levels: at most 99.`);
  return qs;
}

/** `--model NAME`, checked against the registry's models. */
export function modelOption(args: ParsedArgs, fallback: ModelName): ModelName {
  const name = args.options.get("model") ?? fallback;
  if (!(MODEL_NAMES as readonly string[]).includes(name)) throw new UsageError(`Unknown --model "${name}". Use one of: ${MODEL_NAMES.join(", ")}.`);
  return name as ModelName;
}

/** Reads a text file named on the command line; a missing or unreadable file is a usage error. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`Cannot read ${file}. Check the path.`);
  }
}

/** A file named on the command line must exist and be a file (checked before any output folder is made). */
export function assertInputFile(file: string): void {
  let ok = false;
  try {
    ok = statSync(file).isFile();
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`Cannot read ${file}. Check the path.`);
}
