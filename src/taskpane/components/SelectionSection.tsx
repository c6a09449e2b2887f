/** Step 1: read the selection and show what was understood, with the problems found (each links to its cell). */
import * as React from "react";
import { Badge, Button, Link, Spinner, Text } from "@fluentui/react-components";
import type { IngestIssue, SalesPanel } from "../../engine/types";
import type { PanelSummary } from "../../engine/ingest/ingest";
import { frequencyWords, issuePlace, issueText, layoutWords } from "../summary";
import { formatDate, formatNumber, t } from "../../i18n";
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
        {t("selection.title")}
      </Text>
      <Text>{t("selection.intro")}</Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={props.onUseSelection} disabled={props.busy}>
          {t("selection.use")}
        </Button>
        {props.busy && <Spinner size="tiny" label={t("selection.reading")} />}
      </div>
      {summary && props.address && (
        <dl className={styles.facts} aria-label={t("selection.understood")}>
          <dt className={styles.term}>{t("selection.range")}</dt>
          <dd className={styles.detail}>{props.address}</dd>
          <dt className={styles.term}>{t("selection.layout")}</dt>
          <dd className={styles.detail}>{layoutWords(summary.layout)}</dd>
          <dt className={styles.term}>{t("selection.skus")}</dt>
          <dd className={styles.detail}>{formatNumber(summary.skuCount)}</dd>
          <dt className={styles.term}>{t("selection.periods")}</dt>
          <dd className={styles.detail}>{formatNumber(summary.periods)}</dd>
          <dt className={styles.term}>{t("selection.frequency")}</dt>
          <dd className={styles.detail}>{frequencyWords(summary.frequency)}</dd>
          <dt className={styles.term}>{t("selection.dates")}</dt>
          <dd className={styles.detail}>
            {t("selection.dateRange", { first: summary.firstDate ? formatDate(summary.firstDate) : "?", last: summary.lastDate ? formatDate(summary.lastDate) : "?" })}
          </dd>
        </dl>
      )}
      {issues.length > 0 && (
        <>
          <Text weight="semibold">{t("selection.problems", { count: issues.length })}</Text>
          <ul className={styles.issues} aria-label={t("selection.problemsLabel")}>
            {issues.slice(0, 50).map((issue, i) => {
              const place = issuePlace(issue, props.sheet ?? undefined);
              const sheet = issue.sheet ?? props.sheet;
              return (
                <li key={i}>
                  <Badge appearance="tint" color={SEVERITY[issue.severity]}>
                    {t(`severity.${issue.severity}`)}
                  </Badge>{" "}
                  {issue.cell && sheet ? (
                    <Link as="button" onClick={() => props.onSelectCell(sheet, issue.cell as string)}>
                      {place}
                    </Link>
                  ) : (
                    place && <Text weight="semibold">{place}</Text>
                  )}{" "}
                  <Text>{issueText(issue)}</Text>
                </li>
              );
            })}
          </ul>
          {issues.length > 50 && <Text>{t("selection.moreProblems", { count: issues.length - 50 })}</Text>}
        </>
      )}
    </section>
  );
}
