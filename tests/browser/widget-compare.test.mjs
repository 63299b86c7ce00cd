// "Compare with an earlier result" on the widget's final screen (docs/COMPARE.md): a result file
// downloaded earlier, or the copy kept on this device when the person asked for it (never by
// default; unticking erases it). The core compares; the table shows each change or why there is
// none, and the earlier polygon is drawn on the radar. axe finds nothing in the new states.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { axeViolations, pageProblems, ROOT, screenshot, startSession } from './support.mjs';

const FIXTURE = '/tests/fixtures/widget-small.json';
const DEMO = `web/demo/?src=${encodeURIComponent(FIXTURE)}`;
const KEY = 'catalyse:result:widget-small';

const EARLIER = {
  dynamique: 'emerge', actions: ['dialogue'], 'nb-acteurs': 4, evaluation: 'non',
  implication: { publics: 'jamais', entreprises: 'parfois', associations: 'parfois' },
};
const LATER = {
  dynamique: 'nombreuses', actions: ['dialogue', 'projets'], 'nb-acteurs': 12, evaluation: 'partiel',
  implication: { publics: 'souvent', entreprises: 'souvent', associations: 'toujours' },
};
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
/** A score as the French page writes it (one decimal, a comma), signed for a change. */
const fr = (x) => x.toFixed(1).replace('.', ',');
const frChange = (x) => (x > 0 ? `+${fr(x)}` : x < 0 ? `−${fr(-x)}` : fr(x));

function recordResults() {
  window.__results = [];
  document.addEventListener('catalyse-complete', (e) => window.__results.push(JSON.parse(JSON.stringify(e.detail.result))));
}

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

async function open(width = 1280) {
  const page = await session.open(DEMO, { width, init: recordResults });
  const survey = page.locator('catalyse-survey');
  await survey.locator('[data-ready] h2.title').waitFor();
  return { page, survey };
}

/** Gives the answers and finishes (past "before you finish" when it shows): the final screen's result. */
async function finish(page, survey, answers) {
  await survey.evaluate((el, a) => { el.setAttribute('layout', 'page'); el.answers = a; }, answers);
  await survey.locator('[part~="next"]').click();
  const done = survey.locator('[part="done"]');
  if (!(await done.isVisible().catch(() => false))) {
    await survey.locator('[part="check"], [part="done"]').first().waitFor();
    if (await survey.locator('[part="check"]').isVisible().catch(() => false)) await survey.locator('[part~="next"]').click();
  }
  await done.waitFor();
  return page.evaluate(() => window.__results.at(-1));
}

/** The comparison table's rows as [label, before, now, change]. */
const rows = (survey) => survey.locator('[part="comparison"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));

for (const width of [1280, 375]) {
  test(`a result file downloaded earlier, compared on the final screen (${width} px)`, async () => {
    const { page, survey } = await open(width);
    const earlier = await finish(page, survey, EARLIER);
    const [download] = await Promise.all([page.waitForEvent('download'), survey.locator('[part~="download"]').click()]);
    const file = readFileSync(await download.path(), 'utf8');
    assert.equal(JSON.parse(file).result.index, earlier.index);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, 'nothing kept unless asked');

    await survey.evaluate((el) => el.reset());
    const later = await finish(page, survey, LATER);
    await survey.locator('#compare-file').setInputFiles({ name: 'catalyse-widget-small.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await survey.locator('[part="comparison"] table').waitFor();

    // Each dimension: before, now and the change, as the two results give them.
    const table = await rows(survey);
    for (const d of later.dimensions) {
      const e = earlier.dimensions.find((x) => x.id === d.id);
      const row = table.find((r) => r[0] === d.label);
      assert.ok(row, `a row for ${d.label}`);
      if (typeof e.score === 'number' && typeof d.score === 'number') {
        assert.deepEqual(row.slice(1), [fr(e.score), fr(d.score), frChange(Math.round(d.score * 10 - e.score * 10) / 10)], d.label);
      } else {
        assert.match(row[3], /pas assez de réponses/, d.label);
      }
    }
    const index = table.at(-1);
    assert.equal(index[0], 'Indice de maturité');
    assert.deepEqual(index.slice(1), [fr(earlier.index), fr(later.index), frChange(Math.round(later.index * 10 - earlier.index * 10) / 10)]);

    // The earlier polygon on the radar, with its key.
    const previous = survey.locator('svg.radar polygon.previous');
    assert.notEqual(await previous.getAttribute('points'), '');
    assert.ok(await previous.isVisible());
    assert.ok(await survey.locator('.radar-legend .key.earlier').isVisible());

    await survey.locator('[part="compare"]').scrollIntoViewIfNeeded();
    await screenshot(page, `widget-compare-${width}`, { fullPage: false });
    await survey.locator('svg.radar').scrollIntoViewIfNeeded();
    await screenshot(page, `widget-compare-radar-${width}`, { fullPage: false });
    assert.deepEqual(await axeViolations(page), []);

    // A file that is not a result: the core says what it expected, in French.
    await survey.locator('#compare-file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"records": []}') });
    await survey.locator('[part="comparison"] [role="alert"]').waitFor();
    await page.waitForFunction(() => /attendu : un résultat/.test(document.querySelector('catalyse-survey').shadowRoot.querySelector('[part="comparison"]').textContent));
    assert.equal(await survey.locator('svg.radar polygon.previous').isVisible(), false, 'no earlier polygon without a comparison');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
}

test('"keep my result on this device": off by default, the last one kept is offered next time, unticking erases it', async () => {
  const { page, survey } = await open(1280);
  const earlier = await finish(page, survey, EARLIER);
  const keep = survey.getByLabel('Garder mon résultat sur cet appareil');
  assert.equal(await keep.isChecked(), false);
  assert.equal(await survey.locator('[part~="compare-kept"]').count(), 0, 'nothing kept yet');
  await keep.check();
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
  assert.equal(stored.result.index, earlier.index);
  assert.deepEqual(Object.keys(stored).sort(), ['record', 'result']);

  // Next time (the page reloaded, the same device): the kept result is offered.
  await page.reload();
  await survey.locator('[data-ready] h2.title').waitFor();
  await survey.evaluate((el) => el.reset());
  const later = await finish(page, survey, LATER);
  const button = survey.locator('[part~="compare-kept"]');
  assert.match(await text(button), /^Comparer avec le résultat gardé \(\d{4}-\d{2}\)$/);
  assert.equal(await survey.getByLabel('Garder mon résultat sur cet appareil').isChecked(), false, 'this result is not the one kept');
  await button.click();
  await survey.locator('[part="comparison"] table').waitFor();
  const index = (await rows(survey)).at(-1);
  assert.deepEqual(index.slice(1, 3), [fr(earlier.index), fr(later.index)]);
  assert.deepEqual(await axeViolations(page), []);

  // Keeping this one replaces the earlier; unticking erases it.
  await survey.getByLabel('Garder mon résultat sur cet appareil').check();
  assert.equal(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY)).result.index, later.index);
  await survey.getByLabel('Garder mon résultat sur cet appareil').uncheck();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
  assert.match(await text(survey.locator('#keep-note')), /Décochez pour l’effacer/);
  assert.deepEqual(pageProblems(page), []);
  await page.closeContext();
});
