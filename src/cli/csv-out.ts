/**
 * Fields of the CSV files the command line writes. Text that a spreadsheet would run as a formula when the CSV is
 * opened (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` and quotes, as OWASP
 * advises against CSV injection; text that is a plain number such as `-5` stays as it is (a spreadsheet reads it as
 * that number, nothing runs). Fields with a comma, quote, line feed or carriage return are quoted. Numbers are
 * written as numbers.
 */

const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Whether a spreadsheet opening the CSV could take this text for a formula. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text);
}

/** One text field, neutralised and quoted as needed. */
export function csvText(text: string): string {
  const safe = looksLikeFormula(text) ? `'${text}` : text;
  return safe !== text || /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One numeric field: rounded to `digits` decimals; not-a-number is an empty field. */
export function csvNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return "";
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}
