// <catalyse-survey>: the custom element. It fetches a questionnaire, loads it into the C++ core
// (wasm), renders the form in its shadow root, asks the core to rescore on every change, shows the
// core's feedback, and hands a response record to the host page. Contract: README.md § Widget.
// This module keeps the element's life cycle and wiring; what it draws besides the form is in
// error-screen.js (the error screen), check.js ("before you finish"), done.js (the final screen);
// resume.js holds the device side of resume, sources.js where the questionnaire and cores come from.
import { checkPanel, thinAnswers } from './check.js';
import { localiseIssues, whenCoreMessages } from './core-messages.js';
import { h, replace } from './dom.js';
import { comparePanel, doneScreen, saveJson } from './done.js';
import { errorScreen, issueList } from './error-screen.js';
import { createFeedback, liveMessage } from './feedback.js';
import { createForm } from './form.js';
import { pick, t, uiLanguage } from './i18n.js';
import { coreProblem, coreWithRetries, errorText, fetchJson, loadQuestionnaire, startingAnswers } from './load.js';
import { buildRecord, clearResume, cloneAnswers, downloadDocument, loadResume, monthOf, saveResume } from './record.js';
import { deviceStorage, privacyNote, resumeAvailable, resumeSlot } from './resume.js';
import { DEFAULT_SRC, builtInText, getCore } from './sources.js';
import { styleSheet } from './styles.js';

export { DEFAULT_SRC };
const LIVE_DELAY_MS = 900;

/** Resolves once the browser has had a chance to paint (after the next frame; at most ~100 ms, e.g. in a hidden tab). */
function afterPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }, 0));
  });
}

/**
 * @element catalyse-survey
 * @attr src - questionnaire URL (default: the bundled catalyseurs-2018 questionnaire)
 * @attr lang - fr | en (default: closest [lang], else fr)
 * @attr layout - sections | page
 * @attr mode - self | kiosk
 * @attr view - form (default) | result: only the final summary of the `answers` it is given (no form, nothing stored)
 * @attr benchmark - URL of reference figures (an event's aggregate or a benchmarks list), added to the questionnaire's
 * @attr intro-open - boolean: the intro is shown whole on a phone (set and removed as the person opens and closes it)
 * @event catalyse-ready - {questionnaire, lang}
 * @event catalyse-change - {answers, result}
 * @event catalyse-complete - {record, result}
 * @event catalyse-error - {errors}
 */
export class CatalyseSurvey extends HTMLElement {
  static get observedAttributes() { return ['src', 'lang', 'layout', 'mode', 'benchmark', 'view', 'intro-open']; }

  #shadow;
  #root;
  #questionnaireProp = null; // object given through the `questionnaire` property
  #doc = null; // the questionnaire document being shown
  #loaded = null; // LoadedQuestionnaire (core handle)
  #info = null;
  #answers = {};
  #pendingAnswers = null;
  #result = null;
  #state = 'idle';
  #generation = 0;
  #section = 0;
  #form = null;
  #feedback = null;
  #view = {};
  #live = null;
  #liveTimer = 0;
  #lastLevel;
  #lastRecord = null;
  #lastVisible; // the previous progress total: when it changes, the progress says why
  #submitHandler = null;
  #handedOver = false;  // the last response went to the page's submitHandler: where it is kept is the page's to say
  #loadQueued = false;
  #benchmarkNotes = []; // problems with the external benchmark file (the questionnaire still works)
  #overlay = null; // the event's median per dimension, drawn over the radar
  #errorIds = new Set();
  #errors = null; // the core's errors the error screen shows
  // Progressive start: while the form is shown from the document and the core has not answered
  // yet, {touched: the person answered or the host set answers, step: "next"/"finish" pressed (done
  // once the core has scored), erased: reset() was called (the saved copy goes too)}; else null.
  #early = null;
  #pendingFocus = null; // {id, row, option} (focusQuestion) or {intro: true} (focusIntro) before the form showed it

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [styleSheet()];
    this.#root = h('div', { class: 'root', part: 'root' });
    this.#live = h('div', { class: 'sr-only feedback-live', 'aria-live': 'polite', role: 'status' });
    this.#shadow.append(this.#root, this.#live);
  }

  connectedCallback() {
    window.addEventListener('beforeprint', this.#beforePrint);
    if (this.#state === 'idle') this.#queueLoad();
  }

  disconnectedCallback() {
    window.removeEventListener('beforeprint', this.#beforePrint);
    clearTimeout(this.#liveTimer);
  }

  /** Printing shows everything: sections and panel not built yet (progressive start) are built now. */
  #beforePrint = () => {
    this.#form?.ensureAll();
    this.#feedback?.ensure();
  };

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || this.#state === 'idle') return;
    if ((name === 'src' && !this.#questionnaireProp) || name === 'benchmark' || name === 'view') this.#queueLoad();
    else if (name === 'lang' || name === 'layout' || name === 'mode') this.#rerender();
    else if (name === 'intro-open') this.#showIntro();
  }

  // ---- public API ----

  /** The questionnaire document (object). Setting it replaces `src`. */
  get questionnaire() { return this.#doc; }
  set questionnaire(value) {
    this.#questionnaireProp = value ?? null;
    this.#queueLoad();
  }

  /** A copy of the current answers (docs/FORMAT.md §2). Setting replaces them all and rescores. */
  get answers() { return cloneAnswers(this.#answers); }
  set answers(value) {
    const answers = cloneAnswers(value);
    if (this.#early && this.#form) {
      // Shown at once; scored (and saved) when the core arrives, where they win over a saved copy.
      this.#answers = answers;
      this.#early.touched = true;
      this.#form.setAnswers(this.#answers);
      return;
    }
    // Not loaded, or about to load another document: kept for it.
    if (!this.#loaded || this.#loadQueued || this.#state === 'loading') { this.#pendingAnswers = answers; return; }
    this.#answers = answers;
    this.#form?.setAnswers(this.#answers);
    this.#rescore();
    this.#persist();
    if (this.#resultView) this.#showDone();
  }

  /** The core's latest result (catalyse-result/1) or null. */
  get result() { return this.#result; }

  /** async (record) => void: awaited on finishing, before the final screen. */
  get submitHandler() { return this.#submitHandler; }
  set submitHandler(fn) { this.#submitHandler = typeof fn === 'function' ? fn : null; }

  // Attributes mirrored by properties (get: the value in effect; set: writes the attribute). The
  // participant page's script (CATALYSE_EVENT_PAGE, #load) has neither the kiosk mode nor the page layout.
  get mode() { return (typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && this.getAttribute('mode') === 'kiosk' ? 'kiosk' : 'self'; }
  set mode(value) { this.setAttribute('mode', String(value)); }
  get layout() { return (typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && this.getAttribute('layout') === 'page' ? 'page' : 'sections'; }
  get view() { return this.#resultView ? 'result' : 'form'; }
  set view(value) { this.setAttribute('view', String(value)); }
  /** view="result": the summary of given answers only (e.g. a result carried to a phone): nothing stored, no form. */
  get #resultView() { return this.getAttribute('view') === 'result'; }
  /** Self-diagnosis keeps the answers on this device (resume); a kiosk and a result view do not. */
  get #resumes() { return this.mode === 'self' && !this.#resultView; }
  set layout(value) { this.setAttribute('layout', String(value)); }
  /** Mirrors the boolean `intro-open` attribute, as <details>' `open`. */
  get introOpen() { return this.hasAttribute('intro-open'); }
  set introOpen(value) { this.toggleAttribute('intro-open', Boolean(value)); }
  get src() { return this.getAttribute('src') ? new URL(this.getAttribute('src'), document.baseURI).href : DEFAULT_SRC; }
  set src(value) { this.setAttribute('src', String(value)); }
  get benchmark() { return this.getAttribute('benchmark') ? new URL(this.getAttribute('benchmark'), document.baseURI).href : null; }
  set benchmark(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('benchmark');
    else this.setAttribute('benchmark', String(value));
  }

  /** The content language: lang attribute, closest [lang], document language; then one the questionnaire offers. */
  get contentLang() {
    const requested = this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang')
      || document.documentElement.lang || 'fr';
    const languages = this.#doc?.languages ?? ['fr', 'en'];
    const primary = requested.toLowerCase().split(/[-_]/)[0];
    return languages.includes(primary) ? primary : languages[0];
  }

  /**
   * Moves the focus to question `id`'s control (the one of `option`, in matrix row `row`, when
   * given), now or as soon as the form shows the question: a host page that showed a plain form
   * of its own before the widget started carries the person's place over with it.
   */
  focusQuestion(id, { row, option } = {}) {
    this.#pendingFocus = { id: String(id), row, option };
    this.#applyFocus();
  }

  /**
   * Moves the focus to the intro's "more" button (a narrow widget's: a plain form shows its own at
   * the same widths), now or as soon as the form is drawn: for a page whose plain form had it (as
   * focusQuestion).
   */
  focusIntro() {
    this.#pendingFocus = { intro: true };
    this.#applyFocus();
  }

  #applyFocus() {
    const want = this.#pendingFocus;
    if (want?.intro) {
      if (this.#view.more) {
        this.#pendingFocus = null;
        this.#view.more.focus();
      }
      return;
    }
    const question = want && this.#form?.questions.get(want.id);
    if (!question || question.node.hidden) return;
    this.#pendingFocus = null;
    const scope = (want.row !== undefined && [...question.node.querySelectorAll('[data-row]')].find((r) => r.dataset.row === want.row)) || question.node;
    const controls = [...scope.querySelectorAll('input, textarea, select')];
    (controls.find((c) => want.option !== undefined && c.value === want.option) ?? controls[0] ?? question.focusTarget())?.focus();
  }

  /** A fresh, empty form: answers (and their saved copy) are gone for good. */
  reset() {
    this.#answers = {};
    this.#pendingAnswers = null;
    this.#lastRecord = null;
    this.#section = 0;
    if (this.#early) {
      this.#early = { touched: false, step: 0, erased: true };
      if (this.#form) { this.#render(); this.#showProvisional(); }
      return;
    }
    if (this.#info) clearResume(deviceStorage(), this.#info, resumeSlot(this));
    if (this.#loaded) {
      this.#render();
      this.#rescore();
      this.#view.title?.focus();
    }
  }

  // ---- loading ----

  #queueLoad() {
    if (this.#loadQueued) return;
    this.#loadQueued = true;
    // Let the page set attributes and properties right after creating the element.
    queueMicrotask(() => {
      this.#loadQueued = false;
      if (this.isConnected) this.#load();
    });
  }

  async #load() {
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    this.#state = 'loading';
    this.#early = null;
    this.#root.removeAttribute('data-ready');
    const uiLang = this.#uiLangGuess();
    replace(this.#root, h('p', { class: 'loading', role: 'status', text: t(uiLang, 'loading') }));
    // The questionnaire is requested first (high priority): the form is drawn from it; the core follows.
    // {text, doc}: the document is parsed once for the provisional form (the core gets the text).
    const questionnaire = (async () => {
      if (this.#questionnaireProp) {
        const text = JSON.stringify(this.#questionnaireProp);
        return { text, doc: typeof text === 'string' ? JSON.parse(text) : null };
      }
      if (builtInText !== null && this.src === DEFAULT_SRC) return { text: builtInText, doc: JSON.parse(builtInText) };
      return fetchJson(this.src, uiLang);
    })();
    questionnaire.catch(() => {}); // reported below, once awaited
    // The external benchmark file is fetched alongside; its problems never stop the questionnaire.
    // The participant page's script (scripts/build.sh: CATALYSE_EVENT_PAGE true) leaves out what
    // its page never uses: the `benchmark` attribute, here and in load.js, feedback.js and i18n.js,
    // the kiosk mode and the page layout (mode, layout; done.js) (each condition is written out so
    // that esbuild folds it).
    const benchmarkUrl = this.benchmark;
    const benchmark = (typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && benchmarkUrl
      ? fetchJson(benchmarkUrl, uiLang).then(({ doc }) => ({ doc }), (err) => ({ error: errorText(err) }))
      : null;
    let fetched;
    try {
      fetched = await questionnaire;
    } catch (err) {
      if (current()) this.#fail([{ path: '', message: errorText(err) }]);
      return;
    }
    if (!current()) return;
    const previousDoc = this.#doc;
    // Progressive start: the form is shown from the document now and painted (answerable at once)
    // before the core validates it (its first load also compiles the wasm functions it reaches: tens
    // of ms) or has even arrived; the core keeps the last word, and the form is not built twice.
    if (!this.#resultView) this.#startProvisional(fetched.doc);
    if (this.#early) await afterPaint();
    // The core is asked for once the form is painted (first question first: on a slow link the
    // questionnaire has the bandwidth to itself, and compiling the wasm does not delay the paint).
    const c = await coreWithRetries(() => getCore(fetched.text), current);
    if (!current()) return;
    const refuse = (errors, kind) => {
      this.#early = null;
      this.#doc = previousDoc;
      this.#fail(errors, kind);
    };
    if (c.error) { refuse([{ path: '', message: coreProblem(uiLang, c.error) }], 'core'); return; }
    const loaded = await loadQuestionnaire({ core: c.core, text: fetched.text, benchmark, uiLang, current });
    if (!loaded) return;
    if (loaded.errors) { refuse(loaded.errors); return; }
    this.#benchmarkNotes = loaded.notes;
    this.#overlay = loaded.overlay;
    this.#loaded?.dispose();
    this.#loaded = loaded.scoring;
    this.#info = loaded.info;
    if (this.#early && this.#form) { this.#adoptProvisional(); return; }
    // The document could not be drawn before the core validated it: drawn now.
    this.#early = null;
    this.#doc = fetched.doc;
    this.#lastRecord = null;
    this.#section = 0;
    const start = startingAnswers({ host: this.#pendingAnswers, saved: this.#resumes ? loadResume(deviceStorage(), this.#info, resumeSlot(this)) : null });
    this.#pendingAnswers = null;
    this.#answers = start.answers;
    if (start.section !== null) this.#section = start.section;
    this.#state = 'form';
    this.#render({ resumed: start.resumed });
    this.#rescore({ announce: false, emit: false });
    if (this.#resultView) this.#showDone();
    else this.#applyFocus();
    this.#ready();
  }

  /** The core's first result is shown: say so (data-ready on the root, catalyse-ready). */
  #ready() {
    if (this.#state === 'error') return;
    this.#form?.ensureAll();
    this.#root.setAttribute('data-ready', '');
    this.#emit('catalyse-ready', {
      questionnaire: { ...this.#info, title: pick(this.#doc.title, this.contentLang, this.#doc.languages) },
      lang: this.contentLang,
    });
  }

  /**
   * Renders the form from the fetched document before the core has validated it. Never throws: a
   * document it cannot render keeps the loading state, and the core reports what is wrong.
   */
  #startProvisional(doc) {
    const previousDoc = this.#doc;
    try {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return;
      this.#doc = doc;
      this.#early = { touched: false, step: 0, erased: false };
      this.#lastRecord = null;
      this.#section = 0;
      this.#answers = this.#pendingAnswers ? cloneAnswers(this.#pendingAnswers) : {};
      this.#benchmarkNotes = [];
      this.#overlay = null;
      this.#render();
      this.#showProvisional();
      this.#applyFocus();
    } catch {
      this.#doc = previousDoc;
      this.#provisionalFailed();
    }
  }

  /** The provisional form cannot be drawn: back to the loading state; the core will say what is wrong. */
  #provisionalFailed() {
    this.#early = null;
    this.#form = null;
    this.#feedback = null;
    this.#view = {};
    replace(this.#root, h('p', { class: 'loading', role: 'status', text: t(this.#uiLangGuess(), 'loading') }));
  }

  /**
   * Progressive start: the first paint shows the first section and the panel's loading note only;
   * the other sections and the full panel are built right after it (one task each), unless
   * something needed them sooner (navigation, setAnswers, the core's first result: they are then
   * built on the spot). Never throws: a section that cannot be drawn acts as a failed provisional render.
   */
  #fillLater() {
    const form = this.#form;
    const feedback = this.#feedback;
    const current = () => this.#form === form && this.#early;
    afterPaint().then(async () => {
      if (!current()) return;
      try {
        feedback.ensure();
        for (let i = 0; i < form.sections.length; i += 1) {
          await new Promise((resolve) => { setTimeout(resolve, 0); });
          if (!current()) return;
          form.ensure(i);
        }
      } catch {
        if (current()) this.#provisionalFailed();
      }
    });
  }

  /** Until the core's first result: conditional questions hidden, the panel says the scoring is loading. */
  #showProvisional() {
    const unconditional = [];
    for (const section of this.#doc.sections ?? []) {
      for (const question of section?.questions ?? []) if (question && !question.visibleIf) unconditional.push(question.id);
    }
    this.#form.applyVisibility(unconditional);
    this.#layoutSections();
    this.#feedback.setPending(true);
  }

  /**
   * The core accepted the document shown provisionally: keep the form as it is (focus, what the
   * person did), restore the saved copy only if nothing was answered yet, then score and show.
   */
  #adoptProvisional() {
    const lang = this.contentLang;
    const early = this.#early;
    // Everything is built before the core's result is applied (and before data-ready).
    this.#form.ensureAll();
    this.#feedback.ensure();
    this.#early = null;
    this.#state = 'form';
    const start = startingAnswers({
      host: this.#pendingAnswers,
      saved: this.#resumes && !early.erased ? loadResume(deviceStorage(), this.#info, resumeSlot(this)) : null,
      typed: early.touched ? this.#answers : null,
      erased: early.erased,
    });
    this.#pendingAnswers = null;
    if (start.clear) clearResume(deviceStorage(), this.#info, resumeSlot(this));
    this.#answers = start.answers;
    if (start.section !== null) this.#section = start.section;
    this.#form.setAnswers(this.#answers);
    const v = this.#view;
    if (v.privacy && !resumeAvailable()) {
      const notice = this.#privacyNote(false);
      v.privacy.replaceWith(notice);
      v.privacy = notice;
    }
    const notices = [
      start.resumed ? h('p', { class: 'notice', text: t(lang, 'resumeNote') }) : null,
      this.#benchmarkProblem(),
    ].filter(Boolean);
    if (notices.length) v.formColumn.prepend(...notices);
    if ((typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && this.#overlay) {
      const feedback = createFeedback(this.#doc, lang, this.#overlay);
      this.#feedback.node.replaceWith(feedback.node);
      this.#feedback = feedback;
    } else this.#feedback.setPending(false);
    this.#rescore({ announce: false, emit: false });
    if (this.#state === 'error') return;
    if (early.touched) this.#persist();
    this.#ready();
    if (early.touched) this.#emit('catalyse-change', { answers: this.answers, result: this.#result });
    if (early.step && this.#state === 'form') {
      v.status.textContent = '';
      this.#go(early.step);
    }
  }

  /** The error screen; `kind` 'core': the scoring engine could not start (the questionnaire is not at fault). */
  #fail(errors, kind = 'questionnaire', emit = true) {
    this.#state = 'error';
    this.#errors = errors;
    const ui = this.#uiLangGuess();
    const list = errors.length ? localiseIssues(errors, ui) : [{ path: '', message: t(ui, 'unknownError') }];
    replace(this.#root, errorScreen(list, kind, ui));
    if (emit) this.#emit('catalyse-error', { errors: list });
    whenCoreMessages(errors, ui, () => { if (this.#state === 'error' && this.#errors === errors) this.#fail(errors, kind, false); });
  }

  #uiLangGuess() {
    return uiLanguage(this.#doc ? this.contentLang : (this.getAttribute('lang') || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang));
  }

  #persist() {
    if (!this.#resumes || !this.#info || this.#early) return;
    // Storage refused (blocked, full): tell the respondent once that resume is unavailable; nothing else changes.
    if (!saveResume(deviceStorage(), this.#info, this.#answers, this.#section, resumeSlot(this)) && this.#view?.privacy?.dataset.resume !== 'off') {
      const notice = this.#privacyNote(false);
      this.#view.privacy.replaceWith(notice);
      this.#view.privacy = notice;
    }
  }

  /** Self-diagnosis: where the answers are kept and how to erase them, or why they cannot be kept. */
  #privacyNote(available) {
    return privacyNote(this.contentLang, available, () => this.#erase());
  }

  // ---- rendering ----

  #rerender() {
    if (this.#early) {
      if (this.#form) { this.#render(); this.#showProvisional(); }
      return;
    }
    if (!this.#loaded) return;
    if (this.#state === 'done') { this.#render(); this.#rescore({ announce: false, emit: false }); this.#showDone(); return; }
    if (this.#state !== 'form') return;
    this.#render();
    this.#rescore({ announce: false, emit: false });
  }

  #render({ resumed = false } = {}) {
    const q = this.#doc;
    const lang = this.contentLang;
    const ui = (key, params) => t(lang, key, params);
    this.#state = 'form';
    // Provisional (before the core): only the section shown first and the panel's loading note are
    // built for the first paint; #fillLater builds the rest right after it.
    const lazy = Boolean(this.#early);
    this.#form = createForm(q, lang, (id, value) => this.#onAnswer(id, value), { lazy: lazy && this.layout === 'sections', first: this.#section });
    this.#feedback = createFeedback(q, lang, this.#overlay, { lazy });
    this.#form.setAnswers(this.#answers);

    const title = h('h2', { class: 'title', part: 'title', tabindex: '-1', text: pick(q.title, lang, q.languages) });
    const progressText = h('span', { class: 'progress-step' });
    const answeredText = h('span', { class: 'progress-answered' });
    const fill = h('div', { class: 'progress-fill' });
    const totalNote = h('p', { class: 'progress-note', hidden: true, text: ui('totalNote') });
    // The storage probe (a first localStorage access can take ms) waits until the core is there.
    const privacy = this.#resumes ? this.#privacyNote(Boolean(this.#early) || resumeAvailable()) : null;
    const progress = h('div', { class: 'progress', part: 'progress' }, [
      h('div', { class: 'progress-text' }, [progressText, answeredText]),
      h('div', { class: 'progress-track', 'aria-hidden': 'true' }, fill),
      // Self-diagnosis keeps the answers on this device (resume): say so, and let the respondent erase them at any time.
      privacy,
    ]);
    const back = h('button', { type: 'button', class: 'button secondary', part: 'button back', text: ui('back'), onclick: () => this.#go(-1) });
    const next = h('button', { type: 'button', class: 'button', part: 'button next', text: ui('next'), onclick: () => this.#go(1) });
    const status = h('span', { class: 'status', role: 'status' });
    const alert = h('p', { class: 'alert', role: 'alert', hidden: true });
    const nav = h('div', { class: 'nav', part: 'nav' }, [back, h('span', { class: 'spacer' }, status), next]);
    const formColumn = h('div', { class: 'form-column', part: 'form' }, [
      resumed ? h('p', { class: 'notice', text: ui('resumeNote') }) : null,
      this.#benchmarkProblem(),
      ...this.#form.sections.map((s) => s.node),
      alert,
      // below the questions, so that nothing above an answer moves when it appears
      totalNote,
      nav,
      this.#feedback.bar,
    ]);
    // Enter in a number field moves to the next section (sections layout); it never submits or finishes.
    formColumn.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type === 'number') {
        e.preventDefault();
        if (this.layout === 'sections') next.click();
      }
    });
    // On a phone the intro is cut to two lines (a question shows on the first screen); "more" opens it.
    const intro = q.intro ? h('p', { class: 'intro', id: 'intro', text: pick(q.intro, lang, q.languages) }) : null;
    const more = intro ? h('button', { type: 'button', class: 'erase intro-more', 'aria-expanded': 'false', 'aria-controls': 'intro', text: ui('introMore') }) : null;
    more?.addEventListener('click', () => { this.introOpen = !this.introOpen; });
    const layout = h('div', { class: 'layout' }, [formColumn, this.#feedback.node]);
    // The reading bar leads to the panel; the panel's "back" button returns to the section shown.
    layout.addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target.closest('.reading-bar, .panel-back') : null;
      if (!target) return;
      const to = target.classList.contains('reading-bar') ? this.#feedback.title : this.#form.sections[this.#section]?.heading;
      to?.scrollIntoView?.({ block: 'start', behavior: 'instant' });
      to?.focus();
    });
    replace(this.#root, [
      h('header', { class: 'head', part: 'header' }, [title, intro, more, progress]),
      layout,
    ]);
    this.#root.setAttribute('lang', lang);
    this.#live.setAttribute('lang', lang);
    this.#root.classList.remove('is-done');
    this.#errorIds = new Set();
    this.#view = { title, intro, more, progress, progressText, answeredText, fill, totalNote, back, next, status, alert, formColumn, nav, privacy };
    this.#showIntro();
    this.#lastLevel = undefined;
    this.#lastVisible = undefined;
    if (lazy) this.#fillLater();
  }

  /** The intro open or cut as `intro-open` says. */
  #showIntro() {
    const { intro, more } = this.#view;
    intro?.classList.toggle('open', this.introOpen);
    more?.setAttribute('aria-expanded', String(this.introOpen));
  }

  /** The notice listing the benchmark file's problems, or null. */
  #benchmarkProblem() {
    const notes = this.#benchmarkNotes;
    const lang = this.contentLang;
    if (!(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) || !notes.length) return null;
    const node = h('div', { class: 'notice warn', part: 'benchmark-problem', role: 'note' }, [
      h('p', { text: t(lang, 'benchmarkProblem', { url: this.benchmark ?? '' }) }),
      issueList(localiseIssues(notes, lang)),
    ]);
    whenCoreMessages(notes, lang, () => { if (node.isConnected) node.replaceWith(this.#benchmarkProblem()); });
    return node;
  }

  #navigable() {
    const all = this.#form?.sections ?? [];
    return all.map((s, i) => (s.node.dataset.empty === 'true' ? -1 : i)).filter((i) => i >= 0);
  }

  #layoutSections() {
    const v = this.#view;
    v.check?.remove();
    v.check = null;
    const sections = this.#form.sections;
    const nav = this.#navigable();
    const lang = this.contentLang;
    if ((typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && this.layout === 'page') {
      this.#form.ensureAll();
      sections.forEach((s) => { s.node.hidden = s.node.dataset.empty === 'true'; });
      v.back.hidden = true;
      v.next.textContent = t(lang, 'finish');
      v.progressText.textContent = '';
      return;
    }
    if (!nav.includes(this.#section)) {
      // The current section lost all its questions (a condition changed): go to the nearest one.
      this.#section = nav.find((i) => i > this.#section) ?? nav[nav.length - 1] ?? 0;
    }
    this.#form.ensure(this.#section);
    sections.forEach((s, i) => { s.node.hidden = i !== this.#section; });
    const pos = nav.indexOf(this.#section);
    v.back.hidden = pos <= 0;
    v.next.textContent = t(lang, pos >= nav.length - 1 ? 'finish' : 'next');
    v.progressText.textContent = t(lang, 'sectionOf', { current: pos + 1, total: nav.length });
  }

  // ---- answering and scoring ----

  #onAnswer(id, value) {
    const answers = { ...this.#answers };
    if (value === undefined) delete answers[id];
    else answers[id] = value;
    this.#answers = answers;
    const built = this.#form.questions.get(id);
    if (built?.node.classList.contains('invalid')) built.setMessage('');
    if (this.#early) { this.#early.touched = true; return; } // kept; scored when the core arrives
    this.#rescore();
    this.#persist();
  }

  /** Asks the core to score, shows its result; `emit` is false when nothing changed for the host (load, re-render). */
  #rescore({ announce = true, emit = true } = {}) {
    if (!this.#loaded || !this.#form || this.#early) return;
    this.#form.ensureAll(); // a result is applied to the whole form
    const lang = this.contentLang;
    const answer = this.#loaded.score(this.#answers, lang);
    if (!answer.ok) { this.#fail(answer.errors ?? []); return; }
    const result = answer.result;
    this.#result = result;
    this.#form.applyVisibility(result.visible);
    if (this.#state === 'form') this.#layoutSections();
    this.#feedback.update(result, { answered: announce });
    // Answer errors come from the core; a message goes away as soon as the core stops reporting it.
    const errored = new Map();
    const answerErrors = result.answerErrors ?? [];
    for (const e of localiseIssues(answerErrors, lang)) {
      const id = String(e.path ?? '').split('/')[1];
      if (!errored.has(id)) errored.set(id, e.message);
    }
    for (const id of this.#errorIds) if (!errored.has(id)) this.#form.questions.get(id)?.setMessage('');
    for (const [id, message] of errored) this.#form.questions.get(id)?.setMessage(t(lang, 'answerError', { message }));
    this.#errorIds = new Set(errored.keys());
    whenCoreMessages(answerErrors, lang, () => this.#rescore({ announce: false, emit: false }));
    const p = result.progress ?? { answered: 0, visible: 0 };
    const v = this.#view;
    v.answeredText.textContent = t(lang, 'answeredOf', { answered: p.answered, visible: p.visible });
    if (this.#lastVisible !== undefined && p.visible !== this.#lastVisible) v.totalNote.hidden = false;
    this.#lastVisible = p.visible;
    v.fill.style.width = p.visible ? `${(100 * p.answered) / p.visible}%` : '0';
    this.#announce(result, announce);
    if (emit) this.#emit('catalyse-change', { answers: this.answers, result });
  }

  #announce(result, announce) {
    const key = typeof result.index === 'number' && result.level ? result.level.id : null;
    if (this.#lastLevel === undefined || !announce) { this.#lastLevel = key; return; }
    if (key === this.#lastLevel) return;
    this.#lastLevel = key;
    clearTimeout(this.#liveTimer);
    // Announce once answers settle, and only when the level itself changed.
    this.#liveTimer = setTimeout(() => { this.#live.textContent = liveMessage(this.contentLang, this.#result); }, LIVE_DELAY_MS);
  }

  #markRequired(ids) {
    const lang = this.contentLang;
    for (const id of ids) this.#form.questions.get(id)?.setMessage(t(lang, 'requiredThis'));
  }

  #go(step) {
    const v = this.#view;
    v.alert.hidden = true;
    if (this.#early && step > 0) {
      // Required answers and visibility are the core's to decide: the step is taken once it has
      // scored (nothing is lost, nothing finishes without a result). "Back" needs no core.
      this.#early.step = step;
      v.status.textContent = t(this.contentLang, 'scoringLoading');
      return;
    }
    const missing = this.#result?.progress?.requiredMissing ?? [];
    if (step < 0) {
      const nav = this.#navigable();
      const pos = nav.indexOf(this.#section);
      if (v.check) this.#showSection(this.#section);
      else if (pos > 0) this.#showSection(nav[pos - 1]);
      return;
    }
    const nav = this.#navigable();
    const pos = nav.indexOf(this.#section);
    const last = this.layout === 'page' || pos >= nav.length - 1;
    const scope = last ? missing : missing.filter((id) => this.#form.questions.get(id)?.section === this.#section);
    if (scope.length) {
      this.#markRequired(scope);
      v.alert.textContent = t(this.contentLang, 'requiredMissing');
      v.alert.hidden = false;
      const first = this.#form.questions.get(scope[0]);
      if (this.layout === 'sections' && first && first.section !== this.#section) this.#showSection(first.section, false);
      first?.focusTarget()?.focus();
      return;
    }
    if (!last) this.#showSection(nav[pos + 1]);
    else if (v.check || this.mode === 'kiosk' || !this.#showThin()) this.#finish();
  }

  /**
   * Before finishing: when answers are thin, says where (steps, dimensions) and offers to go back
   * or finish anyway (check.js). Returns false when nothing is thin (finish at once).
   */
  #showThin() {
    const thin = thinAnswers(this.#result ?? {}, this.#form.sections, this.#navigable(), this.#answers);
    if (!thin.sections.length && !thin.dimensions.length) return false;
    const lang = this.contentLang;
    const v = this.#view;
    const check = checkPanel(thin, this.#doc, lang, (i) => this.#showSection(i));
    const heading = check.firstChild;
    this.#form.sections.forEach((s) => { s.node.hidden = true; });
    v.totalNote.before(check);
    v.check = check;
    v.back.hidden = false;
    v.next.textContent = t(lang, 'finishAnyway');
    v.progressText.textContent = '';
    heading.focus();
    heading.scrollIntoView?.({ block: 'start', behavior: 'instant' });
    return true;
  }

  #erase() {
    if (!window.confirm(t(this.contentLang, 'restartConfirm'))) return;
    this.reset();
  }

  #showSection(index, focusHeading = true) {
    this.#section = index;
    this.#layoutSections();
    this.#persist();
    if (focusHeading) {
      const heading = this.#form.sections[index]?.heading;
      heading?.focus();
      heading?.scrollIntoView?.({ block: 'start', behavior: 'instant' });
    }
  }

  async #finish() {
    const v = this.#view;
    const lang = this.contentLang;
    const record = buildRecord({ info: this.#info, lang, answers: this.#answers });
    this.#handedOver = false;
    if (this.#submitHandler) {
      this.#state = 'submitting';
      v.next.disabled = true;
      v.back.disabled = true;
      v.status.textContent = t(lang, 'submitting');
      try {
        await this.#submitHandler(record);
        this.#handedOver = true;
      } catch (err) {
        this.#state = 'form';
        v.next.disabled = false;
        v.back.disabled = false;
        v.status.textContent = '';
        v.alert.textContent = t(lang, 'submitError', { reason: errorText(err) || t(lang, 'unknownError') });
        v.alert.hidden = false;
        v.next.focus();
        return;
      }
    }
    this.#lastRecord = record;
    this.#showDone();
    this.#emit('catalyse-complete', { record, result: this.#result });
  }

  /** The final screen (done.js), in place of the form. */
  #showDone() {
    this.#state = 'done';
    this.#form?.ensureAll();
    const lang = this.contentLang;
    const kind = this.#resultView ? 'result' : this.mode === 'kiosk' ? 'kiosk' : 'self';
    const node = doneScreen(lang, kind, this.#result ?? {}, this.#handedOver, kind === 'self' ? this.#navigable() : [], this.#form?.sections, this.#doc,
      () => this.reset(), () => this.#download(), () => this.#comparePanel(lang), (i) => this.#reopen(i), () => this.#erase());
    replace(this.#view.formColumn, node);
    this.#view.progress.hidden = true;
    this.#root.classList.add('is-done');
    this.#feedback.setDone();
    node.firstChild.focus();
  }

  /** "Compare with an earlier result": a place on the final screen that its panel fills. */
  #comparePanel(lang) {
    this.#lastRecord ??= buildRecord({ info: this.#info, lang, answers: this.#answers });
    return comparePanel({
      lang, storage: deviceStorage(), id: this.#info.id, slot: resumeSlot(this),
      current: downloadDocument(this.#lastRecord, this.#result),
      onEarlier: (values, key) => this.#feedback.setEarlier(values, key),
    });
  }

  /** From the final screen: the form again at section `index`, every answer kept. */
  #reopen(index) {
    this.#render();
    this.#rescore({ announce: false, emit: false });
    this.#showSection(index);
  }

  #download() {
    const record = this.#lastRecord ?? buildRecord({ info: this.#info, lang: this.contentLang, answers: this.#answers });
    saveJson(downloadDocument(record, this.#result), `catalyse-${this.#info.id}-${monthOf()}.json`, this.#shadow);
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/** Defines <catalyse-survey> once, even when the script is loaded twice. */
export function define(name = 'catalyse-survey') {
  if (!customElements.get(name)) customElements.define(name, name === 'catalyse-survey' ? CatalyseSurvey : class extends CatalyseSurvey {});
  return customElements.get(name);
}
