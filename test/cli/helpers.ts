/** Shared by the CLI tests: run the command in-process with its output captured. */
import { main } from "../../src/cli/main";

export type RunResult = { code: number; out: string; err: string };

/** Runs `trendcast ...argv` in-process. The CLI's text is captured; the test runner's own (binary) reports pass. */
export async function runCli(argv: string[], options: { tty?: boolean } = {}): Promise<RunResult> {
  let out = "";
  let err = "";
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  const wasTty = process.stderr.isTTY;
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === "string" ? ((out += s), true) : o(s, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === "string" ? ((err += s), true) : e(s, ...rest))) as typeof process.stderr.write;
  if (options.tty !== undefined) process.stderr.isTTY = options.tty;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    process.stderr.isTTY = wasTty;
  }
}

export const iso = (d: number): string => new Date(d * 86400000).toISOString().slice(0, 10);
export const DAY0 = Date.UTC(2024, 0, 1) / 86400000;

/** A long CSV series_id,date,value: each id gets `days` days of a weekly pattern (plus `offset` per series). */
export function longCsv(ids: readonly string[], days = 84, value: (id: number, t: number) => number = (k, t) => [5, 5, 6, 7, 9, 12, 8][t % 7] + k): string {
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ["series_id,date,value"];
  ids.forEach((id, k) => {
    for (let t = 0; t < days; t++) lines.push(`${quote(id)},${iso(DAY0 + t)},${value(k, t)}`);
  });
  return lines.join("\n") + "\n";
}

/** A wide CSV: date column plus one column per name. */
export function wideCsv(names: readonly string[], days = 84): string {
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [["date", ...names.map(quote)].join(",")];
  for (let t = 0; t < days; t++) lines.push([iso(DAY0 + t), ...names.map((_, k) => [5, 5, 6, 7, 9, 12, 8][t % 7] + k)].join(","));
  return lines.join("\n") + "\n";
}
