// The core's errors in the page's language: a French page fetches the catalog of the core's
// messages (web/generated/core-messages.json) once, when it has a core error to show, and shows
// the French template filled from the error's params; an English page never asks for it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, pageProblems, startSession } from './support.mjs';

const demo = (params = '') => `web/demo/?src=${encodeURIComponent('/tests/fixtures/widget-invalid.json')}${params}`;
const CATALOG = '**/web/generated/core-messages.json';
const FILE = path.join(ROOT, 'web/generated/core-messages.json');
const skip = existsSync(FILE) ? false : 'web/generated/core-messages.json is not built (scripts/build.sh writes it with `catalyse messages`)';
const catalog = skip ? null : JSON.parse(readFileSync(FILE, 'utf8'));

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

/** Opens the demo with the invalid questionnaire; every request for the catalog is held until released. */
async function open(params, locale) {
  const context = await session.browser.newContext({ locale });
  const held = [];
  let arrived;
  const first = new Promise((resolve) => { arrived = resolve; });
  await context.route(CATALOG, (route) => { held.push(route); arrived(); });
  const page = await session.open(demo(params), { context, init: () => {
    window.__errors = 0;
    document.addEventListener('catalyse-error', () => { window.__errors += 1; });
  } });
  const items = page.locator('catalyse-survey [part="error"] li');
  await items.first().waitFor();
  return { page, items, held, first };
}
/** The message shown for the error at `pointer` (the text after its path). */
async function byPath(items, pointer) {
  const all = await items.evaluateAll((lis) => lis.map((li) => [li.querySelector('code')?.textContent ?? '', li.textContent]));
  const found = all.find(([p]) => p === pointer);
  assert.ok(found, `no error at ${pointer}: ${JSON.stringify(all)}`);
  return found[1].slice(pointer.length).trim();
}

test('a French page shows the core errors in French from the catalog, asked for once', { skip }, async () => {
  const { page, items, held, first } = await open('', 'fr-FR');
  const late = new Promise((resolve) => { setTimeout(resolve, 10_000, 'late').unref(); });
  assert.notEqual(await Promise.race([first, late]), 'late', 'the catalog was not asked for');
  assert.equal(held.length, 1);
  for (const route of held) await route.continue();
  const missing = catalog.fr.templates['questionnaire.missing-translation'].replace('{language}', 'en');
  assert.equal(missing, 'traduction « en » manquante');
  await page.waitForFunction((m) => [...document.querySelector('catalyse-survey').shadowRoot.querySelectorAll('[part="error"] li')]
    .some((li) => li.textContent.includes(m)), missing);
  assert.equal(await byPath(items, '/sections/1/title/en'), missing);
  assert.equal(await byPath(items, '/sections/0/questions/0/options'), catalog.fr.templates['questionnaire.too-few-options']);
  assert.equal(held.length, 1, 'the catalog is fetched once');
  assert.equal(await page.evaluate(() => window.__errors), 1, 'catalyse-error is sent once');
  assert.deepEqual(pageProblems(page), []);
  await page.closeContext();
});

test('an English page shows the core errors in English and never asks for the catalog', { skip }, async () => {
  const { page, items, held } = await open('&lang=en', 'en-GB');
  assert.equal(await byPath(items, '/sections/0/questions/0/options'), catalog.en.templates['questionnaire.too-few-options']);
  assert.equal(await byPath(items, '/sections/1/title/en'), 'missing translation "en"');
  // A scoring round-trip later, still nothing asked.
  await page.waitForTimeout(300);
  assert.equal(held.length, 0);
  assert.deepEqual(pageProblems(page), []);
  await page.closeContext();
});
