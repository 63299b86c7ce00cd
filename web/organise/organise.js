// The organiser page of catalyse-server: creates an event (admin token) and follows one (organiser
// token): count, exports, group results, close, erase. Tokens stay in this page's memory only.
import { translator } from '../src/i18n.js';

const STRINGS = {
  fr: {
    brand: 'Catalyse · organiser un événement',
    createTitle: 'Créer un événement',
    createIntro: 'Chaque événement a son code, que les participants saisissent, et son jeton d’organisateur, affiché une seule fois.',
    adminToken: 'Jeton d’administration',
    adminTokenHint: 'Celui du serveur (fichier data/admin-token ou variable CATALYSE_ADMIN_TOKEN).',
    eventName: 'Nom de l’événement',
    questionnaire: 'Questionnaire (facultatif)',
    questionnaireHint: 'Un fichier JSON catalyse-questionnaire/1. Sans fichier : le questionnaire par défaut (étude 2018).',
    languages: 'Langues proposées',
    origins: 'Sites autorisés à envoyer des réponses (facultatif)',
    originsHint: 'Un par ligne, par ex. https://reseau.example : les sites qui intègrent le widget et envoient à ce serveur.',
    create: 'Créer',
    createdTitle: 'Événement créé',
    code: 'Code',
    organiserToken: 'Jeton de l’organisateur',
    kiosk: 'Kiosque',
    participantUrl: 'Adresse des participants',
    screenUrl: 'Écran de la salle (avec le jeton : peut montrer les résultats)',
    reveal: 'Montrer les résultats sur l’écran de la salle',
    revealHint: 'Tant que ce réglage est éteint, l’écran de la salle montre le QR code et le nombre de réponses seulement. Rien n’y apparaît sous 5 réponses.',
    endpoint: 'Adresse d’envoi (réglage du kiosque)',
    tokenOnce: 'Notez le jeton maintenant : il n’est plus jamais affiché, et seule son empreinte est gardée sur le serveur.',
    manageTitle: 'Suivre un événement',
    open: 'Ouvrir',
    refresh: 'Actualiser',
    exportJson: 'Exporter (JSON)',
    exportCsv: 'Exporter (CSV)',
    aggregate: 'Résultats du groupe (JSON)',
    close: 'Clore l’événement',
    erase: 'Effacer l’événement',
    eraseHint: 'L’effacement est possible une fois l’événement clos et ses réponses exportées.',
    status: '{state} · {count} réponse(s)',
    open_: 'ouvert',
    closed: 'clos',
    confirmClose: 'Clore l’événement ? Il ne recevra plus de réponses.',
    confirmErase: 'Effacer l’événement et ses {count} réponse(s) du serveur ? C’est définitif.',
    erased: 'Événement effacé.',
    required: 'Remplissez le jeton et le nom.',
    noLanguage: 'Choisissez au moins une langue.',
    unreadableFile: 'Le fichier du questionnaire n’est pas du JSON lisible : {reason}',
    network: 'Le serveur ne répond pas : {reason}',
    wait: 'Trop d’essais : réessayez dans {seconds} s.',
  },
  en: {
    brand: 'Catalyse · organise an event',
    createTitle: 'Create an event',
    createIntro: 'Each event has its code, which participants type, and its organiser token, shown once.',
    adminToken: 'Admin token',
    adminTokenHint: 'The server’s (file data/admin-token or the CATALYSE_ADMIN_TOKEN variable).',
    eventName: 'Event name',
    questionnaire: 'Questionnaire (optional)',
    questionnaireHint: 'A catalyse-questionnaire/1 JSON file. Without one: the default questionnaire (2018 study).',
    languages: 'Languages offered',
    origins: 'Sites allowed to send responses (optional)',
    originsHint: 'One per line, e.g. https://network.example: the sites that embed the widget and post to this server.',
    create: 'Create',
    createdTitle: 'Event created',
    code: 'Code',
    organiserToken: 'Organiser token',
    kiosk: 'Kiosk',
    participantUrl: 'Participants’ address',
    screenUrl: 'Room screen (with the token: can show the results)',
    reveal: 'Show the results on the room screen',
    revealHint: 'While this is off, the room screen shows the QR code and the count only. Nothing appears there under 5 responses.',
    endpoint: 'Address to send responses to (kiosk setting)',
    tokenOnce: 'Write the token down now: it is never shown again, and the server keeps only its hash.',
    manageTitle: 'Follow an event',
    open: 'Open',
    refresh: 'Refresh',
    exportJson: 'Export (JSON)',
    exportCsv: 'Export (CSV)',
    aggregate: 'Group results (JSON)',
    close: 'Close the event',
    erase: 'Erase the event',
    eraseHint: 'Erasing is possible once the event is closed and its responses exported.',
    status: '{state} · {count} response(s)',
    open_: 'open',
    closed: 'closed',
    confirmClose: 'Close the event? It will take no more responses.',
    confirmErase: 'Erase the event and its {count} response(s) from the server? This cannot be undone.',
    erased: 'Event erased.',
    required: 'Fill in the token and the name.',
    noLanguage: 'Choose at least one language.',
    unreadableFile: 'The questionnaire file is not readable JSON: {reason}',
    network: 'The server does not answer: {reason}',
    wait: 'Too many attempts: try again in {seconds} s.',
  },
};

const $ = (id) => document.getElementById(id);
const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'fr';
const state = { code: '', token: '', event: null, exportedCount: null };

const t = translator(STRINGS, () => lang);

function applyStrings() {
  document.documentElement.lang = lang;
  document.title = lang === 'en' ? 'Catalyse — organiser' : 'Catalyse — organisateur';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  const other = $('switch-lang');
  other.href = lang === 'en' ? '?lang=fr' : '?lang=en';
  other.hreflang = other.lang = lang === 'en' ? 'fr' : 'en';
  other.textContent = lang === 'en' ? 'Français' : 'English';
}

/** The server's error list as lines: "path: message". */
function errorLines(body, status) {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (!errors.length) return [`HTTP ${status}`];
  return errors.map((e) => (e.path ? `${e.path} : ${e.message}` : e.message));
}

async function call(method, url, { token, body } = {}) {
  const headers = { 'accept-language': lang };  // the server's messages in the page's language
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (err) {
    return { ok: false, status: 0, lines: [t('network', { reason: err.message })] };
  }
  // ignoreBOM: a CSV keeps its byte-order mark (spreadsheets read it as UTF-8).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  let json = null;
  try { json = JSON.parse(text); } catch { /* CSV or an empty body */ }
  if (response.ok) return { ok: true, status: response.status, json, text, type: response.headers.get('content-type') ?? '' };
  const retry = response.headers.get('retry-after');
  const lines = response.status === 429 && retry ? [t('wait', { seconds: retry })] : errorLines(json, response.status);
  return { ok: false, status: response.status, json, lines };
}

function showList(el, lines) {
  el.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
  el.hidden = !lines.length;
}

async function create(event) {
  event.preventDefault();
  const errors = $('create-errors');
  const token = $('admin-token').value.trim();
  const name = $('event-name').value.trim();
  const languages = [...document.querySelectorAll('input[name=lang]:checked')].map((i) => i.value);
  if (!token || !name) return showList(errors, [t('required')]);
  if (!languages.length) return showList(errors, [t('noLanguage')]);
  const body = { name, languages, origins: $('event-origins').value.split(/\s+/).filter(Boolean) };
  const file = $('event-questionnaire').files?.[0];
  if (file) {
    const text = await file.text();
    try { JSON.parse(text); } catch (err) { return showList(errors, [t('unreadableFile', { reason: err.message })]); }
    body.questionnaire = text;
  }
  const r = await call('POST', '/api/v1/events', { token, body });
  if (!r.ok) return showList(errors, r.lines);
  showList(errors, []);
  const e = r.json;
  $('created-code').textContent = e.code;
  $('created-token').textContent = e.organiserToken;
  $('created-kiosk').href = e.kiosk;
  $('created-kiosk').textContent = new URL(e.kiosk, location.href).href;
  $('created-endpoint').textContent = e.endpoint;
  showLinks('created', e.code, e.organiserToken);
  $('created').hidden = false;
  $('created').focus();
  $('manage-code').value = e.code;
}

/** The participants' address and the room screen's, the screen's with the organiser token in its fragment. */
function showLinks(prefix, code, token) {
  const join = new URL(`/e/${code}`, location.href).href;
  $(`${prefix}-join`).href = join;
  $(`${prefix}-join`).textContent = join;
  $(`${prefix}-screen`).href = `${join}/screen#token=${encodeURIComponent(token)}`;
  $(`${prefix}-screen`).textContent = `${join}/screen#token=…`;
}

function render() {
  const e = state.event;
  $('event').hidden = !e;
  if (!e) return;
  $('event-title').textContent = `${e.name} · ${e.code}`;
  $('event-status').textContent = t('status', { state: e.state === 'open' ? t('open_') : t('closed'), count: e.count });
  showLinks('event', e.code, state.token);
  $('reveal').setAttribute('aria-checked', String(Boolean(e.revealed)));
  $('close').disabled = e.state !== 'open';
  $('erase').disabled = !(e.state === 'closed' && state.exportedCount === e.count);
}

async function refresh() {
  const r = await call('GET', `/api/v1/events/${encodeURIComponent(state.code)}/organiser`, { token: state.token });
  const error = $('manage-error');
  if (!r.ok) {
    error.textContent = r.lines.join(' ');
    error.hidden = false;
    state.event = null;
  } else {
    error.hidden = true;
    // Whether the room screen shows the results: the event's public state.
    const info = await call('GET', `/api/v1/events/${encodeURIComponent(state.code)}`);
    state.event = { ...r.json, revealed: r.json.revealed ?? info.json?.revealed ?? false };
  }
  render();
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function exportAs(kind) {
  const base = `/api/v1/events/${encodeURIComponent(state.code)}`;
  const url = kind === 'csv' ? `${base}/export.csv${lang === 'fr' ? '?sep=%3B' : ''}`
    : kind === 'json' ? `${base}/export.json` : `${base}/aggregate?lang=${lang}`;
  const r = await call('GET', url, { token: state.token });
  if (!r.ok) {
    $('event-status').textContent = r.lines.join(' ');
    return;
  }
  const file = `catalyse-${state.event.code}${kind === 'aggregate' ? '-aggregate' : ''}.${kind === 'csv' ? 'csv' : 'json'}`;
  download(file, kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/json', r.text);
  if (kind === 'json' && state.event.state === 'closed') state.exportedCount = r.json?.count ?? null;
  await refresh();
}

async function closeEvent() {
  if (!window.confirm(t('confirmClose'))) return;
  await call('POST', `/api/v1/events/${encodeURIComponent(state.code)}/close`, { token: state.token });
  await refresh();
}

async function eraseEvent() {
  if (!window.confirm(t('confirmErase', { count: state.event.count }))) return;
  const r = await call('DELETE', `/api/v1/events/${encodeURIComponent(state.code)}?exported=${state.exportedCount}`, { token: state.token });
  if (!r.ok) {
    $('event-status').textContent = r.lines.join(' ');
    return;
  }
  state.event = null;
  render();
  $('manage-error').textContent = t('erased');
  $('manage-error').hidden = false;
}

async function toggleReveal() {
  const revealed = !state.event?.revealed;
  const r = await call('POST', `/api/v1/events/${encodeURIComponent(state.code)}/reveal`, { token: state.token, body: { revealed } });
  if (!r.ok) {
    $('event-status').textContent = r.lines.join(' ');
    return;
  }
  await refresh();
}

applyStrings();
$('create-form').addEventListener('submit', create);
$('manage-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.code = $('manage-code').value.trim();
  state.token = $('manage-token').value.trim();
  state.exportedCount = null;
  refresh();
});
$('refresh').addEventListener('click', refresh);
$('export-json').addEventListener('click', () => exportAs('json'));
$('export-csv').addEventListener('click', () => exportAs('csv'));
$('download-aggregate').addEventListener('click', () => exportAs('aggregate'));
$('close').addEventListener('click', closeEvent);
$('reveal').addEventListener('click', toggleReveal);
$('erase').addEventListener('click', eraseEvent);
