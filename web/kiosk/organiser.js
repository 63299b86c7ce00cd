// The kiosk's organiser view: it opens with the organiser's secret (the vault's private key exists
// only while it is open) and shows the device's facts, exports the responses (JSON, CSV), erases
// what an export contained, lists the responses the endpoint refused and sends them again, and
// locks itself when left alone. The page (kiosk.js) hands over its state and helpers.
import { openRecord, unlockVault, WrongSecretError } from './kiosk-crypto.js';
import { buildExport, dayOf, fileSafe, toCSV } from './kiosk-export.js';

/**
 * Wires the organiser dialog. `state` is the kiosk's (store, vault, privateKey, memory, queue,
 * settings, survey, lang, lastExport, lockTimer, failures, retryAt); `pauseForOrganiser(open)` lets
 * the page hold its countdowns while the view is open. Returns {render, armLock}.
 */
export function wireOrganiser({ state, t, $, show, reason, renderStorageAlert, pauseForOrganiser, lockSeconds }) {
  function armLock() {
    clearTimeout(state.lockTimer);
    if (state.privateKey) state.lockTimer = setTimeout(lock, lockSeconds * 1000);
  }

  function downloadFile(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  async function renderOrganiser() {
    const count = state.store ? await state.store.count().catch(() => NaN) : 0;
    $('fact-stored').textContent = Number.isNaN(count) ? t('unknown') : String(count);
    $('fact-memory').textContent = String(state.memory.length);
    const persisted = await navigator.storage?.persisted?.().catch(() => undefined);
    $('fact-persisted').textContent = persisted === undefined ? t('unknown') : t(persisted ? 'yes' : 'no');
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    const mb = (n) => {
      const big = n >= 1073741824;
      const value = new Intl.NumberFormat(state.lang, { maximumFractionDigits: 1 }).format(n / (big ? 1073741824 : 1048576));
      return `${value} ${big ? (state.lang === 'en' ? 'GB' : 'Go') : (state.lang === 'en' ? 'MB' : 'Mo')}`;
    };
    $('fact-usage').textContent = estimate ? t('bytes', { used: mb(estimate.usage ?? 0), quota: mb(estimate.quota ?? 0) }) : t('unknown');
    $('fact-offline').textContent = t(navigator.onLine ? 'no' : 'yes');
    const q = state.queue?.state;
    $('fact-sending').textContent = q
      ? t('sendingState', { sent: q.sent, pending: q.pending, error: q.lastError ? t('sendingError', { error: q.lastError }) : '' })
      : t('notConfigured');
    $('fact-device').textContent = state.settings?.device || '—';
    await renderRefused();
    $('clear-open').disabled = !state.lastExport || (state.lastExport.ids.length + state.lastExport.memoryIds.length) === 0;
  }

  /** Every response on the device, opened: {records, unreadable, ids, memoryIds}. */
  async function openAll() {
    const entries = state.store ? await state.store.all() : [];
    const records = [];
    const ids = [];
    const memoryIds = [];
    let unreadable = 0;
    for (const entry of entries) {
      try {
        records.push(await openRecord(state.privateKey, entry.sealed));
        ids.push(entry.id);
      } catch {
        unreadable += 1;
      }
    }
    for (const sealed of state.memory) {
      if (ids.includes(sealed.id)) continue;
      try {
        records.push(await openRecord(state.privateKey, sealed));
        memoryIds.push(sealed.id);
      } catch {
        unreadable += 1;
      }
    }
    return { records, unreadable, ids, memoryIds };
  }

  async function exportAs(kind) {
    if (!state.privateKey) return;
    const { records, unreadable, ids, memoryIds } = await openAll();
    const info = state.survey?.questionnaire;
    const base = `catalyse-${fileSafe(state.settings?.device) || 'kiosque'}-${dayOf()}`;
    let file;
    if (kind === 'csv') {
      file = `${base}.csv`;
      // The organiser's language decides the separator: ";" in French, as French spreadsheets expect.
      downloadFile(file, 'text/csv;charset=utf-8', toCSV(records, info, { separator: state.lang === 'en' ? ',' : ';' }));
    } else {
      file = `${base}.json`;
      const questionnaire = records[0]?.questionnaire ?? null;
      downloadFile(file, 'application/json', `${JSON.stringify(buildExport(records, { device: state.settings?.device, questionnaire, unreadable }), null, 1)}\n`);
    }
    state.lastExport = { ids, memoryIds };
    $('organiser-message').textContent = t('exported', { count: records.length, file }) + (unreadable ? t('exportedUnreadable', { unreadable }) : '');
    await renderOrganiser();
  }

  /** The responses the endpoint refused, grouped by status and message, with the action to send them again. */
  async function renderRefused() {
    const stored = state.store ? await state.store.refused().catch(() => []) : [];
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of state.queue?.state.refused ?? []) byId.set(r.id, r);
    const groups = new Map();
    for (const r of byId.values()) {
      const key = `${r.status} ${r.message ?? ''}`;
      groups.set(key, { status: r.status, message: r.message ?? '', count: (groups.get(key)?.count ?? 0) + 1 });
    }
    $('refused-list').replaceChildren(...[...groups.values()].map((g) => {
      const li = document.createElement('li');
      li.textContent = t('refusedGroup', { count: g.count, status: g.status, message: g.message ? t('refusedMessage', { message: g.message }) : '' });
      return li;
    }));
    show('refused', byId.size > 0);
    $('refused-retry').disabled = !state.queue || byId.size === 0;
  }

  async function retryRefused() {
    if (!state.queue || !state.privateKey) return;
    const ids = new Set(state.queue.retryRefused());
    const stored = state.store ? await state.store.refused().catch(() => []) : [];
    for (const r of stored) ids.add(r.id);
    if (state.store && stored.length) await state.store.markWaiting(stored.map((r) => r.id)).catch(() => {});
    await requeueUnsent();
    $('organiser-message').textContent = t('refusedRetried', { count: ids.size });
    await renderOrganiser();
  }

  async function requeueUnsent() {
    if (!state.queue || !state.store || !state.privateKey) return;
    const ids = await state.store.unsentIds().catch(() => []);
    if (!ids.length) return;
    const entries = await state.store.all();
    for (const entry of entries) {
      if (!ids.includes(entry.id)) continue;
      try {
        state.queue.add(await openRecord(state.privateKey, entry.sealed));
      } catch {
        /* unreadable entries stay on the device and are counted at export */
      }
    }
  }

  function lock() {
    clearTimeout(state.lockTimer);
    state.privateKey = null;
    state.lastExport = null;
    $('unlock-secret').value = '';
    show('organiser-panel', false);
    show('unlock-form', true);
    const dialog = $('organiser-dialog');
    if (dialog.open) dialog.close();
  }

  function wire() {
    const dialog = $('organiser-dialog');
    $('organiser-open').addEventListener('click', () => {
      if (!state.vault) return;
      lock();
      show('unlock-error', false);
      pauseForOrganiser(true);
      dialog.showModal();
      $('unlock-secret').focus();
    });
    dialog.addEventListener('close', () => {
      if (state.privateKey) lock();
      pauseForOrganiser(false);
    });
    $('unlock-cancel').addEventListener('click', lock);
    $('unlock-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const secret = $('unlock-secret').value;
      const wait = Math.ceil((state.retryAt - Date.now()) / 1000);
      if (wait > 0) {
        $('unlock-error').textContent = t('waitRetry', { seconds: wait });
        show('unlock-error', true);
        return;
      }
      try {
        state.privateKey = await unlockVault(state.vault, secret);
      } catch (err) {
        // Guessing is slowed down: after 3 wrong secrets in a row, 2, 4, 8… (at most 300) seconds.
        state.failures += 1;
        if (state.failures >= 3) state.retryAt = Date.now() + 1000 * Math.min(300, 2 ** (state.failures - 2));
        $('unlock-error').textContent = err instanceof WrongSecretError ? t('wrongSecret') : reason(err);
        show('unlock-error', true);
        $('unlock-secret').select();
        return;
      }
      state.failures = 0;
      state.retryAt = 0;
      armLock();
      $('unlock-secret').value = '';
      $('organiser-message').textContent = '';
      navigator.storage?.persist?.().catch(() => {});
      await renderOrganiser();
      show('unlock-form', false);
      show('organiser-panel', true);
      $('export-json').focus();
      requeueUnsent().catch(() => {});
    });
    $('export-json').addEventListener('click', () => exportAs('json'));
    $('export-csv').addEventListener('click', () => exportAs('csv'));
    $('organiser-lock').addEventListener('click', lock);
    $('refused-retry').addEventListener('click', () => retryRefused().catch((err) => { $('organiser-message').textContent = reason(err); }));
    $('clear-open').addEventListener('click', () => {
      if (!state.lastExport) return;
      $('clear-text').textContent = t('clearText', { count: state.lastExport.ids.length + state.lastExport.memoryIds.length });
      $('clear-dialog').showModal();
      $('clear-cancel').focus();
    });
    $('clear-cancel').addEventListener('click', () => $('clear-dialog').close());
    $('clear-confirm').addEventListener('click', async () => {
      const { ids, memoryIds } = state.lastExport ?? { ids: [], memoryIds: [] };
      $('clear-dialog').close();
      try {
        if (ids.length) await state.store.remove(ids);
        state.memory = state.memory.filter((m) => !memoryIds.includes(m.id));
        renderStorageAlert(state.memory.length ? state.storeError : null);
        $('organiser-message').textContent = t('cleared', { count: ids.length + memoryIds.length });
      } catch (err) {
        $('organiser-message').textContent = reason(err);
      }
      state.lastExport = null;
      await renderOrganiser();
    });
  }

  wire();
  return { render: renderOrganiser, armLock };
}
