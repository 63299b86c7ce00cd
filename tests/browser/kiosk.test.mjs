// The kiosk page in Chromium: N responses committed before each thank-you, a fresh form for the
// next person, reload and close/reopen, offline after the first load, exports with exactly N
// records, an intermittently failing endpoint with no duplicate and no loss, an endpoint that
// refuses a response, a storage failure kept in memory and exportable, the idle timeout, and the
// thank-you screen: one action, a QR code read by zbarimg that opens the same result on a phone,
// a countdown that waits while the organiser view is open.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { parseResultFragment } from '../../web/kiosk/result-link.js';
import { axeViolations, launchBrowser, openPage, pageProblems, ROOT, screenshot } from './support.mjs';

const SECRET = 'rencontres des pionniers 2026';

const KIOSK = (params = '') => `web/kiosk/?src=${encodeURIComponent('/tests/fixtures/minimal.json')}${params}`;

// The project's static server behind a small front server on the same origin, which also answers
// the organiser's endpoint (/api/…) with a handler given by the test.
async function startServer(handler = (_req, res) => res.writeHead(404).end()) {
  const { server: inner, url: innerUrl } = await serve({ dir: ROOT });
  const target = new URL(innerUrl);
  const seen = [];
  const front = createServer((req, res) => {
    seen.push(req.url);
    if (req.url.startsWith('/api/')) return handler(req, res);
    const proxied = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    proxied.on('error', () => res.writeHead(502).end());
    req.pipe(proxied);
    return undefined;
  });
  await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${front.address().port}/`,
    seen,
    async close() {
      front.closeAllConnections?.();
      inner.closeAllConnections?.();
      await new Promise((r) => front.close(r));
      await new Promise((r) => inner.close(r));
    },
  };
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function setUp(page, { endpoint = '', device = '' } = {}) {
  await page.locator('#setup').waitFor();
  await page.fill('#setup-secret', SECRET);
  await page.fill('#setup-secret2', SECRET);
  if (device) await page.fill('#setup-device', device);
  if (endpoint) await page.fill('#setup-endpoint', endpoint);
  await page.click('#setup-form button[type=submit]');
  await page.locator('catalyse-survey [data-ready] h2.title').waitFor({ timeout: 20000 });
}

const survey = (page) => page.locator('catalyse-survey');

async function storedCount(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('catalyse-kiosk');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction('responses').objectStore('responses').count();
      req.onsuccess = () => { resolve(req.result); db.close(); };
    };
  }));
}

async function storedRaw(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('catalyse-kiosk');
    open.onsuccess = () => {
      const req = open.result.transaction('responses').objectStore('responses').getAll();
      req.onsuccess = () => { resolve(JSON.stringify(req.result)); open.result.close(); };
    };
  }));
}

/** Answers and finishes one response; checks it is stored before the thank-you shows. */
async function respond(page, option = 'Oui') {
  const s = survey(page);
  await s.getByLabel(option, { exact: true }).check();
  const before = await storedCount(page);
  await s.getByRole('button', { name: 'Terminer' }).click();
  await page.locator('#thanks').waitFor();
  return before;
}

async function nextPerson(page) {
  await page.click('#thanks-next');
  await page.locator('#thanks').waitFor({ state: 'hidden' });
  await survey(page).getByLabel('Oui', { exact: true }).waitFor();
  assert.equal(await survey(page).getByLabel('Oui', { exact: true }).isChecked(), false, 'the next person starts from an empty form');
}

async function unlock(page, secret = SECRET) {
  await page.click('#organiser-open');
  await page.fill('#unlock-secret', secret);
  await page.click('#unlock-form button[type=submit]');
}

async function exportFile(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

describe('kiosk', () => {
  test('N responses: each committed before its thank-you, a fresh form for the next person, exported exactly', async (t) => {
    const server = await startServer();
    const page = await openPage(browser, new URL(KIOSK(), server.url).href);
    try {
      await screenshot(page, 'kiosk-setup-1280');
      await setUp(page, { device: 'Tablette 1' });
      const N = 5;
      const took = [];
      for (let i = 0; i < N; i += 1) {
        const started = Date.now();
        const before = await respond(page, i % 2 ? 'Un peu' : 'Oui');
        took.push(Date.now() - started);
        assert.equal(before, i);
        assert.equal(await storedCount(page), i + 1, 'stored (transaction complete) when the thank-you appears');
        if (i === 0) await screenshot(page, 'kiosk-thanks-1280');
        await nextPerson(page);
      }
      // Nothing readable on the device without the secret.
      const raw = await storedRaw(page);
      assert.equal(raw.includes('"answers"'), false);
      assert.equal(raw.includes('peu'), false);
      assert.equal(await page.evaluate(() => JSON.stringify(localStorage)), '{}');

      took.sort((a, b) => a - b);
      t.diagnostic(`finish → sealed, committed, thank-you shown: median ${took[2]} ms, max ${took[4]} ms (seen from the test)`);
      await unlock(page, 'not the secret at all');
      await page.locator('#unlock-error').waitFor();
      assert.equal(await page.locator('#unlock-error').textContent(), 'Secret incorrect.');
      assert.equal(await page.locator('#organiser-panel').isHidden(), true);
      await page.fill('#unlock-secret', SECRET);
      const unlocking = Date.now();
      await page.click('#unlock-form button[type=submit]');
      await page.locator('#organiser-panel').waitFor();
      t.diagnostic(`unlock (PBKDF2 600,000 iterations, key check): ${Date.now() - unlocking} ms`);
      assert.equal(await page.locator('#fact-stored').textContent(), String(N));
      assert.equal(await page.locator('#clear-open').isDisabled(), true, 'no erasing before an export');
      assert.equal(new URL(await page.locator('#results-link').evaluate((a) => a.href)).pathname, '/web/results/', 'the way to the group results');
      await screenshot(page, 'kiosk-organiser-1280');

      const json = await exportFile(page, '#export-json');
      assert.match(json.name, /^catalyse-Tablette-1-\d{4}-\d\d-\d\d\.json$/);
      const doc = JSON.parse(json.text);
      assert.equal(doc.format, 'catalyse-export/1');
      assert.equal(doc.records.length, N);
      assert.equal(new Set(doc.records.map((r) => r.id)).size, N);
      assert.deepEqual(doc.records.map((r) => r.answers.q1).sort(), ['oui', 'oui', 'oui', 'peu', 'peu']);
      for (const r of doc.records) {
        assert.equal(r.format, 'catalyse-response/1');
        assert.match(r.completed, /^\d{4}-\d\d$/);
        assert.deepEqual(Object.keys(r).sort(), ['answers', 'completed', 'format', 'id', 'lang', 'questionnaire']);
      }
      // The chain: this export is what the organisers' tool aggregates, every record used.
      const exported = path.join(tmpdir(), `catalyse-kiosk-export-${process.pid}.json`);
      writeFileSync(exported, json.text);
      const cli = spawnSync(path.join(ROOT, process.env.CATALYSE_BUILD_DIR ?? 'build', 'native', 'cli', 'catalyse'),
        ['aggregate', path.join(ROOT, 'tests', 'fixtures', 'minimal.json'), exported], { encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr || cli.stdout.slice(0, 500));
      const aggregate = JSON.parse(cli.stdout).aggregate;
      assert.equal(aggregate.n, N);
      assert.deepEqual(aggregate.questions.find((q) => q.id === 'q1').options.map((o) => o.count), [0, 2, 3, 0]);

      const csv = await exportFile(page, '#export-csv');
      assert.equal(csv.text.trim().split('\r\n').length, N + 1);
      // A kiosk set up in French: ";" between cells, as French spreadsheets expect.
      assert.match(csv.text, /^\uFEFFid;questionnaire;version;hash;lang;completed;/);
      assert.equal(await storedCount(page), N, 'exporting deletes nothing');

      // Erasing needs an export first and a confirmation; it removes the exported responses only.
      assert.equal(await page.locator('#clear-open').isDisabled(), false);
      await page.click('#clear-open');
      await page.click('#clear-cancel');
      assert.equal(await storedCount(page), N);
      await page.click('#clear-open');
      await page.click('#clear-confirm');
      await page.waitForFunction(() => document.getElementById('fact-stored').textContent === '0');
      assert.equal(await storedCount(page), 0);
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
      await server.close();
    }
  });

  test('a reload or a closed tab mid-way loses nothing stored and shows no earlier answers', async () => {
    const server = await startServer();
    const page = await openPage(browser, new URL(KIOSK(), server.url).href);
    const context = page.context();
    try {
      await setUp(page);
      await respond(page);
      await nextPerson(page);
      await respond(page);
      await nextPerson(page);
      // Half-way through the third response: reload.
      await survey(page).getByLabel('Un peu', { exact: true }).check();
      await page.reload();
      await survey(page).locator('[data-ready] h2.title').waitFor();
      assert.equal(await survey(page).getByLabel('Un peu', { exact: true }).isChecked(), false);
      assert.equal(await page.locator('#setup').isHidden(), true, 'the kiosk stays set up');
      assert.equal(await storedCount(page), 2);
      await respond(page);
      // Close the tab in the middle of the next one, open the kiosk again.
      await nextPerson(page);
      await survey(page).getByLabel('Oui', { exact: true }).check();
      const url = page.url();
      await page.close();
      const again = await context.newPage();
      await again.goto(url);
      await survey(again).locator('[data-ready] h2.title').waitFor();
      assert.equal(await survey(again).getByLabel('Oui', { exact: true }).isChecked(), false);
      assert.equal(await storedCount(again), 3);
      await respond(again);
      await unlock(again);
      await again.locator('#organiser-panel').waitFor();
      const doc = JSON.parse((await exportFile(again, '#export-json')).text);
      assert.equal(doc.records.length, 4);
      assert.equal(new Set(doc.records.map((r) => r.id)).size, 4);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('after one load it works offline, even with the server gone', async () => {
    const server = await startServer();
    const page = await openPage(browser, new URL(KIOSK(), server.url).href);
    const context = page.context();
    try {
      await setUp(page);
      await page.evaluate(() => navigator.serviceWorker.ready);
      // The worker caches what the page loaded (core, wasm, questionnaire) once the widget is ready.
      await page.waitForFunction(async () => {
        const keys = await caches.keys();
        if (!keys.length) return false;
        const cache = await caches.open(keys[0]);
        const urls = (await cache.keys()).map((r) => r.url);
        return urls.some((u) => u.endsWith('.wasm')) && urls.some((u) => u.endsWith('minimal.json')) && urls.some((u) => u.endsWith('/kiosk/'));
      }, null, { timeout: 20000 });
      await respond(page);
      await nextPerson(page);
      await context.setOffline(true);
      await server.close();
      await page.reload();
      await survey(page).locator('[data-ready] h2.title').waitFor({ timeout: 20000 });
      assert.equal(await page.evaluate(() => navigator.onLine), false);
      await respond(page);
      await nextPerson(page);
      await respond(page);
      assert.equal(await storedCount(page), 3);
      await unlock(page);
      await page.locator('#organiser-panel').waitFor();
      assert.equal(await page.locator('#fact-offline').textContent(), 'oui');
      const doc = JSON.parse((await exportFile(page, '#export-json')).text);
      assert.equal(doc.records.length, 3);
    } finally {
      await context.close();
    }
  });

  test('an endpoint that fails intermittently receives every response once: no duplicate, no loss', async () => {
    // The organiser's endpoint: keeps responses by Idempotency-Key; fails in turn with a 503, with
    // a 500 after storing (the answer is lost), by cutting the connection, then accepts twice.
    const stored = new Map();
    const log = [];
    let turn = 0;
    const server = await startServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const key = req.headers['idempotency-key'];
        const mode = ['503', 'store-500', 'cut', 'ok', 'ok'][turn++ % 5];
        let record = null;
        try { record = JSON.parse(body); } catch { /* counted below */ }
        log.push({ key, id: record?.id, mode, method: req.method });
        if (mode === '503') { res.writeHead(503).end(); return; }
        if (mode === 'cut') { req.socket.destroy(); return; }
        if (!stored.has(key)) stored.set(key, record);
        if (mode === 'store-500') { res.writeHead(500).end(); return; }
        res.writeHead(stored.get(key) === record ? 201 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    const page = await openPage(browser, new URL(KIOSK('&retry=40'), server.url).href);
    const context = page.context();
    try {
      await setUp(page, { endpoint: '/api/responses' });
      const N = 6;
      for (let i = 0; i < N; i += 1) {
        if (i === 2) await context.setOffline(true);   // two responses while offline
        if (i === 4) await context.setOffline(false);
        await respond(page, i % 2 ? 'Oui' : 'Non');
        await nextPerson(page);
      }
      const deadline = Date.now() + 30000;
      while (stored.size < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(stored.size, N, `the endpoint got ${stored.size} of ${N}`);
      // Let the queue settle, then check no record was sent again after a success.
      await new Promise((r) => setTimeout(r, 500));
      for (const entry of log) {
        assert.equal(entry.method, 'POST');
        assert.equal(entry.key, entry.id, 'Idempotency-Key is the response id');
      }
      const successes = log.filter((e) => e.mode === 'ok');
      assert.equal(new Set(successes.map((e) => e.key)).size, successes.length, 'no record is sent again after a 2xx');
      assert.ok(log.some((e) => e.mode === 'store-500'), 'a lost answer happened');
      assert.ok(log.some((e) => e.mode === 'cut'), 'a cut connection happened');

      await unlock(page);
      await page.locator('#organiser-panel').waitFor();
      const doc = JSON.parse((await exportFile(page, '#export-json')).text);
      assert.deepEqual(doc.records.map((r) => r.id).sort(), [...stored.keys()].sort(), 'the device and the endpoint hold the same responses');
      for (const r of doc.records) assert.deepEqual(stored.get(r.id), r);
      assert.match(await page.locator('#fact-sending').textContent(), /0 en attente/);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test('a storage failure is shown to the organiser and the response stays in memory, exportable', async () => {
    const server = await startServer();
    const page = await openPage(browser, new URL(KIOSK(), server.url).href);
    try {
      await setUp(page);
      await respond(page);
      await nextPerson(page);
      // From now on every write fails as a full disk would.
      await page.evaluate(() => {
        window.__transaction = IDBDatabase.prototype.transaction;
        IDBDatabase.prototype.transaction = function transaction(stores, mode, options) {
          if (mode === 'readwrite' && String(stores) === 'responses') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return window.__transaction.call(this, stores, mode, options);
        };
      });
      await respond(page, 'Non');
      const alert = page.locator('#storage-alert');
      await alert.waitFor();
      assert.match(await alert.textContent(), /QuotaExceededError/);
      assert.match(await alert.textContent(), /1 réponse\(s\) sont seulement en mémoire/);
      assert.equal(await storedCount(page), 1);
      await nextPerson(page);
      await unlock(page);
      await page.locator('#organiser-panel').waitFor();
      assert.equal(await page.locator('#fact-memory').textContent(), '1');
      const doc = JSON.parse((await exportFile(page, '#export-json')).text);
      assert.deepEqual(doc.records.map((r) => r.answers.q1).sort(), ['non', 'oui']);
      await screenshot(page, 'kiosk-storage-failure-1280');
      await page.click('#organiser-lock');
      // Storage comes back: the next save also writes the one held in memory.
      await page.evaluate(() => { IDBDatabase.prototype.transaction = window.__transaction; });
      await respond(page, 'Un peu');
      await alert.waitFor({ state: 'hidden' });
      assert.equal(await storedCount(page), 3);
    } finally {
      await page.closeContext();
      await server.close();
    }
  });

  test('an abandoned form is erased after an idle warning; "continue" keeps it', async () => {
    const server = await startServer();
    const page = await openPage(browser, new URL(KIOSK('&idle=1&warn=2'), server.url).href, { width: 375, height: 800 });
    try {
      await setUp(page);
      await screenshot(page, 'kiosk-form-375');
      await survey(page).getByLabel('Oui', { exact: true }).check();
      await page.locator('#idle-dialog[open]').waitFor({ timeout: 5000 });
      await screenshot(page, 'kiosk-idle-375', { fullPage: false });
      await page.click('#idle-continue');
      assert.equal(await survey(page).getByLabel('Oui', { exact: true }).isChecked(), true);
      await page.locator('#idle-dialog[open]').waitFor({ timeout: 5000 });
      await page.locator('#idle-dialog[open]').waitFor({ state: 'detached', timeout: 6000 });
      assert.equal(await survey(page).getByLabel('Oui', { exact: true }).isChecked(), false, 'erased for the next person');
      assert.equal(await storedCount(page), 0);
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
      await server.close();
    }
  });

  test('the organiser view locks itself when left open, and wrong secrets slow down', async () => {
    const server = await startServer();
    const page = await openPage(browser, new URL(KIOSK('&lock=1'), server.url).href);
    try {
      await setUp(page);
      await respond(page);
      for (let i = 0; i < 3; i += 1) {
        if (i === 0) await page.click('#organiser-open');
        await page.fill('#unlock-secret', `wrong guess ${i}`);
        await page.click('#unlock-form button[type=submit]');
        await page.waitForFunction((n) => document.getElementById('unlock-error').textContent === 'Secret incorrect.' && n >= 0, i);
        await page.evaluate(() => { document.getElementById('unlock-error').textContent = ''; });
      }
      await page.fill('#unlock-secret', SECRET);
      await page.click('#unlock-form button[type=submit]');
      await page.waitForFunction(() => /Trop d’essais/.test(document.getElementById('unlock-error').textContent));
      await page.waitForTimeout(2100);
      await page.click('#unlock-form button[type=submit]');
      await page.locator('#organiser-panel').waitFor();
      // Left alone for a second (?lock=1): locked, the dialog closed.
      await page.locator('#organiser-dialog').waitFor({ state: 'hidden', timeout: 5000 });
      assert.equal(await page.locator('#organiser-panel').isHidden(), true);
    } finally {
      await page.closeContext();
      await server.close();
    }
  });

  test('an endpoint that refuses a response (4xx): set aside, shown to the organiser with its status and message, sent again on demand', async () => {
    const received = [];
    let refuse = true;
    let first = null;
    const server = await startServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const key = req.headers['idempotency-key'];
        first ??= key;
        received.push(key);
        if (refuse && key === first) {
          res.writeHead(422, { 'content-type': 'application/json' }).end('{"ok":false,"errors":[{"path":"/questionnaire","message":"unknown questionnaire for this event"}]}');
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    const page = await openPage(browser, new URL(KIOSK('&retry=40'), server.url).href);
    try {
      await setUp(page, { endpoint: '/api/responses' });
      for (const option of ['Oui', 'Non', 'Un peu']) {
        await respond(page, option);
        await nextPerson(page);
      }
      const deadline = Date.now() + 10000;
      while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(received.filter((k) => k === first).length, 1, 'the refused response is not sent again by itself');
      assert.equal(new Set(received).size, 3, 'the other two went on');
      await unlock(page);
      await page.locator('#organiser-panel').waitFor();
      const refused = page.locator('#refused');
      await refused.waitFor();
      assert.equal(await page.locator('#refused-list li').count(), 1);
      assert.equal(await page.locator('#refused-list li').textContent(), '1 réponse(s)\u00a0: HTTP 422 — «\u00a0unknown questionnaire for this event\u00a0»');
      assert.match(await page.locator('#fact-sending').textContent(), /0 en attente/);
      await screenshot(page, 'kiosk-refused-1280');
      // The refusal is kept on the device: still shown after a reload.
      await page.reload();
      await survey(page).locator('[data-ready] h2.title').waitFor();
      await unlock(page);
      await refused.waitFor();
      assert.equal(await page.locator('#refused-list li').count(), 1);
      // The organiser fixed the endpoint: sent again, accepted, no longer listed.
      refuse = false;
      await page.click('#refused-retry');
      await page.locator('#refused').waitFor({ state: 'hidden', timeout: 10000 });
      assert.equal(received.filter((k) => k === first).length, 2);
      const doc = JSON.parse((await exportFile(page, '#export-json')).text);
      assert.equal(doc.records.length, 3, 'the refused response stayed on the device and in the export');
      assert.deepEqual(pageProblems(page).filter((p) => !/422/.test(p)), []);
    } finally {
      await page.closeContext();
      await server.close();
    }
  });

  test('thank-you at a tablet\'s width: one action, a QR code that opens the same result on a phone, nothing sent; the countdown waits for the organiser', async (t) => {
    const server = await startServer();
    // The default questionnaire (28 questions): the longest link the kiosk makes.
    const page = await openPage(browser, new URL('web/kiosk/?done=3', server.url).href, { width: 1024, height: 768 });
    try {
      await setUp(page);
      const s = survey(page);
      const answers = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));
      const completed = page.evaluate(() => new Promise((resolve) => {
        document.addEventListener('catalyse-complete', (e) => resolve(e.detail.result), { once: true });
      }));
      await s.evaluate((el, a) => { el.answers = a; }, answers);
      for (let i = 0; i < 12 && await page.locator('#thanks').isHidden(); i += 1) {
        await s.locator('[part~="next"]').click();
        await page.waitForTimeout(100);
      }
      await page.locator('#thanks').waitFor();
      const kioskResult = await completed;
      // One action for the next person: the kiosk's; neither the widget's "new response" nor "print".
      const actions = page.getByRole('button', { name: /Personne suivante|Nouvelle réponse|Imprimer/ });
      const visible = [];
      for (let i = 0; i < await actions.count(); i += 1) if (await actions.nth(i).isVisible()) visible.push(await actions.nth(i).textContent());
      assert.deepEqual(visible, ['Personne suivante']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'thanks-next');
      const shot = await screenshot(page, 'kiosk-thanks-1024', { fullPage: false });
      assert.deepEqual(await axeViolations(page), [], 'the thank-you screen passes axe-core');
      // The code, read from the screenshot as a phone's camera would.
      const zbar = spawnSync('zbarimg', ['--quiet', '--raw', shot], { encoding: 'utf8' });
      assert.equal(zbar.status, 0, `zbarimg found no code: ${zbar.stderr}`);
      const link = zbar.stdout.trim();
      const drawn = await page.locator('#take-away-code svg').getAttribute('data-link');
      assert.equal(link, drawn);
      const url = new URL(link);
      assert.equal(url.pathname, '/web/kiosk/result.html');
      assert.equal(url.search, '', 'the default questionnaire: nothing in the query');
      const parsed = parseResultFragment(url.hash);
      assert.ok(parsed, url.hash);
      const side = await page.locator('#take-away-code svg').evaluate((svg) => svg.viewBox.baseVal.width - 8);
      t.diagnostic(`result link ${link.length} characters (fragment ${url.hash.length - 1}); QR version ${(side - 17) / 4}, ${side}×${side} modules, error correction M`);

      // The countdown waits while the organiser view is open: nothing is reset underneath it.
      await page.click('#organiser-open');
      await page.waitForTimeout(4200);
      assert.equal(await page.locator('#thanks').isVisible(), true, 'still thanking after more than the 3 s countdown');
      assert.match(await page.locator('#thanks-countdown').textContent(), /suspendu/);
      assert.equal(await s.locator('[part~="done"]').count(), 1, 'the result is still there underneath');
      await page.click('#unlock-cancel');
      await page.locator('#thanks').waitFor({ state: 'hidden', timeout: 6000 });

      // The phone: another browser, 375 px, opens the link.
      const before = server.seen.length;
      const phone = await openPage(browser, link, { width: 375, height: 812 });
      const result = phone.locator('catalyse-survey');
      await result.locator('[part~="done"]').waitFor({ timeout: 15000 });
      const phoneResult = await result.evaluate((el) => el.result);
      for (const key of ['index', 'level', 'declared', 'dimensions', 'insights', 'recommendations']) {
        assert.deepEqual(phoneResult[key], kioskResult[key], key);
      }
      assert.equal(await phone.evaluate(() => localStorage.length), 0, 'nothing stored on the phone');
      const asked = server.seen.slice(before);
      assert.ok(asked.some((u) => u.startsWith('/web/kiosk/result.html')));
      assert.deepEqual(asked.filter((u) => u.includes('~') || u.includes(parsed.hash)), [], 'the answers never reach the server');
      await screenshot(phone, 'kiosk-result-phone-375');
      assert.deepEqual(await axeViolations(phone), [], 'the phone\'s result page passes axe-core');
      assert.deepEqual(pageProblems(phone), []);
      await phone.closeContext();
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
      await server.close();
    }
  });

  test('the result page refuses a damaged link or one made for another questionnaire, and says so', async () => {
    const server = await startServer();
    try {
      const damaged = await openPage(browser, new URL('web/kiosk/result.html#r1~fr~0123abcd~%%%', server.url).href, { width: 375 });
      await damaged.locator('#problem').waitFor();
      assert.match(await damaged.locator('#problem').textContent(), /incomplet ou abîmé/);
      await damaged.closeContext();
      const other = await openPage(browser, new URL('web/kiosk/result.html#r1~en~0123abcd~AAAA', server.url).href, { width: 375 });
      await other.locator('#problem').waitFor({ timeout: 15000 });
      assert.match(await other.locator('#problem').textContent(), /another version of the questionnaire/);
      assert.equal(await other.locator('catalyse-survey').count(), 0);
      assert.deepEqual(pageProblems(other), []);
      await other.closeContext();
    } finally {
      await server.close();
    }
  });
});
