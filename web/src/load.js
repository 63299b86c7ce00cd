// The widget's load pipeline, without the DOM: the questionnaire's fetch, the core asked for again
// when its download fails, the questionnaire validated by the core with an external benchmark
// file merged in, and the answers a form starts from (host-given, resumed or typed meanwhile).
// element.js drives it and draws what it answers; tests/js/widget-load.test.mjs runs it in Node.
import { benchmarksFrom, dimensionOverlay, externalPath, mergeBenchmarks } from './benchmark.js';
import { t } from './i18n.js';
import { cloneAnswers } from './record.js';

/** The readable text of a thrown value ('' when it has none). */
export function errorText(err) {
  if (err && typeof err.message === 'string' && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return '';
}

/**
 * Fetches a JSON file: {text, doc}, or throws an Error that says which URL and what went wrong,
 * in `uiLang`. High priority: the form is drawn as soon as it arrives; the core must not hold it up.
 */
export async function fetchJson(url, uiLang, fetchFn = fetch) {
  let response;
  try {
    response = await fetchFn(url, { credentials: 'same-origin', priority: 'high' });
  } catch (err) {
    throw new Error(t(uiLang, 'errorFetch', { url, reason: errorText(err) || 'network' }));
  }
  if (!response.ok) throw new Error(t(uiLang, 'errorFetch', { url, reason: `HTTP ${response.status}` }));
  const text = await response.text();
  try {
    return { text, doc: JSON.parse(text) };
  } catch (err) {
    throw new Error(t(uiLang, 'errorJson', { url, reason: errorText(err) }));
  }
}

/**
 * The reason the core could not start, in `uiLang`. A core file that could not be fetched (core.js
 * rejects with `code: 'core-missing'`, its `url` and HTTP `status`, 0 when nothing answered) is
 * named with its URL: not there (the status), or not downloaded (a network failure).
 */
export function coreProblem(uiLang, err) {
  if (err?.code === 'core-missing') {
    return err.status ? t(uiLang, 'errorCoreMissing', { url: err.url, status: `HTTP ${err.status}` }) : t(uiLang, 'errorCoreNetwork', { url: err.url });
  }
  return t(uiLang, 'errorCore', { reason: errorText(err) || 'wasm' });
}

/** True when asking again may help: a network failure or a server error, not a file that is not there. */
function worthRetrying(err) {
  return !(err?.code === 'core-missing' && err.status >= 400 && err.status < 500);
}

/**
 * {core} or {error} (the thrown value): `getCore()` asked again when it fails (a flaky network, e.g.
 * Wi-Fi at an event), after each of `delays` ms, while the form stays answerable. Stops early once
 * `current()` is false (the element was given another questionnaire) or the file is not there.
 */
export async function coreWithRetries(getCore, current, delays = [1000, 3000, 9000]) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return { core: await getCore() };
    } catch (err) {
      if (attempt >= delays.length || !current() || !worthRetrying(err)) return { error: err };
      await new Promise((resolve) => { setTimeout(resolve, delays[attempt]); });
    }
  }
}

/**
 * `core.load(text)`, awaited (a TrustingCore's may fetch the checking core); a core that cannot be
 * had is an answer with one error in the page's language.
 */
async function loadText(core, text, uiLang) {
  try {
    return await core.load(text, uiLang);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: coreProblem(uiLang, err) }] };
  }
}

/**
 * The questionnaire `text` validated by `core`, with an external benchmark file merged in.
 * `benchmark`: null, or a promise of {doc} or {error} (a message). Resolves
 * {errors} when the core refuses the questionnaire; null when `current()` turned false meanwhile
 * (nothing is kept); else {scoring, info, overlay, notes}: `scoring` scores (with the merged
 * benchmarks), `info` names the published questionnaire (its hash, whatever benchmarks were
 * added), `notes` lists the benchmark file's problems (the questionnaire works without it; the core's
 * keep their code and params, core-messages.js).
 */
export async function loadQuestionnaire({ core, text, benchmark, uiLang, current = () => true }) {
  const answer = await loadText(core, text, uiLang);
  if (!current()) { if (answer.ok) answer.questionnaire.dispose(); return null; }
  if (!answer.ok) return { errors: answer.errors ?? [] };
  const base = answer.questionnaire;
  const info = base.info;
  const notes = [];
  let scoring = base;
  let overlay = null;
  // (none in the participant page's script: element.js)
  if ((typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && benchmark) {
    const b = await benchmark;
    if (!current()) { base.dispose(); return null; }
    const found = b.error ? null : benchmarksFrom(b.doc);
    if (b.error) notes.push({ path: '', message: b.error });
    else if (!found) notes.push({ path: '', message: t(uiLang, 'benchmarkNone') });
    else if (found.questionnaireId && found.questionnaireId !== info.id) {
      notes.push({ path: '/questionnaire/id', message: t(uiLang, 'benchmarkOther', { id: found.questionnaireId }) });
    } else {
      const { doc, offset } = mergeBenchmarks(JSON.parse(text), found.benchmarks);
      const merged = await loadText(core, JSON.stringify(doc), uiLang);
      if (!current()) { if (merged.ok) merged.questionnaire.dispose(); base.dispose(); return null; }
      if (merged.ok) {
        scoring = merged.questionnaire;
        overlay = dimensionOverlay(b.doc);
        base.dispose();
      } else notes.push(...(merged.errors ?? []).map((e) => ({ ...e, path: externalPath(e.path, offset) })));
    }
  }
  return { scoring, info, overlay, notes };
}

/**
 * The answers a form starts from once the core has accepted the questionnaire.
 * `host`: answers the page set (or null); `saved`: the resumed copy {answers, section} (or null);
 * `typed`: what the person answered while the form waited for the core (or null); `erased`: the
 * person erased everything meanwhile. The person's own answers win over a saved or host-given set.
 * Returns {answers, section (null: keep the current one), resumed, clear (drop the saved copy)}.
 */
export function startingAnswers({ host = null, saved = null, typed = null, erased = false }) {
  if (erased) return { answers: typed ?? {}, section: null, resumed: false, clear: true };
  const savedAnswers = saved && Object.keys(saved.answers).length ? saved.answers : null;
  const base = host ?? savedAnswers;
  const resumed = !host && Boolean(savedAnswers);
  if (!base) return { answers: typed ?? {}, section: null, resumed: false, clear: false };
  return {
    answers: typed ? { ...base, ...typed } : cloneAnswers(base),
    section: resumed && !typed ? saved.section : null,
    resumed,
    clear: false,
  };
}
