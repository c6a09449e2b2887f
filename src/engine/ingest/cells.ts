/** A1-style cell addresses, shared by ingest messages and the Office adapter. */

/** 0-based column index to letters: 0 -> "A", 27 -> "AB". */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
