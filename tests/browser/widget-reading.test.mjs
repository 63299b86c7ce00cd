// The respondent's moments with the default questionnaire on the demo page: the reading in sight
// while answering (a compact bar on a phone, the panel beside the form on a laptop), honest while
// it builds up (provisional, whole numbers), what is thin before finishing, a final screen where
// nothing is lost by one click (steps reopen with the answers kept, erasing asks first), the
// printable summary, a result view of given answers, and a core file that is not there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, openPage, pageProblems, startSession } from './support.mjs';

const essor = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
const KEY = 'catalyse:answers:catalyseurs-territoriaux-2018';

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

async function open({ width = 1280, height = 900, lang = 'fr', params = '' } = {}) {
  const page = await session.open(`web/demo/?lang=${lang}${params}`, { width, height });
  const survey = page.locator('catalyse-survey');
  await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  return { page, survey };
}
const inViewport = (locator) => locator.evaluate((n) => {
  const r = n.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 0.5;
});
const focused = (survey) => survey.evaluate((el) => el.shadowRoot.activeElement?.textContent.trim() ?? '');

describe('the reading in sight while answering', () => {
  test('phone (375 × 812): a question on the first screen; the compact reading stays in sight, says what the last answer changed, and leads to the panel and back', async () => {
    const { page, survey } = await open({ width: 375, height: 812 });
    assert.ok(await inViewport(survey.locator('[data-question="dynamique"] legend')), 'the first question shows on the first screen');
    const bar = survey.locator('[part="reading-bar"]');
    assert.ok(await inViewport(bar), 'the reading bar is in sight');
    assert.match(await text(bar), /^Encore au moins \d+ réponses pour une lecture d’ensemble/);
    await survey.getByLabel('Oui, les initiatives de co-construction sont de plus en plus nombreuses').check();
    await survey.getByRole('button', { name: 'Suivant' }).click();
    const row = (name) => survey.getByRole('group', { name });
    await row('Dialogue territorial : se rencontrer et échanger sur les enjeux du territoire').getByLabel('En continu').check();
    await row('Partage de connaissances et de pratiques').getByLabel('Régulièrement').check();
    await row('Conception d’expérimentations collectives').getByLabel('Régulièrement').check();
    await row('Action commune : mise en œuvre conjointe de solutions').getByLabel('Ponctuellement').check();
    await survey.getByLabel('Souvent').first().check();
    // the dimension now has a score: the bar shows the level and index as the panel does
    const index = await text(survey.locator('.index-value'));
    assert.match(index, /^\d+$/, 'a whole number');
    assert.match(await text(survey.locator('.bar-main')), new RegExp(`^${await text(survey.locator('.level-badge'))} · ${index}`));
    await survey.getByLabel('Pour certaines').check();
    assert.match(await text(survey.locator('.bar-change')), /^Dernière réponse : Passage à l’action (\d+|—) → \d+$/);
    assert.ok(await inViewport(bar), 'still in sight after scrolling down the section');
    await bar.click();
    assert.equal(await focused(survey), 'Votre retour instantané');
    assert.ok(await inViewport(survey.locator('#feedback-title')));
    await survey.getByRole('button', { name: 'Revenir aux questions' }).click();
    assert.equal(await focused(survey), 'Les actions engagées');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('laptop (1280 × 900): no bar; the panel stays beside the form, in sight and never taller than the window', async () => {
    const { page, survey } = await open();
    assert.ok(!(await survey.locator('[part="reading-bar"]').isVisible()));
    assert.ok(!(await survey.getByRole('button', { name: 'Revenir aux questions' }).isVisible()));
    await survey.evaluate((el, a) => { el.answers = a; }, essor); // levers, insights, reference points
    for (let i = 0; i < 3; i += 1) await survey.getByRole('button', { name: 'Suivant' }).click();
    const panel = survey.locator('[part="feedback"]');
    // answering in the middle of a long step (How actions fit together: four grids)
    assert.equal(await focused(survey), 'L’articulation des actions');
    await survey.locator('[data-question="niveaux"]').evaluate((n) => n.scrollIntoView({ block: 'center' }));
    const box = await panel.evaluate((n) => { const r = n.getBoundingClientRect(); return { top: r.top, height: r.height, scroll: n.scrollHeight, form: n.previousElementSibling.getBoundingClientRect().left }; });
    assert.ok(box.height <= 900, `panel height ${box.height} ≤ the window`);
    assert.ok(box.top >= 0 && box.top < 100, `panel in sight at the top (${box.top})`);
    assert.ok(box.scroll > box.height, 'its content scrolls inside it');
    assert.equal(await panel.getAttribute('tabindex'), '0', 'reachable by keyboard to scroll');
    await page.closeContext();
  });

  test('the progress total follows the answers, and the form says why when it changes', async () => {
    const { page, survey } = await open({ width: 375, height: 812 });
    const note = survey.locator('.progress-note');
    assert.ok(!(await note.isVisible()));
    const before = await text(survey.locator('.progress-answered'));
    await survey.getByLabel('Non pas du tout').check(); // the question on how many years disappears
    const after = await text(survey.locator('.progress-answered'));
    assert.notEqual(after.split('/')[1], before.split('/')[1], `${before} → ${after}`);
    assert.equal(await text(note), 'Le total suit vos réponses : certaines questions n’apparaissent que lorsqu’elles vous concernent.');
    await page.closeContext();
  });
});

describe('honest while it builds up', () => {
  test('scores are whole numbers; a provisional reading says so and what it rests on; the declared stage waits for enough', async () => {
    const { page, survey } = await open();
    await survey.evaluate((el) => { el.answers = { dynamique: 'ancre', actions: { dialogue: 'continu', partage: 'continu', experimentation: 'continu', action: 'continu' }, 'passage-action': 'toujours' }; });
    const result = await survey.evaluate((el) => el.result);
    assert.equal(typeof result.index, 'number');
    assert.match(await text(survey.locator('.index-value')), /^\d+$/);
    for (const s of await survey.locator('.dim-score').allTextContents()) assert.match(s.trim(), /^(\d+|—)$/);
    assert.ok(result.reading, 'the core says what the reading rests on');
    assert.equal(result.reading.provisional, true, 'one dimension of five: provisional');
    const note = survey.locator('[part="reading"]');
    const r = result.reading;
    assert.equal(await text(note), `Lecture provisoire Elle repose sur ${r.dimensionsScored} dimension sur ${r.dimensions} ; il en faut ${r.dimensionsNeeded}. Encore au moins ${r.moreAnswers} réponses pour une lecture d’ensemble.`);
    assert.equal(result.declared.agrees, null);
    assert.match(await text(survey.locator('.declared')), /La comparaison avec votre perception viendra/);
    await survey.evaluate((el, a) => { el.answers = a; }, essor);
    assert.ok(!(await note.isVisible()), 'enough answers: no longer provisional');
    assert.equal(typeof (await survey.evaluate((el) => el.result.declared.agrees)), 'boolean');
    await page.closeContext();
  });
});

describe('finishing and the final screen', () => {
  test('thin answers: "before you finish" lists the thin steps and dimensions; a step can be completed, or the respondent finishes anyway and the summary says it is thin', async () => {
    const { page, survey } = await open();
    await survey.getByLabel('Un peu, cela commence à émerger').check();
    const next = survey.locator('[part~="next"]');
    for (let i = 0; i < 8 && (await text(next)) !== 'Terminer'; i += 1) await next.click();
    await next.click();
    const check = survey.locator('[part="check"]');
    await check.waitFor();
    assert.equal(await focused(survey), 'Avant de terminer');
    assert.match(await text(check), /Les actions engagées \(0\/\d+ questions répondues\)/);
    assert.match(await text(check), /Dimensions sans assez de réponses.*Passage à l’action \(0\/\d+ réponses\)/);
    assert.equal(await text(next), 'Terminer quand même');
    // "Compléter" opens that step
    await check.locator('li', { hasText: 'Les actions engagées' }).getByRole('button', { name: 'Compléter' }).click();
    assert.equal(await focused(survey), 'Les actions engagées');
    assert.equal(await check.count(), 0);
    for (let i = 0; i < 8 && (await text(next)) !== 'Terminer'; i += 1) await next.click();
    await next.click();
    await check.waitFor();
    await next.click(); // finish anyway
    await survey.locator('[part="done"]').waitFor();
    assert.match(await text(survey.locator('[part="done-thin"]')), /^Votre synthèse (repose sur peu de réponses|ne contient pas encore d’indice)/);
    await page.closeContext();
  });

  test('enough answers: no detour; the summary is the primary action, the JSON secondary; any step reopens with the answers kept; erasing asks first', async () => {
    const { page, survey } = await open();
    await survey.evaluate((el, a) => { el.answers = a; el.layout = 'page'; }, essor);
    await survey.getByRole('button', { name: 'Terminer' }).click();
    await survey.locator('[part="done"]').waitFor();
    assert.equal(await survey.locator('[part="check"]').count(), 0);
    assert.equal(await survey.locator('[part="done-thin"]').count(), 0);
    const classes = async (name) => survey.getByRole('button', { name }).getAttribute('class');
    assert.equal(await classes('Imprimer ou enregistrer en PDF'), 'button');
    assert.equal(await classes('Télécharger les données (JSON, pour comparer plus tard)'), 'button secondary');
    assert.equal(await classes('Effacer mes réponses et recommencer'), 'erase');
    // erasing asks first: dismissed, nothing changes
    page.once('dialog', (d) => d.dismiss());
    await survey.getByRole('button', { name: 'Effacer mes réponses et recommencer' }).click();
    assert.deepEqual(await survey.evaluate((el) => el.answers), essor);
    assert.ok(await survey.locator('[part="done"]').isVisible());
    // reopen step 3: the form there, every answer kept and shown
    await survey.evaluate((el) => { el.layout = 'sections'; });
    await survey.locator('[part="done"]').waitFor();
    await survey.getByRole('button', { name: 'Étape 3 : Les acteurs impliqués' }).click();
    assert.equal(await focused(survey), 'Les acteurs impliqués');
    assert.deepEqual(await survey.evaluate((el) => el.answers), essor);
    assert.ok(await survey.getByRole('group', { name: 'Associations' }).getByLabel('Systématiquement').isChecked());
    await survey.getByRole('group', { name: 'Associations' }).getByLabel('Souvent').check();
    const next = survey.locator('[part~="next"]');
    for (let i = 0; i < 8 && (await text(next)) !== 'Terminer'; i += 1) await next.click();
    await next.click();
    await survey.locator('[part="done"]').waitFor();
    assert.equal((await survey.evaluate((el) => el.answers)).acteurs.associations, 'souvent');
    // accepted: everything goes, the saved copy too
    page.once('dialog', (d) => d.accept());
    await survey.getByRole('button', { name: 'Effacer mes réponses et recommencer' }).click();
    assert.deepEqual(await survey.evaluate((el) => el.answers), {});
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('final screen at 1280 px: the reading and the levers side by side, no dimension split across columns', async () => {
    const { page, survey } = await open({ lang: 'en' });
    await survey.evaluate((el, a) => { el.answers = a; el.layout = 'page'; }, essor);
    await survey.getByRole('button', { name: 'Finish' }).click();
    await survey.locator('[part="done"]').waitFor();
    const layout = await survey.evaluate((el) => {
      const r = el.shadowRoot;
      const box = (n) => n.getBoundingClientRect();
      const reading = box(r.querySelector('.panel-reading'));
      const next = box(r.querySelector('.panel-next'));
      const dims = [...r.querySelectorAll('.dim')].map((d) => box(d));
      return { side: next.left >= reading.right, dimsInReading: dims.every((d) => d.left >= reading.left && d.right <= reading.right + 0.5 && d.bottom <= reading.bottom + 0.5), levers: r.querySelectorAll('[part~="levers"] li').length };
    });
    assert.deepEqual(layout, { side: true, dimsInReading: true, levers: 3 });
    await page.closeContext();
  });

  test('view="result": only the summary of the answers it is given, nothing stored, no form, no erase', async () => {
    const { page, survey } = await open({ width: 375, height: 812, lang: 'en' });
    await survey.evaluate((el, a) => { el.setAttribute('view', 'result'); el.answers = a; }, essor);
    await survey.locator('[part="done"]').waitFor();
    assert.equal(await survey.evaluate((el) => el.view), 'result');
    assert.equal(await survey.locator('.section:not([hidden])').count(), 0);
    assert.equal(await survey.locator('[part~="reopen"], [part~="restart"], [part~="erase"], [part="progress"]:visible').count(), 0);
    assert.ok(await survey.getByRole('button', { name: 'Print or save as PDF' }).isVisible());
    assert.match(await text(survey.locator('[part="done"]')), /This result is not saved anywhere/);
    assert.equal(await survey.evaluate((el) => typeof el.result.index), 'number');
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('catalyse:'))), []);
    // new answers: shown again
    await survey.evaluate((el) => { el.answers = { dynamique: 'non' }; });
    assert.match(await text(survey.locator('[part="done-thin"]')), /^Your summary has no index yet/);
    await page.closeContext();
  });
});

describe('a core file that is not there', () => {
  test('the widget names the missing file and its status, at once, without blaming the questionnaire', async () => {
    const context = await session.browser.newContext({ viewport: { width: 375, height: 812 } });
    await context.route('**/catalyse-core*.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const page = await openPage(session.browser, new URL('web/demo/?lang=en', session.url).href, { context });
    const survey = page.locator('catalyse-survey');
    const box = survey.locator('[part="error"]');
    await box.waitFor({ timeout: 8000 });
    assert.equal(await box.getAttribute('data-error'), 'core');
    assert.match(await text(box), /The questionnaire’s scoring engine could not be loaded/);
    assert.match(await text(box.locator('li')), /^The scoring engine file cannot be found: http:\/\/127\.0\.0\.1:\d+\/web\/generated\/catalyse-core\.wasm \(HTTP 404\)\. It must be copied next to the questionnaire’s script\.$/);
    assert.doesNotMatch(await text(box), /questionnaire file has errors/);
    await context.close();
  });

  test('a site that copied only the checking core: the default questionnaire is read and scored by it', async () => {
    const context = await session.browser.newContext({ viewport: { width: 375, height: 812 } });
    const asked = [];
    context.on('request', (r) => { if (r.url().endsWith('.wasm')) asked.push(new URL(r.url()).pathname); });
    await context.route('**/catalyse-core-trusting.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const page = await openPage(session.browser, new URL('web/demo/?lang=en', session.url).href, { context });
    const survey = page.locator('catalyse-survey');
    await survey.evaluate((el, a) => { el.answers = a; }, essor);
    await survey.locator('[data-ready]').waitFor({ timeout: 8000 });
    assert.equal(await survey.evaluate((el) => typeof el.result.index), 'number');
    assert.deepEqual(asked, ['/web/generated/catalyse-core-trusting.wasm', '/web/generated/catalyse-core.wasm']);
    assert.equal(await survey.locator('[part="error"]').count(), 0);
    await context.close();
  });
});
