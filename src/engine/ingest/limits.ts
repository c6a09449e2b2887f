/** What ingest can be asked to do, what it reports before training, and the sizes it refuses. */
import type { Frequency, IssueSeverity, PanelLayout } from "../types";

export type IngestOptions = {
  /** How missing periods inside a SKU's history are filled: 0 (default) or linear interpolation. */
  fill?: "zero" | "interpolate";
  /** How several values for one SKU and period are combined (default "sum"). */
  duplicates?: "sum" | "mean" | "last";
  /** Negative sales (returns) are kept (default) or clipped to 0. */
  negatives?: "keep" | "clip";
  /** Order of day and month in texts such as 03/04/2024; "auto" (default) decides from the data. */
  dateOrder?: "auto" | "dmy" | "mdy";
  /** Force the frequency instead of detecting it (dates are then grouped into periods of this length). */
  frequency?: Frequency;
};

/** What the task pane shows before training. */
export type PanelSummary = {
  layout: PanelLayout;
  skuCount: number;
  /** Periods of sales history (the timeline may run further with planned covariates). */
  periods: number;
  frequency: Frequency;
  firstDate: string | null;
  lastDate: string | null;
  issueCounts: Record<IssueSeverity, number>;
};

/** Values beyond this size are taken for typing slips or overflow, not sales. */
export const ABSURD_MAGNITUDE = 1e12;
/** Most issues of one kind listed one by one; the rest are counted in one summary issue. */
export const ISSUES_PER_CODE = 25;
/** Largest timeline x SKU grid built (about 400 MB of numbers). */
export const MAX_CELLS = 50_000_000;
/** Dates outside these years are typing slips. */
export const MIN_DAY = -25567; // 1900-01-01
export const MAX_DAY = 150000; // 2380-09-08
/** Placeholder start of the timeline when the data has no dates at all. */
export const UNDATED_START = 10957; // 2000-01-01
