/** Step 4: write the Forecast, Restock and Model sheets; asks before replacing sheets that exist. */
import * as React from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, ProgressBar, Text } from "@fluentui/react-components";
import type { WriteMode } from "../../office/write";
import { useStyles } from "../styles";

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
        4. Write results
      </Text>
      <Text>Writes the Forecast (table and charts), Restock and Model sheets.</Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => props.onWrite("refuse")} disabled={!props.canWrite || props.writing}>
          Write results
        </Button>
      </div>
      {props.writing && <ProgressBar value={props.fraction ?? undefined} aria-label="Writing progress" />}
      {props.conflicts && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Sheets already exist</MessageBarTitle>
            This workbook already has {props.conflicts.map((c) => `"${c}"`).join(", ")}. Replace them, or write new sheets beside them?
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => props.onWrite("new")}>Write as new sheets</Button>
            <Button onClick={() => props.onWrite("replace")}>Replace</Button>
            <Button onClick={props.onDismissConflict}>Cancel</Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </section>
  );
}
