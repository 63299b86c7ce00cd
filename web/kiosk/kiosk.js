// The kiosk: one shared device collecting many responses at an event (docs/KIOSK.md).
// Every completed response is sealed (kiosk-crypto.js) and committed to IndexedDB before the
// widget shows its thank-you screen, with a QR code that carries the result to the person's own
// phone (result-link.js: the answers in the link, nothing stored or sent); then the form starts
// fresh for the next person. The organiser's view (organiser.js: count, export, clear, refused
// responses) opens with the organiser's secret.
import '../catalyse.js';
import { translator } from '../src/i18n.js';
import { createVault, publicKeyOf, sealRecord } from './kiosk-crypto.js';
import { KioskStore } from './kiosk-store.js';
import { wireOrganiser } from './organiser.js';
import { qrCode } from './qr-code.js';
import { encodeResult, resultUrl } from './result-link.js';
import { SubmitQueue } from './submit-queue.js';

const STRINGS = {
  fr: {
    brand: 'Catalyse · kiosque',
    loading: 'Chargement…',
    organiser: 'Organisateur',
    setupTitle: 'Préparer ce kiosque',
    setupIntro: 'Les réponses seront chiffrées sur cet appareil : seul le secret organisateur permet de les lire et de les exporter. Sans lui, elles sont perdues pour tout le monde : notez-le.',
    secret: 'Secret organisateur',
    secretHint: 'Au moins 8 caractères ; une phrase est plus sûre qu’un mot.',
    secretAgain: 'Secret organisateur (confirmation)',
    device: 'Nom de l’appareil (facultatif)',
    deviceFact: 'Appareil',
    lang: 'Langue du questionnaire',
    endpoint: 'Adresse d’envoi des réponses (facultatif)',
    endpointHint: 'Laissez vide pour tout garder sur l’appareil. Sinon, chaque réponse est aussi envoyée à cette adresse, dès que le réseau le permet.',
    start: 'Démarrer le kiosque',
    errSecretShort: 'Le secret doit compter au moins 8 caractères.',
    errSecretMismatch: 'Les deux saisies du secret ne sont pas identiques.',
    errEndpoint: 'Adresse d’envoi invalide : indiquez une adresse http(s) ou un chemin comme /api/responses.',
    errSetup: 'Le kiosque n’a pas pu être préparé : {reason}',
    savedOne: 'Réponse enregistrée sur l’appareil ✓',
    thanks: 'Merci ! Votre réponse est enregistrée sur cet appareil.',
    thanksCountdown: 'Le questionnaire s’ouvre pour la personne suivante dans {seconds} s.',
    thanksPaused: 'Compte à rebours suspendu pendant que l’espace organisateur est ouvert.',
    nextPerson: 'Personne suivante',
    takeAwayTitle: 'Votre résultat sur votre téléphone',
    takeAwayText: 'Scannez ce code avec l’appareil photo de votre téléphone : votre résultat s’y ouvre. Vos réponses sont dans le lien lui-même ; rien n’est envoyé ni gardé.',
    takeAwayLabel: 'Code QR du lien vers votre résultat',
    idleTitle: 'Toujours là ?',
    idleText: 'Sans action de votre part, vos réponses seront effacées dans {seconds} s pour la personne suivante.',
    idleContinue: 'Je continue',
    organiserTitle: 'Espace organisateur',
    unlock: 'Ouvrir',
    cancel: 'Annuler',
    wrongSecret: 'Secret incorrect.',
    waitRetry: 'Trop d’essais : réessayez dans {seconds} s.',
    stored: 'Réponses enregistrées sur l’appareil',
    memoryOnly: 'En mémoire seulement (non enregistrées)',
    persisted: 'Stockage persistant',
    usage: 'Espace utilisé',
    offline: 'Hors ligne',
    sending: 'Envoi à l’adresse configurée',
    yes: 'oui',
    no: 'non',
    unknown: 'inconnu',
    notConfigured: 'non configuré',
    sendingState: '{sent} envoyées dans cette session, {pending} en attente{error}',
    sendingError: ' (dernier échec : {error})',
    refusedTitle: 'Réponses refusées par l’adresse d’envoi',
    refusedHint: 'Elles restent sur l’appareil et dans les exports. Corrigez l’adresse ou le serveur, puis renvoyez-les.',
    refusedGroup: '{count} réponse(s) : HTTP {status}{message}',
    refusedMessage: ' — « {message} »',
    refusedRetry: 'Renvoyer les réponses refusées',
    refusedRetried: '{count} réponse(s) remises dans la file d’envoi.',
    exportJson: 'Exporter (JSON)',
    exportCsv: 'Exporter (CSV)',
    clear: 'Effacer les réponses exportées…',
    resultsLink: 'Voir les résultats du groupe (déposez-y l’export JSON)',
    clearHint: 'Exporter ne supprime rien. L’effacement n’est possible qu’après un export, et ne concerne que les réponses exportées.',
    lock: 'Verrouiller',
    exported: '{count} réponses exportées dans {file}.',
    exportedUnreadable: ' {unreadable} réponses illisibles sont restées sur l’appareil.',
    clearTitle: 'Effacer les réponses exportées ?',
    clearText: '{count} réponses exportées seront supprimées de cet appareil. Vérifiez que le fichier exporté est en lieu sûr. Cette action est définitive.',
    clearConfirm: 'Effacer définitivement',
    cleared: '{count} réponses effacées de l’appareil.',
    storageAlert: 'Attention organisateur : l’enregistrement sur l’appareil a échoué ({reason}). {count} réponse(s) sont seulement en mémoire : ne fermez pas cette page et exportez-les depuis l’espace organisateur.',
    storageUnavailable: 'le stockage du navigateur est indisponible',
    leaveWarning: 'Des réponses ne sont pas enregistrées sur l’appareil.',
    bytes: '{used} sur {quota}',
  },
  en: {
    brand: 'Catalyse · kiosk',
    loading: 'Loading…',
    organiser: 'Organiser',
    setupTitle: 'Set up this kiosk',
    setupIntro: 'Responses are encrypted on this device: only the organiser secret can read and export them. Without it they are lost to everyone: write it down.',
    secret: 'Organiser secret',
    secretHint: 'At least 8 characters; a sentence is safer than a word.',
    secretAgain: 'Organiser secret (again)',
    device: 'Device name (optional)',
    deviceFact: 'Device',
    lang: 'Questionnaire language',
    endpoint: 'Address to send responses to (optional)',
    endpointHint: 'Leave empty to keep everything on the device. Otherwise each response is also sent to this address whenever the network allows.',
    start: 'Start the kiosk',
    errSecretShort: 'The secret needs at least 8 characters.',
    errSecretMismatch: 'The two secrets are not the same.',
    errEndpoint: 'Invalid address: give an http(s) address or a path such as /api/responses.',
    errSetup: 'The kiosk could not be set up: {reason}',
    savedOne: 'Response saved on the device ✓',
    thanks: 'Thank you! Your response is saved on this device.',
    thanksCountdown: 'The questionnaire opens for the next person in {seconds} s.',
    thanksPaused: 'Countdown paused while the organiser area is open.',
    nextPerson: 'Next person',
    takeAwayTitle: 'Your result on your phone',
    takeAwayText: 'Scan this code with your phone’s camera: your result opens there. Your answers are in the link itself; nothing is sent or kept.',
    takeAwayLabel: 'QR code of the link to your result',
    idleTitle: 'Still there?',
    idleText: 'Without any action, your answers will be erased in {seconds} s for the next person.',
    idleContinue: 'Continue',
    organiserTitle: 'Organiser area',
    unlock: 'Open',
    cancel: 'Cancel',
    wrongSecret: 'Wrong secret.',
    waitRetry: 'Too many attempts: try again in {seconds} s.',
    stored: 'Responses saved on the device',
    memoryOnly: 'In memory only (not saved)',
    persisted: 'Persistent storage',
    usage: 'Space used',
    offline: 'Offline',
    sending: 'Sending to the configured address',
    yes: 'yes',
    no: 'no',
    unknown: 'unknown',
    notConfigured: 'not configured',
    sendingState: '{sent} sent in this session, {pending} waiting{error}',
    sendingError: ' (last failure: {error})',
    refusedTitle: 'Responses refused by the sending address',
    refusedHint: 'They stay on the device and in exports. Fix the address or the server, then send them again.',
    refusedGroup: '{count} response(s): HTTP {status}{message}',
    refusedMessage: ' — “{message}”',
    refusedRetry: 'Send the refused responses again',
    refusedRetried: '{count} response(s) back in the sending queue.',
    exportJson: 'Export (JSON)',
    exportCsv: 'Export (CSV)',
    clear: 'Erase exported responses…',
    resultsLink: 'See the group’s results (drop the JSON export there)',
    clearHint: 'Exporting deletes nothing. Erasing is possible only after an export, and only for the exported responses.',
    lock: 'Lock',
    exported: '{count} responses exported to {file}.',
    exportedUnreadable: ' {unreadable} unreadable responses stayed on the device.',
    clearTitle: 'Erase the exported responses?',
    clearText: '{count} exported responses will be removed from this device. Check that the exported file is safe. This cannot be undone.',
    clearConfirm: 'Erase for good',
    cleared: '{count} responses erased from the device.',
    storageAlert: 'Organiser, please note: saving on the device failed ({reason}). {count} response(s) are in memory only: do not close this page and export them from the organiser area.',
    storageUnavailable: 'the browser storage is unavailable',
    leaveWarning: 'Some responses are not saved on the device.',
    bytes: '{used} of {quota}',
  },
};

const params = new URLSearchParams(location.search);
const seconds = (name, fallback) => {
  const v = Number(params.get(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
// Timings an organiser may change in the kiosk's address (docs/KIOSK.md).
const IDLE_SECONDS = seconds('idle', 90);        // no activity on a started form → warning
const WARN_SECONDS = seconds('warn', 20);        // warning → the form is erased
const DONE_SECONDS = seconds('done', 30);        // thank-you screen → next person
const RETRY_MS = seconds('retry', 2000);         // first retry delay of endpoint submission
const LOCK_SECONDS = seconds('lock', 120);       // organiser view left open → locked again
// The result page a phone opens from the QR code: result.html beside the kiosk (with the kiosk's
// ?src=), or the address given as ?result= (e.g. the public address of a kiosk served locally);
// ?result=none shows no QR code.
const RESULT_PAGE = (() => {
  const given = params.get('result');
  if (given === 'none') return null;
  try {
    const page = new URL(given || './result.html', location.href);
    if (page.protocol !== 'https:' && page.protocol !== 'http:') return null;
    if (!given && params.get('src')) page.searchParams.set('src', params.get('src'));
    return page.href;
  } catch {
    return null;
  }
})();

const $ = (id) => document.getElementById(id);

const state = {
  lang: 'fr',
  store: null,
  storeError: null,
  settings: null,        // {lang, device, endpoint, src}
  vault: null,
  publicKey: null,
  privateKey: null,      // only while the organiser view is open
  memory: [],            // sealed responses not committed to IndexedDB
  queue: null,
  survey: null,
  started: false,        // the current person has answered something
  lastActivity: Date.now(),
  idleTimer: 0,
  warnTimer: 0,
  doneTimer: 0,
  lastExport: null,      // {ids, memoryIds} of the last export in this organiser session
  lockTimer: 0,
  paused: false,         // the organiser view is open: the form's countdowns wait
  doneLeft: 0,           // seconds left on the thank-you screen
  failures: 0,           // wrong secrets in a row
  retryAt: 0,            // no new attempt before this time (ms)
};

const t = translator(STRINGS, () => state.lang);
let organiser = null; // organiser.js, wired by main()

function applyStrings() {
  document.documentElement.lang = state.lang;
  document.title = `Catalyse — ${state.lang === 'en' ? 'kiosk' : 'kiosque'}`;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
}

function show(id, visible = true) {
  $(id).hidden = !visible;
}

function reason(err) {
  return (err && (err.name && err.name !== 'Error' ? `${err.name}: ` : '') + (err.message || String(err))) || t('unknown');
}

// ---- storage failures: seen by the organiser, nothing dropped ----

function renderStorageAlert(err) {
  const alert = $('storage-alert');
  if (!state.memory.length && !err) {
    alert.hidden = true;
    return;
  }
  alert.textContent = t('storageAlert', { reason: reason(err ?? state.storeError), count: state.memory.length });
  alert.hidden = false;
}

async function flushMemory() {
  if (!state.store || !state.memory.length) return;
  while (state.memory.length) {
    await state.store.saveResponse(state.memory[0]);
    state.memory.shift();
  }
  state.storeError = null;
  renderStorageAlert(null);
}

/** The widget's submit handler: resolves once the sealed response is committed (or held in memory). */
async function saveResponse(record) {
  const sealed = await sealRecord(state.publicKey, record);
  try {
    if (!state.store) throw state.storeError ?? new Error(t('storageUnavailable'));
    await state.store.saveResponse(sealed);
    await flushMemory().catch(() => {});
    $('saved').textContent = t('savedOne');
  } catch (err) {
    // Never lose it: keep the sealed copy in memory, tell the organiser, let them export it.
    state.storeError = err;
    if (!state.memory.some((m) => m.id === sealed.id)) state.memory.push(sealed);
    renderStorageAlert(err);
  }
  state.queue?.add(record);
}

// ---- the next person: thank-you, idle timeout ----

function clearTimers() {
  clearTimeout(state.idleTimer);
  clearInterval(state.warnTimer);
  clearInterval(state.doneTimer);
  state.idleTimer = 0;
  state.warnTimer = 0;
  state.doneTimer = 0;
}

function hideThanks() {
  show('thanks', false);
  $('take-away-code').replaceChildren();
  show('take-away', false);
}

function nextPerson() {
  clearTimers();
  const idle = $('idle-dialog');
  if (idle.open) idle.close();
  hideThanks();
  state.started = false;
  state.survey?.reset();
  $('saved').textContent = '';
  window.scrollTo(0, 0);
}

/** Counts down from `total` seconds (render(left) each second), then(); waits while the organiser view is open. */
function countdown(total, render, then) {
  let left = total;
  render(left);
  return setInterval(() => {
    if (state.paused) return;
    left -= 1;
    if (left <= 0) then();
    else render(left);
  }, 1000);
}

/** The QR code of the person's result link; nothing when the kiosk shows none or cannot make one. */
function showTakeAway(record) {
  const questionnaire = state.survey?.questionnaire;
  if (!RESULT_PAGE || !questionnaire || !record) return;
  try {
    const link = resultUrl(RESULT_PAGE, encodeResult(questionnaire, record.questionnaire?.hash, record.answers, record.lang));
    const { svg } = qrCode(link, t('takeAwayLabel'));
    svg.dataset.link = link;
    $('take-away-code').replaceChildren(svg);
    show('take-away', true);
  } catch {
    /* a link too long for a QR symbol: the thank-you screen without it */
  }
}

function renderThanksCountdown(left) {
  if (left !== undefined) state.doneLeft = left;
  $('thanks-countdown').textContent = state.paused ? t('thanksPaused') : t('thanksCountdown', { seconds: state.doneLeft });
}

function onComplete(e) {
  clearTimers();
  state.started = false;
  $('thanks-text').textContent = t('thanks');
  showTakeAway(e.detail?.record);
  show('thanks', true);
  state.doneTimer = countdown(DONE_SECONDS, renderThanksCountdown, nextPerson);
  window.scrollTo(0, 0);
  $('thanks-next').focus({ preventScroll: true });
}

/** The organiser view opens or closes: the thank-you and idle countdowns wait meanwhile. */
function pauseForOrganiser(paused) {
  state.paused = paused;
  if (state.doneTimer) renderThanksCountdown();
  if (!paused) armIdle();
}

function armIdle() {
  clearTimeout(state.idleTimer);
  if (!state.started) return;
  state.idleTimer = setTimeout(() => {
    if (state.paused) return; // armed again when the organiser view closes
    const dialog = $('idle-dialog');
    if (!dialog.open) dialog.showModal();
    $('idle-continue').focus();
    state.warnTimer = countdown(WARN_SECONDS, (s) => { $('idle-text').textContent = t('idleText', { seconds: s }); }, nextPerson);
  }, IDLE_SECONDS * 1000);
}

function activity() {
  state.lastActivity = Date.now();
  if (state.privateKey) organiser.armLock();  // the organiser view locks itself when left alone
  if ($('idle-dialog').open) return;  // only the dialog's button keeps the answers
  armIdle();
}

// ---- set-up and start ----

function endpointUrl(text) {
  const v = text.trim();
  if (!v) return '';
  let url;
  try {
    url = new URL(v, location.href);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}

function wireSetup() {
  $('setup-lang').value = state.lang;
  $('setup-lang').addEventListener('change', () => {
    state.lang = $('setup-lang').value === 'en' ? 'en' : 'fr';
    applyStrings();
  });
  $('setup-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = $('setup-error');
    const secret = $('setup-secret').value;
    const fail = (text) => {
      error.textContent = text;
      error.hidden = false;
    };
    if ([...secret].length < 8) return fail(t('errSecretShort'));
    if (secret !== $('setup-secret2').value) return fail(t('errSecretMismatch'));
    const endpoint = endpointUrl($('setup-endpoint').value);
    if (endpoint === null) return fail(t('errEndpoint'));
    error.hidden = true;
    const button = e.submitter ?? $('setup-form').querySelector('button[type=submit]');
    button.disabled = true;
    try {
      navigator.storage?.persist?.().catch(() => {});
      const vault = await createVault(secret);
      const settings = { lang: state.lang, device: $('setup-device').value.trim().slice(0, 40), endpoint };
      if (state.store) {
        await state.store.setSetting('vault', vault);
        await state.store.setSetting('setup', settings);
      }
      $('setup-secret').value = '';
      $('setup-secret2').value = '';
      state.vault = vault;
      state.settings = settings;
      await startKiosk();
    } catch (err) {
      fail(t('errSetup', { reason: reason(err) }));
    } finally {
      button.disabled = false;
    }
  });
}

async function startKiosk() {
  state.lang = state.settings?.lang === 'en' ? 'en' : 'fr';
  applyStrings();
  state.publicKey = await publicKeyOf(state.vault);
  if (state.settings?.endpoint) {
    state.queue = new SubmitQueue({
      endpoint: state.settings.endpoint,
      baseDelay: RETRY_MS,
      onSent: (id) => state.store?.markSent(id),
      onRefused: (id, refusal) => state.store?.markRefused(id, refusal),
      onChange: () => {
        if ($('organiser-dialog').open && state.privateKey) organiser.render().catch(() => {});
      },
    });
    addEventListener('online', () => state.queue.kick());
  }
  const survey = document.createElement('catalyse-survey');
  survey.setAttribute('mode', 'kiosk');
  survey.setAttribute('lang', state.lang);
  const src = params.get('src');
  if (src) survey.setAttribute('src', src);
  survey.submitHandler = saveResponse;
  survey.addEventListener('catalyse-change', (e) => {
    const answered = Object.keys(e.detail?.answers ?? {}).length > 0;
    if (!answered) {
      // A fresh form (our reset, or the widget's own): nothing to guard.
      clearTimers();
      hideThanks();
      state.started = false;
      return;
    }
    if (!state.started) {
      state.started = true;
      clearInterval(state.doneTimer);
      state.doneTimer = 0;
      hideThanks();
    }
    activity();
  });
  survey.addEventListener('catalyse-complete', onComplete);
  survey.addEventListener('catalyse-ready', () => cacheLoadedAssets());
  state.survey = survey;
  $('survey-slot').replaceChildren(survey);
  show('setup', false);
  show('loading', false);
  show('kiosk', true);
  show('organiser-open', true);
}

// ---- offline: the service worker caches what the page loaded ----

function cacheLoadedAssets() {
  navigator.serviceWorker?.ready.then((reg) => {
    const urls = performance.getEntriesByType('resource').map((e) => e.name)
      .filter((u) => u.startsWith(location.origin));
    reg.active?.postMessage({ type: 'cache', urls: [location.href, ...urls] });
  }).catch(() => {});
}

// The page runs under require-trusted-types-for 'script': the worker's address goes through a
// policy that accepts only this kiosk's own sw.js.
const workerUrl = () => {
  const url = new URL('./sw.js', import.meta.url).href;
  if (!globalThis.trustedTypes?.createPolicy) return url;
  const policy = trustedTypes.createPolicy('catalyse-kiosk-sw', {
    createScriptURL: (u) => {
      if (u !== url) throw new TypeError('unexpected service worker URL');
      return u;
    },
  });
  return policy.createScriptURL(url);
};

async function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register(workerUrl(), { scope: './' });
  } catch {
    /* no offline copy: the kiosk still works while online; the organiser view says "offline: …" */
  }
}

async function main() {
  const asked = (params.get('lang') || navigator.language || 'fr').slice(0, 2).toLowerCase();
  state.lang = asked === 'en' ? 'en' : 'fr';
  applyStrings();
  wireSetup();
  organiser = wireOrganiser({ state, t, $, show, reason, renderStorageAlert, pauseForOrganiser, lockSeconds: LOCK_SECONDS });
  $('idle-continue').addEventListener('click', () => {
    clearInterval(state.warnTimer);
    $('idle-dialog').close();
    armIdle();
  });
  $('idle-dialog').addEventListener('cancel', (e) => e.preventDefault());  // Escape is not "continue"
  $('thanks-next').addEventListener('click', nextPerson);
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart']) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  }
  addEventListener('beforeunload', (e) => {
    if (state.memory.length) {
      e.preventDefault();
      e.returnValue = t('leaveWarning');
    }
  });
  registerWorker();

  try {
    state.store = await KioskStore.open();
    state.vault = (await state.store.getSetting('vault')) ?? null;
    state.settings = (await state.store.getSetting('setup')) ?? null;
  } catch (err) {
    state.store = null;
    state.storeError = err;
    renderStorageAlert(err);
  }
  if (!state.vault) {
    show('loading', false);
    show('setup', true);
    $('setup-secret').focus();
    return;
  }
  navigator.storage?.persisted?.().then((p) => { if (!p) navigator.storage.persist?.().catch(() => {}); }).catch(() => {});
  await startKiosk();
}

main();
