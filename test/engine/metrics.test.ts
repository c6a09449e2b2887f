import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { maseScale, scoreWindows } from "../../src/engine/evaluate/metrics";
import { readLongCsv } from "../../src/cli/long-csv";
import { scoreForecastCsv } from "../../src/cli/score";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "metrics");
const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

type Expected = {
  wql: number;
  ql_per_level: Record<string, number>;
  mase: number;
  mase_series_windows_used: number;
  mase_skipped_zero_scale: number;
  mase_skipped_short_history: number;
  coverage80: number;
  bias: number;
  wape: number;
  n_points: number;
};

function compare(ours: ReturnType<typeof scoreForecastCsv>, expected: Expected, tol: number) {
  const close = (a: number | null, b: number, what: string) => assert.ok(a !== null && Math.abs(a - b) <= tol, `${what}: ours ${a}, expected ${b}`);
  close(ours.wql, expected.wql, "WQL");
  close(ours.mase, expected.mase, "MASE");
  close(ours.coverage80, expected.coverage80, "coverage80");
  close(ours.bias, expected.bias, "bias");
  close(ours.wape, expected.wape, "WAPE");
  for (const l of LEVELS) close(ours.qlPerLevel[String(l)], expected.ql_per_level[String(l)], `QL ${l}`);
  assert.equal(ours.maseUsed, expected.mase_series_windows_used);
  assert.equal(ours.maseSkippedZeroScale, expected.mase_skipped_zero_scale);
  assert.equal(ours.maseSkippedShortHistory, expected.mase_skipped_short_history);
  assert.equal(ours.points, expected.n_points);
}

const truthPath = path.join(FIXTURE, "truth.csv");
const forecastPath = path.join(FIXTURE, "forecasts.csv");

test("our metrics equal the committed score.py figures on the fixture", () => {
  const expected = JSON.parse(readFileSync(path.join(FIXTURE, "expected.json"), "utf8")) as Expected;
  const ours = scoreForecastCsv(readLongCsv(readFileSync(truthPath, "utf8")), readFileSync(forecastPath, "utf8"), 7);
  compare(ours, expected, 1e-12);
  // the fixture exercises the MASE skips: constant series C (zero scale) and late-starting D (short history)
  assert.equal(expected.mase_skipped_zero_scale, 2);
  assert.equal(expected.mase_skipped_short_history, 1);
});

const scorePy = path.resolve(ROOT, "..", "shared", "eval", "score.py");
const hasPython = spawnSync("python3", ["--version"]).status === 0;

test("score.py gives the same figures (when python3 and ../shared/eval/score.py exist)", { skip: !(hasPython && existsSync(scorePy)) }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trendcast-score-"));
  const jsonPath = path.join(dir, "score.json");
  const r = spawnSync("python3", [scorePy, "--truth", truthPath, "--forecasts", forecastPath, "--h", "5", "--windows", "2", "--season", "7", "--json", jsonPath], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const live = JSON.parse(readFileSync(jsonPath, "utf8")) as Expected;
  rmSync(dir, { recursive: true, force: true });
  const ours = scoreForecastCsv(readLongCsv(readFileSync(truthPath, "utf8")), readFileSync(forecastPath, "utf8"), 7);
  compare(ours, live, 1e-9);
});

test("protocol properties: all-zero forecast gives WQL 1; a point forecast in all levels gives its WAPE", () => {
  const history = [3, 0, 5, 2, 8, 1, 4, 6, 2, 3];
  const actual = [4, 0, 7, 2];
  const zero = scoreWindows([{ history, actual, forecast: { quantiles: LEVELS, values: LEVELS.map(() => [0, 0, 0, 0]) }, season: 2 }], LEVELS);
  assert.equal(zero.wql, 1);
  const point = [5, 1, 4, 2];
  const s = scoreWindows([{ history, actual, forecast: { quantiles: LEVELS, values: LEVELS.map(() => point) }, season: 2 }], LEVELS);
  assert.ok(s.wql !== null && s.wape !== null && Math.abs(s.wql - s.wape) < 1e-12);
  assert.ok(Math.abs((s.wape ?? 0) - 5 / 13) < 1e-12); // |1| + |1| + |3| + 0 over 13
  assert.ok(Math.abs((s.bias ?? 0) - (12 - 13) / 13) < 1e-12);
  assert.equal(s.coverage80, 0.25); // only y = 2 lies in [q0.1, q0.9] = [f, f]
});

test("MASE scale is the in-sample seasonal naive MAE; too-short history is null", () => {
  assert.equal(maseScale([1, 2, 4, 8], 1), (1 + 2 + 4) / 3);
  assert.equal(maseScale([1, 2, 4, 8], 2), (3 + 6) / 2);
  assert.equal(maseScale([1, 2], 2), null);
});
