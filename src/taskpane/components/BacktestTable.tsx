/** Backtest accuracy from the model card: our model against seasonal naive and ETS, overall and per SKU. */
import * as React from "react";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from "@fluentui/react-components";
import type { ModelCard } from "../../engine/forecast/trained-model";
import { useStyles } from "../styles";
import { formatNumber, t, type MessageKey } from "../../i18n";

/** Model names: translated where the name is words ("Seasonal naive"), kept where it is a name (ETS, Croston/TSB). */
const NAMES: Record<string, MessageKey | string> = {
  attention: "model.attention",
  trendcast: "Trendcast",
  auto: "model.auto",
  snaive: "model.snaive",
  ets: "ETS",
  croston: "Croston/TSB",
  classical: "model.classical",
};

function plainName(name: string): string {
  const n = NAMES[name];
  if (n === undefined) return name;
  return n.startsWith("model.") ? t(n as MessageKey) : n;
}

function modelName(name: string): string {
  if (name.startsWith("blend:")) return t("backtest.blend", { model: plainName(name.slice(6)) });
  return plainName(name);
}

function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

export function BacktestTable({ card }: { card: ModelCard }): React.JSX.Element {
  const styles = useStyles();
  const scores = Object.entries(card.scores);
  return (
    <>
      <Text weight="semibold">{t("backtest.title")}</Text>
      <Table className={styles.table} size="extra-small" aria-label={t("backtest.overall")}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t("backtest.model")}</TableHeaderCell>
            <TableHeaderCell>WQL</TableHeaderCell>
            <TableHeaderCell>MASE</TableHeaderCell>
            <TableHeaderCell>{t("backtest.bandHit")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {scores.map(([name, s]) => (
            <TableRow key={name}>
              <TableCell>{modelName(name)}</TableCell>
              <TableCell>{fmt(s.wql)}</TableCell>
              <TableCell>{fmt(s.mase, 2)}</TableCell>
              <TableCell>{formatNumber(s.coverage80, { style: "percent" })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {card.perSku.length > 0 && (
        <Table className={styles.table} size="extra-small" aria-label={t("backtest.perSku")}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t("backtest.sku")}</TableHeaderCell>
              <TableHeaderCell>{t("backtest.chosen")}</TableHeaderCell>
              <TableHeaderCell>WQL</TableHeaderCell>
              <TableHeaderCell>{t("model.snaive")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {card.perSku.slice(0, 100).map((p) => (
              <TableRow key={p.sku}>
                <TableCell>{p.sku}</TableCell>
                <TableCell>{modelName(p.chosen)}</TableCell>
                <TableCell className={p.wql < p.snaiveWql ? styles.better : undefined}>{fmt(p.wql)}</TableCell>
                <TableCell>{fmt(p.snaiveWql)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
