// The organiser page (/organise/) against the real catalyse-server (SQLite): create an event with
// the admin token, follow it with the organiser token shown once, exports, close, erase; strict
// CSP, keyboard, axe-core (WCAG 2.1 AA), phone and desktop screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { axeViolations, launchBrowser, openPage, pageProblems, screenshot } from './support.mjs';
import { ADMIN_TOKEN, api, record, serverForSuite, submit } from '../server/support.mjs';

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

const suite = serverForSuite('sqlite');
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('organiser page', () => {
  test('create, follow, export, close and erase an event from the page', async () => {
    const page = await openPage(browser, new URL('/organise/', suite.base).href, { waitFor: '#create-form' });
    try {
      assert.deepEqual(await axeViolations(page), [], 'axe: the empty page');
      await screenshot(page, 'organise-1280');

      // A wrong admin token: the server's message, nothing created.
      await page.fill('#admin-token', 'not-the-token-xxxxxxxx');
      await page.fill('#event-name', 'Rencontres 2026');
      await page.click('#create-form button[type=submit]');
      await page.locator('#create-errors li').first().waitFor();
      assert.match(await page.locator('#create-errors').textContent(), /jeton d’administration manque ou est faux/, 'the server\'s message, in French');

      await page.fill('#admin-token', ADMIN_TOKEN);
      await page.click('#create-form button[type=submit]');
      await page.locator('#created').waitFor();
      const code = (await page.locator('#created-code').textContent()).trim();
      const token = (await page.locator('#created-token').textContent()).trim();
      assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      assert.ok(token.length >= 40);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'created', 'focus moves to the new event');
      assert.match(await page.locator('#created-kiosk').getAttribute('href'), /^\/kiosk\/\?src=\/api\/v1\/events\/[2-9A-Z]{8}\/questionnaire$/);
      // The live room's two addresses: the participants', and the projector's with the token in its fragment.
      assert.equal(await page.locator('#created-join').getAttribute('href'), new URL(`/e/${code}`, suite.base).href);
      assert.equal(await page.locator('#created-screen').getAttribute('href'), new URL(`/e/${code}/screen#token=${token}`, suite.base).href);
      assert.doesNotMatch(await page.locator('#created-screen').textContent(), new RegExp(token), 'the token is not written out again');
      assert.deepEqual(await axeViolations(page), [], 'axe: event created');

      // Two responses arrive; the organiser follows the event with the keyboard.
      const info = (await api(suite.base, 'GET', `/api/v1/events/${code}`)).json;
      const event = { code, endpoint: info.endpoint, questionnaireHash: info.questionnaire.hash };
      const records = [record(event, 0), record(event, 1)];
      for (const r of records) assert.equal((await submit(suite.base, event, r)).status, 201);
      await page.fill('#manage-token', token);
      await page.focus('#manage-token');
      await page.keyboard.press('Enter');
      await page.locator('#event').waitFor();
      assert.match(await page.locator('#event-status').textContent(), /ouvert · 2 réponse/);
      assert.equal(await page.locator('#event-screen').getAttribute('href'), new URL(`/e/${code}/screen#token=${token}`, suite.base).href);
      // The reveal switch: off, on (the server says so), off again.
      const reveal = page.locator('#reveal');
      assert.equal(await reveal.getAttribute('aria-checked'), 'false');
      await reveal.click();
      await page.locator('#reveal[aria-checked="true"]').waitFor();
      assert.equal((await api(suite.base, 'GET', `/api/v1/events/${code}`)).json.revealed, true);
      await reveal.click();
      await page.locator('#reveal[aria-checked="false"]').waitFor();
      assert.equal((await api(suite.base, 'GET', `/api/v1/events/${code}`)).json.revealed, false);
      assert.equal(await page.locator('#erase').isDisabled(), true, 'no erasing an open event');

      const json = await download(page, '#export-json');
      assert.equal(json.name, `catalyse-${code}.json`);
      assert.deepEqual(JSON.parse(json.text).records.map((r) => r.id).sort(), records.map((r) => r.id).sort());
      const csv = await download(page, '#export-csv');
      assert.equal(csv.text.split('\r\n').filter(Boolean).length, 3, 'a header and two lines');
      assert.match(csv.text.split('\r\n')[0], /^\uFEFFid;questionnaire;version;hash;lang;completed;/, 'French CSV: ";"');
      const aggregate = JSON.parse((await download(page, '#download-aggregate')).text);
      assert.equal(aggregate.format, 'catalyse-aggregate/1');
      assert.equal(aggregate.n, 2);

      page.on('dialog', (d) => d.accept());
      await page.click('#close');
      await page.locator('#event-status', { hasText: 'clos' }).waitFor();
      assert.equal((await submit(suite.base, event, record(event, 2))).status, 410);
      assert.equal(await page.locator('#erase').isDisabled(), true, 'closed but not exported since');
      await download(page, '#export-json');
      await page.locator('#erase:not([disabled])').waitFor();
      await screenshot(page, 'organise-closed-1280');
      await page.click('#erase');
      await page.locator('#event').waitFor({ state: 'hidden' });
      assert.equal((await api(suite.base, 'GET', `/api/v1/events/${code}`)).status, 404, 'erased on the server');
      // The one failed request is the wrong admin token, on purpose.
      assert.deepEqual(pageProblems(page).filter((p) => !/status of 401/.test(p)), []);
    } finally {
      await page.closeContext();
    }
  });

  test('in English, on a phone', async () => {
    const page = await openPage(browser, new URL('/organise/?lang=en', suite.base).href, { waitFor: '#create-form', width: 375, height: 800 });
    try {
      assert.equal(await page.locator('#create-title').textContent(), 'Create an event');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await screenshot(page, 'organise-en-375');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
  });
});
