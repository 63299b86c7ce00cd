// Regards croisés and progress over time on the results page (docs/AGGREGATE.md "Across partners",
// docs/COMPARE.md): partners send the result files they downloaded from the widget; the page
// draws the spreads, the actor types side by side, the points to discuss and the declared stages
// from the core's "crossed" block; a workshop lowers the smallest group to 3, visibly; an earlier
// aggregate dropped beside today's files shows the change per dimension and question, both n.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { axeViolations, pageProblems, ROOT, screenshot, startSession } from './support.mjs';

const RESULTS = 'web/results/';
const LEVELS = ['jamais', 'ponctuel', 'regulier', 'continu'];

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

async function questionnaireInfo(page) {
  return page.evaluate(async () => {
    const { loadCore } = await import('/web/src/core.js');
    const core = await loadCore();
    const { questionnaire } = core.load(await (await fetch('/web/questionnaires/catalyseurs-2018.json')).text());
    return { id: questionnaire.info.id, version: questionnaire.info.version, hash: questionnaire.info.hash };
  });
}

/** One partner's result file, as the widget downloads it ({record, result}); `level` 0–3 sets the "actions" answers. */
function resultFile(info, i, structure, level, stage) {
  const l = LEVELS[level];
  const record = {
    format: 'catalyse-response/1', id: `p-${i}`, questionnaire: info, lang: 'fr', completed: '2026-06',
    answers: {
      'profil-structure': structure, dynamique: stage,
      actions: { dialogue: l, partage: l, experimentation: l, action: l },
      gouvernance: ['non', 'rarement', 'certaines', 'oui'][level], moyens: ['non', 'ponctuel', 'projet', 'durable'][level],
      acteurs: { collectivites: 'souvent', associations: 'souvent', entreprises: ['jamais', 'systematique'][i % 2], citoyens: 'parfois' },
      pluralite: 'plusieurs', portage: 'reel',
    },
  };
  // The result part is not read: the core re-scores the record.
  return { name: `resultat-${i}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ record, result: { format: 'catalyse-result/1' } })) };
}

describe('results page: regards croisés', () => {
  for (const width of [1280, 375]) {
    test(`partners' result files: spreads, actor types, points to discuss; a workshop of 3 (${width} px)`, async () => {
      const page = await session.open(`${RESULTS}?lang=en`, { width });
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      const info = await questionnaireInfo(page);
      // Five associations from one end of the scale to the other, three local authorities.
      const files = [0, 3, 1, 2, 3].map((level, i) => resultFile(info, i, 'association', level, 'emerge'))
        .concat([0, 1, 0].map((level, i) => resultFile(info, 5 + i, 'collectivite', level, 'ancre')));
      await page.setInputFiles('#files', files);
      await page.locator('#crossed').waitFor();
      assert.match(await page.locator('#n-total').textContent(), /^n\s=\s8$/);

      // The spread of "From dialogue to action": a chart and its figures, for all 8.
      const row = page.locator('#crossed .spread-row[data-dimension="actions"]');
      assert.equal(await row.locator('svg.spread').count(), 1);
      assert.match(await row.locator('.spread-figures').textContent(), /^n = 8 · min 0\.0 · first quartile [\d.]+ · median [\d.]+ · third quartile [\d.]+ · max 100\.0$/);
      // Actor types: the associations (5) shown, the local authorities (3) hidden under 5.
      const heads = await page.locator('#crossed .actors-table thead th').allTextContents();
      assert.deepEqual(heads, ['Dimension', 'Association or non-profit (n = 5)']);
      assert.match(await page.locator('#crossed .actors .hint').textContent(), /fewer than 5/);
      // Points to discuss: "Businesses" involved never by half, always by the other half.
      const point = page.locator('#crossed .point[data-question="acteurs/entreprises"]');
      assert.match(await point.locator('.n').textContent(), /^divergence 1\.00 · n = 8$/);
      assert.deepEqual((await point.locator('.share-legend li').allTextContents()).filter((x) => !/: 0% /.test(x)),
        ['Always: 50% (4/8)', 'Never: 50% (4/8)']);
      assert.match(await page.locator('#crossed .stages p').textContent(), /^Of \d+ respondents: \d+ place their territory at the computed level, \d+ higher, \d+ lower\.$/);
      await page.locator('#crossed').scrollIntoViewIfNeeded();
      await screenshot(page, `results-crossed-${width}`, { fullPage: false });
      assert.deepEqual(await axeViolations(page), []);

      // A workshop of 3: the local authorities appear, the largest gap between the two, and the note.
      await page.click('details.settings summary');
      await page.check('#workshop');
      await page.fill('#min-group', '3');
      await page.dispatchEvent('#min-group', 'change');
      await page.waitForFunction(() => document.querySelectorAll('#crossed .actors-table thead th').length === 3);
      assert.match(await page.locator('#crossed .notice.workshop').textContent(), /^Workshop mode: groups of 3 responses or more are shown/);
      assert.match(await page.locator('#crossed .gaps li').first().textContent(), /points between Association or non-profit \([\d.]+, n = 5\) and Local authority \([\d.]+, n = 3\)|points between Local authority/);
      await page.locator('#crossed .actors').scrollIntoViewIfNeeded();
      await screenshot(page, `results-crossed-workshop-${width}`, { fullPage: false });
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(pageProblems(page), []);
      await page.closeContext();
    });
  }

  test('an earlier aggregate beside today\'s files: the change per dimension and per question, with both n', async () => {
    const page = await session.open(`${RESULTS}?lang=en`, { width: 1280 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const info = await questionnaireInfo(page);
    // Last year: 6 partners answering low; the page's own download is the earlier aggregate.
    await page.setInputFiles('#files', [0, 0, 1, 0, 1, 0].map((level, i) => resultFile(info, 100 + i, 'association', level, 'emerge')));
    await page.locator('#n-total').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const earlier = readFileSync(await download.path(), 'utf8');
    assert.equal(JSON.parse(earlier).n, 6);

    // This year: 7 partners answering higher, dropped with last year's aggregate.
    await page.setInputFiles('#files', [
      { name: 'last-year.json', mimeType: 'application/json', buffer: Buffer.from(earlier) },
      ...[3, 2, 3, 2, 3, 3, 2].map((level, i) => resultFile(info, i, 'association', level, 'nombreuses')),
    ]);
    await page.locator('#comparison').waitFor();
    assert.match(await page.locator('#n-total').textContent(), /^n\s=\s7$/, 'the earlier aggregate is not counted as responses');
    assert.match(await page.locator('#comparison .lead').textContent(), /^Earlier results \(n = 6\) and today’s \(n = 7\)\.$/);
    const actions = await page.locator('#comparison table').first().locator('tbody tr').first().locator('th, td').allTextContents();
    assert.equal(actions[0], 'From dialogue to action');
    assert.match(actions[1], /^median [\d.]+ \(n = 6\)$/);
    assert.match(actions[2], /^median [\d.]+ \(n = 7\)$/);
    assert.match(actions[3], /^\+[\d.]+$/);
    // A question: the shares' change in points, each side with its base.
    const gouvernance = page.locator('#comparison details.question-change').filter({ hasText: '(n = 6 → 7)' }).first();
    await gouvernance.locator('summary').click();
    assert.ok(await gouvernance.locator('td', { hasText: / pts$/ }).count() > 0);
    await page.locator('#comparison').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-comparison-1280', { fullPage: false });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});
