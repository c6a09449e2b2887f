/** Weekly version of a daily panel for bench/short-history.ts: sales summed per 7 days, counted back from the end. */
import type { SalesPanel, Series } from "../../src/engine/types";

/**
 * Weeks end on the panel's last date (so the last week is complete); a leading partial week is dropped. Covariates:
 * "closed" is 1 when any day of the week was closed, any other 0/1 flag is 1 when set on at least 4 of the 7 days.
 */
export function weeklyPanel(daily: SalesPanel): SalesPanel {
  const last = Math.max(...daily.series.map((s) => s.values.length)) - 1;
  const weeks = Math.floor((last + 1) / 7);
  const first = last - weeks * 7 + 1;
  const timeline = Array.from({ length: weeks }, (_, w) => daily.timeline[first + w * 7 + 6]);
  const series: Series[] = daily.series.map((s) => {
    const values = new Array<number>(weeks).fill(0);
    const covariates: Record<string, number[]> = {};
    for (const name of daily.covariateNames) covariates[name] = new Array<number>(weeks).fill(0);
    for (let w = 0; w < weeks; w++) {
      for (let d = 0; d < 7; d++) values[w] += s.values[first + w * 7 + d] ?? 0;
      for (const name of daily.covariateNames) {
        let ones = 0;
        for (let d = 0; d < 7; d++) ones += (s.covariates[name]?.[first + w * 7 + d] ?? 0) === 1 ? 1 : 0;
        covariates[name][w] = name === "closed" ? (ones > 0 ? 1 : 0) : ones >= 4 ? 1 : 0;
      }
    }
    const start = Math.max(0, Math.ceil((s.start - first) / 7));
    return { id: s.id, values, start, covariates };
  });
  return { ...daily, frequency: "weekly", timeline, series };
}
