// Embedding on a site we do not control: the one-line embed from a deep path and from
// another origin, the strict Content-Security-Policy with Trusted Types end to end, the script
// loaded twice, two widgets on one page, and privacy (requests, cookies, what is stored, clearing
// it). Host pages are tests/pages/*.html, served by tests/pages/host-server.mjs with the widget's
// folder (web/) mounted wherever a test wants it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PAGES, ROOT, STRICT_CSP, WEB, serveSite } from '../pages/host-server.mjs';
import { launchBrowser, openPage, pageProblems } from './support.mjs';

const NESTED = '/static/vendor/catalyse/v0.1/';
const essor = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

let browser;
const servers = [];
before(async () => { browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

async function site(options) {
  const s = await serveSite(options);
  servers.push(s);
  return s;
}

/** Opens a host page; records every request URL on page.allRequests. */
async function open(url, options = {}) {
  const all = [];
  const page = await openPage(browser, url, {
    ...options,
    init: () => {
      window.__events = [];
      for (const name of ['catalyse-ready', 'catalyse-change', 'catalyse-complete', 'catalyse-error']) {
        document.addEventListener(name, (e) => window.__events.push({ name, target: e.target.id, bubbles: e.bubbles, composed: e.composed }));
      }
    },
  });
  page.allRequests = all;
  page.on('request', (r) => all.push(r.url()));
  return page;
}
// openPage starts recording requests after goto starts; keep both lists in one place.
const requestsOf = (page, s) => s.requests.map((u) => new URL(u, s.url).href);

/** Answers the default questionnaire's first question with a click and checks the core answered. */
async function answerFirst(survey) {
  await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  await survey.getByLabel('Un peu, cela commence à émerger').check();
  // the core answered: one question counted, the declared stage shown beside the (absent) index
  assert.equal(await survey.evaluate((el) => el.result.progress.answered), 1);
  assert.equal(await text(survey.locator('.declared strong')), 'Stade déclaré : Émergence');
}

describe('one-line embed', () => {
  test('from a deep path: every asset is resolved next to catalyse.js', async () => {
    const s = await site({ mounts: { '/cms/pages/': PAGES, [NESTED]: WEB }, vars: { WIDGET: NESTED } });
    const page = await open(`${s.url}cms/pages/neutral.html`);
    const survey = page.locator('catalyse-survey');
    await answerFirst(survey);
    assert.equal(await survey.evaluate((el) => el.src), `${s.origin}${NESTED}questionnaires/catalyseurs-2018.json`);
    const urls = requestsOf(page, s);
    for (const asset of ['dist/catalyse.js', 'generated/catalyse-core-trusting.wasm']) {
      assert.ok(urls.includes(`${s.origin}${NESTED}${asset}`), `${asset} fetched from ${NESTED}`);
    }
    // the default questionnaire is inside the bundle: its file (still the `src` value) is not fetched
    assert.ok(!urls.some((u) => u.endsWith('questionnaires/catalyseurs-2018.json')), 'default questionnaire not fetched');
    // one file for the widget's code: its modules and the wasm loader are inside the bundle
    assert.deepEqual(urls.filter((u) => /\/(src\/[\w-]+\.js|generated\/[\w-]+\.mjs)$/.test(u)), []);
    const elsewhere = urls.filter((u) => !u.startsWith(`${s.origin}${NESTED}`) && !u.startsWith(`${s.origin}/cms/pages/`));
    assert.deepEqual(elsewhere, [], 'nothing fetched outside the widget folder and the page folder');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('from another origin (CORS), under a host CSP that allows that origin for scripts and fetches', async () => {
    const widget = await site({ mounts: { '/': WEB }, csp: null, headers: { 'access-control-allow-origin': '*' } });
    const csp = `default-src 'self'; script-src 'self' ${widget.origin} 'wasm-unsafe-eval'; connect-src 'self' ${widget.origin}; `
      + "style-src 'self'; require-trusted-types-for 'script'";
    const host = await site({ mounts: { '/': PAGES }, csp, vars: { WIDGET: widget.url } });
    const page = await open(`${host.url}cross-origin.html`);
    const survey = page.locator('catalyse-survey');
    await answerFirst(survey);
    assert.equal(await survey.evaluate((el) => el.src), `${widget.url}questionnaires/catalyseurs-2018.json`);
    assert.ok(widget.requests.includes('/generated/catalyse-core-trusting.wasm'), 'wasm from the widget origin');
    assert.ok(!widget.requests.includes('/questionnaires/catalyseurs-2018.json'), 'the default questionnaire comes inside the bundle');
    assert.deepEqual(host.requests.filter((u) => !['/cross-origin.html', '/favicon.svg'].includes(u)), [], 'nothing asked of the host but its page');
    // support.mjs lists requests off the page's origin: here only the widget's own origin is allowed
    const p = page.problems;
    assert.deepEqual(p.requests.filter((u) => !u.startsWith(widget.url)), []);
    p.requests.length = 0;
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('the CSP line is needed: without the widget origin in connect-src the widget says why, never a blank box', async () => {
    const widget = await site({ mounts: { '/': WEB }, csp: null, headers: { 'access-control-allow-origin': '*' } });
    const csp = `default-src 'self'; script-src 'self' ${widget.origin} 'wasm-unsafe-eval'; style-src 'self'`;
    const host = await site({ mounts: { '/': PAGES }, csp, vars: { WIDGET: widget.url } });
    const page = await open(`${host.url}cross-origin.html`);
    const box = page.locator('catalyse-survey [part="error"]');
    await box.waitFor({ timeout: 15000 });
    assert.equal(await box.getAttribute('role'), 'alert');
    assert.match(await text(box), /questionnaire/i);
    assert.ok(page.problems.csp.some((v) => v.startsWith('connect-src')), page.problems.csp.join('\n'));
    await page.closeContext();
  });
});

describe('strict Content-Security-Policy with Trusted Types', () => {
  test('answer, feedback, final screen and download, with no violation; an HTML string would be one', async () => {
    const s = await site({ mounts: { '/': PAGES, [NESTED]: WEB }, csp: `${STRICT_CSP}; trusted-types 'none'`, vars: { WIDGET: NESTED } });
    const page = await open(`${s.url}strict-csp.html`); // the policy in the header and in a <meta>
    const response = await page.request.get(`${s.url}strict-csp.html`);
    assert.equal(response.headers()['content-security-policy'], `${STRICT_CSP}; trusted-types 'none'`);
    const survey = page.locator('catalyse-survey');
    await answerFirst(survey);
    await survey.evaluate((el, answers) => { el.answers = answers; }, essor);
    assert.equal(await text(survey.locator('.level-badge')), 'Essor', 'the answers of tests/fixtures/answers-essor.json');
    for (let i = 0; i < 12 && await survey.getByRole('button', { name: 'Suivant' }).isVisible(); i++) {
      await survey.getByRole('button', { name: 'Suivant' }).click();
    }
    await survey.getByRole('button', { name: 'Terminer' }).click();
    await survey.getByRole('heading', { name: 'Merci, votre diagnostic est terminé' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      survey.getByRole('button', { name: 'Télécharger les données (JSON, pour comparer plus tard)' }).click(),
    ]);
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(doc.record.questionnaire.id, 'catalyseurs-territoriaux-2018');
    assert.deepEqual(doc.record.answers, essor);
    assert.equal(doc.result.index, await survey.evaluate((el) => el.result.index));
    assert.deepEqual(pageProblems(page), []);
    // the same page refuses an HTML string, and the test sees it: the checks above can fail
    const refused = await page.evaluate(() => { try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); return 'accepted'; } catch (e) { return e.name; } });
    assert.equal(refused, 'TypeError');
    await page.waitForFunction(() => true);
    assert.ok(page.problems.csp.some((v) => v.startsWith('require-trusted-types-for')), page.problems.csp.join('\n'));
    await page.closeContext();
  });
});

describe('several copies', () => {
  test('the script loaded twice (same URL, another query, another path) defines the element once', async () => {
    const other = '/plugins/other-theme/catalyse/';
    const s = await site({ mounts: { '/': PAGES, [NESTED]: WEB, [other]: WEB }, vars: { WIDGET: NESTED, WIDGET2: other } });
    const page = await open(`${s.url}twice.html`);
    const survey = page.locator('catalyse-survey');
    await answerFirst(survey);
    assert.ok(s.requests.includes(`${NESTED}dist/catalyse.js?again`) && s.requests.includes(`${other}dist/catalyse.js`), s.requests.join(' '));
    const facts = await page.evaluate(() => ({
      defined: Boolean(customElements.get('catalyse-survey')),
      isInstance: document.querySelector('catalyse-survey') instanceof customElements.get('catalyse-survey'),
      roots: document.querySelector('catalyse-survey').shadowRoot.querySelectorAll('.root').length,
      ready: window.__events.filter((e) => e.name === 'catalyse-ready').length,
    }));
    assert.deepEqual(facts, { defined: true, isInstance: true, roots: 1, ready: 1 });
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('two widgets on one page keep their own answers, results, language and events', async () => {
    const s = await site({ mounts: { '/': PAGES, [NESTED]: WEB }, vars: { WIDGET: NESTED } });
    const page = await open(`${s.url}two-widgets.html`);
    const first = page.locator('#first');
    const second = page.locator('#second');
    await first.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    await second.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    assert.equal(await text(second.locator('h2.title')), 'Territorial co-construction self-assessment', 'lang from the ancestor');
    await first.getByLabel('Oui, tout à fait, cela est ancré dans le fonctionnement du territoire').check();
    await second.getByLabel('No, not at all').check();
    assert.deepEqual(await first.evaluate((el) => el.answers), { dynamique: 'ancre' });
    assert.deepEqual(await second.evaluate((el) => el.answers), { dynamique: 'non' });
    assert.equal(await first.evaluate((el) => el.result.declared.level), 'ancrage');
    assert.equal(await second.evaluate((el) => el.result.declared.level), 'amorce');
    assert.equal(await text(first.locator('.declared strong')), 'Stade déclaré : Ancrage');
    assert.equal(await text(second.locator('.declared strong')), 'Declared stage: Starting out');
    // page layout on the first only; every section of the first is shown, one of the second
    assert.ok(await first.locator('[part="section"]').nth(2).isVisible());
    assert.ok(!(await second.locator('[part="section"]').nth(2).isVisible()));
    const changes = await page.evaluate(() => window.__events.filter((e) => e.name === 'catalyse-change').map((e) => e.target));
    assert.ok(changes.includes('first') && changes.includes('second'));
    await first.evaluate((el) => el.reset());
    assert.deepEqual(await first.evaluate((el) => el.answers), {});
    assert.deepEqual(await second.evaluate((el) => el.answers), { dynamique: 'non' }, 'a reset of one leaves the other');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});

describe('privacy in self-diagnosis', () => {
  const stored = (page) => page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: sessionStorage.length,
    cookie: document.cookie,
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }));

  test('every request is for the widget’s own files; no cookie; only the documented resume copy is kept', async () => {
    const s = await site({ mounts: { '/': PAGES, [NESTED]: WEB }, vars: { WIDGET: NESTED } });
    const page = await open(`${s.url}neutral.html`);
    const survey = page.locator('catalyse-survey');
    await answerFirst(survey);
    await survey.evaluate((el, answers) => { el.answers = answers; }, essor);
    const key = 'catalyse:answers:catalyseurs-territoriaux-2018';
    assert.deepEqual(await stored(page), { local: [key], session: 0, cookie: '', databases: [], caches: [], workers: 0 });
    const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
    assert.deepEqual(Object.keys(saved).sort(), ['answers', 'format', 'section', 'version'], 'answers and where they were, nothing else');
    assert.equal(saved.format, 'catalyse-resume/1');
    assert.deepEqual(saved.answers, essor);
    await survey.evaluate((el) => el.setAttribute('layout', 'page'));
    await survey.getByRole('button', { name: 'Terminer' }).click();
    await survey.getByRole('heading', { name: 'Merci, votre diagnostic est terminé' }).waitFor();
    await Promise.all([page.waitForEvent('download'), survey.getByRole('button', { name: /Télécharger/ }).click()]);
    const own = [`${s.origin}${NESTED}`, `${s.origin}/neutral.html`, `${s.origin}/favicon.svg`];
    assert.deepEqual(page.allRequests.filter((u) => !u.startsWith('blob:') && !own.some((o) => u.startsWith(o))), []);
    assert.deepEqual(page.problems.requests, [], 'no other origin');
    assert.deepEqual(await page.context().cookies(), []);
    assert.deepEqual(pageProblems(page), []);
    // the final screen's restart erases the saved copy, once confirmed
    page.once('dialog', (d) => d.accept());
    await survey.getByRole('button', { name: 'Effacer mes réponses et recommencer' }).click();
    assert.deepEqual((await stored(page)).local, []);
    await page.closeContext();
  });

  test('the respondent can erase the saved answers at any time, and only after confirming', async () => {
    const s = await site({ mounts: { '/': PAGES, [NESTED]: WEB }, vars: { WIDGET: NESTED } });
    const page = await open(`${s.url}neutral.html`);
    const survey = page.locator('catalyse-survey');
    await answerFirst(survey);
    await page.reload();
    await survey.locator('.notice').waitFor({ timeout: 15000 });
    assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'emerge' }, 'resumed after a reload');
    const dialogs = [];
    page.once('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await survey.getByRole('button', { name: 'Effacer mes réponses' }).click();
    assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'emerge' }, 'kept when the respondent cancels');
    page.once('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    await survey.getByRole('button', { name: 'Effacer mes réponses' }).click();
    assert.deepEqual(dialogs, ['Effacer toutes les réponses et recommencer ?', 'Effacer toutes les réponses et recommencer ?']);
    assert.deepEqual(await survey.evaluate((el) => el.answers), {});
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    assert.ok(!(await survey.getByLabel('Un peu, cela commence à émerger').isChecked()));
    await page.reload();
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    assert.equal(await survey.locator('.notice').count(), 0, 'nothing to resume');
    assert.deepEqual(await survey.evaluate((el) => el.answers), {});
    await page.closeContext();
  });

  test('mode="kiosk" shows no erase button and stores nothing', async () => {
    const s = await site({ mounts: { '/': PAGES, [NESTED]: WEB }, vars: { WIDGET: NESTED } });
    const page = await open(`${s.url}neutral.html`);
    const survey = page.locator('catalyse-survey');
    await survey.evaluate((el) => el.setAttribute('mode', 'kiosk'));
    await answerFirst(survey);
    assert.equal(await survey.getByRole('button', { name: 'Effacer mes réponses' }).count(), 0);
    assert.deepEqual(await stored(page), { local: [], session: 0, cookie: '', databases: [], caches: [], workers: 0 });
    await page.closeContext();
  });
});
