/** A small synthetic daily panel (weekly pattern, trend, a promotion-like bump) shared by the lab page and worker. */
import type { SalesPanel } from "../../../src/engine/types";

export function labPanel(seriesCount = 6, periods = 150): SalesPanel {
  const timeline = Array.from({ length: periods }, (_, i) => 19700 + i);
  return {
    layout: "wide",
    frequency: "daily",
    timeline,
    series: Array.from({ length: seriesCount }, (_, s) => ({
      id: `SKU-${s + 1}`,
      start: 0,
      covariates: {},
      values: timeline.map((_, i) => Math.max(0, Math.round((10 + 4 * s) * (1 + 0.4 * Math.sin((2 * Math.PI * (i + s)) / 7)) + 0.02 * i + ((i * 31 + s * 17) % 5)))),
    })),
    covariateNames: [],
    issues: [],
  };
}
