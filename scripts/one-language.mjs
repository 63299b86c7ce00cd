// A questionnaire in one of its languages: the same document with `languages` set to [lang] and
// every Text (an object with one string per language, docs/FORMAT.md §1) keeping only `lang`'s.
// scripts/build.sh writes the default questionnaire's one-language copies with it
// (web/generated/catalyseurs-2018.<lang>.json), for the participant page of a one-language event,
// without what the page never reads (pageCopy: the dimensions' descriptions, which the widget does
// not show); the build checks each copy with `catalyse validate`, and
// tests/wasm/one-language.test.mjs holds its scores to the whole questionnaire's in that language.

/** The document `doc` (a parsed questionnaire) in `lang` only; throws when it does not offer `lang`. */
export function oneLanguage(doc, lang) {
  const languages = new Set(doc.languages);
  if (!languages.has(lang)) throw new Error(`the questionnaire does not offer "${lang}"`);
  const isText = (v) => {
    const keys = Object.keys(v);
    return keys.length > 0 && keys.every((k) => languages.has(k) && typeof v[k] === 'string');
  };
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    if (isText(v)) return { [lang]: v[lang] };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return { ...walk(doc), languages: [lang] };
}

/**
 * The participant page's copy of `doc` in `lang`: oneLanguage() without the dimensions'
 * descriptions, which neither the widget shows nor the core scores with.
 */
export function pageCopy(doc, lang) {
  const copy = oneLanguage(doc, lang);
  if (Array.isArray(copy.dimensions)) {
    copy.dimensions = copy.dimensions.map((d) => {
      if (!d || typeof d !== 'object') return d;
      const { description, ...rest } = d;
      return rest;
    });
  }
  return copy;
}

// As a command: node scripts/one-language.mjs FILE LANG prints the page's copy without whitespace.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const [file, lang] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(pageCopy(JSON.parse(readFileSync(file, 'utf8')), lang)));
}
