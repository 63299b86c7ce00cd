// The core's errors in the person's language. The widget's wasm core writes its messages in English
// only; every issue also carries its code and params ({path, code, params, message}), and the
// catalog of the core's templates (core/src/messages.cpp, written by `catalyse messages` to
// ../generated/core-messages.json: {"fr": {…}, "en": {…}}) is fetched the first time
// a French page has a core error to show. Until it arrives, or if it cannot be fetched, the
// English message is shown. French templates are filled by the core's rules (messages.hpp).
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

// A {name:kind} or {name:found} placeholder's words, and the place of a JSON syntax error, come
// with the templates: {templates: {code: template}, kinds: {kind: words}, found: {end, control,
// byte, char}, prefixes: {json}}, the found words holding {value}.
function formatted(value, format) {
  const words = catalog.fr;
  if (format === 'kind') return Object.hasOwn(words.kinds, value) ? words.kinds[value] : value;
  if (format === 'number') return value.replaceAll('.', ',');
  if (format !== 'found') return value;
  const f = words.found;
  const w = !value ? f.end : value.startsWith('U+') ? f.control : value.startsWith('0x') ? f.byte : f.char;
  return fill(w, { value }, 'fr', String);
}

/** The French message of `code` from the catalog, or null when it has none. */
export function coreMessage(code, params) {
  const template = catalog?.fr?.templates?.[code];
  if (typeof template !== 'string') return null;
  const p = params ?? {};
  return (code.startsWith('json.') && Object.hasOwn(p, 'line') ? fill(catalog.fr.prefixes.json, p, 'fr', formatted) : '') + fill(template, p, 'fr', formatted);
}

/** `issues` with their messages in French when `lang` is French and the catalog is loaded; else as they are. */
export function localiseIssues(issues, lang) {
  if (uiLanguage(lang) !== 'fr' || !catalog) return issues;
  return issues.map((e) => {
    const message = e?.code ? coreMessage(e.code, e.params) : null;
    return message === null ? e : { ...e, message };
  });
}

/**
 * Calls `redraw` once the catalog has arrived when `issues` (core errors shown in `lang`) would
 * then read in French; nothing is fetched for an English page or a list without a core error.
 */
export function whenCoreMessages(issues, lang, redraw) {
  if (catalog || uiLanguage(lang) !== 'fr' || !issues?.some((e) => e?.code)) return;
  loadCoreMessages().then((ok) => { if (ok) redraw(); });
}
