// Storage faults in the browser. Self-diagnosis with localStorage unavailable (a locked-down
// browser: reading window.localStorage throws SecurityError) or full (setItem throws
// QuotaExceededError, from the start or part-way through): the widget still works end to end
// (answers, feedback, final screen, downloaded result), the respondent is told politely that resume
// is unavailable, and nothing throws uncaught. Kiosk: a response confirmed by the thank-you survives
// the page being closed at that very moment (the IndexedDB transaction had committed); a database
// held open at an older version by another tab is reported at once instead of leaving the kiosk
// waiting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ROOT, pageProblems, screenshot, startSession } from './support.mjs';

const DEMO = (lang = 'fr') => `web/demo/?lang=${lang}&src=${encodeURIComponent('/tests/fixtures/widget-small.json')}`;

/** localStorage itself is refused (privacy settings, sandboxed frame). */
function blockStorage() {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() { throw new DOMException('denied', 'SecurityError'); },
  });
}
/** Reading works, writing throws as on a full quota; from the start, or once window.__full is set. */
function fullStorage() {
  const setItem = Storage.prototype.setItem;
  window.__full = !/[?&]later=1/.test(location.search);
  Storage.prototype.setItem = function (key, value) {
    if (window.__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return setItem.call(this, key, value);
  };
}

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

/** Answers every question by id (labels do not matter here), finishes, returns {record, download}. */
async function completeAndDownload(page) {
  const survey = page.locator('catalyse-survey');
  const q = (id) => survey.locator(`[data-question="${id}"]`);
  const completed = page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('catalyse-complete', (e) => resolve(e.detail.record), { once: true });
  }));
  await q('dynamique').locator('input[value="nombreuses"]').check();
  await q('actions').locator('input[value="dialogue"]').check();
  await q('actions').locator('input[value="projets"]').check();
  await survey.locator('[part~="next"]').click();
  await q('implication').locator('input[value="jamais"]').first().check();
  await q('implication').locator('input[value="parfois"]').nth(1).check();
  await q('implication').locator('input[value="toujours"]').nth(2).check();
  await survey.locator('[part~="next"]').click();
  await q('evaluation').locator('input[value="partiel"]').check();
  // The core's figures, as in widget.test.mjs: index 52.8, level Essor.
  assert.match(await text(survey.locator('.index-value')), /^53$/);
  await survey.locator('[part~="next"]').click();
  await survey.locator('[part~="done"]').waitFor();
  const record = await completed;
  const [download] = await Promise.all([page.waitForEvent('download'), survey.locator('[part~="download"]').click()]);
  return { record, downloaded: JSON.parse(readFileSync(await download.path(), 'utf8')) };
}

function assertRecord(record, downloaded) {
  const answers = {
    dynamique: 'nombreuses', actions: ['dialogue', 'projets'],
    implication: { publics: 'jamais', entreprises: 'parfois', associations: 'toujours' }, evaluation: 'partiel',
  };
  assert.deepEqual(record.answers, answers);
  assert.equal(record.questionnaire.id, 'widget-small');
  assert.ok(JSON.stringify(downloaded).includes(JSON.stringify(answers)), 'the downloaded result holds the answers');
}

describe('self-diagnosis without storage', () => {
  test('with storage working there is no warning: the usual note and the erase button', async () => {
    const page = await session.open(DEMO(), { waitFor: 'catalyse-survey [data-ready] h2.title' });
    const survey = page.locator('catalyse-survey');
    assert.equal(await survey.locator('[part~="storage-problem"]').count(), 0);
    assert.match(await text(survey.locator('.privacy')), /restent sur cet appareil/);
    await page.closeContext();
  });

  test('localStorage refused (SecurityError): told resume is unavailable; answers, feedback, final screen and download work', async () => {
    const page = await session.open(DEMO(), { init: blockStorage, waitFor: 'catalyse-survey [data-ready] h2.title' });
    const survey = page.locator('catalyse-survey');
    const notice = survey.locator('[part~="storage-problem"]');
    assert.ok(await notice.isVisible(), 'a visible notice');
    assert.equal(await notice.getAttribute('role'), 'note');
    assert.match(await text(notice), /ne permet pas d’enregistrer vos réponses sur cet appareil.*télécharger votre résultat/);
    assert.equal(await survey.locator('.privacy').count(), 0, 'no claim that answers stay on the device');
    await screenshot(page, 'storage-blocked-1280');
    const { record, downloaded } = await completeAndDownload(page);
    assertRecord(record, downloaded);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('in English at 375 px, the notice is in English', async () => {
    const page = await session.open(DEMO('en'), { init: blockStorage, width: 375, waitFor: 'catalyse-survey [data-ready] h2.title' });
    const notice = page.locator('catalyse-survey [part~="storage-problem"]');
    assert.match(await text(notice), /^This browser does not let us save your answers on this device, so you cannot come back later\./);
    await screenshot(page, 'storage-blocked-375');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('a full quota (QuotaExceededError on every write): same notice, the response still completes and downloads', async () => {
    const page = await session.open(DEMO(), { init: fullStorage, waitFor: 'catalyse-survey [data-ready] h2.title' });
    const survey = page.locator('catalyse-survey');
    assert.ok(await survey.locator('[part~="storage-problem"]').isVisible());
    const { record, downloaded } = await completeAndDownload(page);
    assertRecord(record, downloaded);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).length), 0, 'nothing was written');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('storage that fills up part-way: the notice appears at the first refused save, answers kept in the page', async () => {
    const page = await session.open(`${DEMO()}&later=1`, { init: fullStorage, waitFor: 'catalyse-survey [data-ready] h2.title' });
    const survey = page.locator('catalyse-survey');
    const q = (id) => survey.locator(`[data-question="${id}"]`);
    assert.equal(await survey.locator('[part~="storage-problem"]').count(), 0);
    await q('dynamique').locator('input[value="ancre"]').check();
    assert.match(await page.evaluate(() => localStorage.getItem('catalyse:answers:widget-small')), /ancre/);
    await page.evaluate(() => { window.__full = true; });
    await q('dynamique').locator('input[value="nombreuses"]').check();
    const notice = survey.locator('[part~="storage-problem"]');
    await notice.waitFor();
    assert.equal(await survey.locator('.privacy').count(), 0);
    assert.equal(await survey.locator('[part~="storage-problem"]').count(), 1, 'one notice, not one per answer');
    await q('actions').locator('input[value="dialogue"]').check();
    assert.equal(await survey.locator('[part~="storage-problem"]').count(), 1);
    assert.deepEqual(await page.evaluate(() => document.querySelector('catalyse-survey').answers),
      { dynamique: 'nombreuses', actions: ['dialogue'] });
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});

describe('kiosk: closing the page as soon as the thank-you shows', () => {
  const SECRET = 'rencontres des pionniers 2026';
  const KIOSK = `web/kiosk/?src=${encodeURIComponent('/tests/fixtures/minimal.json')}`;

  test('a response confirmed by the thank-you is found by the organiser after the page was closed at once', async () => {
    const first = await session.open(KIOSK);
    const context = first.context();
    await first.locator('#setup').waitFor();
    await first.fill('#setup-secret', SECRET);
    await first.fill('#setup-secret2', SECRET);
    await first.click('#setup-form button[type=submit]');
    let page = first;
    for (const option of ['Un peu', 'Oui']) {
      await page.locator('catalyse-survey [data-ready] h2.title').waitFor({ timeout: 20000 });
      await page.locator('catalyse-survey').getByLabel(option, { exact: true }).check();
      await page.locator('catalyse-survey').getByRole('button', { name: 'Terminer' }).click();
      await page.locator('#thanks').waitFor();
      // Confirmed: close now, without "next person", then reopen the kiosk in the same profile.
      const url = page.url();
      await page.close();
      page = await context.newPage();
      await page.goto(url);
    }
    await page.locator('catalyse-survey [data-ready] h2.title').waitFor({ timeout: 20000 });
    await page.click('#organiser-open');
    await page.fill('#unlock-secret', SECRET);
    await page.click('#unlock-form button[type=submit]');
    await page.locator('#organiser-panel').waitFor();
    assert.equal(await page.locator('#fact-stored').textContent(), '2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(doc.records.length, 2);
    assert.deepEqual(doc.records.map((r) => r.answers.q1).sort(), ['oui', 'peu']);
    assert.deepEqual(pageProblems(first), []);
    await context.close();
  });
});

describe('kiosk storage held by another tab', () => {
  test('an upgrade blocked by an older connection rejects while that connection is still open (StoreBlockedError); the late connection is closed when it comes', async () => {
    const page = await session.open('web/kiosk/result.html');
    const outcome = await page.evaluate(async () => {
      const { KioskStore, StoreBlockedError } = await import('/web/kiosk/kiosk-store.js');
      const name = 'catalyse-kiosk-blocked-test';
      // Another tab of the kiosk, at version 1, that does not let go (an older page, a frozen tab).
      const held = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name, 1);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      let error = null;
      try {
        (await KioskStore.open({ name, version: 2 })).close();
      } catch (err) {
        error = { name: err.name, message: err.message, blocked: err instanceof StoreBlockedError };
      }
      held.close();
      // The upgrade now goes through; had its connection been kept, deleting would be blocked.
      const deleted = await new Promise((resolve) => {
        const d = indexedDB.deleteDatabase(name);
        d.onsuccess = () => resolve('deleted');
        d.onblocked = () => resolve('blocked');
        d.onerror = () => resolve('error');
      });
      return { error, deleted };
    });
    assert.ok(outcome.error, 'open() did not reject');
    assert.equal(outcome.error.blocked, true);
    assert.equal(outcome.error.name, 'StoreBlockedError');
    assert.match(outcome.error.message, /another tab/);
    assert.equal(outcome.deleted, 'deleted');
    await page.closeContext();
  });
});
