// The participant page (/e/CODE): the event's questionnaire in the widget, on the person's own
// phone. Finishing shows their feedback at once (scored in the browser by the widget's core) and
// keeps the response on the phone (device.js) before anything is sent; the kiosk's submit queue
// then posts it with its id as Idempotency-Key, retried with backoff and when the network comes
// back, and again when the page is reopened later. One response per device and event unless the
// person deliberately chooses "answer again". No cookie, no account.
// The event server sends the page with the event in it (server/event_page.cpp): its description
// as a JSON data block (#event-info) and the questionnaire's first section as a plain form inside
// <catalyse-survey>, answerable before any script is there. This script carries the widget
// (widget.js: one file, dist/event.js, with no questionnaire inside): it fetches the event's
// questionnaire (the default one in the event's one language when that is all it offers), then
// defines the element with its text, and the element takes the plain form's answers over
// (fallback.js). Served without the event (as a plain file), the page asks the API for it,
// alongside the default questionnaire.
import { SubmitQueue } from '../kiosk/submit-queue.js';
import { EventDevice } from './device.js';
import { handOver, introToggle } from './fallback.js';
import { translator } from '../src/i18n.js';
import { $, api, code, params, showProblem } from './page.js';
import { questionnaireSource, startWidget } from './widget.js';

// In French and English; the page's file for a one-language event carries its language only
// (CATALYSE_UI_LANGUAGE, as in ../src/i18n.js).
const STRINGS = {
  ...(typeof CATALYSE_UI_LANGUAGE !== 'string' || CATALYSE_UI_LANGUAGE === 'fr') && { fr: {
    loading: 'Chargement…',
    unknownTitle: 'Aucun événement n’a ce code',
    unknownText: 'Le code « {code} » ne correspond à aucun événement. Vérifiez l’adresse affichée à l’écran et tapez-la telle que vous la voyez.',
    closedTitle: 'Cet événement est clos',
    closedText: '« {name} » ne reçoit plus de réponses.',
    answeredTitle: 'Vous avez déjà répondu',
    answeredText: 'Ce téléphone a déjà répondu à « {name} ». Une réponse par personne : la salle voit chaque réponse une fois.',
    showResult: 'Revoir mon résultat',
    again: 'Répondre à nouveau (une réponse de plus)',
    againConfirm: 'Répondre à nouveau ajoute une réponse de plus pour cet événement. Continuer ?',
    alreadyAnswered: 'Votre réponse à cet événement est déjà enregistrée sur ce téléphone. Pour en envoyer une autre, choisissez « Répondre à nouveau » sous le questionnaire.',
    sending: 'Envoi de votre réponse…',
    sent: 'Votre réponse est envoyée. Merci !',
    waiting: 'Votre réponse est gardée sur ce téléphone : elle sera envoyée dès que le réseau revient, même si vous fermez cette page et la rouvrez plus tard.',
    waitingMemory: 'Votre réponse n’est pas encore envoyée, et ce navigateur ne peut pas la garder : laissez cette page ouverte jusqu’à l’envoi.',
    closedRefused: 'L’événement est clos : votre réponse n’a pas été reçue.',
    refused: 'Le serveur a refusé votre réponse : {message}',
    languages: 'Langue',
  } },
  ...(typeof CATALYSE_UI_LANGUAGE !== 'string' || CATALYSE_UI_LANGUAGE === 'en') && { en: {
    loading: 'Loading…',
    unknownTitle: 'No event has this code',
    unknownText: 'The code “{code}” matches no event. Check the address shown on the screen and type it as you see it.',
    closedTitle: 'This event is closed',
    closedText: '“{name}” takes no more responses.',
    answeredTitle: 'You have already answered',
    answeredText: 'This phone has already answered “{name}”. One response per person: the room sees each response once.',
    showResult: 'See my result again',
    again: 'Answer again (one more response)',
    againConfirm: 'Answering again adds one more response to this event. Go on?',
    alreadyAnswered: 'Your response to this event is already kept on this phone. To send another one, choose “Answer again” below the questionnaire.',
    sending: 'Sending your response…',
    sent: 'Your response is sent. Thank you!',
    waiting: 'Your response is kept on this phone: it will be sent as soon as the network is back, even if you close this page and open it again later.',
    waitingMemory: 'Your response is not sent yet, and this browser cannot keep it: leave this page open until it is sent.',
    closedRefused: 'The event is closed: your response was not received.',
    refused: 'The server refused your response: {message}',
    languages: 'Language',
  } },
};

const wellFormed = /^[0-9A-Za-z-]{4,20}$/.test(code);

const asked = (url) => fetch(url, { credentials: 'omit', priority: 'high' })
  .then(async (response) => ({ status: response.status, text: await response.text() }), (err) => ({ status: 0, text: String(err?.message ?? err) }));
/** The event as the page carries it (#event-info), or null. */
function carriedEvent() {
  try {
    const info = JSON.parse($('event-info')?.textContent ?? 'null');
    return info && typeof info === 'object' ? info : null;
  } catch {
    return null;
  }
}
const carried = carriedEvent();
const infoAnswer = carried ? Promise.resolve({ status: 200, text: JSON.stringify(carried) })
  : wellFormed ? asked(api) : Promise.resolve({ status: 404, text: '' });
/** The URL of the event's questionnaire when the widget does not have its text, else null. */
const sourceOf = (info) => questionnaireSource(info, api);
// The widget's element the page came with: it takes over what was answered in its plain form the
// moment the widget is defined.
const served = document.querySelector('#survey-slot > catalyse-survey');
introToggle(served?.querySelector(':scope > form.fallback'));
const handedOver = handOver(served);
// The event's questionnaire is fetched first, and the widget defined with its text (widget.js).
const widget = startWidget(carried, api, served).then((src) => { if (src) source = src; });

let lang = carried ? document.documentElement.lang || 'fr' : 'fr';
let event = null;
let source = sourceOf(carried); // the event's questionnaire URL when the widget does not have its text
let survey = null;
const device = new EventDevice(code.toUpperCase().replace(/-/g, ''), (() => { try { return window.localStorage; } catch { return null; } })());

const ui = translator(STRINGS, () => lang);

function element(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function problem(title, text) {
  $('loading').hidden = true;
  $('survey-slot').replaceChildren();
  survey = null;
  $('answered').hidden = true;
  $('after').hidden = true;
  $('send').hidden = true;
  showProblem('h1', title, text).tabIndex = -1;
  return $('problem');
}

// ---- sending ----

const queue = new SubmitQueue({
  endpoint: `${api}/responses`,
  baseDelay: Number(params.get('retry')) || 1000,
  maxDelay: 30000,
  onSent: (id) => { device.markSent(id); },
  onRefused: (id, refusal) => { device.markRefused(id, refusal); },
  onChange: () => showSending(),
});
addEventListener('online', () => queue.kick());
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') queue.kick(); });

/** Whether the latest response was sent or will be, in words; hidden before the first one. */
function showSending() {
  const box = $('send');
  const latest = device.latest;
  if (!latest || !survey && $('answered').hidden) {
    box.hidden = true;
    return;
  }
  const { state } = queue;
  let text;
  let kind = '';
  if (latest.state === 'sent') {
    text = ui('sent');
    kind = 'sent';
  } else if (latest.state === 'refused') {
    text = latest.status === 410 ? ui('closedRefused') : ui('refused', { message: latest.message || `HTTP ${latest.status}` });
    kind = 'refused';
  } else if (!device.durable) {
    text = ui('waitingMemory');
  } else {
    text = state.failures === 0 && navigator.onLine !== false ? ui('sending') : ui('waiting');
  }
  box.className = `send ${kind}`.trim();
  box.dataset.state = latest.state;
  if (box.textContent !== text) box.textContent = text;
  box.hidden = false;
}

async function submit(record) {
  if (device.answered) throw new Error(ui('alreadyAnswered'));
  device.add(record);
  queue.add(record);
  showSending();
}

// ---- the page ----

function translatePage() {
  document.documentElement.lang = lang;
  document.title = event?.name ? `${event.name} — Catalyse` : 'Catalyse';
  $('loading').textContent = ui('loading');
  if (event?.name) $('event-name').textContent = event.name;
  $('langs').setAttribute('aria-label', ui('languages'));
  for (const button of $('langs').querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.value === lang));
  $('answered-title').textContent = ui('answeredTitle');
  $('answered-text').textContent = ui('answeredText', { name: event?.name ?? '' });
  $('show-result').textContent = ui('showResult');
  $('again').textContent = ui('again');
  $('again-after').textContent = ui('again');
  showSending();
}

function languageSwitch(languages) {
  const nav = $('langs');
  const names = { fr: 'Français', en: 'English' };
  nav.replaceChildren(...languages.map((l) => {
    const button = element('button', names[l] ?? l, { type: 'button', lang: l });
    button.value = l;
    button.addEventListener('click', () => {
      lang = l;
      (survey ?? served)?.setAttribute('lang', l);
      const url = new URL(location.href);
      url.searchParams.set('lang', l);
      history.replaceState(null, '', url);
      translatePage();
    });
    return button;
  }));
  nav.hidden = languages.length < 2;
}

/**
 * The widget: the form (view 'form') or the summary of the latest response (view 'result'). The
 * form is the element the page came with (`adopt`) when it has one.
 */
function mount(view, adopt = null) {
  survey = adopt ?? document.createElement('catalyse-survey');
  survey.id = 'survey';
  if (!adopt) survey.setAttribute('lang', lang);
  if (source) survey.setAttribute('src', source);
  if (view === 'result') {
    survey.setAttribute('view', 'result');
    survey.setAttribute('lang', device.latest.record.lang ?? lang);
    survey.answers = device.latest.record.answers;
  } else {
    survey.submitHandler = submit;
    survey.addEventListener('catalyse-complete', (e) => {
      $('after').hidden = false;
      // The response is kept by this page (device.js) until sent; the widget's resume copy of the
      // answers (docs/EMBED.md) would only carry them into the next event's form.
      try { localStorage.removeItem(`catalyse:answers:${e.detail.record.questionnaire.id}`); } catch { /* nothing kept */ }
    });
  }
  if (!adopt) $('survey-slot').replaceChildren(survey);
  $('after').hidden = view !== 'result';
}

function answerAgain() {
  if (!window.confirm(ui('againConfirm'))) return;
  device.answerAgain();
  $('answered').hidden = true;
  $('after').hidden = true;
  if (survey && survey.view === 'form') survey.reset();
  else mount('form');
  survey.focus?.();
  showSending();
}

/** The first of the person's languages (?lang=, then the browser's) that `languages` offers, else its first. */
function chooseLanguage(languages) {
  const wanted = [params.get('lang'), ...(navigator.languages ?? [navigator.language])].filter(Boolean).map((l) => l.toLowerCase().split(/[-_]/)[0]);
  return wanted.find((l) => languages.includes(l)) ?? languages[0];
}

function showAnswered() {
  $('answered').hidden = false;
  $('answered-title').focus();
}

/**
 * The event as the server describes it (carried by the page, else asked for while the form is
 * drawn): languages, state, questionnaire. Returns the problem shown instead of the form, or null.
 */
async function settle() {
  const info = await infoAnswer;
  if (info.status === 404) return problem(ui('unknownTitle'), ui('unknownText', { code }));
  if (info.status === 200) {
    try { event = JSON.parse(info.text); } catch { event = null; }
  }
  // The server cannot be reached: the form stays, and a response is kept on the phone and sent
  // when the server answers again (it says so if the event refuses it).
  if (!event) return null;
  const languages = Array.isArray(event.languages) && event.languages.length ? event.languages : ['fr'];
  // The server chose the language of the page it sent (?lang=, then Accept-Language).
  const chosen = carried ? lang : chooseLanguage(languages);
  if (chosen !== lang) {
    lang = chosen;
    survey?.setAttribute('lang', lang);
  }
  languageSwitch(languages);
  translatePage();
  if (event.state === 'closed') return problem(ui('closedTitle'), ui('closedText', { name: event.name }));
  if (!source && sourceOf(event)) {
    // Another questionnaire than the one drawn at once: the widget loads it (and says so if it cannot).
    source = sourceOf(event);
    if (survey) mount(survey.view === 'result' ? 'result' : 'form');
  }
  return null;
}

async function main() {
  // Responses made offline earlier go now (they were kept on the phone).
  for (const record of device.waiting) queue.add(record);
  if (!wellFormed) {
    translatePage();
    problem(ui('unknownTitle'), ui('unknownText', { code }));
    document.body.dataset.ready = 'true';
    return;
  }
  // Until the event says which languages it offers: the default questionnaire's.
  if (!carried) lang = chooseLanguage(['fr', 'en']);
  translatePage();
  let settledNow;
  const settled = new Promise((resolve) => { settledNow = resolve; });
  $('show-result').addEventListener('click', async () => {
    await settled;
    mount('result');
    $('answered').hidden = true;
    survey.focus?.();
  });
  $('again').addEventListener('click', answerAgain);
  $('again-after').addEventListener('click', answerAgain);
  // The page carries the event: its languages and state are known before the widget is there.
  if (carried && await settle()) {
    settledNow();
    document.body.dataset.ready = 'true';
    return;
  }
  if (device.answered) served?.remove();
  await widget;
  await handedOver;
  $('loading').hidden = true;
  // Most events use the default questionnaire: it is drawn at once from the text fetched before the
  // widget was defined, and the event's answer (settle) confirms it, replaces it, or replaces the
  // page with a message.
  if (device.answered) showAnswered();
  else mount('form', served?.isConnected ? served : null);
  showSending();
  if (!carried) await settle();
  settledNow();
  document.body.dataset.ready = 'true';
}

main();
