/**
 * The Trendcast task pane: Use selection -> Options -> Train (in a worker) -> Write results. Office calls arrive as
 * the `office` prop; the engine's heavy parts (tfjs, the model) are imported lazily so the first render is fast.
 */
import * as React from "react";
import { Link, MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import type { SalesPanel } from "../engine/types";
import type { PanelSummary } from "../engine/ingest/ingest";
import type { ModelCard, TrainProgress, TrainedModel } from "../engine/forecast/trained-model";
import type { WriteMode } from "../office/write";
import type { OfficeApi } from "./office-api";
import { getActiveModel, getActiveModelSource, onActiveModelChange, setActiveModel } from "../office/active-model";
import { SelectionSection } from "./components/SelectionSection";
import { OptionsSection, type PaneOptions } from "./components/OptionsSection";
import { TrainingSection } from "./components/TrainingSection";
import { WriteSection } from "./components/WriteSection";
import type { LossPoint } from "./components/LossCurve";
import { startTraining, type TrainingRun } from "./training";
import { prepareTf } from "./tf-runtime";
import { useStyles } from "./styles";

export type AppProps = { office: OfficeApi };

type Message = { intent: "error" | "warning" | "success" | "info"; title: string; text: string; link?: string };

const RESULT_SHEETS = ["Forecast", "Restock", "Model"];

export const DEFAULT_OPTIONS: PaneOptions = {
  horizon: 28,
  level: 0.8,
  skus: [],
  inventory: { onHand: 0, onOrder: 0, leadTime: 7, serviceLevel: 0.95, reviewPeriod: 7, moq: 0, packSize: 1 },
  useDataInventory: true,
  budgetSeconds: 30,
};

function defaultHorizon(panel: SalesPanel): number {
  return panel.frequency === "daily" ? 28 : panel.frequency === "weekly" ? 12 : 6;
}

function peopleMessage(e: unknown, fallback: string): string {
  if (e instanceof Error && e.name === "TrendcastError") return e.message;
  const code = (e as { code?: unknown })?.code;
  if (code === "InvalidSelection" || code === "InvalidArgument") return "Excel could not read that selection. Select one block of cells, not several.";
  if (code === "ItemNotFound") return "That sheet or cell no longer exists. Use selection again.";
  console.error("Trendcast:", e);
  return fallback;
}

export function App({ office }: AppProps): React.JSX.Element {
  const styles = useStyles();
  const [reading, setReading] = React.useState(false);
  const [panel, setPanel] = React.useState<SalesPanel | null>(null);
  const [summary, setSummary] = React.useState<PanelSummary | null>(null);
  const [address, setAddress] = React.useState<string | null>(null);
  const [sheet, setSheet] = React.useState<string | null>(null);
  const [options, setOptions] = React.useState<PaneOptions>(DEFAULT_OPTIONS);
  const [training, setTraining] = React.useState(false);
  const [progress, setProgress] = React.useState<TrainProgress | null>(null);
  const [backend, setBackend] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<string | null>(null);
  const [curve, setCurve] = React.useState<LossPoint[]>([]);
  const [model, setModel] = React.useState<TrainedModel | null>(getActiveModel());
  const [modelSource, setModelSource] = React.useState(getActiveModelSource());
  const [card, setCard] = React.useState<ModelCard | null>(getActiveModel()?.card ?? null);
  const [writing, setWriting] = React.useState(false);
  const [writeFraction, setWriteFraction] = React.useState<number | null>(null);
  const [conflicts, setConflicts] = React.useState<string[] | null>(null);
  const [message, setMessage] = React.useState<Message | null>(null);
  const run = React.useRef<TrainingRun | null>(null);

  React.useEffect(() => {
    const off = onActiveModelChange((m) => {
      setModel(m);
      setCard(m?.card ?? null);
      setModelSource(getActiveModelSource());
    });
    let live = true;
    office.cleanupStaging?.().catch((e: unknown) => console.error("Trendcast: staging clean-up failed", e));
    office
      .loadStoredModel()
      .then(({ model: stored, problem }) => {
        if (!live) return;
        if (problem) setMessage({ intent: "warning", title: "Saved model not used", text: problem });
        if (stored) {
          setModel(stored);
          setCard(stored.card);
          setModelSource(getActiveModelSource());
          setOptions((o) => ({ ...o, horizon: stored.card.horizon }));
        }
      })
      .catch((e: unknown) => {
        if (live) setMessage({ intent: "warning", title: "Saved model not read", text: peopleMessage(e, "Trendcast could not read this workbook's saved model. Train again to replace it.") });
      });
    return () => {
      live = false;
      off();
    };
  }, [office]);

  const useSelection = async () => {
    setReading(true);
    setMessage(null);
    try {
      const grid = await office.readSelection();
      // Off the pane's thread: the custom functions share it, and Office restarts a runtime that stops answering.
      const { ingestOffThread } = await import("./ingest");
      const { panel: p, summary: s } = await ingestOffThread(grid);
      setSummary(s);
      setAddress(grid.address);
      setSheet(grid.sheet);
      setPanel(p);
      const skus = p.series.map((s) => s.id);
      setOptions((o) => ({ ...o, skus, horizon: card && card.frequency === p.frequency ? card.horizon : defaultHorizon(p) }));
      if (p.series.length === 0) {
        const first = p.issues.find((i) => i.severity === "error");
        setMessage({
          intent: "error",
          title: "No sales found",
          text: first ? `${first.found} ${first.action}` : "The selection holds no dates with sales. Select the sales history with its header row.",
        });
      }
    } catch (e) {
      setMessage({ intent: "error", title: "Could not read the selection", text: peopleMessage(e, "Excel did not hand over the selection. Click a cell in your sales data and try again.") });
    } finally {
      setReading(false);
    }
  };

  const selectedPanel = (): SalesPanel | null => {
    if (!panel) return null;
    const chosen = new Set(options.skus);
    return { ...panel, series: panel.series.filter((s) => chosen.has(s.id)) };
  };

  const train = async () => {
    const p = selectedPanel();
    if (!p || p.series.length === 0) {
      setMessage({ intent: "error", title: "Nothing to train on", text: "Tick at least one SKU under Options, then Train." });
      return;
    }
    setMessage(null);
    setTraining(true);
    setProgress(null);
    setCurve([]);
    setBackend(null);
    setStatus(null);
    try {
      const { quantilesFor } = await import("./forecasting");
      const current = startTraining(
        { panel: p, horizon: options.horizon, quantiles: quantilesFor(options.level), budgetSeconds: options.budgetSeconds },
        {
          onBackend: (b, note) => {
            setBackend(note ? `${b} (${note})` : b);
            setStatus(null);
          },
          onStatus: setStatus,
          onProgress: (pr) => {
            setProgress(pr);
            setCurve((c) => [...c.filter((x) => x.epoch !== pr.epoch), { epoch: pr.epoch, loss: pr.loss, valLoss: pr.valLoss }]);
          },
        },
      );
      run.current = current;
      const { bytes, card: trainedCard } = await current.done;
      await prepareTf();
      const { TrainedModel } = await import("../engine/forecast/trained-model");
      const trained = TrainedModel.fromBytes(bytes);
      setActiveModel(trained, "trained");
      setModel(trained);
      setCard(trainedCard);
      setModelSource("trained");
      try {
        await office.saveModel(bytes, trainedCard);
        setMessage({ intent: "success", title: "Model trained", text: "Saved in this workbook: colleagues who open it get the same forecasts. Review the backtest, then Write results." });
      } catch (e) {
        setMessage({ intent: "warning", title: "Model trained but not saved", text: peopleMessage(e, "The model works in this session but could not be saved in the workbook.") });
      }
    } catch (e) {
      const cancelled = (e as { code?: unknown })?.code === "cancelled";
      setMessage(
        cancelled
          ? { intent: "info", title: "Training cancelled", text: "Nothing was changed. Train again when ready." }
          : { intent: "error", title: "Training failed", text: peopleMessage(e, "Training stopped unexpectedly. Try again with fewer SKUs or less training time.") },
      );
    } finally {
      run.current = null;
      setTraining(false);
    }
  };

  const write = async (mode: WriteMode) => {
    const active = model;
    if (!panel || !active) return;
    setMessage(null);
    setConflicts(null);
    try {
      if (mode === "refuse") {
        const clash = await office.existingSheets(RESULT_SHEETS, sheet ? [sheet] : []);
        if (clash.length > 0) {
          setConflicts(clash);
          return;
        }
      }
      setWriting(true);
      setWriteFraction(0);
      await prepareTf();
      const { forecastPanel, inventoryRows } = await import("./forecasting");
      const { buildResultSheets } = await import("../office/results");
      const skus = options.skus.filter((s) => panel.series.some((x) => x.id === s));
      const inventory = inventoryRows(panel, skus, options.inventory, options.useDataInventory);
      const result = await forecastPanel(active, panel, skus, options.horizon, options.level, inventory);
      const specs = buildResultSheets({
        panel,
        forecasts: result.forecasts,
        level: options.level,
        chartSkus: skus.slice(0, 3),
        card: active.card,
        modelFor: (sku) => result.models.get(sku) ?? "attention",
        inventory,
        restock: result.restock,
      });
      const written = await office.writeSheets(specs, { mode, keep: sheet ? [sheet] : [], onProgress: setWriteFraction });
      setMessage({
        intent: "success",
        title: "Results written",
        text: `Wrote ${written.map((w) => `"${w.name}"`).join(", ")}: ${result.forecasts.size} SKUs × ${options.horizon} periods.`,
      });
    } catch (e) {
      setMessage({ intent: "error", title: "Could not write the results", text: peopleMessage(e, "Excel refused the write. Nothing you typed was changed; try again.") });
    } finally {
      setWriting(false);
      setWriteFraction(null);
    }
  };

  const selectCell = (s: string, cell: string) => {
    office.selectCell(s, cell).catch((e: unknown) =>
      setMessage({ intent: "warning", title: "Could not go to the cell", text: peopleMessage(e, `Excel could not select ${s}!${cell}.`) }),
    );
  };

  const allSkus = panel?.series.map((s) => s.id) ?? [];
  const dataHasInventory = panel?.series.some((s) => s.inventory && Object.keys(s.inventory).length > 0) ?? false;
  return (
    <main className={styles.root}>
      <div className={styles.header}>
        <Text as="h1" size={600} weight="bold">
          Trendcast
        </Text>
        <Text>sales forecasts for your workbook</Text>
      </div>
      {message && (
        <MessageBar intent={message.intent} layout="multiline" role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>
            <MessageBarTitle>{message.title}</MessageBarTitle>
            {message.text}
            {message.link && <Link href={message.link}>More</Link>}
          </MessageBarBody>
        </MessageBar>
      )}
      <SelectionSection
        busy={reading}
        panel={panel}
        summary={summary}
        address={address}
        sheet={sheet}
        onUseSelection={() => void useSelection()}
        onSelectCell={selectCell}
      />
      {panel && panel.series.length > 0 && (
        <OptionsSection options={options} allSkus={allSkus} dataHasInventory={dataHasInventory} disabled={training || writing} onChange={setOptions} />
      )}
      <TrainingSection
        canTrain={Boolean(panel && panel.series.length > 0 && options.skus.length > 0) && !writing}
        training={training}
        progress={progress}
        backend={backend}
        status={status}
        curve={curve}
        card={card}
        modelSource={modelSource}
        onTrain={() => void train()}
        onCancel={() => run.current?.cancel()}
      />
      <WriteSection
        canWrite={Boolean(panel && panel.series.length > 0 && model && options.skus.length > 0) && !training}
        writing={writing}
        fraction={writeFraction}
        conflicts={conflicts}
        onWrite={(mode) => void write(mode)}
        onDismissConflict={() => setConflicts(null)}
      />
    </main>
  );
}
