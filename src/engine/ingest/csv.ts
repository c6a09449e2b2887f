/**
 * CSV reader after RFC 4180: fields separated by a delimiter, records by CRLF or LF (a lone CR too), fields may be
 * quoted with `"` and a quote inside a quoted field is doubled (`""`). A UTF-8 byte order mark is skipped. A final
 * line break does not make an empty record.
 *
 * The delimiter is read from the first record when not given: the most frequent of `,` `;` and tab outside quotes
 * (Excel in many European locales saves CSV with `;`). A record without quotes is split natively; records with quotes
 * are read character by character.
 */

export type CsvDelimiter = "," | ";" | "\t";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Parse CSV text into rows of string fields. Never throws: an unclosed quote runs to the end of the text. */
export function parseCsv(text: string, delimiter?: CsvDelimiter): string[][] {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const delimText = delimiter ?? detectDelimiter(text, pos);
  const delim = delimText.charCodeAt(0);
  const n = text.length;
  const rows: string[][] = [];
  // Records end at LF (CRLF included); files that break lines with a lone CR go through the general reader.
  const lfLines = text.indexOf("\n") >= 0 || text.indexOf("\r") < 0;
  let nextQuote = text.indexOf('"', pos);
  while (pos < n) {
    if (lfLines) {
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      let nl = text.indexOf("\n", pos);
      if (nl < 0) nl = n;
      if (nextQuote < 0 || nextQuote > nl) {
        // Fast path: a record without quotes is split natively.
        const end = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        rows.push(text.slice(pos, end).split(delimText));
        pos = nl + 1;
        continue;
      }
    }
    pos = readRecord(text, pos, delim, rows);
  }
  return rows;
}

/** Read one record from pos (quotes allowed, possibly over several lines); returns the position after it. */
function readRecord(text: string, from: number, delim: number, rows: string[][]): number {
  const n = text.length;
  let pos = from;
  const row: string[] = [];
  for (;;) {
    let field: string;
    if (pos < n && text.charCodeAt(pos) === QUOTE) {
      let start = pos + 1;
      let out = "";
      pos = start;
      for (;;) {
        const q = text.indexOf('"', pos);
        if (q < 0) {
          out += text.slice(start);
          pos = n;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          out += text.slice(start, q + 1);
          pos = q + 2;
          start = pos;
          continue;
        }
        out += text.slice(start, q);
        pos = q + 1;
        break;
      }
      // Anything between the closing quote and the next delimiter is kept (lenient, as Excel does).
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === delim || c === LF || c === CR) break;
        end++;
      }
      if (end > pos) out += text.slice(pos, end);
      pos = end;
      field = out;
    } else {
      let end = pos;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === delim || c === LF || c === CR) break;
        end++;
      }
      field = text.slice(pos, end);
      pos = end;
    }
    row.push(field);
    if (pos >= n) {
      rows.push(row);
      return n;
    }
    const c = text.charCodeAt(pos);
    if (c === delim) {
      pos++;
      if (pos === n) {
        row.push("");
        rows.push(row);
        return n;
      }
      continue;
    }
    // End of record: CRLF, LF or CR.
    rows.push(row);
    return pos + (c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1);
  }
}

/** The delimiter `parseCsv` uses for this text when none is given. A `;` file usually comes with decimal commas. */
export function csvDelimiter(text: string): CsvDelimiter {
  return detectDelimiter(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
}

function detectDelimiter(text: string, from: number): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  const end = Math.min(text.length, from + 65536);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      if (c === LF || c === CR) break;
      if (c === 44) commas++;
      else if (c === 59) semicolons++;
      else if (c === 9) tabs++;
    }
  }
  if (semicolons > commas && semicolons >= tabs) return ";";
  if (tabs > commas && tabs > semicolons) return "\t";
  return ",";
}
