import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addPeriods,
  civilFromDays,
  daysFromCivil,
  epochDayToExcelSerial,
  epochDayToIso,
  excelSerialToEpochDay,
  isoToEpochDay,
  parseDateText,
  weekdayOf,
} from "../../src/engine/ingest/dates";
import { TrendcastError } from "../../src/engine/types";

test("epoch days and ISO text", () => {
  assert.equal(isoToEpochDay("1970-01-01"), 0);
  assert.equal(isoToEpochDay("2024-03-01"), 19783);
  assert.equal(epochDayToIso(19783), "2024-03-01");
  assert.equal(epochDayToIso(-1), "1969-12-31");
  assert.equal(epochDayToIso(isoToEpochDay("2000-02-29")), "2000-02-29");
  for (let d = -30000; d < 80000; d += 97) assert.equal(isoToEpochDay(epochDayToIso(d)), d);
  const c = civilFromDays(daysFromCivil(2023, 12, 31));
  assert.deepEqual(c, { year: 2023, month: 12, day: 31 });
});

test("isoToEpochDay rejects impossible dates with a message naming the text", () => {
  assert.throws(() => isoToEpochDay("2023-02-29"), (e: unknown) => e instanceof TrendcastError && /"2023-02-29"/.test(e.message));
  assert.throws(() => isoToEpochDay("31/01/2024"), TrendcastError);
});

test("Excel serials, including the fictitious 1900-02-29", () => {
  assert.equal(excelSerialToEpochDay(25569), 0);
  assert.equal(epochDayToIso(excelSerialToEpochDay(45292)), "2024-01-01");
  assert.equal(epochDayToIso(excelSerialToEpochDay(45292.75)), "2024-01-01");
  assert.equal(epochDayToIso(excelSerialToEpochDay(1)), "1900-01-01");
  assert.equal(epochDayToIso(excelSerialToEpochDay(59)), "1900-02-28");
  assert.equal(epochDayToIso(excelSerialToEpochDay(60)), "1900-02-28");
  assert.equal(epochDayToIso(excelSerialToEpochDay(61)), "1900-03-01");
  assert.equal(epochDayToExcelSerial(isoToEpochDay("1900-03-01")), 61);
  assert.equal(epochDayToExcelSerial(isoToEpochDay("1900-02-28")), 59);
  assert.equal(epochDayToExcelSerial(isoToEpochDay("2024-01-01")), 45292);
  for (const s of [1, 59, 61, 1000, 45292, 60000]) assert.equal(epochDayToExcelSerial(excelSerialToEpochDay(s)), s);
});

test("addPeriods: days, weeks and calendar months clamped to the month end", () => {
  const jan31 = isoToEpochDay("2024-01-31");
  assert.equal(epochDayToIso(addPeriods(jan31, 1, "daily")), "2024-02-01");
  assert.equal(epochDayToIso(addPeriods(jan31, 2, "weekly")), "2024-02-14");
  assert.equal(epochDayToIso(addPeriods(jan31, 1, "monthly")), "2024-02-29");
  assert.equal(epochDayToIso(addPeriods(jan31, 13, "monthly")), "2025-02-28");
  assert.equal(epochDayToIso(addPeriods(jan31, 2, "monthly")), "2024-03-31");
  assert.equal(epochDayToIso(addPeriods(jan31, -2, "monthly")), "2023-11-30");
  assert.equal(epochDayToIso(addPeriods(isoToEpochDay("2024-03-15"), -3, "monthly")), "2023-12-15");
});

test("weekdays: 0 is Monday", () => {
  assert.equal(weekdayOf(isoToEpochDay("2024-03-04")), 0);
  assert.equal(weekdayOf(isoToEpochDay("2024-03-10")), 6);
  assert.equal(weekdayOf(0), 3);
});

test("parseDateText reads the usual spreadsheet forms", () => {
  const iso = (t: string, o?: "dmy" | "mdy" | "auto") => {
    const d = parseDateText(t, o);
    return d === null ? null : epochDayToIso(d);
  };
  assert.equal(iso("2024-03-04"), "2024-03-04");
  assert.equal(iso("2024-03-04T00:00:00Z"), "2024-03-04");
  assert.equal(iso("2024-03-04 13:45"), "2024-03-04");
  assert.equal(iso("2024/3/4"), "2024-03-04");
  assert.equal(iso("03/04/2024", "dmy"), "2024-04-03");
  assert.equal(iso("03/04/2024", "mdy"), "2024-03-04");
  assert.equal(iso("13/04/2024"), "2024-04-13");
  assert.equal(iso("04/13/2024"), "2024-04-13");
  assert.equal(iso("13/04/2024", "mdy"), null);
  assert.equal(iso("4.3.24", "dmy"), "2024-03-04");
  assert.equal(iso("1/2/95", "mdy"), "1995-01-02");
  assert.equal(iso("4 Mar 2024"), "2024-03-04");
  assert.equal(iso("March 4, 2024"), "2024-03-04");
  assert.equal(iso("Mon, 4 March 2024"), "2024-03-04");
  assert.equal(iso("04-Mar-2024"), "2024-03-04");
  assert.equal(iso("Jan-24"), "2024-01-01");
  assert.equal(iso("2024-03"), "2024-03-01");
  assert.equal(iso("2024-W01"), "2024-01-01");
  assert.equal(iso("2020-W53"), "2020-12-28");
  assert.equal(iso("20240304"), "2024-03-04");
  assert.equal(iso("1 févr. 2024"), "2024-02-01");
  for (const bad of ["", "abc", "2024-02-30", "31/31/2024", "12", "B1_01", "Promo", "=TODAY()", "2024-13-01", "12345"]) {
    assert.equal(parseDateText(bad), null, bad);
  }
});
