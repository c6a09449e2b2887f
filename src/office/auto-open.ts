/**
 * Opens the Trendcast pane with the workbook for everyone who has the add-in: the document setting
 * "Office.AutoShowTaskpaneWithDocument" (with the manifest's ShowTaskpane action whose TaskpaneId is
 * Office.AutoShowTaskpaneWithDocument), saved into the workbook by settings.saveAsync. Buyers without the add-in
 * are not affected (the setting is ignored where the add-in is not installed).
 */
export const AUTO_OPEN_SETTING = "Office.AutoShowTaskpaneWithDocument";

/** Sets and saves the auto-open setting; resolves false (never throws) where the host has no document settings. */
export async function openPaneWithWorkbook(): Promise<boolean> {
  const settings = typeof Office !== "undefined" ? Office.context?.document?.settings : undefined;
  if (!settings) return false;
  if (settings.get(AUTO_OPEN_SETTING) === true) return true;
  settings.set(AUTO_OPEN_SETTING, true);
  return new Promise<boolean>((resolve) => {
    settings.saveAsync((result: Office.AsyncResult<void>) => resolve(result.status === Office.AsyncResultStatus.Succeeded));
  });
}
