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

/** Where progress goes: stderr, or a test's stand-in. */
export type ProgressStream = { isTTY?: boolean; columns?: number; write: (text: string) => unknown };

export type Progress = { update: (fraction: number, message?: string) => void; done: () => void };

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/**
 * A progress line on stderr when it is a terminal (silent otherwise, so logs and pipes stay clean): a bar, the
 * percentage, what is being done (SKUs, windows, epochs), time spent and time left. Redrawn at most every 200 ms.
 */
export function progressBar(label: string, stream: ProgressStream = process.stderr, now: () => number = () => performance.now()): Progress {
  const tty = stream.isTTY === true;
  const start = now();
  let lastDraw = -Infinity;
  let drawn = false;
  let lastText = "";
  return {
    update(fraction, message) {
      if (!tty) return;
      const t = now();
      const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
      if (t - lastDraw < 200 && f < 1) return;
      lastDraw = t;
      const elapsed = (t - start) / 1000;
      const pct = Math.round(f * 100);
      const width = 24;
      const filled = Math.round(f * width);
      const left = f >= 0.01 && elapsed >= 1 && f < 1 ? `, about ${duration((elapsed * (1 - f)) / f)} left` : "";
      const text = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}% ${message ?? ""} (${duration(elapsed)}${left})`;
      const cols = (stream.columns ?? 100) - 1;
      const line = text.slice(0, cols);
      stream.write(`\r${line.padEnd(Math.min(cols, Math.max(line.length, lastText.length)))}`);
      lastText = line;
      drawn = true;
    },
    done() {
      if (tty && drawn) stream.write("\n");
      drawn = false;
    },
  };
}

/** A one-line status on a terminal (reading, writing), replaced by the next one; "" clears it. Silent otherwise. */
export function statusLine(stream: ProgressStream = process.stderr): (text: string) => void {
  let shown = 0;
  return (text) => {
    if (stream.isTTY !== true || (text === "" && shown === 0)) return;
    const line = text.slice(0, (stream.columns ?? 100) - 1);
    stream.write(`\r${line.padEnd(shown)}${text === "" ? "\r" : ""}`);
    shown = text === "" ? 0 : line.length;
  };
}
