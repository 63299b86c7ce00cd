// The group results page in Chromium: exports of several devices dropped or chosen, aggregated by
// the core (wasm); the study's challenges chart reproduced from 34 responses; duplicates counted
// once; a broken file reported by name and position while the others are used; small groups
// hidden; the aggregate downloaded with a benchmark block.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { pageProblems, ROOT, screenshot, startSession } from './support.mjs';

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

const RESULTS = 'web/results/';

/** The questionnaire's {id, version, hash} as the core computes it. */
async function questionnaireInfo(page) {
  return page.evaluate(async () => {
    const { loadCore } = await import('/web/src/core.js');
    const core = await loadCore();
    const text = await (await fetch('/web/questionnaires/catalyseurs-2018.json')).text();
    const { questionnaire } = core.load(text);
    return { id: questionnaire.info.id, version: questionnaire.info.version, hash: questionnaire.info.hash };
  });
}

// 34 responses whose challenge ratings give the study's table (PRODUCT.md), 20 from associations,
// 11 from local authorities, 3 from businesses (a group under 5).
function studyRecords(info) {
  const splits = { numerique: [14, 14], competences: [10, 14], hybridation: [8, 12], evaluation: [2, 10] };
  const records = [];
  for (let i = 0; i < 34; i += 1) {
    const enjeux = {};
    for (const [row, [p, t]] of Object.entries(splits)) enjeux[row] = i < p ? 'prioritaire' : i < p + t ? 'tres-important' : 'important';
    const structure = i < 20 ? 'association' : i < 31 ? 'collectivite' : 'entreprise';
    records.push({
      format: 'catalyse-response/1', id: `evt-${String(i).padStart(2, '0')}`, questionnaire: info, lang: 'fr', completed: '2026-06',
      answers: { dynamique: ['ancre', 'nombreuses', 'emerge', 'non'][i % 4], enjeux, 'profil-structure': structure },
    });
  }
  return records;
}

const file = (name, value) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) });

describe('results page', () => {
  test('several exports: the challenges chart of the study, duplicates once, a broken file reported, small groups hidden', async () => {
    const page = await session.open(RESULTS, { width: 1280 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const info = await questionnaireInfo(page);
    const records = studyRecords(info);
    const files = [
      file('tablette-1.json', { format: 'catalyse-export/1', records: records.slice(0, 20) }),
      file('tablette-2.json', { format: 'catalyse-export/1', records: records.slice(20) }),
      file('tablette-1-encore.json', { format: 'catalyse-export/1', records: records.slice(0, 5) }),
      file('coupé.json', '{"format": "catalyse-export/1", "records": [\n  {"id": "x"'),
      file('autre.json', [{ ...records[0], id: 'other-q', questionnaire: { ...info, id: 'un-autre' } }, 'not a record']),
    ];
    await page.setInputFiles('#files', files);
    await page.locator('#n-total').waitFor();
    assert.match(await page.locator('#n-total').textContent(), /^n\s=\s34$/);

    // Headline first: the summary, then the study's challenges table; the files' diagnostics folded at the end.
    const order = await page.locator('#report > *').evaluateAll((els) => els.map((e) => e.dataset.block ?? e.id ?? e.className));
    assert.equal(order[1], 'challenges', order.join(', '));
    assert.equal(order.at(-1), 'diagnostics', order.join(', '));
    assert.equal(await page.locator('#diagnostics').getAttribute('open'), null, 'the diagnostics are folded');
    assert.match(await page.locator('.summary .problems-note').textContent(), /3 problème\(s\) dans les fichiers/);
    const rows = await page.locator('.challenges-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      label: tr.cells[0].firstChild.textContent, cells: [...tr.cells].slice(1).map((c) => c.textContent.trim()), n: tr.querySelector('.row-n').textContent.trim(),
    })));
    assert.deepEqual(rows.map((r) => r.label), ['Transformation numérique', 'Mutation des compétences',
      'Hybridation des modèles socio-économiques', 'Évolution des modes d’évaluation']);
    // Counts beside percentages: first option, second option, "++" (the sum of the rounded shares), 2018.
    assert.deepEqual(rows.map((r) => r.cells[2].match(/^(\d+)\s%/)[1]), ['82', '70', '59', '35']);
    assert.deepEqual(rows[1].cells.slice(0, 3), ['29\u00a0% (10)', '41\u00a0% (14)', '70\u00a0% (24)']);
    assert.deepEqual(rows[3].cells.slice(0, 3), ['6\u00a0% (2)', '29\u00a0% (10)', '35\u00a0% (12)']);
    assert.ok(rows.every((r) => /^n\s=\s34$/.test(r.n)), rows.map((r) => r.n).join(', '));
    // The 2018 study's figures beside each line (the questionnaire's benchmark: the same 34 answers).
    assert.deepEqual(rows.map((r) => r.cells[3]), ['82\u00a0% (28)', '70\u00a0% (24)', '59\u00a0% (20)', '35\u00a0% (12)']);
    assert.match(await page.locator('.challenges-table thead').textContent(), /2018 \(n\s=\s34\)/);

    const facts = await page.locator('#diagnostics .facts').textContent();
    assert.match(facts, /5 doublons identiques/);
    assert.match(facts, /1 d’un autre questionnaire/);
    assert.match(facts, /1 mal formés/);
    const problems = await page.locator('.problems li').allTextContents();
    assert.ok(problems.some((p) => p.startsWith('coupé.json') && /ligne 2, colonne 13/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('autre.json · enregistrement 1 · /1')), problems.join('\n'));
    // The core's words for each problem, in the page's language.
    assert.ok(problems.some((p) => p.startsWith('coupé.json') && /JSON invalide : erreur à la ligne 2, colonne 13/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /attendu : une réponse \(un objet\), reçu : une chaîne de caractères/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /une réponse à un autre questionnaire \(« un-autre »/.test(p)), problems.join('\n'));
    assert.equal(problems.some((p) => /\b(expected|got|invalid)\b/.test(p)), false, problems.join('\n'));
    assert.ok(await page.locator('.rounding').textContent().then((x) => x.includes('arrondi')));

    const groups = await page.locator('.breakdown').first().locator('tbody tr').allTextContents();
    assert.ok(groups.some((g) => g.startsWith('Association') && g.includes('20')), groups.join('\n'));
    assert.ok(groups.some((g) => g.startsWith('Entreprise') && g.includes('masqué (moins de 5 réponses)')), groups.join('\n'));
    assert.equal(groups.some((g) => g.startsWith('Entreprise') && /\b3\b/.test(g)), false, 'the small group size is not shown');
    await screenshot(page, 'results-1280');
    await screenshot(page, 'results-1280-top', { fullPage: false });
    await page.locator('.challenges').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-1280-challenges', { fullPage: false });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const aggregate = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(aggregate.format, 'catalyse-aggregate/1');
    const bench = aggregate.benchmarks.find((b) => b.question === 'enjeux');
    assert.equal(bench.n, 34);
    assert.equal(bench.year, 2026);
    assert.equal(bench.counts.numerique.prioritaire, 14);

    // The questionnaire with the event's figures as benchmarks still loads in the core.
    const [qDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-questionnaire')]);
    const withBench = readFileSync(await qDownload.path(), 'utf8');
    const loaded = await page.evaluate(async (text) => {
      const { loadCore } = await import('/web/src/core.js');
      const answer = (await loadCore()).load(text);
      return { ok: answer.ok, errors: answer.errors };
    }, withBench);
    assert.deepEqual(loaded, { ok: true, errors: undefined });
    assert.ok(JSON.parse(withBench).benchmarks.some((b) => b.id === 'event-enjeux' && b.n === 34));
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('drag and drop, English, a phone-sized screen', async () => {
    const page = await session.open(`${RESULTS}?lang=en`, { width: 375, height: 800 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const info = await questionnaireInfo(page);
    const records = studyRecords(info).slice(0, 12);
    await page.evaluate((docs) => {
      const dt = new DataTransfer();
      for (const d of docs) dt.items.add(new File([d.text], d.name, { type: 'application/json' }));
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [{ name: 'a.json', text: JSON.stringify(records.slice(0, 6)) }, { name: 'b.json', text: JSON.stringify({ records: records.slice(6) }) }]);
    await page.locator('#n-total').waitFor();
    assert.match(await page.locator('#n-total').textContent(), /^n\s=\s12$/);
    assert.match(await page.locator('.rounding').textContent(), /rounded/);
    assert.match(await page.locator('#status').textContent(), /12 responses aggregated from 2 file\(s\)/);
    await screenshot(page, 'results-375');
    await page.locator('.challenges').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-375-chart', { fullPage: false });
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('one privacy rule: no chart or figure that rests on fewer answers than the smallest group shown', async () => {
    const page = await session.open(RESULTS, { width: 1280 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const info = await questionnaireInfo(page);
    await page.setInputFiles('#files', [file('trois.json', studyRecords(info).slice(0, 3))]);
    await page.locator('#n-total').waitFor();
    assert.match(await page.locator('#n-total').textContent(), /^n\s=\s3$/);
    // Nothing of the three respondents: no table, no histogram, no bars; one sentence says why, and
    // the page stays short.
    assert.equal(await page.locator('#report .bars, #report .histogram, #report table:not(.files), #report .room-block').count(), 0);
    const notices = await page.locator('.too-few').allTextContents();
    assert.deepEqual(notices, ['Moins de 5 réponses : non affiché, pour que personne ne puisse être reconnu.']);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height <= 1200, `a 3-response result is ${height} px long`);
    await screenshot(page, 'results-1280-too-few', { fullPage: false });

    // 3 as the smallest group is refused outside a workshop (the core says why); in a workshop the same figures appear.
    await page.click('details.settings summary');
    await page.fill('#min-group', '3');
    await page.dispatchEvent('#min-group', 'change');
    await page.locator('#errors').waitFor();
    assert.match(await page.locator('#errors').textContent(), /au moins 5 \(3 en atelier\)/);
    await page.check('#workshop');
    await page.waitForFunction(() => document.querySelectorAll('.too-few').length === 0);
    assert.ok(await page.locator('#report .bars').count() > 0);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('a kiosk CSV export and a file that is not JSON: what each is, what to drop instead; a respondent\'s result file is one response', async () => {
    const page = await session.open(`${RESULTS}?lang=en`, { width: 1280 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const info = await questionnaireInfo(page);
    const records = studyRecords(info);
    await page.setInputFiles('#files', [
      file('kiosque.csv', '\uFEFFid,questionnaire,version,hash,lang,completed,dynamique\r\nevt-00,x,1,h,fr,2026-06,ancre\r\n'),
      file('catalyse-resultat.json', JSON.stringify({ record: records[10], result: { format: 'catalyse-result/1' } }, null, 2)),
      file('notes.txt', 'Notes of the day'),
      file('tablette.json', { format: 'catalyse-export/1', records: records.slice(0, 6) }),
    ]);
    await page.locator('#n-total').waitFor();
    assert.match(await page.locator('#n-total').textContent(), /^n\s=\s7$/, 'the result file\'s record counts (re-scored by the core)');
    const left = await page.locator('.left-out li').allTextContents();
    assert.equal(left.length, 2, left.join('\n'));
    assert.match(left[0], /^kiosque\.csv This is a kiosk’s CSV export .*JSON export/);
    assert.match(left[1], /^notes\.txt This file is not JSON/);
    assert.equal(await page.locator('.problems-box:not(.left-out)').count(), 0, 'the core was not given them');
    assert.match(await page.locator('.summary .problems-note').textContent(), /2 problem\(s\) in the files/);
    await page.click('.summary .problems-note a');
    await page.locator('.left-out').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-1280-left-out', { fullPage: false });
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('exports go to the core one at a time: 4 files of 4,000 records (5.6 MB each) keep the wasm heap near one file', async () => {
    const page = await session.open(RESULTS, { width: 1280 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const info = await questionnaireInfo(page);
    const base = studyRecords(info)[0];
    // The files are made in the page (22 MB would be slow to hand over to the browser) and dropped.
    const largest = await page.evaluate((record) => {
      const comment = 'Une dynamique à consolider. '.repeat(35); // counted, never shown
      const make = (part) => JSON.stringify({ format: 'catalyse-export/1',
        records: Array.from({ length: 4000 }, (_, i) => ({ ...record, id: `part${part}-${i}`, answers: { ...record.answers, commentaire: comment } })) });
      const dt = new DataTransfer();
      let most = 0;
      for (const part of [1, 2, 3, 4]) {
        const text = make(part);
        most = Math.max(most, new Blob([text]).size);
        dt.items.add(new File([text], `tablette-${part}.json`, { type: 'application/json' }));
      }
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      return most;
    }, base);
    await page.locator('#n-total').waitFor();
    assert.match(await page.locator('#n-total').textContent(), /^n\s=\s16\s000$/);
    // The heap holds one file's text at a time, plus ids and counts: far less than the 4 files.
    const heap = await page.evaluate(async () => {
      const { loadAggregateCore } = await import('/web/results/aggregate-core.js');
      return (await loadAggregateCore()).memoryBytes;
    });
    assert.ok(largest > 5e6);
    assert.ok(heap < 2 * largest + 8 * 1024 * 1024, `heap ${heap} bytes, largest file ${largest} bytes, 4 files ${4 * largest}`);
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});

