// The projector view (/e/CODE/screen): the way into the room (a large QR code of the join address,
// the address and the code in letters), the live count, and once the organiser reveals them and
// at least minGroup responses are in, the room's results (web/room/room-view.js) as the server's
// live aggregate gives them. Updates come from the event's Server-Sent Events stream
// (/api/v1/events/CODE/live), reconnecting by itself. F or Space freezes the picture (updates are
// kept, not applied, until unfrozen); with the organiser token in the address's fragment
// (#token=…, never sent to any server by the browser) R or the button reveals or hides the results.
// C switches between the room's results and its regards croisés (the aggregate's crossed block:
// spreads, actor types, points to discuss, web/results/spread-view.js, as on /results/).
import { qrCode } from '../kiosk/qr-code.js';
import { crossedSection } from '../results/spread-view.js';
import { roomSections, roomWords, shown, tooFew } from '../room/room-view.js';
import { h } from '../src/dom.js';
import { translator, uiLanguage } from '../src/i18n.js';
import { $, api, code, params, showProblem } from './page.js';

const STRINGS = {
  fr: {
    title: 'écran de la salle',
    join: 'Répondez sur votre téléphone',
    code: 'Code',
    qr: 'QR code de l’adresse {url}',
    responses: 'réponses',
    response: 'réponse',
    waitingReveal: 'Les résultats de la salle apparaîtront ici quand l’organisateur les montrera.',
    waitingCount: 'Les résultats de la salle apparaîtront à partir de {min} réponses.',
    closed: 'L’événement est clos : il ne reçoit plus de réponses.',
    frozen: 'figé',
    freeze: 'Figer (F)',
    unfreeze: 'Reprendre (F)',
    reveal: 'Montrer les résultats (R)',
    crossed: 'Regards croisés (C)',
    overview: 'Résultats de la salle (C)',
    hide: 'Masquer les résultats (R)',
    live: 'en direct',
    connecting: 'connexion…',
    lost: 'connexion perdue, nouvel essai…',
    revealFailed: 'Le serveur a refusé : {reason}',
    unknownTitle: 'Aucun événement n’a ce code',
    offlineTitle: 'Le serveur ne répond pas',
    unknownText: 'Le code « {code} » ne correspond à aucun événement.',
    offline: 'Le serveur ne répond pas ({reason}). Nouvel essai dans quelques secondes…',
  },
  en: {
    title: 'room screen',
    join: 'Answer on your phone',
    code: 'Code',
    qr: 'QR code of the address {url}',
    responses: 'responses',
    response: 'response',
    waitingReveal: 'The room’s results will appear here when the organiser shows them.',
    waitingCount: 'The room’s results will appear from {min} responses on.',
    closed: 'The event is closed: it takes no more responses.',
    frozen: 'frozen',
    freeze: 'Freeze (F)',
    unfreeze: 'Resume (F)',
    reveal: 'Show the results (R)',
    crossed: 'Crossed views (C)',
    overview: 'Room’s results (C)',
    hide: 'Hide the results (R)',
    live: 'live',
    connecting: 'connecting…',
    lost: 'connection lost, trying again…',
    revealFailed: 'The server refused: {reason}',
    unknownTitle: 'No event has this code',
    offlineTitle: 'The server does not answer',
    unknownText: 'The code “{code}” matches no event.',
    offline: 'The server does not answer ({reason}). Trying again in a few seconds…',
  },
};

// The organiser token, only from the fragment: a browser never sends a fragment to a server.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

let lang = uiLanguage(params.get('lang') ?? 'fr');
const t = translator(STRINGS, () => lang);
const view = { frozen: false, crossed: false, pending: null, shown: null, doc: null, source: null, retry: 1000 };

function problem(title, text) {
  showProblem('h2', title, text);
  document.querySelector('.join').hidden = true;
  $('results').hidden = true;
}

/** Draws one room state: {state, count, revealed, minGroup, seq, aggregate}. */
function draw(room) {
  view.shown = room;
  $('count').textContent = new Intl.NumberFormat(lang).format(room.count);
  $('count-label').textContent = room.count === 1 ? t('response') : t('responses');
  const results = $('results');
  const showing = room.revealed && room.aggregate && room.count >= room.minGroup;
  $('room').classList.toggle('showing', Boolean(showing));
  $('room').classList.toggle('waiting', !showing);
  let state = '';
  if (room.state === 'closed') state = t('closed');
  else if (!room.revealed) state = t('waitingReveal');
  else if (!showing) state = t('waitingCount', { min: room.minGroup });
  $('state').textContent = state;
  $('reveal').textContent = room.revealed ? t('hide') : t('reveal');
  $('view-crossed').hidden = !(showing && room.aggregate.crossed);
  if (!showing) {
    results.replaceChildren();
    return;
  }
  const crossed = view.crossed && room.aggregate.crossed
    ? crossedSection(room.aggregate, { lang, shown: (base) => shown(base, room.aggregate), tooFew: () => tooFew(room.aggregate, roomWords(lang)) })
    : null;
  results.classList.toggle('crossed-view', Boolean(crossed));
  if (crossed) results.replaceChildren(crossed);
  else {
    const parts = roomSections(room.aggregate, { doc: view.doc, lang });
    results.replaceChildren(...[parts.challenges, parts.levels, parts.dimensions, parts.declared].filter(Boolean));
  }
  results.dataset.count = String(room.aggregate.n);
}

function receive(room) {
  if (view.frozen) view.pending = room;
  else draw(room);
}

function setFrozen(frozen) {
  view.frozen = frozen;
  $('frozen').hidden = !frozen;
  $('freeze').setAttribute('aria-pressed', String(frozen));
  $('freeze').textContent = frozen ? t('unfreeze') : t('freeze');
  document.body.classList.toggle('is-frozen', frozen);
  if (!frozen && view.pending) {
    const room = view.pending;
    view.pending = null;
    draw(room);
  }
}

function setCrossed(crossed) {
  view.crossed = crossed;
  const button = $('view-crossed');
  button.setAttribute('aria-pressed', String(crossed));
  button.textContent = crossed ? t('overview') : t('crossed');
  if (view.shown) draw(view.shown);
}

function linkState(key) {
  const badge = $('link');
  badge.textContent = t(key);
  badge.classList.toggle('lost', key === 'lost');
  badge.dataset.state = key;
}

/** The live stream; EventSource reconnects by itself after a dropped connection, and this after a refused one. */
function connect() {
  linkState('connecting');
  const source = new EventSource(`${api}/live?lang=${lang}`);
  view.source = source;
  source.addEventListener('open', () => { view.retry = 1000; linkState('live'); });
  source.addEventListener('room', (e) => {
    linkState('live');
    try { receive(JSON.parse(e.data)); } catch { /* a damaged message: the next one replaces it */ }
  });
  source.addEventListener('error', () => {
    linkState('lost');
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(connect, view.retry);
      view.retry = Math.min(view.retry * 2, 10000);
    }
  });
}

async function reveal() {
  if (!token || !view.shown) return;
  const button = $('reveal');
  button.disabled = true;
  try {
    const response = await fetch(`${api}/reveal`, {
      method: 'POST', credentials: 'omit', cache: 'no-store',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': lang },
      body: JSON.stringify({ revealed: !view.shown.revealed }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
    // The stream brings the new state to every screen; this one draws it at once.
    receive({ ...(view.pending ?? view.shown), revealed: body.revealed });
  } catch (err) {
    $('state').textContent = t('revealFailed', { reason: err.message });
  } finally {
    button.disabled = false;
  }
}

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const onControl = e.target instanceof HTMLElement && e.target.closest('button, input, a, select, textarea');
  if (e.key === 'f' || e.key === 'F' || (e.key === ' ' && !onControl)) {
    e.preventDefault();
    setFrozen(!view.frozen);
  } else if (e.key === 'c' || e.key === 'C') {
    e.preventDefault();
    setCrossed(!view.crossed);
  } else if ((e.key === 'r' || e.key === 'R') && token) {
    e.preventDefault();
    reveal();
  }
}

async function main() {
  let event = null;
  let status = 0;
  for (;;) {
    try {
      const response = await fetch(api, { credentials: 'omit' });
      status = response.status;
      if (response.ok) event = await response.json();
      break;
    } catch (err) {
      problem(t('offlineTitle'), t('offline', { reason: err.message }));
      await new Promise((resolve) => { setTimeout(resolve, 3000); });
    }
  }
  if (!event) {
    problem(status === 404 || status === 400 ? t('unknownTitle') : t('offlineTitle'), status === 404 || status === 400 ? t('unknownText', { code }) : t('offline', { reason: `HTTP ${status}` }));
    document.body.dataset.ready = 'true';
    return;
  }
  $('problem').hidden = true;
  document.querySelector('.join').hidden = false;
  // The room's labels come from the server's aggregate: in a language the event offers.
  if (event.languages?.length && (!params.get('lang') || !event.languages.includes(lang))) lang = uiLanguage(event.languages[0]);
  document.documentElement.lang = lang;
  document.title = `${event.name} — Catalyse, ${t('title')}`;
  $('event-name').textContent = event.name;
  $('join-title').textContent = t('join');
  $('code-label').textContent = t('code');
  $('frozen').textContent = t('frozen');
  $('freeze').textContent = t('freeze');
  $('view-crossed').textContent = t('crossed');
  const joinUrl = new URL(`/e/${event.code}`, location.origin).href;
  const { svg } = qrCode(joinUrl, t('qr', { url: joinUrl }));
  $('qr').replaceChildren(svg);
  $('qr').dataset.url = joinUrl;
  // The address in letters, with a line break allowed before the code's path only.
  const short = joinUrl.replace(/^https?:\/\//, '');
  const cut = short.indexOf('/');
  $('join-url').replaceChildren(short.slice(0, cut), h('wbr'), short.slice(cut));
  $('join-code').textContent = event.code;
  $('reveal').hidden = !token;
  $('freeze').addEventListener('click', () => setFrozen(!view.frozen));
  $('reveal').addEventListener('click', reveal);
  $('view-crossed').addEventListener('click', () => setCrossed(!view.crossed));
  document.addEventListener('keydown', onKey);
  // The questionnaire's own benchmark (the 2018 study's figures) goes beside the room's.
  try {
    const response = await fetch(`${api}/questionnaire`, { credentials: 'omit' });
    if (response.ok) view.doc = await response.json();
  } catch { /* the results are drawn without the reference column */ }
  draw({ state: event.state, count: 0, revealed: Boolean(event.revealed), minGroup: 5, aggregate: null });
  connect();
  document.body.dataset.ready = 'true';
}

main();
