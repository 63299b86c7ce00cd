// The widget in Chromium, driven like a person (clicks, keyboard) on the demo host page, with the
// small test questionnaire tests/fixtures/widget-small.json. Expected figures are worked out by hand
// from that questionnaire and docs/FORMAT.md §3 (the widget only shows what the core computes):
//   dynamique: ancre 3, nombreuses 2, emerge 1, non 0 → item = value / 3
//   actions (multiple): dialogue 1, projets 1, experimentations 2 → item = Σ selected / 4
//   implication (matrix, 0..3) + nb-acteurs (0..20) → dimension "acteurs", 4 items, 50 % needed
//   evaluation (scale 0..2, visible unless dynamique is 'non' or unanswered) → "impacts"
//   levels: amorce 0, emergence 25, essor 50, ancrage 75; index = mean of sufficient dimensions
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOT, pageProblems, startSession } from './support.mjs';

const FIXTURE = '/tests/fixtures/widget-small.json';
const demo = (params = '') => `web/demo/?src=${encodeURIComponent(FIXTURE)}${params}`;

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

async function openDemo(params = '', options = {}) {
  const page = await session.open(demo(params), { width: 1280, ...options });
  const survey = page.locator('catalyse-survey');
  await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  return { page, survey };
}

const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
const dimScore = (survey, id) => text(survey.locator(`.dim[data-dimension="${id}"] .dim-score`));
const dimNote = (survey, id) => text(survey.locator(`.dim[data-dimension="${id}"] .dim-note`));
const indexOf = (survey) => text(survey.locator('.index-value'));
const levelOf = (survey) => text(survey.locator('.level-badge'));

describe('widget on the demo page (French, sections)', () => {
  test('first screen: title, first section, progress, empty feedback, no console or CSP problem', async () => {
    const { page, survey } = await openDemo();
    assert.equal(await text(survey.locator('h2.title')), 'Petit diagnostic de test');
    assert.equal(await text(survey.locator('.progress-step')), 'Étape 1 sur 3');
    assert.ok(await survey.getByRole('heading', { name: 'Votre territoire' }).isVisible());
    assert.ok(!(await survey.getByRole('heading', { name: 'Les acteurs' }).isVisible()), 'one section at a time');
    assert.match(await text(survey.locator('.index-none')), /^Encore au moins \d+ réponses pour une lecture d’ensemble$/);
    assert.match(await dimNote(survey, 'dynamique'), /Pas assez de réponses · 0\/1 réponses/);
    assert.ok(await survey.getByRole('button', { name: 'Suivant' }).isVisible());
    assert.ok(!(await survey.getByRole('button', { name: 'Précédent' }).isVisible()));
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('answers update the feedback with the core figures, through to the final screen', async () => {
    const { page, survey } = await openDemo();
    const events = await page.evaluateHandle(() => {
      const log = { change: 0, complete: [] };
      document.addEventListener('catalyse-change', () => { log.change += 1; });
      document.addEventListener('catalyse-complete', (e) => { log.complete.push(e.detail); });
      return log;
    });

    await survey.getByLabel('Oui, les initiatives sont de plus en plus nombreuses').check();
    // dynamique 2/3 → 66.7, the only sufficient dimension → index 66.7, level essor (50 ≤ x < 75)
    assert.equal(await dimScore(survey, 'dynamique'), '67');
    assert.equal(await indexOf(survey), '67');
    assert.equal(await levelOf(survey), 'Essor');
    assert.match(await text(survey.locator('.declared')), /Stade déclaré : Essor/);
    assert.ok(!(await survey.locator('.declared').evaluate((n) => n.classList.contains('disagree'))));
    assert.match(await text(survey.locator('[part~="benchmarks"]')), /14 sur 34 en 2018/);

    await survey.getByLabel('Dialogue territorial').check();
    await survey.getByLabel('Projets communs').check();
    // action (1 + 1) / 4 = 50 → index (66.67 + 50) / 2 = 58.3
    assert.equal(await dimScore(survey, 'action'), '50');
    assert.equal(await indexOf(survey), '58');
    assert.equal(await text(survey.locator('.progress-answered')), '2/6 questions répondues');

    await survey.getByRole('button', { name: 'Suivant' }).click();
    const heading = survey.getByRole('heading', { name: 'Les acteurs' });
    assert.ok(await heading.isVisible());
    assert.ok(await heading.evaluate((n) => n.getRootNode().activeElement === n), 'focus moves to the section heading');
    assert.equal(await text(survey.locator('.progress-step')), 'Étape 2 sur 3');

    await survey.getByRole('group', { name: 'Acteurs publics' }).getByLabel('Jamais').check();
    // one row of four items: 1/4 answered < 50 % → still "not enough answers"
    assert.match(await dimNote(survey, 'acteurs'), /Pas assez de réponses · 1\/4 réponses/);
    await survey.getByRole('group', { name: 'Entreprises' }).getByLabel('Parfois').check();
    await survey.getByRole('group', { name: 'Associations' }).getByLabel('Toujours').check();
    // (0 + 1/3 + 1) / 3 = 44.4 with 3/4 items answered
    assert.equal(await dimScore(survey, 'acteurs'), '44');
    assert.match(await text(survey.locator('[part~="insights"]')), /Acteurs publics peu présents/);

    await survey.getByRole('button', { name: 'Suivant' }).click();
    await survey.getByLabel('En partie').check();
    // impacts 1/2 = 50 → index (66.67 + 50 + 44.44 + 50) / 4 = 52.8
    assert.equal(await dimScore(survey, 'impacts'), '50');
    assert.equal(await indexOf(survey), '53');
    assert.equal(await levelOf(survey), 'Essor');
    // levers, weakest first: acteurs (44.4, emergence)
    const firstLever = survey.locator('[part~="levers"] li').first();
    assert.equal(await text(firstLever.locator('.tag')), 'Implication des acteurs');
    assert.equal(await text(firstLever.locator('span').nth(1)), 'Levier Implication des acteurs (Émergence) : faire un pas de plus.');
    const radarPoints = await survey.locator('.radar .area').getAttribute('points');
    assert.equal(radarPoints.split(' ').length, 4, 'four dimensions drawn');

    await survey.getByRole('button', { name: 'Terminer' }).click();
    await survey.getByRole('heading', { name: 'Merci, votre diagnostic est terminé' }).waitFor();
    const log = await events.jsonValue();
    assert.ok(log.change >= 7, `catalyse-change fired on each answer (${log.change})`);
    assert.equal(log.complete.length, 1);
    const { record, result } = log.complete[0];
    assert.equal(record.format, 'catalyse-response/1');
    assert.equal(record.questionnaire.id, 'widget-small');
    assert.match(record.questionnaire.hash, /^fnv1a64:[0-9a-f]{16}$/);
    assert.match(record.completed, /^\d{4}-\d{2}$/);
    assert.equal(record.lang, 'fr');
    assert.deepEqual(record.answers, {
      dynamique: 'nombreuses', actions: ['dialogue', 'projets'],
      implication: { publics: 'jamais', entreprises: 'parfois', associations: 'toujours' }, evaluation: 'partiel',
    });
    assert.equal(result.index, 52.8);
    assert.deepEqual(Object.keys(record).sort(), ['answers', 'completed', 'format', 'id', 'lang', 'questionnaire']);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('declared stage beside the index, with the disagreement message', async () => {
    const { page, survey } = await openDemo();
    await survey.getByLabel('Oui, tout à fait, cela est ancré').check();
    await survey.getByLabel('Dialogue territorial').check();
    // dynamique 100, action 1/4 = 25: two dimensions of four, a provisional reading: no verdict yet
    const declared = survey.locator('.declared');
    assert.equal(await indexOf(survey), '63');
    assert.match(await text(declared), /La comparaison avec votre perception viendra/);
    assert.ok(!(await declared.evaluate((n) => n.classList.contains('disagree'))));
    await survey.getByRole('button', { name: 'Suivant' }).click();
    for (const row of ['Acteurs publics', 'Entreprises', 'Associations']) await survey.getByRole('group', { name: row }).getByLabel('Jamais').check();
    // acteurs 0 (3/4 items): three dimensions of four → index (100 + 25 + 0) / 3 = 41.7, émergence; declared ancrage → disagree
    assert.equal(await indexOf(survey), '42');
    assert.ok(await declared.evaluate((n) => n.classList.contains('disagree')));
    assert.match(await text(declared), /Vous situez votre territoire en « Ancrage », le calcul indique « Émergence »/);
    await page.closeContext();
  });

  test('visibility comes from the core: a question disappears when its condition fails', async () => {
    const { page, survey } = await openDemo('&layout=page');
    await page.evaluate(() => document.querySelector('catalyse-survey').setAttribute('layout', 'page'));
    const evaluation = survey.locator('[data-question="evaluation"]');
    assert.ok(!(await evaluation.isVisible()), 'hidden while dynamique is unanswered');
    await survey.getByLabel('Un peu, cela commence à émerger').check();
    assert.ok(await evaluation.isVisible());
    await survey.getByLabel('Non pas du tout').check();
    assert.ok(!(await evaluation.isVisible()));
    await page.closeContext();
  });

  test('required questions block the way on with a message and focus', async () => {
    const { page, survey } = await openDemo();
    await survey.getByRole('button', { name: 'Suivant' }).click();
    assert.equal(await text(survey.locator('.alert')), 'Répondez aux questions obligatoires signalées pour continuer.');
    assert.equal(await text(survey.locator('[data-question="dynamique"] .message')), 'Réponse obligatoire.');
    assert.ok(await survey.getByRole('heading', { name: 'Votre territoire' }).isVisible(), 'still on the first section');
    const focused = await page.evaluate(() => document.querySelector('catalyse-survey').shadowRoot.activeElement?.value);
    assert.equal(focused, 'ancre');
    await survey.getByLabel('Non pas du tout').check();
    assert.equal(await text(survey.locator('[data-question="dynamique"] .message')), '');
    await page.closeContext();
  });

  for (const width of [1280, 375]) {
    test(`feedback updates in the same task as the click, and the clicked option does not move (${width} px)`, async () => {
      const { page, survey } = await openDemo('', { width });
      const facts = await survey.evaluate((el) => {
        const root = el.shadowRoot;
        const input = root.querySelector('[data-question="dynamique"] input[value="nombreuses"]');
        const before = input.getBoundingClientRect().top;
        input.click(); // synchronously: change event → core → DOM
        return { index: root.querySelector('.index-value').textContent, moved: input.getBoundingClientRect().top - before };
      });
      assert.deepEqual(facts, { index: '67', moved: 0 });
      await page.closeContext();
    });
  }

  test('"Ne sait pas" in a multiple choice is exclusive and counts as missing', async () => {
    const { page, survey } = await openDemo();
    const group = survey.locator('[data-question="actions"]');
    await group.getByLabel('Dialogue territorial').check();
    assert.equal(await dimScore(survey, 'action'), '25'); // 1/4
    await group.getByLabel('Ne sait pas').check();
    assert.ok(!(await group.getByLabel('Dialogue territorial').isChecked()));
    assert.deepEqual(await survey.evaluate((el) => el.answers.actions), ['nsp']);
    // don't know is missing, not a midpoint: the dimension goes back to "not enough answers"
    assert.match(await dimNote(survey, 'action'), /Pas assez de réponses/);
    await group.getByLabel('Projets communs').check();
    assert.ok(!(await group.getByLabel('Ne sait pas').isChecked()));
    assert.deepEqual(await survey.evaluate((el) => el.answers.actions), ['projets']);
    await group.getByLabel('Projets communs').uncheck();
    assert.equal(await survey.evaluate((el) => 'actions' in el.answers), false, 'no choice left = no answer');
    await page.closeContext();
  });

  test('page layout: every section at once, one finish button', async () => {
    const { page, survey } = await openDemo();
    await page.evaluate(() => document.querySelector('catalyse-survey').setAttribute('layout', 'page'));
    assert.ok(await survey.getByRole('heading', { name: 'Les acteurs' }).isVisible());
    assert.ok(await survey.getByRole('heading', { name: 'Votre territoire' }).isVisible());
    assert.equal(await survey.getByRole('button', { name: 'Terminer' }).count(), 1);
    assert.equal(await survey.getByRole('button', { name: 'Suivant' }).count(), 0);
    await page.closeContext();
  });
});

describe('announcements and print', () => {
  test('the live region announces the level once answers settle, not on every click', async () => {
    const { page, survey } = await openDemo();
    await survey.evaluate((el) => {
      const live = el.shadowRoot.querySelector('.feedback-live');
      window.__announced = [];
      new MutationObserver(() => window.__announced.push(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
    });
    assert.equal(await survey.locator('.feedback-live').getAttribute('aria-live'), 'polite');
    await survey.getByLabel('Oui, tout à fait, cela est ancré').check(); // 100 → ancrage
    await survey.getByLabel('Dialogue territorial').check(); // (100 + 25) / 2 = 62.5 → essor
    await survey.getByLabel('Projets communs').check(); // (100 + 50) / 2 = 75 → ancrage
    await page.waitForTimeout(1500);
    assert.deepEqual(await page.evaluate(() => window.__announced), ['Niveau indicatif : Ancrage, indice 75 sur 100.']);
    await survey.getByLabel('Expérimentations collectives').check(); // (100 + 100) / 2 = 100: still ancrage
    await page.waitForTimeout(1200);
    assert.equal((await page.evaluate(() => window.__announced)).length, 1, 'no announcement without a level change');
    await page.closeContext();
  });

  test('printing the final screen keeps the summary and drops the buttons', async () => {
    const { page, survey } = await openDemo();
    await survey.evaluate((el) => { el.setAttribute('layout', 'page'); el.answers = { dynamique: 'emerge', implication: { publics: 'parfois', entreprises: 'parfois', associations: 'parfois' } }; });
    await survey.getByRole('button', { name: 'Terminer' }).click();
    await survey.getByRole('button', { name: 'Terminer quand même' }).click(); // few answers
    await page.emulateMedia({ media: 'print' });
    assert.ok(await survey.locator('.feedback').isVisible());
    assert.ok(await survey.getByRole('heading', { name: 'Votre synthèse' }).isVisible());
    assert.match(await text(survey.locator('.synthesis-of')), /^Synthèse du diagnostic — \S+ \d{4}$/);
    assert.ok(await survey.locator('[part="done-thin"]').isVisible(), 'the printed summary says it rests on few answers');
    for (const name of ['Imprimer ou enregistrer en PDF', 'Effacer mes réponses et recommencer', 'Étape 1 : La dynamique']) {
      assert.ok(!(await survey.getByRole('button', { name }).isVisible()), `${name}: not printed`);
    }
    assert.ok(!(await survey.getByRole('heading', { name: 'Merci, votre diagnostic est terminé' }).isVisible()));
    // a heading stays with what follows it, a lever block and a dimension are never cut
    const breaks = await survey.evaluate((el) => {
      const r = el.shadowRoot;
      return [getComputedStyle(r.querySelector('.levers-block h4')).breakAfter, getComputedStyle(r.querySelector('.levers-block')).breakInside, getComputedStyle(r.querySelector('.dim')).breakInside];
    });
    assert.deepEqual(breaks, ['avoid', 'avoid', 'avoid']);
    await page.emulateMedia({ media: 'screen' });
    assert.ok(await survey.getByRole('button', { name: 'Imprimer ou enregistrer en PDF' }).isVisible());
    assert.ok(!(await survey.locator('.synthesis-of').isVisible()));
    await page.closeContext();
  });
});

describe('widget in English', () => {
  test('?lang=en switches the host page, the questionnaire and the UI strings', async () => {
    const { page, survey } = await openDemo('&lang=en');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await text(survey.locator('h2.title')), 'Small test diagnosis');
    assert.equal(await text(survey.locator('.progress-step')), 'Step 1 of 3');
    await survey.getByLabel('Yes, initiatives are more and more numerous').check();
    assert.equal(await indexOf(survey), '67');
    assert.equal(await levelOf(survey), 'Growing');
    assert.equal(await text(survey.locator('.feedback-title')), 'Your instant feedback');
    await survey.getByRole('button', { name: 'Next' }).click();
    assert.ok(await survey.getByRole('heading', { name: 'Stakeholders' }).isVisible());
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});

describe('keyboard only', () => {
  test('a respondent completes the questionnaire with Tab, arrows, Space and Enter', async () => {
    const { page, survey } = await openDemo();
    const kb = page.keyboard;
    const active = () => page.evaluate(() => {
      const a = document.querySelector('catalyse-survey').shadowRoot.activeElement;
      return a ? `${a.tagName.toLowerCase()}:${a.value ?? ''}:${a.textContent.trim()}` : '';
    });
    // from the page into the widget: the language links come first, then the first radio
    let guard = 0;
    while (!(await active()).startsWith('input:') && guard++ < 10) await kb.press('Tab');
    assert.equal(await active(), 'input:ancre:');
    await kb.press('ArrowDown'); // radios: arrows move and select
    assert.equal(await active(), 'input:nombreuses:');
    await kb.press('Tab'); // to the checkboxes
    await kb.press('Space'); // dialogue
    await kb.press('Tab');
    await kb.press('Space'); // projets
    assert.equal(await indexOf(survey), '58');
    guard = 0;
    while (!(await active()).startsWith('button:') && guard++ < 10) await kb.press('Tab');
    assert.equal(await active(), 'button::Suivant');
    await kb.press('Enter');
    assert.match(await active(), /^h3::Les acteurs/);
    // matrix: each row is a radio group
    await kb.press('Tab');
    assert.equal(await active(), 'input:jamais:');
    await kb.press('Space');
    await kb.press('Tab');
    await kb.press('ArrowRight');
    await kb.press('Tab');
    await kb.press('ArrowRight');
    await kb.press('ArrowRight');
    assert.deepEqual(await survey.evaluate((el) => el.answers.implication), { publics: 'jamais', entreprises: 'parfois', associations: 'souvent' });
    await kb.press('Tab'); // number field
    await kb.type('12');
    await kb.press('Enter'); // Enter in a number field goes on
    assert.match(await active(), /^h3::Résultats/);
    guard = 0;
    while (!(await active()).startsWith('input:') && guard++ < 12) await kb.press('Tab');
    await kb.press('Space'); // the evaluation question: no step left thin, so no detour before finishing
    guard = 0;
    while (!(await active()).startsWith('button::Terminer') && guard++ < 12) await kb.press('Tab');
    await kb.press('Enter');
    await survey.getByRole('heading', { name: 'Merci, votre diagnostic est terminé' }).waitFor();
    assert.match(await active(), /^h3::Merci/);
    assert.equal((await survey.evaluate((el) => el.answers))['nb-acteurs'], 12);
    await page.closeContext();
  });
});
