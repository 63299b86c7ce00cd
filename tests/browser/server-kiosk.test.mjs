// The kiosk's endpoint setting against the real catalyse-server (SQLite): the organiser creates an
// event, the kiosk loads the event's questionnaire and posts each response to the event's endpoint
// as it is; the server is killed (-9) while responses wait and restarted on the same port: every
// response lands once, and the organiser's export equals the kiosk's own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, pageProblems, screenshot } from './support.mjs';
import { api, createEvent, database, startServer } from '../server/support.mjs';

const SECRET = 'rencontres des pionniers 2026';
const minimal = readFileSync(new URL('../fixtures/minimal.json', import.meta.url), 'utf8');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function exportFile(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return readFileSync(await download.path(), 'utf8');
}

describe('kiosk with catalyse-server', () => {
  test('every response reaches the event once, through a server crash and restart', async () => {
    const db = await database('sqlite');
    let server = await startServer(db.url);
    const port = server.port;
    const event = await createEvent(server.url, { name: 'Kiosque', questionnaire: minimal });
    const kiosk = new URL(`/kiosk/?src=${encodeURIComponent(event.questionnaireUrl)}&retry=40`, server.url).href;
    const page = await openPage(browser, kiosk);
    const stored = async () => (await api(server.url, 'GET', `/api/v1/events/${event.code}/export.json`, { token: event.organiserToken })).json;
    try {
      await page.locator('#setup').waitFor();
      await page.fill('#setup-secret', SECRET);
      await page.fill('#setup-secret2', SECRET);
      await page.fill('#setup-endpoint', event.endpoint);
      await page.click('#setup-form button[type=submit]');
      const survey = page.locator('catalyse-survey');
      await survey.locator('[data-ready] h2.title').waitFor({ timeout: 20000 });
      const respond = async (option) => {
        await survey.getByLabel(option, { exact: true }).check();
        await survey.getByRole('button', { name: 'Terminer' }).click();
        await page.locator('#thanks').waitFor();
        await page.click('#thanks-next');
        await page.locator('#thanks').waitFor({ state: 'hidden' });
      };
      const N = 5;
      for (let i = 0; i < 2; i += 1) await respond(i % 2 ? 'Oui' : 'Non');
      let deadline = Date.now() + 15000;
      while ((await stored()).count < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await stored()).count, 2, 'the first two arrived while the server was up');

      await server.kill();   // the server dies without warning; the kiosk keeps collecting
      for (let i = 2; i < N; i += 1) await respond(i % 2 ? 'Oui' : 'Un peu');
      server = await startServer(db.url, { port });
      deadline = Date.now() + 30000;
      while ((await stored()).count < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const doc = await stored();
      assert.equal(doc.count, N, `the server holds ${doc.count} of ${N}`);
      assert.equal(new Set(doc.records.map((r) => r.id)).size, N, 'each once');

      await page.click('#organiser-open');
      await page.fill('#unlock-secret', SECRET);
      await page.click('#unlock-form button[type=submit]');
      await page.locator('#organiser-panel').waitFor();
      const device = JSON.parse(await exportFile(page, '#export-json'));
      const byId = new Map(doc.records.map((r) => [r.id, r]));
      assert.deepEqual(device.records.map((r) => r.id).sort(), [...byId.keys()].sort(), 'the kiosk and the server hold the same responses');
      for (const r of device.records) assert.deepEqual(byId.get(r.id), r, 'byte for byte the same record');
      await screenshot(page, 'server-kiosk-organiser-1280');
      assert.deepEqual(pageProblems(page).filter((p) => !/Failed to load resource|ERR_CONNECTION_REFUSED|net::/.test(p)), [], 'no page error');
    } finally {
      await page.context().close();
      await server.stop();
      await db.stop();
    }
  });
});
