/** Plain-text output for the command line: score tables, a progress bar on terminals, numbers without NaN. */
import type { BacktestResult } from "../engine/evaluate/backtest";

export function fmt(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(digits);
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

/** A Markdown table: model, WQL, WQL relative to the reference, MASE, 80% coverage, bias, WAPE, seconds. */
export function formatScoreTable(results: readonly BacktestResult[], reference?: BacktestResult): string {
  const refName = reference ? reference.model : "";
  const head = ["model", "WQL", reference ? `WQL / ${refName}` : "", "MASE", "80% cov", "bias", "WAPE", "seconds"].filter((h) => h !== "");
  const lines = results.map((r) => {
    const s = r.scores;
    const rel = reference && reference.scores.wql && s.wql !== null ? fmt(s.wql / reference.scores.wql, 3) : "n/a";
    const cells = [r.model, fmt(s.wql), ...(reference ? [rel] : []), fmt(s.mase), fmt(s.coverage80, 3), (s.bias !== null && s.bias >= 0 ? "+" : "") + fmt(s.bias, 3), fmt(s.wape), fmt(r.seconds, 1)];
    return cells;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => "| " + cells.map((c, i) => pad(c, widths[i], i > 0)).join(" | ") + " |";
  const sep = "|" + widths.map((w, i) => (i > 0 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|") + "|";
  const out = [row(head), sep, ...lines.map(row)];
  const skipped = results.filter((r) => r.scores.maseSkippedZeroScale + r.scores.maseSkippedShortHistory > 0);
  if (skipped.length > 0) {
    const s = skipped[0].scores;
    out.push(`MASE skipped series-windows: zero scale ${s.maseSkippedZeroScale}, history <= season ${s.maseSkippedShortHistory} (used ${s.maseUsed})`);
  }
  return out.join("\n");
}

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function progressBar(label: string): { update: (fraction: number, message?: string) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = -1;
  return {
    update(fraction, message) {
      if (!tty) return;
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      const text = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}% ${message ?? ""}`;
      process.stderr.write(`\r${text.slice(0, (process.stderr.columns ?? 100) - 1).padEnd(Math.min(99, (process.stderr.columns ?? 100) - 1))}`);
    },
    done() {
      if (tty && last >= 0) process.stderr.write("\n");
    },
  };
}
