/**
 * Strict reader for the evaluation's long CSV (`series_id,date,value[,covariate...]`, PROTOCOL.md §1): ISO dates,
 * one regular timeline per series (daily, weekly or monthly), all series ending on the same date. Rows whose
 * value is empty after a series' last value are future plan rows: their covariates extend the series' covariates
 * (promotions planned ahead). Every problem is reported with its line number.
 */
import { parseCsv } from "../engine/ingest/csv";
import { addPeriods, isoToEpochDay } from "../engine/ingest/dates";
import { TrendcastError, type Frequency, type SalesPanel, type Series } from "../engine/types";

type RawSeries = { id: string; dates: number[]; values: (number | null)[]; covs: number[][]; firstLine: number };

function fail(file: string, line: number, message: string): never {
  throw new TrendcastError(`${file}, line ${line}: ${message}`, "bad-long-csv", { row: line });
}

function frequencyOf(step: number): Frequency | null {
  if (step === 1) return "daily";
  if (step === 7) return "weekly";
  if (step >= 28 && step <= 31) return "monthly";
  return null;
}

export function readLongCsv(text: string, file = "input"): SalesPanel {
  const rows = parseCsv(text, ",").filter((r) => !(r.length === 1 && r[0].trim() === ""));
  if (rows.length < 2) throw new TrendcastError(`${file} has no data rows. Expected a header series_id,date,value and one row per series and date.`, "bad-long-csv");
  const header = rows[0].map((h) => h.trim());
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name);
  const iId = col("series_id");
  const iDate = col("date");
  const iValue = col("value");
  if (iId < 0 || iDate < 0 || iValue < 0) {
    fail(file, 1, `the header must name the columns series_id, date and value (found: ${header.join(", ")}).`);
  }
  const covIdx = header.map((_, i) => i).filter((i) => i !== iId && i !== iDate && i !== iValue);
  const covNames = covIdx.map((i) => header[i]);
  const byId = new Map<string, RawSeries>();
  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const row = rows[r];
    if (row.length !== header.length) fail(file, line, `has ${row.length} fields, the header has ${header.length}. Check for an unquoted comma.`);
    const id = row[iId].trim();
    if (id === "") fail(file, line, "the series_id is empty.");
    let date: number;
    try {
      date = isoToEpochDay(row[iDate]);
    } catch (e) {
      fail(file, line, e instanceof Error ? e.message : String(e));
    }
    const vText = row[iValue].trim();
    const value = vText === "" ? null : Number(vText);
    if (value !== null && !Number.isFinite(value)) fail(file, line, `the value "${vText}" is not a number.`);
    const covs = covIdx.map((i, k) => {
      const t = row[i].trim();
      const x = t === "" ? 0 : Number(t);
      if (!Number.isFinite(x)) fail(file, line, `the ${covNames[k]} value "${t}" is not a number.`);
      return x;
    });
    let s = byId.get(id);
    if (!s) {
      s = { id, dates: [], values: [], covs: [], firstLine: line };
      byId.set(id, s);
    }
    const prev = s.dates[s.dates.length - 1];
    if (prev !== undefined && date <= prev) fail(file, line, `series ${id}: dates must increase (this date repeats or goes back). Sort by series then date and remove duplicates.`);
    if (value !== null && s.values.length > 0 && s.values[s.values.length - 1] === null) {
      fail(file, line, `series ${id}: a value follows a row with an empty value; empty values are only allowed for future plan rows at the end.`);
    }
    s.dates.push(date);
    s.values.push(value);
    s.covs.push(covs);
  }
  const all = [...byId.values()];
  // Frequency from the first step seen.
  const sample = all.find((s) => s.dates.length >= 2);
  if (!sample) throw new TrendcastError(`${file}: every series has a single date; at least two periods are needed.`, "bad-long-csv");
  const frequency = frequencyOf(sample.dates[1] - sample.dates[0]);
  if (!frequency) fail(file, sample.firstLine + 1, `series ${sample.id}: the step between dates is ${sample.dates[1] - sample.dates[0]} days; expected daily, weekly or monthly.`);
  for (const s of all) {
    for (let k = 1; k < s.dates.length; k++) {
      if (s.dates[k] !== addPeriods(s.dates[k - 1], 1, frequency)) {
        fail(file, s.firstLine + k, `series ${s.id}: the timeline is not regular ${frequency} (a gap or an extra date). Fill missing periods with 0.`);
      }
    }
  }
  const lastValueDate = (s: RawSeries) => {
    let k = s.values.length - 1;
    while (k >= 0 && s.values[k] === null) k--;
    return k >= 0 ? s.dates[k] : null;
  };
  const ends = all.map(lastValueDate);
  const end = ends.find((d) => d !== null);
  if (end === undefined || end === null) throw new TrendcastError(`${file}: no series has any values.`, "bad-long-csv");
  all.forEach((s, i) => {
    if (ends[i] !== end) fail(file, s.firstLine, `series ${s.id} ends on a different date than the others; all series must end on the same date.`);
  });
  const first = Math.min(...all.map((s) => s.dates[0]));
  const lastPlan = Math.max(...all.map((s) => s.dates[s.dates.length - 1]));
  const timeline: number[] = [];
  for (let d = first; d <= lastPlan; d = addPeriods(d, 1, frequency)) timeline.push(d);
  const indexOf = new Map(timeline.map((d, i) => [d, i]));
  const nValues = (indexOf.get(end) ?? 0) + 1;
  const series: Series[] = all.map((s) => {
    const start = indexOf.get(s.dates[0]) ?? 0;
    const values = new Array<number>(nValues).fill(0);
    const covariates: Record<string, number[]> = {};
    covNames.forEach((name) => (covariates[name] = new Array<number>(timeline.length).fill(0)));
    s.dates.forEach((d, k) => {
      const t = indexOf.get(d) ?? 0;
      const v = s.values[k];
      if (v !== null) values[t] = v;
      covNames.forEach((name, j) => (covariates[name][t] = s.covs[k][j]));
    });
    return { id: s.id, values, start, covariates };
  });
  return { layout: "long", frequency, timeline, series, covariateNames: covNames, issues: [] };
}
