/**
 * Scores a forecast CSV (`series_id,cutoff,date,q...`) against a long truth panel with our metrics, the same
 * computation as shared/eval/score.py: used by tests to prove both agree, and by anyone without python3.
 */
import { parseCsv } from "../engine/ingest/csv";
import { isoToEpochDay } from "../engine/ingest/dates";
import { ScoreAccumulator, type Scores } from "../engine/evaluate/metrics";
import { TrendcastError, type SalesPanel } from "../engine/types";

export function scoreForecastCsv(truth: SalesPanel, forecastText: string, season: number, levels: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]): Scores {
  const rows = parseCsv(forecastText, ",");
  const header = rows[0] ?? [];
  const iId = header.indexOf("series_id");
  const iCut = header.indexOf("cutoff");
  const iDate = header.indexOf("date");
  const qCols = levels.map((l) => header.findIndex((h) => /^q/.test(h) && Math.abs(Number(h.slice(1)) - l) < 1e-9));
  if (iId < 0 || iCut < 0 || iDate < 0 || qCols.some((i) => i < 0)) {
    throw new TrendcastError(`The forecast file needs the columns series_id, cutoff, date and ${levels.map((l) => "q" + l).join(", ")}.`, "bad-forecast-csv");
  }
  // group rows by series and cutoff
  const groups = new Map<string, { id: string; cutoff: number; points: { date: number; q: number[] }[] }>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && row[0] === "") continue;
    const id = row[iId];
    const cutoff = isoToEpochDay(row[iCut]);
    const key = `${id}\u0000${cutoff}`;
    const g = groups.get(key) ?? { id, cutoff, points: [] };
    g.points.push({ date: isoToEpochDay(row[iDate]), q: qCols.map((i) => Number(row[i])) });
    groups.set(key, g);
  }
  const indexOfDay = new Map(truth.timeline.map((d, i) => [d, i]));
  const byId = new Map(truth.series.map((s) => [s.id, s]));
  const acc = new ScoreAccumulator(levels);
  // score.py's order: windows by cutoff, then series in truth order
  const sorted = [...groups.values()].sort((a, b) => a.cutoff - b.cutoff || truth.series.findIndex((s) => s.id === a.id) - truth.series.findIndex((s) => s.id === b.id));
  for (const g of sorted) {
    const s = byId.get(g.id);
    const ci = indexOfDay.get(g.cutoff);
    if (!s || ci === undefined) throw new TrendcastError(`Forecast rows for series ${g.id} at cutoff ${g.cutoff} do not match the truth file.`, "bad-forecast-csv");
    g.points.sort((a, b) => a.date - b.date);
    const actual = g.points.map((p) => s.values[indexOfDay.get(p.date) ?? -1]);
    if (actual.some((v) => v === undefined)) throw new TrendcastError(`Series ${g.id}: a forecast date lies outside the truth.`, "bad-forecast-csv");
    acc.add({
      history: s.values.slice(s.start, ci + 1),
      actual,
      forecast: { quantiles: [...levels], values: levels.map((_, k) => g.points.map((p) => p.q[k])) },
      season,
    });
  }
  return acc.result();
}
