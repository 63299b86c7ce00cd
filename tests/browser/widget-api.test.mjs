// The element's contract as host pages (and kiosk mode) use it: errors shown and reported,
// submitHandler awaited, resume only in mode="self", reset(), answers/questionnaire properties,
// JSON download, loading the script twice.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, pageProblems, startSession } from './support.mjs';

const FIXTURE = '/tests/fixtures/widget-small.json';
const demo = (src = FIXTURE, params = '') => `web/demo/?src=${encodeURIComponent(src)}${params}`;
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

// Records the widget's events from the very start of the page.
function recordEvents() {
  window.__events = [];
  for (const name of ['catalyse-ready', 'catalyse-change', 'catalyse-complete', 'catalyse-error']) {
    document.addEventListener(name, (e) => {
      window.__events.push({ name, detail: JSON.parse(JSON.stringify(e.detail)), composed: e.composed, bubbles: e.bubbles });
    });
  }
}
/** Finish, then "finish anyway" past "before you finish" (these tests answer little on purpose). */
async function finishThin(survey) {
  await survey.locator('[part~="next"]').click();
  await survey.locator('[part="check"]').waitFor();
  await survey.locator('[part~="next"]').click();
}
const events = (page, name) => page.evaluate((n) => window.__events.filter((e) => e.name === n), name);

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

async function open(url, options = {}) {
  const page = await session.open(url, { init: recordEvents, ...options });
  const survey = page.locator('catalyse-survey');
  return { page, survey };
}

describe('errors are readable and reported', () => {
  test('an invalid questionnaire lists each core error with its JSON path', async () => {
    const { page, survey } = await open(demo('/tests/fixtures/widget-invalid.json'));
    const box = survey.locator('[part="error"]');
    await box.waitFor();
    assert.equal(await box.getAttribute('role'), 'alert');
    assert.equal(await text(box.locator('h2')), 'Le questionnaire ne peut pas s’afficher');
    const paths = await box.locator('li code').allTextContents();
    // we removed the English title of section 1 and left question 0 with one option
    assert.ok(paths.some((p) => p.startsWith('/sections/1/title')), paths.join(', '));
    assert.ok(paths.some((p) => p.startsWith('/sections/0/questions/0/options')), paths.join(', '));
    const [ev] = await events(page, 'catalyse-error');
    assert.ok(ev.bubbles && ev.composed);
    assert.equal(ev.detail.errors.length, await box.locator('li').count());
    assert.ok(ev.detail.errors.every((e) => typeof e.path === 'string' && e.message.length > 0));
    await page.closeContext();
  });

  test('a missing file and a non-JSON file say which URL and why', async () => {
    let { page, survey } = await open(demo('/tests/fixtures/nothing-here.json', '&lang=en'));
    await survey.locator('[part="error"]').waitFor();
    assert.match(await text(survey.locator('[part="error"] li')), /Could not fetch the questionnaire http:\/\/127\.0\.0\.1:\d+\/tests\/fixtures\/nothing-here\.json: HTTP 404/);
    await page.closeContext();
    ({ page, survey } = await open(demo('/web/demo/demo.css')));
    await survey.locator('[part="error"]').waitFor();
    assert.match(await text(survey.locator('[part="error"] li')), /demo\.css n’est pas un JSON valide/);
    assert.equal((await events(page, 'catalyse-error')).length, 1);
    await page.closeContext();
  });
});

describe('events and properties', () => {
  test('catalyse-ready carries the questionnaire identity; catalyse-change the answers and result', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    const [ready] = await events(page, 'catalyse-ready');
    assert.equal(ready.detail.questionnaire.id, 'widget-small');
    assert.equal(ready.detail.questionnaire.version, '1.0.0');
    assert.match(ready.detail.questionnaire.hash, /^fnv1a64:/);
    assert.equal(ready.detail.lang, 'fr');
    assert.equal((await events(page, 'catalyse-change')).length, 0, 'loading is not a change');
    await survey.getByLabel('Un peu, cela commence à émerger').check();
    const changes = await events(page, 'catalyse-change');
    const last = changes[changes.length - 1].detail;
    assert.deepEqual(last.answers, { dynamique: 'emerge' });
    assert.equal(last.result.index, 33.3); // 1/3
    assert.equal(last.result.level.id, 'emergence');
    assert.equal(await survey.evaluate((el) => el.result.index), 33.3);
    await page.closeContext();
  });

  test('the answers property sets the form; the questionnaire property replaces src', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    await survey.evaluate((el) => { el.answers = { dynamique: 'ancre', actions: ['experimentations'] }; });
    assert.ok(await survey.getByLabel('Oui, tout à fait, cela est ancré').isChecked());
    assert.ok(await survey.getByLabel('Expérimentations collectives').isChecked());
    // dynamique 100, action 2/4 = 50 → 75, ancrage
    assert.equal(await text(survey.locator('.index-value')), '75');
    const fixture = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/widget-small.json'), 'utf8'));
    fixture.title = { fr: 'Titre donné par propriété', en: 'Title given as a property' };
    await survey.evaluate((el, q) => { el.questionnaire = q; }, fixture);
    await survey.getByRole('heading', { name: 'Titre donné par propriété' }).waitFor();
    await page.closeContext();
  });
});

describe('live changes', () => {
  test('changing the lang attribute re-renders in the other language and keeps the answers', async () => {
    const { page, survey } = await open(demo());
    await survey.getByLabel('Un peu, cela commence à émerger').check();
    await survey.evaluate((el) => el.setAttribute('lang', 'en'));
    await survey.getByRole('heading', { name: 'Your territory' }).waitFor();
    assert.ok(await survey.getByLabel('A little, it is starting to emerge').isChecked());
    assert.equal(await text(survey.locator('.level-badge')), 'Emerging');
    assert.equal(await survey.evaluate((el) => el.result.lang), 'en');
    await page.closeContext();
  });

  test('an out-of-range number is reported by the core next to the question, the rest still counts', async () => {
    const { page, survey } = await open(demo());
    await survey.evaluate((el) => el.setAttribute('layout', 'page'));
    await survey.getByLabel('Un peu, cela commence à émerger').check();
    const field = survey.getByRole('spinbutton');
    await field.fill('35'); // max is 20
    const message = survey.locator('[data-question="nb-acteurs"] .message');
    assert.match(await text(message), /^Réponse non prise en compte : .+/);
    assert.equal(await survey.evaluate((el) => el.result.answerErrors[0].path), '/nb-acteurs');
    assert.equal(await text(survey.locator('.index-value')), '33');
    await field.fill('10');
    assert.equal(await text(message), '');
    await field.press('Enter'); // in the page layout, Enter in a number field does not finish
    assert.equal(await survey.getByRole('button', { name: 'Terminer' }).count(), 1);
    assert.equal((await events(page, 'catalyse-complete')).length, 0);
    await page.closeContext();
  });
});

describe('benchmark attribute', () => {
  async function withBenchmark(file) {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    await survey.evaluate((el, url) => el.setAttribute('benchmark', url), file);
    await survey.locator('[data-ready] h2.title').waitFor();
    await page.waitForFunction(() => document.querySelector('catalyse-survey').result);
    return { page, survey };
  }

  test('figures from an event aggregate are shown beside the questionnaire\'s own, as counts out of n', async () => {
    const { page, survey } = await withBenchmark('/tests/fixtures/widget-benchmark.json');
    await survey.getByLabel('Oui, les initiatives sont de plus en plus nombreuses').check();
    const items = await survey.locator('[part~="benchmarks"] li').allTextContents();
    // the questionnaire's own statement, 14 of 34 (2018), the event's 5 of 12 (2026) with the core's default statement
    assert.ok(items.some((x) => /^14 sur 34 en 2018 ont répondu/.test(x)), items.join(' | '));
    assert.ok(items.some((x) => /^5 sur 12 en 2026/.test(x)), items.join(' | '));
    assert.match(await text(survey.locator('[part~="benchmarks"]')), /Rencontres 2026 \(test\)/);
    // the event's medians over the radar, where at least minGroup (5) respondents had a score:
    // dynamique 66.7, action 50, acteurs 41.7 (impacts: 3 respondents, left out)
    assert.equal((await survey.locator('.radar .overlay').getAttribute('points')).split(' ').length, 3);
    assert.match(await text(survey.locator('.radar-legend')), /médiane des 12 réponses/);
    const refs = await survey.locator('table tbody tr td:nth-child(4)').allTextContents();
    assert.deepEqual(refs, ['67', '50', '42', '—']);
    assert.equal(await survey.locator('.dim[data-dimension="dynamique"] .dim-marker').evaluate((n) => n.style.left), '66.7%');
    // the record still names the published questionnaire
    const ready = (await events(page, 'catalyse-ready')).pop();
    const plain = await survey.evaluate(async (el) => {
      const { loadCore } = await import('/web/src/core.js');
      const core = await loadCore();
      const q = core.load(JSON.stringify(el.questionnaire));
      return q.questionnaire.info.hash;
    });
    assert.equal(ready.detail.questionnaire.hash, plain);
    await page.closeContext();
  });

  test('a wrong benchmark file is reported with its paths and the questionnaire still works', async () => {
    const { page, survey } = await withBenchmark('/tests/fixtures/widget-benchmark-bad.json');
    const note = survey.locator('[part="benchmark-problem"]');
    await note.waitFor();
    assert.match(await text(note), /n’ont pas pu être ajoutés/);
    const paths = await note.locator('code').allTextContents();
    assert.ok(paths.some((p) => p.startsWith('/benchmarks/0/counts')), paths.join(', '));
    await survey.getByLabel('Oui, les initiatives sont de plus en plus nombreuses').check();
    assert.equal(await text(survey.locator('.index-value')), '67');
    assert.equal((await events(page, 'catalyse-error')).length, 0);
    await page.closeContext();
    const other = await withBenchmark('/tests/fixtures/answers-essor.json');
    assert.match(await text(other.survey.locator('[part="benchmark-problem"]')), /ne contient pas de repères/);
    await other.page.closeContext();
  });
});

describe('submitHandler', () => {
  async function ready() {
    const { page, survey } = await open(demo(FIXTURE, '&lang=en'));
    await survey.locator('[data-ready] h2.title').waitFor();
    await survey.evaluate((el) => { el.setAttribute('layout', 'page'); el.answers = { dynamique: 'non', implication: { publics: 'souvent', entreprises: 'souvent', associations: 'souvent' } }; });
    return { page, survey };
  }

  test('the final screen appears only once the handler has resolved, with the record it got', async () => {
    const { page, survey } = await ready();
    await survey.evaluate((el) => {
      window.__records = [];
      el.submitHandler = (record) => new Promise((resolve) => { window.__records.push(record); window.__release = resolve; });
    });
    await finishThin(survey);
    await page.waitForFunction(() => window.__records.length === 1);
    assert.equal(await text(survey.locator('.status').first()), 'Saving your response…');
    assert.equal(await survey.getByRole('heading', { name: /Thank you/ }).count(), 0, 'not before the handler resolves');
    await page.evaluate(() => window.__release());
    await survey.getByRole('heading', { name: /Thank you/ }).waitFor();
    const [record] = await page.evaluate(() => window.__records);
    assert.equal(record.lang, 'en');
    assert.deepEqual(record.answers, { dynamique: 'non', implication: { publics: 'souvent', entreprises: 'souvent', associations: 'souvent' } });
    const [complete] = await events(page, 'catalyse-complete');
    assert.equal(complete.detail.record.id, record.id);
    // the response went to the page: the widget does not claim that it stays on the device
    const done = await text(survey.locator('[part~="done"]'));
    assert.match(done, /Keep your summary/);
    assert.doesNotMatch(done, /stay on this device/);
    await page.closeContext();
  });

  test('a rejecting handler shows a readable error and keeps the answers', async () => {
    const { page, survey } = await ready();
    await survey.evaluate((el) => { el.submitHandler = async () => { throw new Error('disk full'); }; });
    await finishThin(survey);
    const alert = survey.locator('.alert');
    await alert.waitFor();
    assert.equal(await text(alert), 'Your response could not be saved: disk full. Your answers are kept; please try again.');
    assert.equal(await survey.getByRole('heading', { name: /Thank you/ }).count(), 0);
    assert.deepEqual(await survey.evaluate((el) => el.answers.implication), { publics: 'souvent', entreprises: 'souvent', associations: 'souvent' });
    assert.ok(await survey.getByLabel('Not at all').isChecked());
    assert.equal((await events(page, 'catalyse-complete')).length, 0);
    // a retry that works goes through
    await survey.evaluate((el) => { el.submitHandler = async () => {}; });
    await survey.getByRole('button', { name: 'Finish anyway' }).click();
    await survey.getByRole('heading', { name: /Thank you/ }).waitFor();
    await page.closeContext();
  });
});

describe('resume, restart and kiosk', () => {
  test('mode="self" keeps answers in localStorage under catalyse:answers:<id> and restores them', async () => {
    const { page, survey } = await open(demo());
    await survey.getByLabel('Un peu, cela commence à émerger').check();
    await survey.getByLabel('Projets communs').check();
    // The widget saves after the core has read the change: wait for the second answer to be there.
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('catalyse:answers:widget-small'))?.answers?.actions !== undefined, null, { timeout: 10000 })
      .catch(() => {});
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('catalyse:answers:widget-small')));
    assert.deepEqual(stored?.answers, { dynamique: 'emerge', actions: ['projets'] });
    await page.reload();
    await survey.locator('[data-ready] h2.title').waitFor();
    assert.ok(await survey.getByLabel('Un peu, cela commence à émerger').isChecked());
    assert.ok(await survey.getByLabel('Projets communs').isChecked());
    assert.match(await text(survey.locator('.notice')), /réponses précédentes ont été reprises/);
    assert.equal(await text(survey.locator('.index-value')), '29'); // (33.33 + 25) / 2
    await page.closeContext();
  });

  test('two widgets with the same questionnaire on one page keep one saved copy each (the first: plain key; others: #id or #position)', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    const addWidgets = () => page.evaluate((src) => {
      for (const id of ['', 'side']) {
        const el = document.createElement('catalyse-survey');
        el.setAttribute('src', src);
        if (id) el.id = id;
        document.querySelector('main').append(el);
      }
    }, FIXTURE);
    await addWidgets();
    const [first, second, third] = [survey.first(), page.locator('catalyse-survey').nth(1), page.locator('catalyse-survey').nth(2)];
    await second.locator('[data-ready] h2.title').waitFor();
    await third.locator('[data-ready] h2.title').waitFor();
    await first.getByLabel('Non pas du tout').check();
    await second.getByLabel('Un peu, cela commence à émerger').check();
    await third.getByLabel('Oui, tout à fait, cela est ancré').check();
    const saved = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('catalyse:answers:'))
      .map((k) => [k, JSON.parse(localStorage.getItem(k)).answers.dynamique])));
    assert.deepEqual(saved, {
      'catalyse:answers:widget-small': 'non',
      'catalyse:answers:widget-small#2': 'emerge',
      'catalyse:answers:widget-small#side': 'ancre',
    });
    await page.reload();
    await survey.first().locator('[data-ready] h2.title').waitFor();
    await addWidgets();
    await third.locator('[data-ready] h2.title').waitFor();
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('catalyse-survey')].map((el) => el.answers.dynamique)), ['non', 'emerge', 'ancre']);
    // Erasing one widget's answers leaves the others' copies alone.
    await second.evaluate((el) => el.reset());
    assert.equal(await page.evaluate(() => localStorage.getItem('catalyse:answers:widget-small#2')), null);
    assert.match(await page.evaluate(() => localStorage.getItem('catalyse:answers:widget-small')), /"non"/);
    await page.closeContext();
  });

  test('erasing after finishing asks first, then clears the form and the saved copy, with no way back', async () => {
    const { page, survey } = await open(demo());
    await survey.evaluate((el) => el.setAttribute('layout', 'page'));
    await survey.getByLabel('Non pas du tout').check();
    await survey.getByRole('group', { name: 'Acteurs publics' }).getByLabel('Souvent').check();
    await survey.getByRole('group', { name: 'Entreprises' }).getByLabel('Souvent').check();
    await survey.getByRole('group', { name: 'Associations' }).getByLabel('Souvent').check();
    await finishThin(survey);
    page.once('dialog', (d) => d.accept());
    await survey.getByRole('button', { name: 'Effacer mes réponses et recommencer' }).click();
    assert.deepEqual(await survey.evaluate((el) => el.answers), {});
    assert.ok(!(await survey.getByLabel('Non pas du tout').isChecked()));
    assert.equal(await page.evaluate(() => localStorage.getItem('catalyse:answers:widget-small')), null);
    await page.reload();
    await survey.locator('[data-ready] h2.title').waitFor();
    assert.deepEqual(await survey.evaluate((el) => el.answers), {});
    await page.closeContext();
  });

  test('mode="kiosk" never touches localStorage and offers a new response instead of a download', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    await survey.evaluate((el) => { el.setAttribute('mode', 'kiosk'); el.setAttribute('layout', 'page'); });
    await survey.getByLabel('Non pas du tout').check();
    for (const row of ['Acteurs publics', 'Entreprises', 'Associations']) await survey.getByRole('group', { name: row }).getByLabel('Jamais').check();
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await survey.getByRole('button', { name: 'Terminer' }).click();
    assert.match(await text(survey.locator('[part="done"]')), /Votre réponse est enregistrée sur cet appareil/);
    assert.equal(await survey.getByRole('button', { name: /Télécharger/ }).count(), 0);
    await survey.getByRole('button', { name: 'Nouvelle réponse' }).click();
    assert.deepEqual(await survey.evaluate((el) => el.answers), {});
    assert.equal(await survey.evaluate((el) => el.result.index), null);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.closeContext();
  });
});

describe('final screen', () => {
  test('downloads the record and the result as JSON, without any request', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    await survey.evaluate((el) => { el.setAttribute('layout', 'page'); el.answers = { dynamique: 'emerge', implication: { publics: 'parfois', entreprises: 'parfois', associations: 'parfois' } }; });
    await finishThin(survey);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      survey.getByRole('button', { name: 'Télécharger les données (JSON, pour comparer plus tard)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^catalyse-widget-small-\d{4}-\d{2}\.json$/);
    const file = await download.path();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(doc.record.format, 'catalyse-response/1');
    assert.deepEqual(doc.record.answers.implication, { publics: 'parfois', entreprises: 'parfois', associations: 'parfois' });
    // dynamique 1/3 = 33.3; acteurs (1/3 × 3 rows) / 3 = 33.3 → index 33.3
    assert.equal(doc.result.index, 33.3);
    assert.deepEqual(requests.filter((u) => !u.startsWith('blob:')), []);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});

describe('embedding', () => {
  test('loading the script twice defines the element once and keeps working', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    const outcome = await page.evaluate(async () => {
      const first = customElements.get('catalyse-survey');
      await import('/web/dist/catalyse.js?second-copy'); // the bundle evaluated again
      const copy = await import('/web/src/element.js?another-copy'); // a distinct class, as from another URL
      copy.define();
      return { kept: customElements.get('catalyse-survey') === first, distinct: copy.CatalyseSurvey !== first };
    });
    assert.deepEqual(outcome, { kept: true, distinct: true });
    await survey.getByLabel('Non pas du tout').check();
    assert.equal(await survey.evaluate((el) => el.result.index), 0);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('the host page styles do not reach inside; the widget keeps its own sizes', async () => {
    const { page, survey } = await open(demo());
    await survey.locator('[data-ready] h2.title').waitFor();
    // the demo host sets html { font-size: 62.5% }, red 20px labels and dotted fieldsets
    const style = await survey.locator('.option').first().evaluate((n) => {
      const cs = getComputedStyle(n);
      const fs = getComputedStyle(n.closest('fieldset'));
      return { fontSize: cs.fontSize, color: cs.color, border: fs.borderTopStyle };
    });
    assert.deepEqual(style, { fontSize: '16px', color: 'rgb(27, 36, 48)', border: 'none' });
    await page.closeContext();
  });
});
