// The core's errors in the person's language. The widget's wasm core writes its messages in English
// only; every issue also carries its code and params ({path, code, params, message}), and the
// catalog of the core's templates (core/src/messages.cpp, written by `catalyse messages` to
// ../generated/core-messages.json: {"fr": {code: template}, "en": {…}}) is fetched the first time
// a French page has a core error to show. Until it arrives, or if it cannot be fetched, the
// English message is shown. Templates are filled by the core's rules (messages.hpp).
import { fill, uiLanguage } from './i18n.js';

let catalog = null;
let pending = null;

/** The catalog built into the file (the single-file widget): nothing is fetched. */
export function builtInCoreMessages(messages) {
  catalog = messages;
}

/** Resolves true once the catalog is there; fetched once, on first call. A failure leaves English. */
export function loadCoreMessages() {
  pending ??= catalog ? Promise.resolve(true) : fetch(new URL('../generated/core-messages.json', import.meta.url), { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .then((c) => { if (c?.fr) catalog ??= c; return Boolean(catalog); }, () => false);
  return pending;
}

// The words of {name:kind} and {name:found}, and the place of a JSON syntax error (messages.cpp).
const WORDS = {
  fr: {
    kind: { array: 'un tableau', boolean: 'un booléen', integer: 'un entier', null: 'null', number: 'un nombre', object: 'un objet', string: 'une chaîne de caractères' },
    end: 'la fin du texte', control: 'le caractère de contrôle ', byte: ["l'octet ", " (pas de l'UTF-8)"],
    at: 'JSON invalide : erreur à la ligne {line}, colonne {column} : ',
  },
  en: {
    kind: { array: 'an array', boolean: 'a boolean', integer: 'an integer', null: 'null', number: 'a number', object: 'an object', string: 'a string' },
    end: 'the end of the text', control: 'the control character ', byte: ['the byte ', ' (not UTF-8)'],
    at: 'invalid JSON: parse error at line {line}, column {column}: ',
  },
};

function formatted(value, format, lang) {
  const w = WORDS[lang];
  if (format === 'kind') return Object.hasOwn(w.kind, value) ? w.kind[value] : value;
  if (format === 'number') return lang === 'fr' ? value.replaceAll('.', ',') : value;
  if (format !== 'found') return value;
  if (!value) return w.end;
  if (value.startsWith('U+')) return w.control + value;
  if (value.startsWith('0x')) return w.byte[0] + value + w.byte[1];
  return `'${value}'`;
}

/** The message of `code` in `lang` ('fr' or 'en') from the catalog, or null when it has none. */
export function coreMessage(code, params = {}, lang = 'fr') {
  const l = uiLanguage(lang);
  const template = catalog?.[l]?.[code];
  if (typeof template !== 'string') return null;
  const p = params ?? {};
  const at = code.startsWith('json.') && Object.hasOwn(p, 'line') ? fill(WORDS[l].at, p, l, formatted) : '';
  return at + fill(template, p, l, formatted);
}

/** `issues` with their messages in French when `lang` is French and the catalog is loaded; else as they are. */
export function localiseIssues(issues, lang) {
  if (uiLanguage(lang) !== 'fr' || !catalog) return issues;
  return issues.map((e) => {
    const message = e?.code ? coreMessage(e.code, e.params, 'fr') : null;
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
