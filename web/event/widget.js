// The widget inside the participant page's own file (dist/event.js, scripts/build.sh): the element
// of ../src/element.js without a questionnaire built in. The page fetches the default
// questionnaire's text itself, in the event's one language when that is all it offers
// (web/generated/catalyseurs-2018.<lang>.json, checked by the build), whole otherwise
// (web/generated/catalyseurs-2018.json, without whitespace), and defines the element only once the
// text is there: the widget then draws its form at once from it, and the plain form the page came
// with stays until then; the same for an event's own questionnaire (the server's copy, at its
// questionnaireUrl). The server's page announces that address in its head (a fetch preload,
// server/event_page.cpp), so the text arrives alongside this file: the fetch here, with the same
// credentials, takes that download up. Each is read and scored by the trusting core (core.js:
// TrustingCore), which takes the hashes checked beforehand: the build's, and the one the server
// gives for the event's own questionnaire (each time the widget asks for a core). A one-language
// copy is named by the whole questionnaire's hash (named.js), so that responses name the
// questionnaire the event has.
// Anything else, or a site without the trusting core's file, gets the checking core.
// The page's script carries no copy of the widget's stylesheet (scripts/build.sh): the page's own
// stylesheet (dist/event.css) holds its rules inside `@container plain (min-width: 0)`, where they
// style the plain form (event.css), and the shadow root's stylesheet is made of the same rules
// (pageStyles).
import DEFAULT_HASH from '../generated/default-questionnaire-hash.mjs';
import ONE_LANGUAGE from '../generated/default-questionnaire-languages.mjs';
import { loadCoreFrom, loadTrustingCore } from '../src/core.js';
import { define } from '../src/element.js';
import { builtInCore, builtInQuestionnaire } from '../src/sources.js';
import { CSS, stylesFrom } from '../src/styles.js';
import { namingCore } from './named.js';

/** The hashes of the questionnaires checked beforehand (the page adds the one its server checked). */
const trusted = new Set([DEFAULT_HASH, ...Object.values(ONE_LANGUAGE)]);
/** A one-language copy's hash → the whole questionnaire's, which its responses name (named.js). */
const names = new Map(Object.values(ONE_LANGUAGE).map((hash) => [hash, DEFAULT_HASH]));
/** The hash of the event's own questionnaire whose text the page gives the widget (startWidget), else null. */
let builtInHash = null;

/**
 * The widget's rules that the document's stylesheets carry (those inside
 * `@container plain (min-width: 0)`), as text; '' when none does. Sheets whose rules cannot be read
 * (another origin's) are passed over.
 */
export function pageStyles() {
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch { continue; }
    for (const rule of rules) {
      if (/^plain\b/.test(rule.conditionText)) return [...rule.cssRules].map((r) => r.cssText).join('\n');
    }
  }
  return '';
}
if (!CSS) stylesFrom(pageStyles);

/**
 * The address of the event's questionnaire for the element's `src` when the widget does not have
 * its text already, else null, from the event's description (`info`: {questionnaire: {hash},
 * questionnaireUrl}); `api` is the event's API address. The default questionnaire's text is the
 * widget's (startWidget), or its own default `src`. Another questionnaire, which the server checked,
 * is trusted under the server's hash.
 */
export function questionnaireSource(info, api) {
  const hash = info?.questionnaire?.hash;
  if (typeof hash !== 'string' || hash === DEFAULT_HASH) return null;
  trusted.add(hash);
  return hash === builtInHash ? null : info.questionnaireUrl ?? `${api}/questionnaire`;
}

/**
 * Where the default questionnaire's text is for the event `info` (null: not known yet): its one
 * language's copy, else the whole one without whitespace (the build's copy: same hash).
 */
function defaultText(info) {
  const languages = Array.isArray(info?.languages) ? info.languages : [];
  const only = languages.length === 1 && Object.hasOwn(ONE_LANGUAGE, languages[0]) ? languages[0] : null;
  return new URL(only ? `../generated/catalyseurs-2018.${only}.json` : '../generated/catalyseurs-2018.json', import.meta.url).href;
}

/**
 * Fetches the text of the event's questionnaire (`info`, null when not known yet: the default
 * one), hands it to the widget, and defines <catalyse-survey> with the page's cores. Resolves to
 * the `src` the page's elements need: null, or the event's own questionnaire's address when its
 * text could not be had (then `element`, the page's, gets it as its `src` and fetches it itself, and
 * says so if it cannot; a default text that could not be had is the element's default `src`).
 */
export async function startWidget(info, api, element = null) {
  builtInCore(() => loadTrustingCore(trusted).then((core) => namingCore(core, names)), loadCoreFrom);
  const own = questionnaireSource(info, api);
  if (own) builtInHash = info.questionnaire.hash;
  const text = await fetch(own ?? defaultText(info), { credentials: 'same-origin', priority: 'high' })
    .then((response) => (response.ok ? response.text() : null), () => null);
  if (text !== null) builtInQuestionnaire(text);
  else if (own) {
    builtInHash = null;
    element?.setAttribute('src', own);
  }
  define();
  await customElements.whenDefined('catalyse-survey');
  return text === null ? own : null;
}
