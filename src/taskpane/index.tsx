/**
 * Entry of the add-in's shared runtime page (taskpane.html): registers the custom functions (the webpack plugin
 * adds their CustomFunctions.associate calls to src/functions/functions.ts) and renders the pane inside
 * Office.onReady under one FluentProvider with a theme that follows Office's.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import "../functions/functions";
import { setBeforeModelLoad } from "../office/active-model";
import { OUTSIDE_EXCEL_MESSAGE } from "../office/model-store";
import { App } from "./App";
import { officeApi } from "./office-api";
import { prepareTf } from "./tf-runtime";

/** The stored model runs on the same tfjs backend as the pane's forecasts: identical numbers in pane and cells. */
setBeforeModelLoad(async () => {
  await prepareTf();
});

function isDark(color: string | undefined): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color ?? "");
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

void Office.onReady((info) => {
  const container = document.getElementById("container");
  if (!container) return;
  const dark = isDark(Office.context?.officeTheme?.bodyBackgroundColor);
  // Opened outside Excel (a plain browser): there is no workbook to read or write, so say where to open it.
  const inExcel = info?.host === Office.HostType.Excel;
  createRoot(container).render(
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      {inExcel ? (
        <App office={officeApi} />
      ) : (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Open this in Excel</MessageBarTitle>
            {OUTSIDE_EXCEL_MESSAGE}
          </MessageBarBody>
        </MessageBar>
      )}
    </FluentProvider>,
  );
  performance.mark("trendcast-rendered");
});
