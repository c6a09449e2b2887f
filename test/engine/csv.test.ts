import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv } from "../../src/engine/ingest/csv";

test("plain rows, LF and CRLF, no empty record from the final line break", () => {
  assert.deepEqual(parseCsv("a,b,c\n1,2,3\n"), [["a", "b", "c"], ["1", "2", "3"]]);
  assert.deepEqual(parseCsv("a,b\r\n1,2\r\n3,4"), [["a", "b"], ["1", "2"], ["3", "4"]]);
  assert.deepEqual(parseCsv("a\rb\r"), [["a"], ["b"]]);
});

test("quoted fields: delimiters, line breaks and doubled quotes inside", () => {
  const text = 'sku,note\r\n"B1,01","said ""hi""\r\nthen left"\r\n"",x\r\n';
  assert.deepEqual(parseCsv(text), [
    ["sku", "note"],
    ["B1,01", 'said "hi"\r\nthen left'],
    ["", "x"],
  ]);
});

test("quoted and unquoted records mixed, in either order", () => {
  assert.deepEqual(parseCsv('a,b\n"x,y",1\nc,d\n"e"\n'), [["a", "b"], ["x,y", "1"], ["c", "d"], ["e"]]);
  assert.deepEqual(parseCsv('"multi\nline",2\r\nplain,3\r\n'), [["multi\nline", "2"], ["plain", "3"]]);
});

test("byte order mark is skipped and empty fields are kept", () => {
  assert.deepEqual(parseCsv("\uFEFFdate,qty\n2024-01-01,\n,5\n"), [["date", "qty"], ["2024-01-01", ""], ["", "5"]]);
  assert.deepEqual(parseCsv("a,"), [["a", ""]]);
  assert.deepEqual(parseCsv(""), []);
  assert.deepEqual(parseCsv("\uFEFF"), []);
});

test("semicolon and tab files are recognised from the first record", () => {
  assert.deepEqual(parseCsv("date;qty\n01/02/2024;3,5\n"), [["date", "qty"], ["01/02/2024", "3,5"]]);
  assert.deepEqual(parseCsv("date\tqty\n2024-01-01\t4\n"), [["date", "qty"], ["2024-01-01", "4"]]);
  assert.deepEqual(parseCsv("a;b,c\n", ","), [["a;b", "c"]]);
});

test("an unclosed quote runs to the end instead of throwing", () => {
  assert.deepEqual(parseCsv('a,"b\nc'), [["a", "b\nc"]]);
});

test("5 MB of long sales rows parse into the right shape", () => {
  const lines = ["series_id,date,value,promo,closed"];
  for (let i = 0; i < 200_000; i++) lines.push(`STORE1_B${i % 100},2014-01-${String((i % 28) + 1).padStart(2, "0")},${i % 17},${i % 2},0`);
  const text = lines.join("\n");
  assert.ok(text.length > 5_000_000);
  const rows = parseCsv(text);
  assert.equal(rows.length, 200_001);
  assert.deepEqual(rows[12_345], ["STORE1_B44", "2014-01-25", String(12_344 % 17), "0", "0"]);
  assert.ok(rows.every((r) => r.length === 5));
});
