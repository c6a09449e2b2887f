/**
 * "classical": per series, choose between seasonal naive, ETS, TSB and the quantile average of ETS and TSB
 * (Vincentization, as in Lichtendahl, Grushka-Cockayne & Winkler 2013) by an in-sample rolling-origin backtest (the
 * last `windows` horizon-sized windows before the end of the history), by weighted quantile loss over the levels
 * 0.1..0.9; then refit the winner on the whole history. This is the per-series model selection of statsforecast's
 * `cross_validation` + argmin, with the same pinball loss the evaluation protocol scores.
 */
import { DEFAULT_QUANTILES, type FittedForecaster, type Forecaster, type QuantileForecast, type SeriesInput } from "../../types";
import { detectSeasonLength, minHistoryForSeason } from "../season";
import { fitCroston } from "./croston";
import { fitEts } from "./ets";
import { fitSeasonalNaive } from "./snaive";
import { checkRequest } from "./util";
import { isNonFiniteForecast, predictOrNaive } from "./fallback";

export type CandidateName = "snaive" | "ets" | "croston" | "ets+croston";

/** Quantile averaging of ETS and TSB (Vincentization): level by level, the mean of the two forecasts' quantiles. */
function fitEtsCrostonBlend(input: SeriesInput): FittedForecaster {
  const a = fitEts(input);
  const b = fitCroston(input);
  return {
    name: "ets+croston",
    predict(horizon, quantiles) {
      return averageQuantiles(a.predict(horizon, quantiles), b.predict(horizon, quantiles));
    },
  };
}

/** Level-by-level mean of two forecasts at the same levels (stays non-crossing and non-negative). */
function averageQuantiles(a: QuantileForecast, b: QuantileForecast): QuantileForecast {
  return { quantiles: a.quantiles, values: a.values.map((row, k) => row.map((v, h) => (v + b.values[k][h]) / 2)) };
}

const CANDIDATES: { name: CandidateName; fit: (s: SeriesInput) => FittedForecaster }[] = [
  { name: "snaive", fit: fitSeasonalNaive },
  { name: "ets", fit: fitEts },
  { name: "croston", fit: fitCroston },
  { name: "ets+croston", fit: fitEtsCrostonBlend },
];

/** Sum over levels and steps of the pinball loss rho_q(y, f). */
export function pinballSum(actual: readonly number[], forecast: QuantileForecast): number {
  let s = 0;
  forecast.quantiles.forEach((q, k) => {
    actual.forEach((y, h) => {
      const e = y - forecast.values[k][h];
      s += e >= 0 ? q * e : (q - 1) * e;
    });
  });
  return s;
}

/**
 * Picks the candidate with the lowest in-sample backtest loss for this horizon; with too little history, "croston"
 * for intermittent demand (>= 30% zeros) and "ets" otherwise.
 * Windows default to at least 4 and to about 56 periods in all, so short horizons are judged on enough data.
 */
export function chooseClassical(input: SeriesInput, horizon: number, windows = Math.max(4, Math.ceil(56 / horizon))): CandidateName {
  const n = input.values.length;
  const season = input.seasonLength ?? detectSeasonLength(input.values, input.frequency);
  const minFit = Math.max(season > 1 ? minHistoryForSeason(season) + 2 : 0, 14);
  // Repeating last season's zeros and spikes is noise for intermittent demand: seasonal naive is not a candidate there.
  const zeros = input.values.filter((v) => v === 0).length / Math.max(1, n);
  const intermittent = zeros >= 0.3;
  const usable = Math.min(windows, Math.floor((n - minFit) / horizon));
  if (usable < 1) return intermittent ? "croston" : "ets";
  const candidates = intermittent ? CANDIDATES.filter((c) => c.name !== "snaive") : CANDIDATES;
  const loss = new Map<CandidateName, number>(candidates.map((c) => [c.name, 0]));
  for (let w = usable; w >= 1; w--) {
    const cut = n - w * horizon;
    const train: SeriesInput = { ...input, values: input.values.slice(0, cut), seasonLength: season };
    const actual = input.values.slice(cut, cut + horizon);
    const made = new Map<CandidateName, QuantileForecast>();
    for (const c of candidates) {
      if (c.name === "ets+croston") continue;
      try {
        made.set(c.name, c.fit(train).predict(horizon, DEFAULT_QUANTILES));
      } catch (e) {
        // A candidate without usable numbers in a window loses the selection.
        if (!isNonFiniteForecast(e)) throw e;
        loss.set(c.name, Infinity);
      }
    }
    const e = made.get("ets");
    const k = made.get("croston");
    if (e && k) made.set("ets+croston", averageQuantiles(e, k));
    else loss.set("ets+croston", Infinity);
    for (const [name, f] of made) loss.set(name, (loss.get(name) ?? 0) + pinballSum(actual, f));
  }
  let best: CandidateName = "ets";
  for (const c of candidates) if ((loss.get(c.name) ?? Infinity) < (loss.get(best) ?? Infinity)) best = c.name;
  return best;
}

export type FittedClassical = FittedForecaster & {
  /** The candidate chosen for the given horizon (runs the selection backtest once per horizon). */
  choose(horizon: number): CandidateName;
};

export function fitClassical(input: SeriesInput): FittedClassical {
  const chosen = new Map<number, CandidateName>();
  const fitted = new Map<CandidateName, FittedForecaster>();
  const choose = (horizon: number): CandidateName => {
    let c = chosen.get(horizon);
    if (c === undefined) {
      c = chooseClassical(input, horizon);
      chosen.set(horizon, c);
    }
    return c;
  };
  return {
    name: "classical",
    choose,
    predict(horizon, quantiles) {
      checkRequest(horizon, quantiles);
      const c = choose(horizon);
      let f = fitted.get(c);
      if (f === undefined) {
        f = (CANDIDATES.find((k) => k.name === c) ?? CANDIDATES[1]).fit(input);
        fitted.set(c, f);
      }
      const model = f;
      return predictOrNaive(model.name, () => model.predict(horizon, quantiles), input, horizon, quantiles);
    },
  };
}

export const classical: Forecaster = { name: "classical", fit: fitClassical };
