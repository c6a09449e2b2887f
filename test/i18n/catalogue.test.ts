// The two catalogues: the same keys (TypeScript also refuses a missing or extra key), the same placeholders, every
// entry formats; plural and select choices; locale from Office's display language; dates and numbers by locale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { en } from "../../src/i18n/en";
import { zhCN } from "../../src/i18n/zh-CN";
import { formatMessage, placeholders } from "../../src/i18n/format";
import { formatDate, formatList, formatNumber, resolveLocale, t } from "../../src/i18n";

test("zh-CN has exactly the English keys, with the same placeholders in each entry", () => {
  assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    const zh = zhCN[key as keyof typeof en];
    assert.deepEqual(placeholders(zh), placeholders(text), `${key}: placeholders differ`);
    assert.ok(zh.trim().length > 0, `${key}: empty`);
  }
});

test("no entry is left untranslated by accident: Chinese entries hold Chinese unless they are names or symbols", () => {
  const allowedSame = new Set(["backtest.sku", "sheet.sku", "place.sku", "train.backend", "selection.issue"]);
  for (const [key, text] of Object.entries(en)) {
    const zh = zhCN[key as keyof typeof en];
    if (zh === text && !allowedSame.has(key) && /[A-Za-z]{3}/.test(text.replace(/\{[^}]*\}/g, ""))) {
      assert.fail(`${key} is the same in both languages: ${zh}`);
    }
  }
});

test("every entry formats in both languages without leftover braces", () => {
  const params = { count: 2, skus: 3, horizon: 28, chosen: 1, total: 2, epoch: 1, epochs: 9, row: "4", place: "Sales!B4" };
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    for (const locale of ["en", "zh-CN"] as const) {
      const out = t(key, params, locale);
      assert.ok(!/[{}]/.test(out), `${locale} ${key}: ${out}`);
    }
  }
});

test("plural and select choices; # is the number in the locale's digits", () => {
  const tpl = "{n, plural, =0 {none} one {# SKU} other {# SKUs}}";
  assert.equal(formatMessage(tpl, { n: 0 }, "en"), "none");
  assert.equal(formatMessage(tpl, { n: 1 }, "en"), "1 SKU");
  assert.equal(formatMessage(tpl, { n: 1200 }, "en"), "1,200 SKUs");
  assert.equal(formatMessage("{k, select, a {alpha {x}} other {rest}}", { k: "a", x: "!" }, "en"), "alpha !");
  assert.equal(formatMessage("{k, select, a {alpha} other {rest}}", { k: "b" }, "en"), "rest");
  assert.equal(t("msg.written.text", { sheets: '"Forecast"', skus: 1, horizon: 28 }, "en"), 'Wrote "Forecast": 1 SKU × 28 periods.');
  assert.equal(t("msg.written.text", { sheets: "“Forecast”", skus: 3, horizon: 28 }, "zh-CN"), "已写入 “Forecast”：3 个 SKU × 28 期。");
});

test("locale from Office's display language: zh-CN / zh-Hans / zh-SG are Chinese; zh-TW, en-US, fr-FR are English", () => {
  for (const tag of ["zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh"]) assert.equal(resolveLocale(tag), "zh-CN", tag);
  for (const tag of ["zh-TW", "zh-Hant", "zh-HK", "en-US", "fr-FR", "", undefined]) assert.equal(resolveLocale(tag), "en", String(tag));
});

test("dates, numbers and lists follow the locale", () => {
  assert.equal(formatDate("2024-03-01", false, "en"), "Mar 1, 2024");
  assert.equal(formatDate("2024-03-01", false, "zh-CN"), "2024年3月1日");
  assert.equal(formatDate("2024-03-01T09:05:00Z", true, "zh-CN"), "2024年3月1日 09:05");
  assert.equal(formatDate("not a date", false, "zh-CN"), "not a date");
  assert.equal(formatNumber(12345.5, {}, "zh-CN"), "12,345.5");
  assert.equal(formatNumber(0.81, { style: "percent" }, "zh-CN"), "81%");
  assert.equal(formatList(['"A"', '"B"'], "en"), '"A", "B"');
  assert.equal(formatList(["“A”", "“B”"], "zh-CN"), "“A”和“B”");
});
