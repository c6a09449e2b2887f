/**
 * Frequency of a set of dates (daily, weekly, monthly) from the median step between distinct dates, and the mapping
 * of dates onto a regular timeline of periods:
 * - daily: one period per day;
 * - weekly: one period per week, on the dominant weekday; a date on another weekday is snapped to the nearest one;
 * - monthly: one period per calendar month, dated on the day of month the data uses (the 1st, month ends, or one
 *   fixed day).
 * A "period key" is an integer that grows by one per period: the epoch day (daily), the week number on the anchor
 * weekday (weekly), or year * 12 + month - 1 (monthly).
 */
import { civilFromDays, daysFromCivil, daysInMonth, weekdayOf } from "./dates";
import type { Frequency } from "../types";

export type FrequencyDetection =
  | {
      ok: true;
      frequency: Frequency;
      /** Median step in days between distinct dates. */
      medianStep: number;
      /** Median step in periods of the detected frequency (1 for complete data; more for sparse rows). */
      medianPeriods: number;
    }
  | { ok: false; medianStep: number; reason: string; days: number; months: number };

function median(sorted: number[]): number {
  if (sorted.length === 0) return 0;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Detect the frequency of ascending distinct epoch days. One date alone is read as daily. */
export function detectFrequency(days: readonly number[]): FrequencyDetection {
  if (days.length < 2) return { ok: true, frequency: "daily", medianStep: 1, medianPeriods: 1 };
  const steps: number[] = [];
  for (let i = 1; i < days.length; i++) steps.push(days[i]! - days[i - 1]!);
  steps.sort((a, b) => a - b);
  const step = median(steps);
  if (step <= 4) return { ok: true, frequency: "daily", medianStep: step, medianPeriods: step };
  if (step < 25) {
    return { ok: true, frequency: "weekly", medianStep: step, medianPeriods: Math.max(1, Math.round(step / 7)) };
  }
  const monthSteps: number[] = [];
  for (let i = 1; i < days.length; i++) monthSteps.push(monthIndex(days[i]!) - monthIndex(days[i - 1]!));
  monthSteps.sort((a, b) => a - b);
  const months = median(monthSteps);
  if (months <= 1) return { ok: true, frequency: "monthly", medianStep: step, medianPeriods: 1 };
  const what = months === 3 ? "quarterly" : months === 12 ? "yearly" : `every ${months} months`;
  return {
    ok: false,
    medianStep: step,
    days: Math.round(step),
    months,
    reason: `the dates are about ${Math.round(step)} days apart (${what}); Trendcast forecasts daily, weekly or monthly data`,
  };
}

/** year * 12 + month - 1 of an epoch day. */
export function monthIndex(epochDay: number): number {
  const c = civilFromDays(epochDay);
  return c.year * 12 + c.month - 1;
}

/** Where in its period each date of the timeline falls. */
export type PeriodAnchor =
  | { frequency: "daily" }
  /**
   * weekday 0 = Monday ... 6 = Sunday. Dates are snapped to the nearest such weekday, or with `from` (grouping daily
   * data into weeks) counted in the week that starts on it.
   */
  | { frequency: "weekly"; weekday: number; from?: boolean }
  /** day of month 1..31 (clamped to short months), or "end" for month ends */
  | { frequency: "monthly"; day: number | "end" };

/** The anchor the dates mostly use: the dominant weekday for weekly data, the common day of month for monthly. */
export function chooseAnchor(days: readonly number[], frequency: Frequency): PeriodAnchor {
  if (frequency === "daily") return { frequency };
  if (frequency === "weekly") {
    const counts = new Array<number>(7).fill(0);
    for (const d of days) counts[weekdayOf(d)]!++;
    let best = 0;
    for (let w = 1; w < 7; w++) if (counts[w]! > counts[best]!) best = w;
    return { frequency, weekday: best };
  }
  let ends = 0;
  const dayCounts = new Map<number, number>();
  for (const d of days) {
    const c = civilFromDays(d);
    if (c.day === daysInMonth(c.year, c.month)) ends++;
    dayCounts.set(c.day, (dayCounts.get(c.day) ?? 0) + 1);
  }
  if (days.length > 0 && ends === days.length) return { frequency, day: "end" };
  let bestDay = 1;
  let bestCount = 0;
  for (const [day, count] of dayCounts) {
    if (count > bestCount || (count === bestCount && day < bestDay)) {
      bestDay = day;
      bestCount = count;
    }
  }
  return { frequency, day: bestCount === days.length ? bestDay : 1 };
}

/** Period key of a date (see the module comment). */
export function periodKey(epochDay: number, anchor: PeriodAnchor): number {
  if (anchor.frequency === "daily") return epochDay;
  if (anchor.frequency === "weekly") {
    const weeks = (epochDay - anchorDay0(anchor.weekday)) / 7;
    return anchor.from ? Math.floor(weeks) : Math.round(weeks);
  }
  return monthIndex(epochDay);
}

/** Epoch day of a period key on the timeline. */
export function periodDay(key: number, anchor: PeriodAnchor): number {
  if (anchor.frequency === "daily") return key;
  if (anchor.frequency === "weekly") return anchorDay0(anchor.weekday) + key * 7;
  const year = Math.floor(key / 12);
  const month = key - year * 12 + 1;
  const last = daysInMonth(year, month);
  const day = anchor.day === "end" ? last : Math.min(anchor.day, last);
  return daysFromCivil(year, month, day);
}

/** An epoch day on the given weekday near day 0 (1970-01-05 was a Monday). */
function anchorDay0(weekday: number): number {
  return 4 + weekday;
}

/** Typical number of periods in a year. */
export function periodsPerYear(frequency: Frequency): number {
  return frequency === "daily" ? 365 : frequency === "weekly" ? 52 : 12;
}

/** Human label, e.g. in issue messages. */
export function frequencyLabel(frequency: Frequency): string {
  return frequency === "daily" ? "day" : frequency === "weekly" ? "week" : "month";
}
