import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseAnchor, detectFrequency, periodDay, periodKey, periodsPerYear } from "../../src/engine/ingest/frequency";
import { epochDayToIso, isoToEpochDay } from "../../src/engine/ingest/dates";
import { isoDays } from "./ingest-helpers";

const days = (list: string[]) => list.map(isoToEpochDay);

test("detectFrequency from the median step", () => {
  const daily = detectFrequency(days(isoDays("2024-01-01", 30)));
  assert.deepEqual(daily, { ok: true, frequency: "daily", medianStep: 1, medianPeriods: 1 });
  const sparseDaily = detectFrequency(days(["2024-01-01", "2024-01-03", "2024-01-06", "2024-01-08"]));
  assert.equal(sparseDaily.ok && sparseDaily.frequency, "daily");
  const weekly = detectFrequency(days(isoDays("2024-01-01", 20, 7)));
  assert.deepEqual(weekly, { ok: true, frequency: "weekly", medianStep: 7, medianPeriods: 1 });
  const biweekly = detectFrequency(days(isoDays("2024-01-01", 10, 14)));
  assert.deepEqual(biweekly, { ok: true, frequency: "weekly", medianStep: 14, medianPeriods: 2 });
  const monthly = detectFrequency(days(["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]));
  assert.equal(monthly.ok && monthly.frequency, "monthly");
  const quarterly = detectFrequency(days(["2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01"]));
  assert.equal(quarterly.ok, false);
  assert.match(!quarterly.ok ? quarterly.reason : "", /quarterly/);
  const yearly = detectFrequency(days(["2021-06-01", "2022-06-01", "2023-06-01"]));
  assert.match(!yearly.ok ? yearly.reason : "", /yearly/);
  assert.deepEqual(detectFrequency([19723]), { ok: true, frequency: "daily", medianStep: 1, medianPeriods: 1 });
});

test("weekly anchor: the dominant weekday; other dates snap to the nearest one", () => {
  const d = days(["2024-03-04", "2024-03-11", "2024-03-19", "2024-03-25"]);
  const anchor = chooseAnchor(d, "weekly");
  assert.deepEqual(anchor, { frequency: "weekly", weekday: 0 });
  assert.equal(epochDayToIso(periodDay(periodKey(isoToEpochDay("2024-03-19"), anchor), anchor)), "2024-03-18");
  assert.equal(epochDayToIso(periodDay(periodKey(isoToEpochDay("2024-03-21"), anchor), anchor)), "2024-03-18");
  assert.equal(epochDayToIso(periodDay(periodKey(isoToEpochDay("2024-03-22"), anchor), anchor)), "2024-03-25");
  const grouping = { frequency: "weekly" as const, weekday: 0, from: true };
  assert.equal(epochDayToIso(periodDay(periodKey(isoToEpochDay("2024-03-24"), grouping), grouping)), "2024-03-18");
  assert.equal(periodKey(isoToEpochDay("2024-03-25"), anchor) - periodKey(isoToEpochDay("2024-03-04"), anchor), 3);
});

test("monthly anchor: month ends, a fixed day, or the 1st", () => {
  const ends = chooseAnchor(days(["2024-01-31", "2024-02-29", "2024-03-31"]), "monthly");
  assert.deepEqual(ends, { frequency: "monthly", day: "end" });
  assert.equal(epochDayToIso(periodDay(periodKey(isoToEpochDay("2024-01-31"), ends) + 3, ends)), "2024-04-30");
  const fifteenth = chooseAnchor(days(["2024-01-15", "2024-02-15"]), "monthly");
  assert.deepEqual(fifteenth, { frequency: "monthly", day: 15 });
  const mixed = chooseAnchor(days(["2024-01-03", "2024-02-05"]), "monthly");
  assert.deepEqual(mixed, { frequency: "monthly", day: 1 });
  const day31 = { frequency: "monthly" as const, day: 31 };
  assert.equal(epochDayToIso(periodDay(periodKey(isoToEpochDay("2024-01-31"), day31) + 1, day31)), "2024-02-29");
  assert.deepEqual([periodsPerYear("daily"), periodsPerYear("weekly"), periodsPerYear("monthly")], [365, 52, 12]);
});
