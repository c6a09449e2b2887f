/** What the stages of building the panel share: the observations read, the options, the log, the timeline found. */
import type { Frequency, PanelLayout, SalesPanel } from "../types";
import type { PeriodAnchor } from "./frequency";
import type { IssueLog } from "./issues";
import type { IngestOptions } from "./limits";
import type { Observations, SkuInfo } from "./observations";
import { address, type Sheet } from "./sheet";

export type BuildContext = {
  sheet: Sheet;
  layout: PanelLayout;
  obs: Observations;
  skus: SkuInfo[];
  dateColIndex: number | null;
  options: IngestOptions;
  log: IssueLog;
  nObs: number;
  content: Observations["content"];
  /** How several values of one SKU and period are combined, and that in words for issues. */
  how: "sum" | "mean" | "last";
  howWord: string;
  /** The cell holding observation i's date. */
  dateCell: (i: number) => string;
};

/** The regular timeline the observations map onto. */
export type Timeline = {
  frequency: Frequency;
  /** Dates grouped into longer periods than their own, as asked. */
  grouping: boolean;
  anchor: PeriodAnchor;
  /** Dates outside [lo, hi] are outliers, left out. */
  lo: number;
  hi: number;
  /** Period key of each observation (NaN when left out). */
  keys: Float64Array;
  minKey: number;
  histEnd: number;
  /** Periods of the whole timeline (planned covariates included) and of the sales history. */
  T: number;
  H: number;
  timeline: number[];
  /** Periods of the history in which some row holds something. */
  rowPresent: Uint8Array;
};

export function makeContext(
  sheet: Sheet,
  layout: PanelLayout,
  obs: Observations,
  skus: SkuInfo[],
  dateColIndex: number | null,
  options: IngestOptions,
  log: IssueLog,
): BuildContext {
  const how = options.duplicates ?? "sum";
  return {
    sheet,
    layout,
    obs,
    skus,
    dateColIndex,
    options,
    log,
    nObs: obs.sku.length,
    content: obs.content,
    how,
    howWord: how === "sum" ? "added up" : how === "mean" ? "averaged" : "the last one kept",
    dateCell: (i: number): string => (dateColIndex === null ? address(sheet, obs.r[i]!, obs.c[i]!) : address(sheet, obs.r[i]!, dateColIndex)),
  };
}

export function emptyPanel(log: IssueLog, layout: PanelLayout = "single", frequency: Frequency = "daily"): SalesPanel {
  return { layout, frequency, timeline: [], series: [], covariateNames: [], issues: log.finish() };
}
