import { test } from "node:test";
import assert from "node:assert/strict";
import { autocorrelations, candidateSeason, detectSeasonLength } from "../../src/engine/forecast/season";
import { seededRandom } from "../../src/engine/forecast/models/util";

test("daily series with a weekly pattern is detected as season 7", () => {
  const u = seededRandom(1);
  const values = Array.from({ length: 120 }, (_, t) => [5, 5, 6, 6, 9, 14, 8][t % 7] + u());
  assert.equal(detectSeasonLength(values, "daily"), 7);
});

test("white noise has no season", () => {
  const u = seededRandom(2);
  const values = Array.from({ length: 200 }, () => u() * 10);
  assert.equal(detectSeasonLength(values, "daily"), 1);
});

test("weekly needs a year and a half for season 52; monthly uses 12", () => {
  const yearly = (t: number) => 100 + 40 * Math.cos((2 * Math.PI * t) / 52);
  assert.equal(detectSeasonLength(Array.from({ length: 110 }, (_, t) => yearly(t)), "weekly"), 52);
  assert.equal(detectSeasonLength(Array.from({ length: 80 }, (_, t) => yearly(t)), "weekly"), 52);
  assert.equal(detectSeasonLength(Array.from({ length: 70 }, (_, t) => yearly(t)), "weekly"), 1);
  const monthly = Array.from({ length: 48 }, (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 12));
  assert.equal(detectSeasonLength(monthly, "monthly"), 12);
  assert.equal(candidateSeason("monthly"), 12);
});

test("short, constant and empty series give 1", () => {
  assert.equal(detectSeasonLength([1, 2, 3, 4, 5, 6, 7, 1, 2, 3], "daily"), 1);
  assert.equal(detectSeasonLength(new Array(100).fill(3), "daily"), 1);
  assert.equal(detectSeasonLength([], "daily"), 1);
});

test("autocorrelation of an alternating series is -1-ish at lag 1 and +1-ish at lag 2", () => {
  const r = autocorrelations(Array.from({ length: 100 }, (_, t) => (t % 2 === 0 ? 1 : -1)), 2);
  assert.ok(Math.abs(r[0] + 0.99) < 0.011, `r1=${r[0]}`);
  assert.ok(Math.abs(r[1] - 0.98) < 0.011, `r2=${r[1]}`);
});
