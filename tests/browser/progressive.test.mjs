// Progressive start: the first question is answerable before the wasm core has arrived. The test
// holds the core's download (Playwright route) and checks what the person can do meanwhile, that the
// core keeps the last word when it arrives (scores, visibility, errors, resume), and that the demo
// widget costs three requests: the bundle, the questionnaire, the wasm.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations, pageProblems, ROOT, startSession } from './support.mjs';

const HOLD_MS = 1500;
const SMALL = '/tests/fixtures/widget-small.json';
const demo = (src = SMALL, params = '') => `web/demo/?src=${encodeURIComponent(src)}${params}`;
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

function recordEvents() {
  window.__events = [];
  for (const name of ['catalyse-ready', 'catalyse-change', 'catalyse-error']) {
    document.addEventListener(name, (e) => {
      window.__events.push({ name, at: performance.now(), detail: JSON.parse(JSON.stringify(e.detail)) });
    });
  }
}
const events = (page, name) => page.evaluate((n) => window.__events.filter((e) => e.name === n), name);

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

/** A fresh context whose wasm core is answered only after HOLD_MS; `released` says when (page clock unknown: a flag). */
async function heldContext(existing, { ms = HOLD_MS, width = 1280 } = {}) {
  const context = existing ?? await session.browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
  const hold = { released: false };
  await context.route('**/generated/catalyse-core*.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    hold.released = true;
    await route.continue().catch(() => {}); // the context may be gone
  });
  return { context, hold };
}

describe('progressive start (wasm held for 1.5 s)', () => {
  test('a question is answerable before the core arrives; the click is kept and scored; catalyse-ready comes after', async () => {
    const { context, hold } = await heldContext();
    const page = await session.open(demo(), { context, init: recordEvents });
    const survey = page.locator('catalyse-survey');
    const option = survey.getByLabel('Un peu, cela commence à émerger');
    await option.waitFor({ timeout: 5000 });
    // The core has not arrived: no ready, no result, the panel says the scoring is loading.
    assert.equal(hold.released, false, 'the form showed while the wasm was held');
    assert.equal(await survey.evaluate((el) => el.shadowRoot.querySelector('.root').hasAttribute('data-ready')), false);
    assert.deepEqual(await events(page, 'catalyse-ready'), []);
    assert.equal(await survey.evaluate((el) => el.result), null);
    assert.equal(await text(survey.locator('.pending-note')), 'Chargement du calcul de vos résultats… Vous pouvez déjà répondre.');
    assert.equal(await survey.locator('.score-card').isVisible(), false);
    // A question with visibleIf stays hidden until the core decides; the others are there.
    assert.equal(await survey.evaluate((el) => el.shadowRoot.querySelector('[data-question="evaluation"]').hidden), true);
    assert.equal(await survey.evaluate((el) => el.shadowRoot.querySelector('[data-question="commentaire"]').hidden), false);
    // The person answers: the click is taken, kept, not scored yet.
    await option.check();
    const clickedAt = await page.evaluate(() => performance.now());
    assert.equal(hold.released, false, 'the click happened before the core arrived');
    assert.equal(await option.isChecked(), true);
    assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'emerge' });
    assert.equal(await survey.evaluate((el) => el.result), null);
    const focused = await survey.evaluate((el) => el.shadowRoot.activeElement?.value ?? null);
    // The core arrives: the answer is scored, the panel shows it, the form was not rebuilt.
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 10000 });
    assert.equal(hold.released, true);
    assert.equal(await survey.evaluate((el) => el.result.progress.answered), 1);
    assert.equal(await text(survey.locator('.declared strong')), 'Stade déclaré : Émergence');
    assert.equal(await survey.locator('.pending-note').isVisible(), false);
    assert.equal(await survey.locator('.score-card').isVisible(), true);
    assert.equal(await option.isChecked(), true);
    assert.equal(await survey.evaluate((el) => el.shadowRoot.activeElement?.value ?? null), focused, 'focus kept');
    // The core decides visibility now: 'emergence' makes the evaluation question visible.
    assert.ok((await survey.evaluate((el) => el.result.visible)).includes('evaluation'));
    assert.equal(await survey.evaluate((el) => el.shadowRoot.querySelector('[data-question="evaluation"]').hidden), false);
    const [ready] = await events(page, 'catalyse-ready');
    assert.ok(ready.at > clickedAt, `catalyse-ready (${ready.at}) after the click (${clickedAt})`);
    assert.equal(ready.detail.questionnaire.id, 'widget-small');
    const changes = await events(page, 'catalyse-change');
    assert.equal(changes.length, 1, 'the answer given early is reported once, once scored');
    assert.ok(changes[0].at >= ready.at);
    assert.deepEqual(changes[0].detail.answers, { dynamique: 'emerge' });
    // and it was saved for resume once the core had it
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('catalyse:answers:widget-small')));
    assert.deepEqual(saved.answers, { dynamique: 'emerge' });
    assert.deepEqual(pageProblems(page), []);
    await context.close();
  });

  test('the provisional state passes axe-core (WCAG 2.1 A and AA) at 375 px', async () => {
    const { context, hold } = await heldContext(undefined, { ms: 8000, width: 375 });
    const page = await session.open(demo(), { context, width: 375 });
    const survey = page.locator('catalyse-survey');
    await survey.locator('.pending-note').waitFor({ timeout: 5000 });
    const violations = await axeViolations(page);
    assert.equal(hold.released, false, 'still provisional when axe ran');
    assert.deepEqual(violations, []);
    await context.close();
  });

  test('"next" pressed before the core arrives waits for it (required answers are the core\'s to check)', async () => {
    const { context, hold } = await heldContext();
    const page = await session.open(demo(), { context, init: recordEvents });
    const survey = page.locator('catalyse-survey');
    await survey.getByLabel('Non pas du tout').check();
    await survey.getByRole('button', { name: 'Suivant' }).click();
    assert.equal(hold.released, false);
    assert.equal(await text(survey.locator('.nav .status')), 'Chargement du calcul de vos résultats… Vous pouvez déjà répondre.');
    assert.equal(await survey.getByRole('heading', { name: 'Votre territoire' }).isVisible(), true, 'still on the first section');
    // once scored, the step is taken: the required question was answered, so on to section 2
    await survey.getByRole('heading', { name: 'Les acteurs' }).waitFor({ timeout: 10000 });
    assert.equal(await text(survey.locator('.nav .status')), '');
    assert.equal(await survey.evaluate((el) => el.result.progress.answered), 1);
    assert.equal(await survey.locator('[part="done"]').count(), 0, 'nothing finished');
    assert.deepEqual(pageProblems(page), []);
    await context.close();
  });

  test('an invalid questionnaire still ends in the error view with the core\'s errors', async () => {
    const { context } = await heldContext();
    const page = await session.open(demo('/tests/fixtures/widget-invalid.json'), { context, init: recordEvents });
    const survey = page.locator('catalyse-survey');
    const box = survey.locator('[part="error"]');
    await box.waitFor({ timeout: 10000 });
    const paths = await box.locator('li code').allTextContents();
    assert.ok(paths.some((p) => p.startsWith('/sections/1/title')), paths.join(', '));
    assert.ok(paths.some((p) => p.startsWith('/sections/0/questions/0/options')), paths.join(', '));
    assert.equal(await survey.locator('.form-column').count(), 0, 'the provisional form is gone');
    assert.equal(await survey.locator('.feedback').count(), 0);
    const [error] = await events(page, 'catalyse-error');
    assert.equal(error.detail.errors.length, await box.locator('li').count());
    assert.deepEqual(await events(page, 'catalyse-ready'), []);
    assert.deepEqual(pageProblems(page), []);
    await context.close();
  });

  test('a document the form cannot draw keeps the loading state, then shows the core\'s errors (no exception)', async () => {
    const { context, hold } = await heldContext();
    await context.route('**/tests/fixtures/not-drawable.json', (route) => route.fulfill({
      contentType: 'application/json', body: JSON.stringify({ format: 'catalyse-questionnaire/1', id: 'x', sections: 5, languages: 7 }),
    }));
    const page = await session.open(demo('/tests/fixtures/not-drawable.json'), { context, init: recordEvents });
    const survey = page.locator('catalyse-survey');
    await page.waitForTimeout(400);
    assert.equal(hold.released, false);
    assert.equal(await survey.locator('.loading').count(), 1, 'the loading state while the core is held');
    const box = survey.locator('[part="error"]');
    await box.waitFor({ timeout: 10000 });
    assert.ok((await box.locator('li').count()) > 0);
    assert.ok((await box.locator('li code').allTextContents()).some((p) => p.startsWith('/sections')));
    assert.deepEqual(pageProblems(page), [], 'no uncaught exception from the provisional render');
    await context.close();
  });

  test('the core\'s download fails (a flaky network): the form stays answerable, the core is asked for again, the answer is scored', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    let requests = 0;
    await context.route('**/generated/catalyse-core*.wasm', async (route) => {
      requests += 1;
      if (requests <= 2) await route.abort('internetdisconnected');
      else await route.continue().catch(() => {});
    });
    const page = await session.open(demo(), { context, init: recordEvents });
    const survey = page.locator('catalyse-survey');
    const option = survey.getByLabel('Un peu, cela commence à émerger');
    await option.waitFor({ timeout: 5000 });
    await option.check();
    // Two failures (retried after 1 s, then 3 s), the third request succeeds: ready, scored, kept.
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    assert.equal(requests, 3);
    assert.equal(await option.isChecked(), true);
    assert.equal(await survey.evaluate((el) => el.result.progress.answered), 1);
    assert.equal(await text(survey.locator('.declared strong')), 'Stade déclaré : Émergence');
    assert.deepEqual(await events(page, 'catalyse-error'), []);
    assert.equal((await events(page, 'catalyse-ready')).length, 1);
    assert.deepEqual(pageProblems(page).filter((p) => !/catalyse-core(-trusting)?\.wasm|ERR_INTERNET_DISCONNECTED/.test(p)), []);
    await context.close();
  });

  test('the core never arrives: after four tries the error view says so (no blank box, no exception)', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    let requests = 0;
    await context.route('**/generated/catalyse-core*.wasm', (route) => { requests += 1; return route.abort('internetdisconnected'); });
    const page = await session.open(demo(), { context, init: recordEvents });
    const survey = page.locator('catalyse-survey');
    await survey.getByLabel('Un peu, cela commence à émerger').waitFor({ timeout: 5000 });
    const box = survey.locator('[part="error"]');
    await box.waitFor({ timeout: 20000 });
    assert.equal(requests, 4);
    assert.match(await text(box), /Le moteur de calcul du questionnaire n’a pas pu être chargé\..*Le fichier du moteur de calcul n’a pas pu être téléchargé : http:\/\/127\.0\.0\.1:\d+\/web\/generated\/catalyse-core\.wasm \(erreur réseau\)/);
    assert.equal((await events(page, 'catalyse-error')).length, 1);
    await context.close();
  });

  test('resume: saved answers come back when the core arrives; answers given meanwhile win and are merged', async () => {
    // First visit (core not held): two answers saved.
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    let page = await session.open(demo(), { context, init: recordEvents });
    let survey = page.locator('catalyse-survey');
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 10000 });
    await survey.getByLabel('Oui, tout à fait, cela est ancré').check();
    await survey.getByLabel('Projets communs').check();
    await page.close();
    // Second visit, core held, nothing touched: the saved answers are restored with the notice.
    const { hold } = await heldContext(context);
    page = await session.open(demo(), { context, init: recordEvents });
    survey = page.locator('catalyse-survey');
    await survey.locator('h2.title').waitFor({ timeout: 5000 });
    assert.equal(hold.released, false);
    assert.equal(await survey.getByLabel('Oui, tout à fait, cela est ancré').isChecked(), false, 'not restored before the core');
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 10000 });
    assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'ancre', actions: ['projets'] });
    assert.equal(await survey.getByLabel('Oui, tout à fait, cela est ancré').isChecked(), true);
    assert.match(await text(survey.locator('.notice')), /Vos réponses précédentes ont été reprises/);
    assert.equal(await survey.evaluate((el) => el.result.progress.answered), 2);
    await page.close();
    // Third visit, core held, the person answers first: their answer wins, the rest is merged.
    hold.released = false;
    page = await session.open(demo(), { context, init: recordEvents });
    survey = page.locator('catalyse-survey');
    await survey.getByLabel('Non pas du tout').check();
    assert.equal(hold.released, false);
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 10000 });
    assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'non', actions: ['projets'] });
    assert.equal(await survey.getByLabel('Non pas du tout').isChecked(), true);
    assert.equal(await survey.getByLabel('Projets communs').isChecked(), true);
    assert.equal(await survey.evaluate((el) => el.result.progress.answered), 2);
    assert.deepEqual(pageProblems(page), []);
    await context.close();
  });
});

describe('one bundle', () => {
  test('the demo widget makes two requests: the bundle (the default questionnaire inside), then the wasm (low priority) once the form is drawn', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const priority = new Map();
    cdp.on('Network.requestWillBeSent', (e) => priority.set(new URL(e.request.url).pathname, e.request.initialPriority));
    const requests = [];
    let questionsWhenWasmAsked = null;
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // The core is asked for only once the form is on screen: count the questions drawn at that moment.
    await page.route('**/generated/catalyse-core*.wasm', async (route) => {
      questionsWhenWasmAsked = await page.evaluate(() => document.querySelector('catalyse-survey')?.shadowRoot?.querySelectorAll('.question').length ?? 0);
      await route.continue();
    });
    await page.goto(new URL('web/demo/', session.url).href);
    await page.locator('catalyse-survey [data-ready] h2.title').waitFor({ timeout: 10000 });
    const widget = requests.filter((u) => !u.startsWith('/web/demo/'));
    assert.deepEqual(widget.sort(), ['/web/dist/catalyse.js', '/web/generated/catalyse-core-trusting.wasm']);
    assert.ok(questionsWhenWasmAsked > 0, `the wasm was requested before the form was drawn (${questionsWhenWasmAsked} questions)`);
    assert.match(priority.get('/web/generated/catalyse-core-trusting.wasm'), /^(Low|VeryLow)$/);
    // the bundle carries no eval and no Function constructor (the page's CSP would refuse them)
    const bundle = readFileSync(path.join(ROOT, 'web/dist/catalyse.js'), 'utf8');
    assert.doesNotMatch(bundle, /\beval\s*\(|\bnew\s+Function\b/);
    await context.close();
  });
});
