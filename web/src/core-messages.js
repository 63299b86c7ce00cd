// The core's errors in the person's language. The widget's wasm core writes its messages in English
// only; every issue also carries its code and params ({path, code, params, message}), and the
// catalog of the core's templates (core/src/messages.cpp, written by `catalyse messages` to
// ../generated/core-messages.json: {"fr": {…}, "en": {…}}) is fetched the first time
// a French page has a core error to show. Until it arrives, or if it cannot be fetched, the
// English message is shown. French templates are filled by the core's rules (messages.hpp).
// The trusting core (core.js: TrustingCore) writes no words at all (an issue's message is its
// code): its errors are worded from the same catalog in English too, fetched the same way.
import { fill, uiLanguage } from './i18n.js';

let catalog = null;
let pending = null;

/** The catalog built into the file (the single-file widget): nothing is fetched. */
export function builtInCoreMessages(messages) {
  catalog = messages;
}

/** Resolves true once the catalog is there; fetched once, on first call. A failure leaves English. */
export function loadCoreMessages() {
  pending ??= catalog ? Promise.resolve(true) : fetch(new URL('../generated/core-messages.json', import.meta.url))
    .then((r) => (r.ok ? r.json() : null))
    .then((c) => { if (c?.fr?.templates) catalog ??= c; return Boolean(catalog); }, () => false);
  return pending;
}

// A {name:kind}, {name:found} or {name:operand} placeholder's words, and the prefixes that say
// where (a JSON syntax error, an expression's column), come with the templates: {templates: {code:
// template}, kinds: {kind: words}, found: {end, control, byte, char}, operands: {key: words},
// prefixes: {group: template}}, the found words holding {value}, the operands {ref} (the param
// `<name>Ref`).
function formatter(params, lang) {
  const words = catalog[lang];
  return (value, format, _lang, name) => {
    if (format === 'kind') return Object.hasOwn(words.kinds, value) ? words.kinds[value] : value;
    if (format === 'number') return lang === 'fr' ? value.replaceAll('.', ',') : value;
    if (format === 'operand') {
      if (!Object.hasOwn(words.operands, value)) return value;
      const ref = `${name}Ref`;
      return fill(words.operands[value], Object.hasOwn(params, ref) ? { ref: params[ref] } : {}, lang, String);
    }
    if (format !== 'found') return value;
    const f = words.found;
    const w = !value ? f.end : value.startsWith('U+') ? f.control : value.startsWith('0x') ? f.byte : f.char;
    return fill(w, { value }, lang, String);
  };
}

/** True when `params` has a value for every placeholder of `template`. */
const fills = (template, params) => [...template.matchAll(/\{([A-Za-z0-9]+)\}/g)].every(([, name]) => Object.hasOwn(params, name));

/** The message of `code` in `lang` ('fr' unless 'en') from the catalog, or null when it has none. */
export function coreMessage(code, params, lang = 'fr') {
  const l = lang === 'en' ? 'en' : 'fr';
  const template = catalog?.[l]?.templates?.[code];
  if (typeof template !== 'string') return null;
  const p = params ?? {};
  const format = formatter(p, l);
  const prefix = Object.entries(catalog[l].prefixes)
    .filter(([group]) => code.startsWith(`${group}.`) && fills(catalog.en.prefixes[group], p))
    .map(([, text]) => fill(text, p, l, format)).join('');
  return prefix + fill(template, p, l, format);
}

/** An issue of a core that words nothing (the trusting core, core.js): its message is its code. */
const unworded = (e) => Boolean(e?.code) && e.message === e.code;

/**
 * `issues` with their messages in French when `lang` is French and the catalog is loaded, and in
 * English those the core left without words; else as they are.
 */
export function localiseIssues(issues, lang) {
  const fr = uiLanguage(lang) === 'fr';
  if (!catalog || (!fr && !issues.some(unworded))) return issues;
  return issues.map((e) => {
    const message = e?.code && (fr || unworded(e)) ? coreMessage(e.code, e.params, fr ? 'fr' : 'en') : null;
    return message === null ? e : { ...e, message };
  });
}

/**
 * Calls `redraw` once the catalog has arrived when `issues` (core errors shown in `lang`) would
 * then read in French, or have words at all; nothing is fetched for an English page whose core
 * errors have their words, or a list without a core error.
 */
export function whenCoreMessages(issues, lang, redraw) {
  if (catalog || !issues?.some((e) => e?.code && (uiLanguage(lang) === 'fr' || unworded(e)))) return;
  loadCoreMessages().then((ok) => { if (ok) redraw(); });
}
