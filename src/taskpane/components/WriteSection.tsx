/** Step 4: write the Forecast, Restock and Model sheets; asks before replacing sheets that exist. */
import * as React from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, ProgressBar, Text } from "@fluentui/react-components";
import type { WriteMode } from "../../office/write";
import { useStyles } from "../styles";
import { formatList, t } from "../../i18n";

export type WriteSectionProps = {
  canWrite: boolean;
  writing: boolean;
  fraction: number | null;
  /** Sheets that exist and would be replaced: the pane is asking. */
  conflicts: string[] | null;
  onWrite(mode: WriteMode): void;
  onDismissConflict(): void;
};

export function WriteSection(props: WriteSectionProps): React.JSX.Element {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="write-title">
      <Text as="h2" id="write-title" weight="semibold" size={400}>
        {t("write.title")}
      </Text>
      <Text>{t("write.intro")}</Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => props.onWrite("refuse")} disabled={!props.canWrite || props.writing}>
          {t("write.write")}
        </Button>
      </div>
      {props.writing && <ProgressBar value={props.fraction ?? undefined} aria-label={t("write.progress")} />}
      {props.conflicts && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t("write.exists.title")}</MessageBarTitle>
            {t("write.exists.text", { sheets: formatList(props.conflicts.map((name) => t("write.sheetName", { name }))) })}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => props.onWrite("new")}>{t("write.asNew")}</Button>
            <Button onClick={() => props.onWrite("replace")}>{t("write.replace")}</Button>
            <Button onClick={props.onDismissConflict}>{t("write.cancel")}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </section>
  );
}
