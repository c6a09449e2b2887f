/**
 * Every user-facing string of the Model sheet (and the pane's model summary), in one place so the string catalogue
 * can take them over. Sentences are whole templates with named placeholders ({skus}, {from} ...), never built from
 * fragments; `fillText` puts the values in.
 */
import type { Frequency, IssueSeverity } from "../types";

export const modelSheetText = {
  sheetTitle: "Trendcast model: what it learned and how far to trust it",
  summaryHeading: "Summary",
  trainedOn: "Trained on {skus} SKUs of {frequency} sales from {from} to {to} ({periods} periods), to forecast {horizon} {unit} ahead.",
  backtestBetter:
    "Over the last {windows} × {horizon} {unit} its error was {pct}% lower than {baseline}; the {level}% band held the actual sales {hit}% of the time.",
  backtestWorse:
    "Over the last {windows} × {horizon} {unit} its error was {pct}% higher than {baseline}; the {level}% band held the actual sales {hit}% of the time.",
  backtestBetterNoBand: "Over the last {windows} × {horizon} {unit} its error was {pct}% lower than {baseline}.",
  backtestWorseNoBand: "Over the last {windows} × {horizon} {unit} its error was {pct}% higher than {baseline}.",
  backtestNone: "It was not backtested: the history is too short to hold back {horizon} {unit} and still train.",
  backtestSkipped: "It was not backtested: the backtest was switched off for this run, so the grades below are all C.",
  backtestHow: "The backtest forecast periods the model had not seen and compared them with what was actually sold.",
  trainedWhen: "Training ran on {date} at {time} UTC for {seconds} seconds on {hardware}.",
  trainedWhenNoTime: "Made on {date} at {time} UTC on {hardware}.",
  gradeCounts: "SKUs by trust grade: A {a}, B {b}, C {c} (the rule is under the table).",
  addInHeading: "Without the add-in",
  addInValues:
    "Every forecast and suggested order in this workbook is also stored as a plain number (Forecast sheet; Restock sheet, column \"Computed order\"), so it reads the same without Trendcast.",
  addInGet:
    "To retrain or to have the TREND formulas recalculate, install the Trendcast add-in: in Excel choose Home > Add-ins, or ask your IT admin to deploy Trendcast's manifest.xml; the Trendcast pane then opens with this workbook.",
  perSkuHeading: "Per SKU",
  columns: {
    sku: "SKU",
    forecaster: "Forecaster",
    vsBaseline: "Backtest error vs seasonal naive",
    hit: "{level}% band hit rate",
    lift: "Promotion lift",
    peak: "Seasonal peak",
    trend: "Recent trend per month",
    grade: "Trust grade",
  },
  gradeRuleHeading: "How the trust grade is set (from the backtest)",
  gradeA: "A: error at least {margin}% lower than seasonal naive, and the {level}% band held {low}–{high}% of the actual sales.",
  gradeB: "B: error no more than {margin}% higher than seasonal naive (a better error with the band outside {low}–{high}% also gets B).",
  gradeC: "C: error more than {margin}% higher than seasonal naive, or the SKU could not be backtested.",
  columnNotes:
    "Promotion lift: average sales in promotion periods divided by average sales in other periods (— when the data has no promotions). Trend: slope of the last {trendSpan} as a share of their average.",
  settingsHeading: "Technical settings",
  scoresHeading: "Backtest scores (lower WQL and MASE are better)",
  scoreColumns: ["Model", "WQL", "MASE", "80% band coverage", "Bias"],
  issuesHeading: "Data problems found",
  issueColumns: ["Severity", "Where", "What was found", "What Trendcast did"],
  /** Where an issue without a cell was found: its row. */
  issueRow: "row {row}",
  severities: { error: "error", warning: "warning", info: "info" } satisfies Record<IssueSeverity, string>,
  none: "—",
  /** Number formats whose text is words: a fraction 0.52 shows "52% better", -0.1 "10% worse". */
  formatBetterWorse: '0%" better";0%" worse";"same"',
  formatTrend: '+0.0%;-0.0%;0.0%',
  formatLift: '0.00"×"',
  units: { daily: "days", weekly: "weeks", monthly: "months" } satisfies Record<Frequency, string>,
  frequencies: { daily: "daily", weekly: "weekly", monthly: "monthly" } satisfies Record<Frequency, string>,
  baselines: {
    daily: "repeating last week's sales",
    weekly: "repeating the same week of last year",
    monthly: "repeating the same month of last year",
  } satisfies Record<Frequency, string>,
  trendSpans: { daily: "13 weeks", weekly: "26 weeks", monthly: "12 months" } satisfies Record<Frequency, string>,
  weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  forecasters: {
    attention: "Attention network",
    ets: "Exponential smoothing (ETS)",
    snaive: "Seasonal naive",
    croston: "Croston (intermittent demand)",
    classical: "Classical (ETS or Croston)",
    auto: "Best per SKU",
  } as Record<string, string>,
  /** A blend of the attention network with classical models, e.g. "Attention network blended with ETS". */
  blend: "Attention network blended with {members}",
  blendMembers: { ets: "ETS", croston: "Croston", snaive: "seasonal naive", classical: "classical" } as Record<string, string>,
  blendJoin: " + ",
  settingNames: {
    model: "Model",
    input: "Input",
    layout: "Layout",
    horizon: "Horizon (periods)",
    level: "Band level",
    covariates: "Known-ahead columns",
    backend: "Backend",
    parameters: "Parameters",
    trainingSeconds: "Training seconds",
    fingerprint: "Data fingerprint",
  } as Record<string, string>,
  hardwareNode: "this computer's CPU ({cores} cores) with the {backend} backend in Node.js",
  hardwareNodeClassical: "this computer's CPU ({cores} cores) in Node.js",
  hardwarePane: "this computer ({backend} backend)",
};

/** The shape every language's Model sheet words must have (src/i18n holds the Chinese ones; the engine only English). */
export type ModelSheetText = typeof modelSheetText;

/** Puts named values into a template: fillText("{a} of {b}", { a: 1, b: 2 }) -> "1 of 2". Unknown names stay. */
export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A readable name for a forecaster choice: "blend:ets+croston" -> "Attention network blended with ETS + Croston". */
export function forecasterName(choice: string, t: ModelSheetText = modelSheetText): string {
  const bare = choice.replace(/\s*\(.*\)$/, "");
  if (bare.startsWith("blend:")) {
    const members = bare.slice(6).split("+").map((m) => t.blendMembers[m] ?? m);
    return fillText(t.blend, { members: members.join(t.blendJoin) });
  }
  return t.forecasters[bare] ?? choice;
}
