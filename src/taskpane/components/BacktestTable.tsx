/** Backtest accuracy from the model card: our model against seasonal naive and ETS, overall and per SKU. */
import * as React from "react";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from "@fluentui/react-components";
import type { ModelCard } from "../../engine/forecast/trained-model";
import { useStyles } from "../styles";

const NAMES: Record<string, string> = {
  attention: "Trendcast (attention)",
  trendcast: "Trendcast",
  auto: "Trendcast (auto)",
  snaive: "Seasonal naive",
  ets: "ETS",
  croston: "Croston/TSB",
  classical: "Classical auto",
};

function modelName(name: string): string {
  if (name.startsWith("blend:")) return `Blend (attention + ${NAMES[name.slice(6)] ?? name.slice(6)})`;
  return NAMES[name] ?? name;
}

function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits);
}

export function BacktestTable({ card }: { card: ModelCard }): React.JSX.Element {
  const styles = useStyles();
  const scores = Object.entries(card.scores);
  return (
    <>
      <Text weight="semibold">Backtest (lower WQL is better)</Text>
      <Table className={styles.table} size="extra-small" aria-label="Backtest overall">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Model</TableHeaderCell>
            <TableHeaderCell>WQL</TableHeaderCell>
            <TableHeaderCell>MASE</TableHeaderCell>
            <TableHeaderCell>80% band hit</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {scores.map(([name, s]) => (
            <TableRow key={name}>
              <TableCell>{modelName(name)}</TableCell>
              <TableCell>{fmt(s.wql)}</TableCell>
              <TableCell>{fmt(s.mase, 2)}</TableCell>
              <TableCell>{Number.isFinite(s.coverage80) ? `${Math.round(s.coverage80 * 100)}%` : "–"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {card.perSku.length > 0 && (
        <Table className={styles.table} size="extra-small" aria-label="Backtest per SKU">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>SKU</TableHeaderCell>
              <TableHeaderCell>Chosen</TableHeaderCell>
              <TableHeaderCell>WQL</TableHeaderCell>
              <TableHeaderCell>Seasonal naive</TableHeaderCell>
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
