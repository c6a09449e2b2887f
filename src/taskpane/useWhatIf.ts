/** The pane's what-if state and actions (step 5), kept out of App.tsx: run a scenario, take a plan from the
 * selection, write the Scenario sheet. */
import * as React from "react";
import type { SalesPanel } from "../engine/types";
import type { TrainedModel } from "../engine/forecast/trained-model";
import type { OfficeApi } from "./office-api";
import type { PaneOptions } from "./components/OptionsSection";
import { fillIn, whatIfText, type ScenarioSectionProps, type WhatIfChoice } from "./components/ScenarioSection";
import { getLocale } from "../i18n";
import { whatIfMessagesZhCN } from "../i18n/whatif.zh-CN";
import type { ScenarioSku } from "./scenario";

type Message = { intent: "error" | "warning" | "success" | "info"; title: string; text: string };

/** Messages, one object so the string catalogue can take them over. */
export const WHATIF_MESSAGES = {
  failed: "Could not run the what-if",
  planFailed: "Could not read the promotion plan",
  planHint: "Select a plan: a date column and one column of 0/1 per SKU, with a header row of SKU names.",
  written: "Scenario written",
  writtenText: "Wrote \"{sheet}\": {skus} SKUs × {periods} periods, baseline and with the plan side by side.",
  writeFailed: "Could not write the Scenario sheet",
  nothing: "Tick at least one SKU to put on promotion, or set a price change.",
  stopped: "The what-if stopped unexpectedly. Check the dates and try again.",
  refused: "Excel refused the write. Nothing you typed was changed; try again.",
};

export type WhatIfMessages = { readonly [K in keyof typeof WHATIF_MESSAGES]: string };

/** The messages in the pane's language. */
function messages(): WhatIfMessages {
  return getLocale() === "zh-CN" ? whatIfMessagesZhCN : WHATIF_MESSAGES;
}

function errorText(e: unknown, fallback: string): string {
  return e instanceof Error && e.name === "TrendcastError" ? e.message : fallback;
}

export function useWhatIf(
  office: OfficeApi,
  panel: SalesPanel | null,
  model: TrainedModel | null,
  options: PaneOptions,
  keepSheet: string | null,
  setMessage: (m: Message | null) => void,
): Omit<ScenarioSectionProps, "allSkus" | "canRun"> | null {
  const [busy, setBusy] = React.useState(false);
  const [results, setResults] = React.useState<ScenarioSku[] | null>(null);
  const [plan, setPlan] = React.useState<{ note: string; flags: Record<string, Record<number, number>> } | null>(null);
  const [lastPrice, setLastPrice] = React.useState(0);
  React.useEffect(() => {
    setResults(null);
    setPlan(null);
  }, [panel]);
  if (!panel || panel.timeline.length === 0) return null;
  const last = panel.timeline[panel.timeline.length - 1];
  const step = panel.frequency === "daily" ? 1 : panel.frequency === "weekly" ? 7 : 30;

  const onRun = async (choice: WhatIfChoice) => {
    if (choice.skus.length === 0 && !plan && choice.priceChangePct === 0) {
      setMessage({ intent: "error", title: messages().failed, text: messages().nothing });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const { runPaneScenario } = await import("./scenario");
      const { inventoryRows } = await import("./forecasting");
      const skus = options.skus.filter((s) => panel.series.some((x) => x.id === s));
      const inventory = inventoryRows(panel, skus, options.inventory, options.useDataInventory);
      const out = await runPaneScenario(model, panel, {
        skus, horizon: options.horizon, promoSkus: choice.skus, sheetPlan: plan?.flags, promoFrom: choice.from, promoTo: choice.to, priceChangePct: choice.priceChangePct, inventory,
      });
      setResults(out);
      setLastPrice(choice.priceChangePct);
    } catch (e) {
      setMessage({ intent: "error", title: messages().failed, text: errorText(e, messages().stopped) });
    } finally {
      setBusy(false);
    }
  };

  const onTakePlan = async () => {
    setBusy(true);
    try {
      const grid = await office.readSelection();
      const { ingestOffThread } = await import("./ingest");
      const { planFromPanel } = await import("./scenario");
      const { panel: p } = await ingestOffThread(grid);
      if (p.series.length === 0) throw new Error("empty plan");
      const flags = planFromPanel(p);
      const days = Object.values(flags).reduce((n, f) => n + Object.values(f).filter((v) => v === 1).length, 0);
      setPlan({ flags, note: fillIn(whatIfText().planTaken, { address: grid.address, skus: p.series.length, days }) });
    } catch {
      setMessage({ intent: "error", title: messages().planFailed, text: messages().planHint });
    } finally {
      setBusy(false);
    }
  };

  const onWrite = async () => {
    if (!results) return;
    setBusy(true);
    try {
      const { buildScenarioSheet } = await import("../office/scenario-sheet");
      const [written] = await office.writeSheets([buildScenarioSheet(results, lastPrice)], { mode: "replace", keep: keepSheet ? [keepSheet] : [] });
      const text = fillIn(messages().writtenText, { sheet: written.name, skus: results.length, periods: results[0]?.days.length ?? 0 });
      setMessage({ intent: "success", title: messages().written, text });
    } catch (e) {
      setMessage({ intent: "error", title: messages().writeFailed, text: errorText(e, messages().refused) });
    } finally {
      setBusy(false);
    }
  };

  return {
    firstDay: last + step,
    lastDay: last + step * options.horizon,
    hasPrice: panel.covariateNames.includes("price"),
    busy,
    planNote: plan?.note ?? null,
    results,
    onRun: (c) => void onRun(c),
    onTakePlan: () => void onTakePlan(),
    onWrite: () => void onWrite(),
  };
}
