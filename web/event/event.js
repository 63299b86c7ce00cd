// The participant page (/e/CODE): the event's questionnaire in the widget, on the person's own
// phone. Finishing shows their feedback at once (scored in the browser by the widget's core) and
// keeps the response on the phone (device.js) before anything is sent; the kiosk's submit queue
// then posts it with its id as Idempotency-Key, retried with backoff and when the network comes
// back, and again when the page is reopened later. One response per device and event unless the
// person deliberately chooses "answer again". No cookie, no account.
// The event and the widget's bundle are asked for at once and in parallel (the HTML preloads the
// bundle), and the form is drawn as soon as the bundle is there, from the default questionnaire
// inside it: the event's answer then confirms it (same hash), replaces it with the event's own
// questionnaire, or replaces the page with a message (unknown code, closed event).
import DEFAULT_HASH from '../generated/default-questionnaire-hash.mjs';
import { SubmitQueue } from '../kiosk/submit-queue.js';
import { EventDevice } from './device.js';

const STRINGS = {
  fr: {
    loading: 'Chargement…',
    unknownTitle: 'Aucun événement n’a ce code',
    unknownText: 'Le code « {code} » ne correspond à aucun événement. Vérifiez l’adresse affichée à l’écran et tapez-la telle que vous la voyez.',
    closedTitle: 'Cet événement est clos',
    closedText: '« {name} » ne reçoit plus de réponses.',
    offlineTitle: 'Le serveur de l’événement ne répond pas',
    offlineText: 'Vérifiez la connexion de ce téléphone (Wi-Fi ou données mobiles), puis réessayez. ({reason})',
    retry: 'Réessayer',
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
  },
  en: {
    loading: 'Loading…',
    unknownTitle: 'No event has this code',
    unknownText: 'The code “{code}” matches no event. Check the address shown on the screen and type it as you see it.',
    closedTitle: 'This event is closed',
    closedText: '“{name}” takes no more responses.',
    offlineTitle: 'The event’s server does not answer',
    offlineText: 'Check this phone’s connection (Wi-Fi or mobile data), then try again. ({reason})',
    retry: 'Try again',
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
  },
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const wellFormed = /^[0-9A-Za-z-]{4,20}$/.test(code);
const api = `/api/v1/events/${encodeURIComponent(code)}`;

// Everything the first question needs, asked for at once.
const asked = (url) => fetch(url, { credentials: 'omit', priority: 'high' })
  .then(async (response) => ({ status: response.status, text: await response.text() }), (err) => ({ status: 0, text: String(err?.message ?? err) }));
const infoAnswer = wellFormed ? asked(api) : Promise.resolve({ status: 404, text: '' });
const widget = import('../dist/catalyse.js');

let lang = 'fr';
let event = null;
let doc = null; // the event's questionnaire when it is not the one inside the bundle
let survey = null;
const device = new EventDevice(code.toUpperCase().replace(/-/g, ''), (() => { try { return window.localStorage; } catch { return null; } })());

const ui = (key, values = {}) => String(STRINGS[lang === 'en' ? 'en' : 'fr'][key] ?? key)
  .replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));

function element(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function problem(title, text, action = null) {
  $('loading').hidden = true;
  $('survey-slot').replaceChildren();
  survey = null;
  $('answered').hidden = true;
  $('after').hidden = true;
  $('send').hidden = true;
  const box = $('problem');
  const heading = element('h1', title, { tabindex: '-1' });
  box.replaceChildren(heading, element('p', text));
  if (action) box.append(action);
  box.hidden = false;
  return box;
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
      survey?.setAttribute('lang', l);
      const url = new URL(location.href);
      url.searchParams.set('lang', l);
      history.replaceState(null, '', url);
      translatePage();
    });
    return button;
  }));
  nav.hidden = languages.length < 2;
}

/** The widget: the form (view 'form') or the summary of the latest response (view 'result'). */
function mount(view) {
  survey = document.createElement('catalyse-survey');
  survey.id = 'survey';
  survey.setAttribute('lang', lang);
  if (view === 'result') {
    survey.setAttribute('view', 'result');
    survey.setAttribute('lang', device.latest.record.lang ?? lang);
    if (doc) survey.questionnaire = doc;
    survey.answers = device.latest.record.answers;
  } else {
    if (doc) survey.questionnaire = doc;
    survey.submitHandler = submit;
    survey.addEventListener('catalyse-complete', (e) => {
      $('after').hidden = false;
      // The response is kept by this page (device.js) until sent; the widget's resume copy of the
      // answers (docs/EMBED.md) would only carry them into the next event's form.
      try { localStorage.removeItem(`catalyse:answers:${e.detail.record.questionnaire.id}`); } catch { /* nothing kept */ }
    });
  }
  $('survey-slot').replaceChildren(survey);
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

/** The event as the server describes it; the form is drawn before it arrives (below). */
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
  const chosen = chooseLanguage(languages);
  if (chosen !== lang) {
    lang = chosen;
    survey?.setAttribute('lang', lang);
  }
  languageSwitch(languages);
  translatePage();
  if (event.state === 'closed') return problem(ui('closedTitle'), ui('closedText', { name: event.name }));
  if (event.questionnaire?.hash !== DEFAULT_HASH) {
    try {
      const q = await asked(`${api}/questionnaire`);
      if (q.status !== 200) throw new Error(q.status ? `HTTP ${q.status}` : q.text);
      doc = JSON.parse(q.text);
    } catch (err) {
      const retry = element('button', ui('retry'), { type: 'button', class: 'primary' });
      retry.addEventListener('click', () => location.reload());
      return problem(ui('offlineTitle'), ui('offlineText', { reason: err.message }), retry);
    }
    // Another questionnaire than the one drawn at once: the form is drawn again with it.
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
  lang = chooseLanguage(['fr', 'en']);
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
  await widget;
  $('loading').hidden = true;
  // Most events use the default questionnaire: it is drawn at once from the bundle's copy, and
  // the event's answer (settle) confirms it, replaces it, or replaces the page with a message.
  if (device.answered) showAnswered();
  else mount('form');
  showSending();
  await settle();
  settledNow();
  document.body.dataset.ready = 'true';
}

main();
