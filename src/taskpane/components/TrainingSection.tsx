/** Step 3: train in the worker with progress, live loss curve, speed, backend, time left and Cancel; then the backtest. */
import * as React from "react";
import { Button, ProgressBar, Text } from "@fluentui/react-components";
import type { ModelCard, TrainProgress } from "../../engine/forecast/trained-model";
import { BacktestTable } from "./BacktestTable";
import { LossCurve, type LossPoint } from "./LossCurve";
import { useStyles } from "../styles";

export type TrainingSectionProps = {
  canTrain: boolean;
  training: boolean;
  progress: TrainProgress | null;
  backend: string | null;
  /** What the worker is doing before the first epoch (measuring backends) or a fallback notice. */
  status: string | null;
  curve: LossPoint[];
  card: ModelCard | null;
  modelSource: "trained" | "workbook" | null;
  onTrain(): void;
  onCancel(): void;
};

function timeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

export function TrainingSection(props: TrainingSectionProps): React.JSX.Element {
  const styles = useStyles();
  const p = props.progress;
  return (
    <section className={styles.section} aria-labelledby="train-title">
      <Text as="h2" id="train-title" weight="semibold" size={400}>
        3. Train
      </Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={props.onTrain} disabled={!props.canTrain || props.training}>
          Train
        </Button>
        <Button onClick={props.onCancel} disabled={!props.training}>
          Cancel
        </Button>
      </div>
      {(props.training || p) && (
        <>
          <ProgressBar
            value={p ? Math.min(1, Math.max(0, p.fraction)) : undefined}
            thickness="large"
            aria-label="Training progress"
          />
          <div className={styles.stats} aria-live="polite">
            <Text>{p ? `Epoch ${p.epoch} of ${p.epochs}` : (props.status ?? "Starting…")}</Text>
            <Text>{p && Number.isFinite(p.loss) ? `Loss ${p.loss.toFixed(4)}` : ""}</Text>
            <Text>{p ? `${Math.round(p.samplesPerSec).toLocaleString("en-US")} samples/s` : ""}</Text>
            <Text>Backend: {props.backend ?? p?.backend ?? "…"}</Text>
            <Text>{p && props.training ? `Time left: ${timeLeft(p.etaSeconds)}` : ""}</Text>
          </div>
          {p && props.status && <Text>{props.status}</Text>}
          <LossCurve points={props.curve} epochs={p?.epochs ?? 1} />
        </>
      )}
      {props.card && (
        <>
          <Text>
            {props.modelSource === "workbook" ? "Model saved in this workbook" : "Model trained"}: {props.card.trainedAt.slice(0, 16).replace("T", " ")} on{" "}
            {props.card.backend}, {props.card.seriesCount} SKUs, horizon {props.card.horizon}.
          </Text>
          <BacktestTable card={props.card} />
        </>
      )}
    </section>
  );
}
