/**
 * Calendar helpers on "epoch days" (whole days since 1970-01-01 UTC). Civil-date conversion uses Howard Hinnant's
 * `days_from_civil` / `civil_from_days` algorithms (proleptic Gregorian calendar), so no `Date` objects or time zones
 * are involved.
 *
 * Excel's 1900 date system counts 1900-01-01 as serial 1 and, like Lotus 1-2-3, wrongly treats 1900 as a leap year:
 * serial 60 is the fictitious 1900-02-29 and every serial from 61 (1900-03-01) on is one more than the true day count.
 * So serial = epochDay + 25569 from 1900-03-01 on, and epochDay + 25568 before.
 */
import { TrendcastError, type Frequency } from "../types";

/** Excel serial of 1970-01-01. */
export const EXCEL_EPOCH_OFFSET = 25569;
/** Epoch day of 1900-03-01, the first day where serial = epochDay + 25569. */
const EPOCH_DAY_1900_03_01 = -25508;

export type DateOrder = "dmy" | "mdy";

export type CivilDate = { year: number; month: number; day: number };

/** Epoch day of a calendar date (month 1..12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of an epoch day. */
export function civilFromDays(epochDay: number): CivilDate {
  const z = Math.floor(epochDay) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Excel serial (1900 date system) to epoch day. A time-of-day fraction is dropped. Serial 60, Excel's fictitious
 * 1900-02-29, is read as 1900-02-28 (the last real day Excel counts before it); serial 0 ("1900-01-00") is 1899-12-31.
 */
export function excelSerialToEpochDay(serial: number): number {
  const s = Math.floor(serial);
  if (s >= 61) return s - EXCEL_EPOCH_OFFSET;
  if (s === 60) return EPOCH_DAY_1900_03_01 - 1;
  return s - EXCEL_EPOCH_OFFSET + 1;
}

/** Epoch day to Excel serial (1900 date system); the inverse of `excelSerialToEpochDay` except for serial 60. */
export function epochDayToExcelSerial(epochDay: number): number {
  const d = Math.floor(epochDay);
  return d >= EPOCH_DAY_1900_03_01 ? d + EXCEL_EPOCH_OFFSET : d + EXCEL_EPOCH_OFFSET - 1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" of an epoch day. */
export function epochDayToIso(epochDay: number): string {
  const { year, month, day } = civilFromDays(epochDay);
  const y = year >= 0 && year < 10000 ? String(year).padStart(4, "0") : String(year);
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of an ISO date "YYYY-MM-DD". Throws a TrendcastError naming the text when it is not a real date. */
export function isoToEpochDay(iso: string): number {
  const m = ISO_RE.exec(iso.trim());
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return daysFromCivil(year, month, day);
  }
  throw new TrendcastError(
    `"${iso}" is not a date in the form YYYY-MM-DD (for example 2024-03-31).`,
    "bad-date",
  );
}

/** Move an epoch day by n periods; monthly adds calendar months and keeps the day, clamped to the month's end. */
export function addPeriods(epochDay: number, n: number, frequency: Frequency): number {
  if (frequency === "daily") return epochDay + n;
  if (frequency === "weekly") return epochDay + 7 * n;
  const { year, month, day } = civilFromDays(epochDay);
  const total = year * 12 + (month - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Weekday of an epoch day: 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return (((Math.floor(epochDay) + 3) % 7) + 7) % 7;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, janv: 1, janvier: 1, januar: 1, enero: 1, gennaio: 1,
  feb: 2, february: 2, fev: 2, fevr: 2, fevrier: 2, februar: 2, febrero: 2, febbraio: 2,
  mar: 3, march: 3, mars: 3, marz: 3, maerz: 3, marzo: 3,
  apr: 4, april: 4, avr: 4, avril: 4, abril: 4, aprile: 4,
  may: 5, mai: 5, mayo: 5, maggio: 5,
  jun: 6, june: 6, juin: 6, juni: 6, junio: 6, giugno: 6,
  jul: 7, july: 7, juil: 7, juillet: 7, juli: 7, julio: 7, luglio: 7,
  aug: 8, august: 8, aout: 8, agosto: 8,
  sep: 9, sept: 9, september: 9, septembre: 9, septiembre: 9, settembre: 9,
  oct: 10, october: 10, octobre: 10, oktober: 10, octubre: 10, ottobre: 10, okt: 10,
  nov: 11, november: 11, novembre: 11, noviembre: 11,
  dec: 12, december: 12, decembre: 12, dezember: 12, dez: 12, diciembre: 12, dicembre: 12,
};

const WEEKDAYS = new Set([
  "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
  "fri", "friday", "sat", "saturday", "sun", "sunday",
]);

/** Shape of a date text, before a day/month order is chosen. */
export type DateTextShape =
  | { kind: "ymd"; year: number; month: number; day: number }
  /** "a/b/yyyy": a and b are day and month in an order the text alone may not tell. */
  | { kind: "ambiguous"; first: number; second: number; year: number };

const YMD_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const XYZ_RE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/;
const YM_RE = /^(\d{4})[-/.](\d{1,2})$/;
const WEEK_RE = /^(\d{4})-?w(\d{1,2})(?:-?([1-7]))?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME_RE = /^(.*?\d)(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$/i;

function twoDigitYear(y: number): number {
  // Excel's rule: 00-29 are 2000-2029, 30-99 are 1930-1999.
  return y < 30 ? 2000 + y : 1900 + y;
}

function validYmd(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Read the shape of a date text without choosing a day/month order: ISO and year-first forms, "yyyy-mm" months,
 * ISO weeks ("2024-W05", the Monday), compact "20240315", month names ("4 Mar 2024", "Mar 4, 2024", "Jan-24"), and
 * numeric "a/b/yyyy" forms that need an order. A time of day is ignored. Returns null when it is no date.
 */
export function dateTextShape(text: string): DateTextShape | null {
  let t = text.trim().toLowerCase();
  if (t.length < 6 || t.length > 40) return null;
  const c0 = t.charCodeAt(0);
  const startsWithDigit = c0 >= 48 && c0 <= 57;
  if (startsWithDigit) {
    const tm = TIME_RE.exec(t);
    if (tm) t = tm[1]!;
    let m = YMD_RE.exec(t);
    if (m) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      return validYmd(year, month, day) ? { kind: "ymd", year, month, day } : null;
    }
    m = XYZ_RE.exec(t);
    if (m) {
      const first = Number(m[1]);
      const second = Number(m[2]);
      const year = m[3]!.length === 2 ? twoDigitYear(Number(m[3])) : Number(m[3]);
      const dmyOk = validYmd(year, second, first);
      const mdyOk = validYmd(year, first, second);
      if (!dmyOk && !mdyOk) return null;
      return { kind: "ambiguous", first, second, year };
    }
    m = YM_RE.exec(t);
    if (m) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      return validYmd(year, month, 1) ? { kind: "ymd", year, month, day: 1 } : null;
    }
    m = WEEK_RE.exec(t);
    if (m) {
      const year = Number(m[1]);
      const week = Number(m[2]);
      const dow = m[3] ? Number(m[3]) : 1;
      if (week < 1 || week > 53) return null;
      // ISO week 1 holds January 4th.
      const jan4 = daysFromCivil(year, 1, 4);
      const day = jan4 - weekdayOf(jan4) + (week - 1) * 7 + (dow - 1);
      const c = civilFromDays(day);
      return { kind: "ymd", year: c.year, month: c.month, day: c.day };
    }
    m = COMPACT_RE.exec(t);
    if (m) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      return year >= 1900 && validYmd(year, month, day) ? { kind: "ymd", year, month, day } : null;
    }
  }
  return namedMonthShape(t);
}

function namedMonthShape(t: string): DateTextShape | null {
  const tokens = t.split(/[\s,./-]+/).filter((s) => s.length > 0);
  if (tokens.length < 2 || tokens.length > 4) return null;
  let month = 0;
  const numbers: string[] = [];
  for (const raw of tokens) {
    const tok = raw.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (/^\d+(st|nd|rd|th)?$/.test(tok)) {
      numbers.push(tok.replace(/\D+$/, ""));
      continue;
    }
    const mo = MONTHS[tok];
    if (mo !== undefined && month === 0) {
      month = mo;
      continue;
    }
    if (WEEKDAYS.has(tok)) continue;
    return null;
  }
  if (month === 0) return null;
  if (numbers.length === 1) {
    const y = numbers[0]!;
    const year = y.length === 4 ? Number(y) : y.length === 2 ? twoDigitYear(Number(y)) : NaN;
    return Number.isFinite(year) ? { kind: "ymd", year, month, day: 1 } : null;
  }
  if (numbers.length === 2) {
    const [a, b] = numbers as [string, string];
    let year: number;
    let day: number;
    if (b.length === 4) {
      year = Number(b);
      day = Number(a);
    } else if (a.length === 4) {
      year = Number(a);
      day = Number(b);
    } else if (b.length === 2 && a.length <= 2) {
      year = twoDigitYear(Number(b));
      day = Number(a);
    } else return null;
    return validYmd(year, month, day) ? { kind: "ymd", year, month, day } : null;
  }
  return null;
}

/**
 * Epoch day of a date text, or null when it is no date. `order` settles "03/04/2024": "dmy" reads 3 April, "mdy"
 * reads March 4. With "auto", a text whose first number is over 12 is day-first, whose second is over 12 is
 * month-first, and a text both ways valid is read day-first (ingest decides the order from a whole column instead).
 */
export function parseDateText(text: string, order: DateOrder | "auto" = "auto"): number | null {
  const shape = dateTextShape(text);
  if (shape === null) return null;
  if (shape.kind === "ymd") return daysFromCivil(shape.year, shape.month, shape.day);
  return resolveAmbiguous(shape, order);
}

/** Epoch day of an ambiguous "a/b/yyyy" shape read in the given order, or null when not a real date that way. */
export function resolveAmbiguous(
  shape: { first: number; second: number; year: number },
  order: DateOrder | "auto",
): number | null {
  const dmyOk = validYmd(shape.year, shape.second, shape.first);
  const mdyOk = validYmd(shape.year, shape.first, shape.second);
  let useDmy: boolean;
  if (order === "dmy") useDmy = true;
  else if (order === "mdy") useDmy = false;
  else useDmy = dmyOk;
  if (useDmy) return dmyOk ? daysFromCivil(shape.year, shape.second, shape.first) : null;
  return mdyOk ? daysFromCivil(shape.year, shape.first, shape.second) : null;
}
