/** Step 1: read the selection and show what was understood, with the problems found (each links to its cell). */
import * as React from "react";
import { Badge, Button, Link, Spinner, Text } from "@fluentui/react-components";
import type { IngestIssue, SalesPanel } from "../../engine/types";
import type { PanelSummary } from "../../engine/ingest/ingest";
import { issuePlace, LAYOUT_WORDS } from "../summary";
import { useStyles } from "../styles";

export type SelectionSectionProps = {
  busy: boolean;
  panel: SalesPanel | null;
  summary: PanelSummary | null;
  address: string | null;
  sheet: string | null;
  onUseSelection(): void;
  onSelectCell(sheet: string, cell: string): void;
};

const SEVERITY: Record<IngestIssue["severity"], "danger" | "warning" | "informative"> = {
  error: "danger",
  warning: "warning",
  info: "informative",
};

export function SelectionSection(props: SelectionSectionProps): React.JSX.Element {
  const styles = useStyles();
  const summary = props.summary && props.summary.skuCount > 0 ? props.summary : null;
  const issues = props.panel?.issues ?? [];
  return (
    <section className={styles.section} aria-labelledby="selection-title">
      <Text as="h2" id="selection-title" weight="semibold" size={400}>
        1. Sales history
      </Text>
      <Text>Select the sales history (dates and one column per SKU, or SKU / date / sales rows), or click inside an Excel table.</Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={props.onUseSelection} disabled={props.busy}>
          Use selection
        </Button>
        {props.busy && <Spinner size="tiny" label="Reading…" />}
      </div>
      {summary && props.address && (
        <dl className={styles.facts} aria-label="What Trendcast understood">
          <dt className={styles.term}>Range</dt>
          <dd className={styles.detail}>{props.address}</dd>
          <dt className={styles.term}>Layout</dt>
          <dd className={styles.detail}>{LAYOUT_WORDS[summary.layout]}</dd>
          <dt className={styles.term}>SKUs</dt>
          <dd className={styles.detail}>{summary.skuCount}</dd>
          <dt className={styles.term}>Periods</dt>
          <dd className={styles.detail}>{summary.periods}</dd>
          <dt className={styles.term}>Frequency</dt>
          <dd className={styles.detail}>{summary.frequency}</dd>
          <dt className={styles.term}>Dates</dt>
          <dd className={styles.detail}>
            {summary.firstDate ?? "?"} to {summary.lastDate ?? "?"}
          </dd>
        </dl>
      )}
      {issues.length > 0 && (
        <>
          <Text weight="semibold">Problems found ({issues.length})</Text>
          <ul className={styles.issues} aria-label="Problems found">
            {issues.slice(0, 50).map((issue, i) => {
              const place = issuePlace(issue, props.sheet ?? undefined);
              const sheet = issue.sheet ?? props.sheet;
              return (
                <li key={i}>
                  <Badge appearance="tint" color={SEVERITY[issue.severity]}>
                    {issue.severity}
                  </Badge>{" "}
                  {issue.cell && sheet ? (
                    <Link as="button" onClick={() => props.onSelectCell(sheet, issue.cell as string)}>
                      {place}
                    </Link>
                  ) : (
                    place && <Text weight="semibold">{place}</Text>
                  )}{" "}
                  <Text>
                    {issue.found} {issue.action}
                  </Text>
                </li>
              );
            })}
          </ul>
          {issues.length > 50 && <Text>… and {issues.length - 50} more.</Text>}
        </>
      )}
    </section>
  );
}
