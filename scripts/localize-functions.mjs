// Localized custom-function metadata, the way Office documents it: one functions.json per language, named in
// manifest.xml by a <bt:Override Locale="..."> on Functions.Metadata.Url. The names (TREND.FORECAST...) and ids stay
// the same in every language, so a workbook's formulas work in English and Chinese Excel alike; the descriptions of
// the functions and their parameters are translated. A description missing from the translation stays English.

/** Locales with a translation file src/functions/functions.<locale>.json. */
export const FUNCTION_LOCALES = ["zh-CN"];

/** The generated functions.json text with the descriptions of `translation` ({ functions: { ID: { description, parameters } } }). */
export function localizeFunctions(metadataJson, translation) {
  const meta = JSON.parse(metadataJson);
  for (const f of meta.functions) {
    const tr = translation.functions?.[f.id];
    if (!tr) continue;
    if (tr.description) f.description = tr.description;
    for (const p of f.parameters ?? []) {
      const d = tr.parameters?.[p.name];
      if (d) p.description = d;
    }
  }
  return JSON.stringify(meta, null, 4);
}

/** What a translation lacks or has too many of, against the generated metadata (the tests hold this to empty). */
export function translationGaps(metadataJson, translation) {
  const meta = JSON.parse(metadataJson);
  const gaps = [];
  const ids = new Set(meta.functions.map((f) => f.id));
  for (const f of meta.functions) {
    const tr = translation.functions?.[f.id];
    if (!tr?.description) gaps.push(`${f.id}: no description`);
    for (const p of f.parameters ?? []) if (!tr?.parameters?.[p.name]) gaps.push(`${f.id}(${p.name}): no description`);
  }
  for (const id of Object.keys(translation.functions ?? {})) if (!ids.has(id)) gaps.push(`${id}: not a function`);
  return gaps;
}
