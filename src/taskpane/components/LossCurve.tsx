/** Live training curve: loss (solid) and validation loss (dashed) per epoch, as an SVG the pane redraws each epoch. */
import * as React from "react";
import { useStyles } from "../styles";
import { t } from "../../i18n";

export type LossPoint = { epoch: number; loss: number; valLoss: number | null };

function path(points: [number, number][], width: number, height: number, max: number, min: number, epochs: number): string {
  const span = Math.max(max - min, 1e-9);
  return points
    .map(([e, y]) => `${((e / Math.max(1, epochs)) * width).toFixed(1)},${(height - ((y - min) / span) * (height - 8) - 4).toFixed(1)}`)
    .join(" ");
}

export function LossCurve({ points, epochs }: { points: LossPoint[]; epochs: number }): React.JSX.Element {
  const styles = useStyles();
  const width = 300;
  const height = 96;
  const finite = points.filter((p) => Number.isFinite(p.loss));
  const values = finite.flatMap((p) => (p.valLoss !== null && Number.isFinite(p.valLoss) ? [p.loss, p.valLoss] : [p.loss]));
  const max = values.length ? Math.max(...values) : 1;
  const min = values.length ? Math.min(...values) : 0;
  const loss = finite.map((p): [number, number] => [p.epoch, p.loss]);
  const val = finite.filter((p) => p.valLoss !== null && Number.isFinite(p.valLoss)).map((p): [number, number] => [p.epoch, p.valLoss as number]);
  const last = finite[finite.length - 1];
  return (
    <svg
      className={styles.curve}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={last ? t("train.lossCurve", { epoch: last.epoch, loss: last.loss.toFixed(4) }) : t("train.lossCurveEmpty")}
    >
      {loss.length > 0 && <polyline className={styles.lossLine} points={path(loss, width, height, max, min, epochs)} />}
      {val.length > 0 && <polyline className={styles.valLine} points={path(val, width, height, max, min, epochs)} />}
      {loss.map(([e, y]) => {
        const [cx, cy] = path([[e, y]], width, height, max, min, epochs).split(",");
        return <circle key={e} className={styles.lossDot} cx={cx} cy={cy} r={3} />;
      })}
    </svg>
  );
}
