/** Step 3: train in the worker with progress, live loss curve, speed, backend, time left and Cancel; then the backtest. */
import * as React from "react";
import { Button, ProgressBar, Text } from "@fluentui/react-components";
import type { ModelCard, TrainProgress } from "../../engine/forecast/trained-model";
import { cardSummary } from "../../office/model-sheet";
import { BacktestTable } from "./BacktestTable";
import { LossCurve, type LossPoint } from "./LossCurve";
import { useStyles } from "../styles";
import { formatDate, formatNumber, t } from "../../i18n";

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
  if (seconds < 60) return t("train.seconds", { seconds: Math.ceil(seconds) });
  return t("train.minutes", { minutes: Math.floor(seconds / 60), seconds: Math.ceil(seconds % 60) });
}

export function TrainingSection(props: TrainingSectionProps): React.JSX.Element {
  const styles = useStyles();
  const p = props.progress;
  return (
    <section className={styles.section} aria-labelledby="train-title">
      <Text as="h2" id="train-title" weight="semibold" size={400}>
        {t("train.title")}
      </Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={props.onTrain} disabled={!props.canTrain || props.training}>
          {t("train.train")}
        </Button>
        <Button onClick={props.onCancel} disabled={!props.training}>
          {t("train.cancel")}
        </Button>
      </div>
      {(props.training || p) && (
        <>
          <ProgressBar
            value={p ? Math.min(1, Math.max(0, p.fraction)) : undefined}
            thickness="large"
            aria-label={t("train.progress")}
          />
          <div className={styles.stats} aria-live="polite">
            <Text>{p ? t("train.epoch", { epoch: p.epoch, epochs: p.epochs }) : (props.status ?? t("train.starting"))}</Text>
            <Text>{p && Number.isFinite(p.loss) ? t("train.loss", { loss: p.loss.toFixed(4) }) : ""}</Text>
            <Text>{p ? t("train.speed", { speed: formatNumber(Math.round(p.samplesPerSec)) }) : ""}</Text>
            <Text>{t("train.backend", { backend: props.backend ?? p?.backend ?? "…" })}</Text>
            <Text>{p && props.training ? t("train.timeLeft", { time: timeLeft(p.etaSeconds) }) : ""}</Text>
          </div>
          {p && props.status && <Text>{props.status}</Text>}
          <LossCurve points={props.curve} epochs={p?.epochs ?? 1} />
        </>
      )}
      {props.card && (
        <>
          <Text>
            {t(props.modelSource === "workbook" ? "train.modelSaved" : "train.modelTrained", {
              when: formatDate(props.card.trainedAt, true),
              backend: props.card.backend,
              skus: props.card.seriesCount,
              horizon: props.card.horizon,
            })}
          </Text>
          <div role="group" aria-label="Model summary">
            {cardSummary(props.card).map((line) => (
              <Text as="p" block key={line}>
                {line}
              </Text>
            ))}
          </div>
          <BacktestTable card={props.card} />
        </>
      )}
    </section>
  );
}
