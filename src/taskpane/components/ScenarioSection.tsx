/** Step 5: what-if. Put SKUs on promotion for a date range (or take a plan from a sheet), change the price, and see
 * the forecast and suggested order with and without it side by side; write them to the Scenario sheet. */
import * as React from "react";
import {
  Button, Checkbox, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text,
} from "@fluentui/react-components";
import type { ScenarioSku } from "../scenario";
import { useStyles } from "../styles";
import { formatNumber, getLocale } from "../../i18n";
import { whatIfTextZhCN } from "../../i18n/whatif.zh-CN";

/** The section's words, one object so the string catalogue can take them over. */
export const WHATIF_TEXT = {
  title: "5. What-if: promotion and price",
  intro: "See what a planned promotion does before booking it: the same model forecasts the chosen SKUs with and without it, nothing is retrained.",
  skus: "SKUs on promotion",
  from: "Promotion from",
  to: "Promotion to",
  price: "Price change %",
  priceHint: "for example -10 for a 10% cut",
  noPrice: "needs a price column in the sales data",
  takePlan: "Take plan from selection",
  planTaken: "Using the plan from {address}: {skus} SKUs, {days} promoted SKU-days.",
  run: "Run what-if",
  write: "Write Scenario sheet",
  table: "What-if results",
  sku: "SKU",
  baseline: "Baseline",
  scenario: "With plan",
  change: "Change",
  order: "Order",
  orderWithPlan: "Order with plan",
  totals: "Totals over the horizon (P50 units) and the suggested order, without and with the plan.",
};

export type WhatIfText = { readonly [K in keyof typeof WHATIF_TEXT]: string };

/** The section's words in the pane's language. */
export function whatIfText(): WhatIfText {
  return getLocale() === "zh-CN" ? whatIfTextZhCN : WHATIF_TEXT;
}

export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

export type WhatIfChoice = { skus: string[]; from: number | null; to: number | null; priceChangePct: number };

export type ScenarioSectionProps = {
  allSkus: string[];
  /** Epoch days of the first and last forecast period (defaults for the date range). */
  firstDay: number;
  lastDay: number;
  hasPrice: boolean;
  busy: boolean;
  canRun: boolean;
  planNote: string | null;
  results: ScenarioSku[] | null;
  onRun(choice: WhatIfChoice): void;
  onTakePlan(): void;
  onWrite(): void;
};

const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const day = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? Math.round(Date.parse(`${text}T00:00:00Z`) / 86_400_000) : null);
const fmt = (x: number) => formatNumber(Math.round(x * 10) / 10);

export function ScenarioSection(props: ScenarioSectionProps): React.JSX.Element {
  const styles = useStyles();
  const t = whatIfText();
  const [skus, setSkus] = React.useState<string[]>(props.allSkus.slice(0, 1));
  const [from, setFrom] = React.useState(iso(Math.min(props.firstDay + 7, props.lastDay)));
  const [to, setTo] = React.useState(iso(Math.min(props.firstDay + 13, props.lastDay)));
  const [price, setPrice] = React.useState("0");
  const chosen = new Set(skus);
  const run = () => props.onRun({ skus, from: day(from), to: day(to), priceChangePct: Number(price) || 0 });
  return (
    <section className={styles.section} aria-labelledby="whatif-title">
      <Text as="h2" id="whatif-title" weight="semibold" size={400}>
        {t.title}
      </Text>
      <Text>{t.intro}</Text>
      <fieldset className={styles.skuList} aria-label={t.skus}>
        {props.allSkus.map((s) => (
          <Checkbox
            key={s}
            label={s}
            checked={chosen.has(s)}
            disabled={props.busy}
            onChange={(_e, d) => setSkus(d.checked ? [...skus, s] : skus.filter((x) => x !== s))}
          />
        ))}
      </fieldset>
      <div className={styles.row}>
        <Field label={t.from}>
          <Input type="date" value={from} disabled={props.busy} onChange={(_e, d) => setFrom(d.value)} />
        </Field>
        <Field label={t.to}>
          <Input type="date" value={to} disabled={props.busy} onChange={(_e, d) => setTo(d.value)} />
        </Field>
        <Field label={t.price} hint={props.hasPrice ? t.priceHint : t.noPrice}>
          <Input className={styles.small} type="number" value={price} disabled={props.busy || !props.hasPrice} onChange={(_e, d) => setPrice(d.value)} />
        </Field>
      </div>
      <div className={styles.row}>
        <Button onClick={props.onTakePlan} disabled={props.busy}>
          {t.takePlan}
        </Button>
        <Button appearance="primary" onClick={run} disabled={!props.canRun || props.busy}>
          {t.run}
        </Button>
        <Button onClick={props.onWrite} disabled={!props.results || props.busy}>
          {t.write}
        </Button>
      </div>
      {props.planNote && <Text>{props.planNote}</Text>}
      {props.results && <ResultsTable results={props.results} />}
    </section>
  );
}

function ResultsTable({ results }: { results: ScenarioSku[] }): React.JSX.Element {
  const styles = useStyles();
  const t = whatIfText();
  return (
    <>
      <Table aria-label={t.table} size="extra-small" className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.sku}</TableHeaderCell>
            <TableHeaderCell>{t.baseline}</TableHeaderCell>
            <TableHeaderCell>{t.scenario}</TableHeaderCell>
            <TableHeaderCell>{t.change}</TableHeaderCell>
            <TableHeaderCell>{t.order}</TableHeaderCell>
            <TableHeaderCell>{t.orderWithPlan}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {results.map((r) => {
            const change = r.baselineTotal > 0 ? (r.scenarioTotal / r.baselineTotal - 1) * 100 : 0;
            return (
              <TableRow key={r.sku}>
                <TableCell>{r.sku}</TableCell>
                <TableCell>{fmt(r.baselineTotal)}</TableCell>
                <TableCell>{fmt(r.scenarioTotal)}</TableCell>
                <TableCell className={change > 0.05 ? styles.better : undefined}>{`${change >= 0 ? "+" : ""}${change.toFixed(1)}%`}</TableCell>
                <TableCell>{r.baselineOrder === null ? "–" : fmt(r.baselineOrder)}</TableCell>
                <TableCell>{r.scenarioOrder === null ? "–" : fmt(r.scenarioOrder)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Text size={200}>{t.totals}</Text>
    </>
  );
}
