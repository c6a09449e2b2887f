/** The pane's language: Office's display language unless the user chose one with the switch (remembered). */
import * as React from "react";
import { getLocale, initialLocale, onLocaleChange, setLocale, type Locale } from "../i18n";

/** Called once in Office.onReady, before the first render. */
export function startLocale(): Locale {
  let display: string | undefined;
  try {
    display = Office.context?.displayLanguage;
  } catch {
    display = undefined;
  }
  const locale = initialLocale(display);
  setLocale(locale);
  if (typeof document !== "undefined") document.documentElement.lang = locale;
  return locale;
}

/** Re-renders the caller when the language changes; returns the current one. */
export function useLocale(): Locale {
  return React.useSyncExternalStore(onLocaleChange, getLocale, getLocale);
}

export function chooseLocale(locale: Locale): void {
  setLocale(locale, true);
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}
