/** Argument parsing for the trendcast commands: `--name value` / `--name=value` options plus positional files. */
import { readFileSync } from "node:fs";
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

export function intOption(args: ParsedArgs, name: string, fallback?: number, min = 1): number {
  const raw = args.options.get(name);
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`Option --${name} is required (a whole number >= ${min}).`);
    return fallback;
  }
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be a whole number >= ${min} (got "${raw}").`);
  return v;
}

export function quantilesOption(args: ParsedArgs, fallback: readonly number[]): number[] {
  const raw = args.options.get("quantiles");
  if (raw === undefined) return [...fallback];
  const qs = raw.split(",").map((s) => Number(s.trim()));
  if (qs.length === 0 || qs.some((q) => !(q > 0 && q < 1))) {
    throw new UsageError(`--quantiles must be levels between 0 and 1 separated by commas, e.g. 0.1,0.5,0.9 (got "${raw}").`);
  }
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
