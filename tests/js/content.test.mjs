// The default questionnaire (web/questionnaires/catalyseurs-2018.json) and its answer sets
// (tests/fixtures/answers-<level>.json). Content checks read the JSON; scoring checks go through
// the wasm core, the same door the widget uses. Expected scores were computed by hand from the
// scoring model (docs/FORMAT.md §3); the working is in docs/CONTENT.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUESTIONNAIRE = path.join(root, 'web/questionnaires/catalyseurs-2018.json');
const WASM = path.join(root, 'web/generated/catalyse-core.wasm');
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const doc = readJson(QUESTIONNAIRE);
const LANGS = ['fr', 'en'];
const fixture = (level) => readJson(path.join(root, `tests/fixtures/answers-${level}.json`));

const questions = doc.sections.flatMap((s) => s.questions);
const byId = new Map(questions.map((q) => [q.id, q]));

// ─── Hand-computed expectations (docs/CONTENT.md, "Answer sets") ─────────────────────────────
const EXPECTED = {
  amorce: {
    index: 7.9,
    dimensions: {
      actions: { status: 'ok', score: 3.3, answered: 9, items: 9, level: 'amorce' },
      acteurs: { status: 'ok', score: 9.4, answered: 8, items: 8, level: 'amorce' },
      articulation: { status: 'ok', score: 8.3, answered: 8, items: 12, level: 'amorce' },
      impacts: { status: 'insufficient', score: null, answered: 1, items: 6, level: null },
      catalyse: { status: 'ok', score: 13.0, answered: 9, items: 9, level: 'amorce' },
    },
    declared: { option: 'emerge', level: 'emergence', agrees: false },
    strongest: 'catalyse',
    weakest: 'actions',
    insights: ['publics-entreprises', 'demarches-bilaterales', 'meconnaissance-spheres',
      'niveaux-peu-articules', 'catalyse-a-reconnaitre'],
    benchmarks: [['evaluation', 'prioritaire', 2]],
    hidden: ['connaissance'],
  },
  emergence: {
    index: 31.8,
    dimensions: {
      actions: { status: 'ok', score: 29.3, answered: 9, items: 9, level: 'emergence' },
      acteurs: { status: 'ok', score: 33.3, answered: 8, items: 8, level: 'emergence' },
      articulation: { status: 'ok', score: 24.2, answered: 11, items: 12, level: 'amorce' },
      impacts: { status: 'ok', score: 33.3, answered: 5, items: 6, level: 'emergence' },
      catalyse: { status: 'ok', score: 40.0, answered: 10, items: 10, level: 'emergence' },
    },
    declared: { option: 'nombreuses', level: 'essor', agrees: false },
    strongest: 'catalyse',
    weakest: 'articulation',
    insights: ['dialogue-sans-action', 'publics-entreprises', 'demarches-bilaterales',
      'meconnaissance-spheres', 'niveaux-peu-articules', 'impacts-non-evalues', 'catalyse-a-reconnaitre'],
    benchmarks: [['numerique', 'prioritaire', 14], ['competences', 'prioritaire', 10],
      ['evaluation', 'tres-important', 10]],
    hidden: [],
  },
  essor: {
    index: 62.2,
    dimensions: {
      actions: { status: 'ok', score: 62.5, answered: 9, items: 9, level: 'essor' },
      acteurs: { status: 'ok', score: 60.4, answered: 8, items: 8, level: 'essor' },
      articulation: { status: 'ok', score: 57.6, answered: 11, items: 12, level: 'essor' },
      impacts: { status: 'ok', score: 61.9, answered: 6, items: 6, level: 'essor' },
      catalyse: { status: 'ok', score: 68.3, answered: 10, items: 10, level: 'essor' },
    },
    declared: { option: 'nombreuses', level: 'essor', agrees: true },
    strongest: 'catalyse',
    weakest: 'articulation',
    insights: ['publics-entreprises', 'meconnaissance-spheres', 'niveaux-peu-articules', 'catalyse-a-reconnaitre'],
    benchmarks: [['numerique', 'tres-important', 14], ['competences', 'prioritaire', 10],
      ['hybridation', 'tres-important', 12], ['evaluation', 'prioritaire', 2]],
    hidden: [],
  },
  ancrage: {
    index: 90.8,
    dimensions: {
      actions: { status: 'ok', score: 95.0, answered: 9, items: 9, level: 'ancrage' },
      acteurs: { status: 'ok', score: 92.9, answered: 7, items: 8, level: 'ancrage' },
      articulation: { status: 'ok', score: 84.8, answered: 11, items: 12, level: 'ancrage' },
      impacts: { status: 'ok', score: 85.7, answered: 6, items: 6, level: 'ancrage' },
      catalyse: { status: 'ok', score: 93.3, answered: 10, items: 10, level: 'ancrage' },
    },
    declared: { option: 'ancre', level: 'ancrage', agrees: true },
    strongest: 'actions',
    weakest: 'articulation',
    insights: ['nouvelle-etape'],
    benchmarks: [['numerique', 'prioritaire', 14], ['competences', 'tres-important', 14],
      ['hybridation', 'prioritaire', 8]],
    hidden: [],
  },
};

// ─── Content, read from the JSON ─────────────────────────────────────────────────────────────

/** Every localised Text in the document, with its JSON pointer. */
function texts(node, pointer = '', out = []) {
  if (Array.isArray(node)) node.forEach((v, i) => texts(v, `${pointer}/${i}`, out));
  else if (node && typeof node === 'object') {
    const keys = Object.keys(node);
    if (keys.length && keys.every((k) => LANGS.includes(k)) && keys.every((k) => typeof node[k] === 'string')) {
      out.push([pointer, node]);
    } else for (const k of keys) texts(node[k], `${pointer}/${k}`, out);
  }
  return out;
}

test('every question, option and row has a non-empty French and English text', () => {
  let checked = 0;
  for (const q of questions) {
    const parts = [[`${q.id}/text`, q.text], ...(q.help ? [[`${q.id}/help`, q.help]] : []),
      ...(q.options ?? []).map((o) => [`${q.id}/options/${o.id}`, o.label]),
      ...(q.rows ?? []).map((r) => [`${q.id}/rows/${r.id}`, r.label])];
    for (const [where, t] of parts) {
      for (const lang of LANGS) {
        assert.equal(typeof t?.[lang], 'string', `${where}: no ${lang}`);
        assert.ok(t[lang].trim().length > 0, `${where}: empty ${lang}`);
      }
      if (t.fr.length > 12) assert.notEqual(t.en, t.fr, `${where}: English left as French`);
      checked++;
    }
  }
  assert.ok(checked > 200, `only ${checked} texts checked`);
});

test('every localised string has both languages, and French typography (« », no-break spaces, ’)', () => {
  const all = texts(doc);
  assert.ok(all.length > 250, `only ${all.length} texts found`);
  for (const [pointer, t] of all) {
    for (const lang of LANGS) assert.ok(t[lang]?.trim(), `${pointer}: empty ${lang}`);
    assert.ok(!/"/.test(t.fr), `${pointer}: straight double quote in French`);
    assert.ok(!/'/.test(t.fr) && !/'/.test(t.en), `${pointer}: straight apostrophe`);
    assert.ok(!/ [?!:;»]|« /.test(t.fr), `${pointer}: breaking space before ?!:;» or after « in French`);
    assert.ok(!/[«»]/.test(t.en), `${pointer}: French guillemets in English`);
  }
});

test('the declared stage is the study’s question with its four answers, word for word', () => {
  const q = byId.get('dynamique');
  const nb = (s) => s.replace(/\u00a0/g, ' ');
  assert.equal(nb(q.text.fr), 'Votre territoire est-il porteur d’une dynamique de co-construction entre les différents acteurs ?');
  assert.deepEqual(q.options.filter((o) => !o.dontKnow).map((o) => nb(o.label.fr)), [
    'Oui, tout à fait, cela est ancré dans le fonctionnement du territoire',
    'Oui, les initiatives de co-construction sont de plus en plus nombreuses',
    'Un peu, cela commence à émerger',
    'Non pas du tout',
  ]);
  assert.equal(q.scoring, undefined, 'the declared stage must not feed the index it is compared with');
  assert.equal(doc.declaredStage.question, 'dynamique');
  assert.deepEqual(doc.declaredStage.map, { ancre: 'ancrage', nombreuses: 'essor', emerge: 'emergence', non: 'amorce' });
  assert.deepEqual(doc.levels.map((l) => [l.id, l.min]), [['amorce', 0], ['emergence', 25], ['essor', 50], ['ancrage', 75]]);
});

test('the seven shared challenges of the study are the rows of the challenges matrix', () => {
  const q = byId.get('enjeux');
  assert.equal(q.type, 'matrix');
  assert.deepEqual(q.rows.map((r) => r.label.fr.replace(/\u00a0/g, ' ')), [
    'Transformation numérique', 'Mutation des compétences', 'Hybridation des modèles socio-économiques',
    'Évolution des modes d’évaluation', 'Nouveaux modes de fonctionnement', 'Nouvelles propositions de valeur',
    'Impacts sur notre « Faire société »',
  ]);
  assert.deepEqual(q.options.slice(0, 2).map((o) => o.label.fr), ['Prioritaire', 'Très important']);
  assert.ok(q.options.some((o) => o.dontKnow), 'a don’t-know option');
});

test('the study’s key skills, modes of animation and progression of actions are all asked', () => {
  assert.deepEqual(byId.get('competences').rows.map((r) => r.label.fr.replace(/’/g, "'")),
    ['Dialogue territorial', 'Mise en relation', "Conception d'expérimentations collectives", 'Accompagnement du partenariat']);
  assert.deepEqual(byId.get('modes').rows.map((r) => r.label.fr.split(/\u00a0?:/)[0]),
    ['Ingénierie territoriale', 'Management de projets transverses', 'Catalyse territoriale']);
  const actions = byId.get('actions').rows;
  assert.deepEqual(actions.map((r) => r.id), ['dialogue', 'partage', 'experimentation', 'action']);
  const weights = actions.map((r) => r.scoring?.weight ?? 1);
  assert.deepEqual([...weights].sort((a, b) => a - b), weights, 'later steps of the progression weigh at least as much');
  const actors = byId.get('acteurs');
  assert.deepEqual(actors.rows.map((r) => r.id), ['collectivites', 'institutions', 'entreprises', 'associations', 'citoyens', 'recherche']);
  assert.ok(actors.options.some((o) => o.dontKnow));
});

test('a real diagnostic: 35–45 scored items, every dimension fed, profile unscored', () => {
  let items = 0;
  const perDim = {};
  for (const q of questions) {
    if (!q.scoring) continue;
    const rows = q.type === 'matrix' ? q.rows : [{}];
    for (const r of rows) {
      const dim = r.scoring?.dimension ?? q.scoring.dimension;
      perDim[dim] = (perDim[dim] ?? 0) + 1;
      items++;
    }
  }
  assert.ok(items >= 35 && items <= 45, `${items} scored items`);
  for (const d of doc.dimensions) assert.ok(perDim[d.id] >= 5, `dimension ${d.id} has ${perDim[d.id]} items`);
  const profile = doc.sections.find((s) => s.id === 'profil');
  assert.ok(profile.questions.length >= 2);
  for (const q of profile.questions) {
    assert.equal(q.scoring, undefined, `${q.id} is scored`);
    assert.notEqual(q.required, true, `${q.id} is required`);
  }
  for (const q of questions) if (q.type === 'text') assert.equal(q.scoring, undefined);
});

test('every dimension has a recommendation for every level, in both languages', () => {
  assert.equal(doc.feedback.complete, true);
  const recs = doc.feedback.recommendations;
  for (const d of doc.dimensions) {
    for (const l of doc.levels) {
      const found = recs.filter((r) => r.dimension === d.id && r.level === l.id);
      assert.equal(found.length, 1, `${d.id} × ${l.id}: ${found.length} recommendations`);
      for (const lang of LANGS) assert.ok(found[0].text[lang].length > 40, `${d.id} × ${l.id} ${lang} too short`);
    }
  }
  assert.equal(recs.length, doc.dimensions.length * doc.levels.length);
  const texts = recs.map((r) => r.text.fr);
  assert.equal(new Set(texts).size, texts.length, 'two levers say the same thing');
});

test('every benchmark names its source, year and n ≥ 5, and its counts reproduce the study’s chart', () => {
  assert.ok(doc.benchmarks.length >= 1);
  for (const b of doc.benchmarks) {
    for (const lang of LANGS) assert.ok(b.source[lang]?.includes('Observatoire des partenariats'), `${b.id}: source ${lang}`);
    assert.equal(typeof b.year, 'number');
    assert.ok(Number.isInteger(b.n) && b.n >= 5 && b.n >= (b.minN ?? 5), `${b.id}: n = ${b.n}`);
  }
  const b = doc.benchmarks.find((x) => x.id === 'enjeux-2018');
  assert.equal(b.year, 2018);
  assert.equal(b.n, 34);
  assert.ok(b.source.fr.includes('juin 2018') && b.source.en.includes('June 2018'));
  // The chart (PRODUCT.md): prioritaires, très importants, enjeux ++ — each a rounded count of 34.
  const chart = { numerique: [41, 41, 82], competences: [29, 41, 70], hybridation: [24, 35, 59], evaluation: [6, 29, 35] };
  const pct = (c) => Math.round((100 * c) / b.n);
  assert.deepEqual(Object.keys(b.counts), Object.keys(chart), 'counts only for the four challenges with figures');
  for (const [row, [prio, tres, plus]] of Object.entries(chart)) {
    const c = b.counts[row];
    assert.deepEqual(Object.keys(c).sort(), ['prioritaire', 'tres-important']);
    assert.equal(pct(c.prioritaire), prio, `${row} prioritaire`);
    assert.equal(pct(c['tres-important']), tres, `${row} très important`);
    assert.equal(pct(c.prioritaire) + pct(c['tres-important']), plus, `${row} enjeux ++`);
    assert.ok(c.prioritaire + c['tres-important'] <= b.n);
  }
  assert.deepEqual(Object.values(b.counts).map((c) => c.prioritaire), [14, 10, 8, 2]);
  assert.deepEqual(Object.values(b.counts).map((c) => c['tres-important']), [14, 14, 12, 10]);
});

test('every insight condition reads only ids the questionnaire has', () => {
  const ids = new Set(questions.map((q) => q.id));
  for (const ins of doc.feedback.insights) {
    for (const [, qid, rest] of ins.when.matchAll(/q\.([a-z0-9_-]+)(\.[a-z0-9_-]+)?/g)) {
      assert.ok(ids.has(qid), `${ins.id}: unknown question ${qid}`);
      if (rest) assert.ok(byId.get(qid).rows.some((r) => r.id === rest.slice(1)), `${ins.id}: unknown row ${qid}${rest}`);
    }
  }
});

test('answer sets are plain answers objects for the default questionnaire, one per level', () => {
  const files = readdirSync(path.join(root, 'tests/fixtures')).filter((f) => /^answers-.*\.json$/.test(f)).sort();
  assert.deepEqual(files, doc.levels.map((l) => `answers-${l.id}.json`).sort(), 'one documented answer set per level');
  assert.deepEqual(Object.keys(EXPECTED).sort(), doc.levels.map((l) => l.id).sort());
  for (const level of Object.keys(EXPECTED)) {
    const answers = fixture(level);
    for (const [qid, value] of Object.entries(answers)) {
      const q = byId.get(qid);
      assert.ok(q, `answers-${level}: unknown question ${qid}`);
      if (q.type === 'matrix') {
        for (const [rid, oid] of Object.entries(value)) {
          assert.ok(q.rows.some((r) => r.id === rid), `answers-${level}: ${qid}/${rid}`);
          assert.ok(q.options.some((o) => o.id === oid), `answers-${level}: ${qid}/${rid} = ${oid}`);
        }
      } else if (q.type === 'single' || q.type === 'scale') {
        assert.ok(q.options.some((o) => o.id === value), `answers-${level}: ${qid} = ${value}`);
      }
    }
  }
});

// ─── Through the wasm core ───────────────────────────────────────────────────────────────────

async function loadDefault() {
  assert.ok(existsSync(WASM), `${WASM} is missing: run scripts/build.sh first`);
  const { loadCore } = await import('../../web/src/core.js');
  const core = await loadCore({ wasmBinary: readFileSync(WASM) });
  const loaded = core.load(readFileSync(QUESTIONNAIRE, 'utf8'));
  return loaded;
}

test('the core validates the default questionnaire with no error', async () => {
  const loaded = await loadDefault();
  assert.deepEqual(loaded.errors ?? [], [], JSON.stringify(loaded.errors, null, 1));
  assert.equal(loaded.ok, true);
  assert.equal(loaded.questionnaire.info.id, 'catalyseurs-territoriaux-2018');
  assert.deepEqual(loaded.questionnaire.info.languages, ['fr', 'en']);
  assert.match(loaded.questionnaire.info.hash, /^fnv1a64:[0-9a-f]{16}$/);
  loaded.questionnaire.dispose();
});

for (const [level, want] of Object.entries(EXPECTED)) {
  test(`answers-${level}.json scores to "${level}" (index ${want.index}) in French and English`, async () => {
    const loaded = await loadDefault();
    assert.equal(loaded.ok, true, JSON.stringify(loaded.errors));
    const q = loaded.questionnaire;
    const answers = fixture(level);
    const byLang = {};
    for (const lang of LANGS) {
      const out = q.score(answers, lang);
      assert.equal(out.ok, true, JSON.stringify(out.errors));
      const r = out.result;
      byLang[lang] = r;
      assert.deepEqual(r.answerErrors, [], `${lang}: ${JSON.stringify(r.answerErrors)}`);
      assert.equal(r.lang, lang);
      assert.equal(r.level.id, level, `${lang}: level`);
      assert.equal(r.index, want.index, `${lang}: index`);
      assert.equal(r.level.label, doc.levels.find((l) => l.id === level).label[lang]);
      const dims = Object.fromEntries(r.dimensions.map((d) => [d.id, { status: d.status, score: d.score, answered: d.answered, items: d.items, level: d.level }]));
      assert.deepEqual(dims, want.dimensions, `${lang}: dimensions`);
      assert.equal(r.strongest, want.strongest);
      assert.equal(r.weakest, want.weakest);
      assert.deepEqual({ option: r.declared.option, level: r.declared.level, agrees: r.declared.agrees }, want.declared);
      const labels = Object.fromEntries(doc.levels.map((l) => [l.id, l.label[lang]]));
      assert.ok(r.declared.message.includes(labels[want.declared.level]), `${lang}: declared message names the declared stage`);
      assert.ok(r.declared.message.includes(labels[level]), `${lang}: declared message names the computed level`);
      assert.ok(!/[{}]/.test(r.declared.message), 'placeholders filled');
      assert.deepEqual(r.insights.map((i) => i.id), want.insights, `${lang}: insights`);
      for (const i of r.insights) {
        const src = doc.feedback.insights.find((x) => x.id === i.id);
        assert.equal(i.title, src.title[lang]);
        assert.equal(i.text, src.text[lang]);
      }
      // One lever per sufficient dimension, weakest first.
      const sufficient = Object.entries(want.dimensions).filter(([, d]) => d.status === 'ok');
      assert.equal(r.recommendations.length, sufficient.length);
      const scores = r.recommendations.map((x) => want.dimensions[x.dimension].score);
      assert.deepEqual(scores, [...scores].sort((a, b) => a - b), 'weakest first');
      for (const rec of r.recommendations) {
        assert.equal(rec.level, want.dimensions[rec.dimension].level);
        const src = doc.feedback.recommendations.find((x) => x.dimension === rec.dimension && x.level === rec.level);
        assert.equal(rec.text, src.text[lang]);
      }
      assert.deepEqual(r.benchmarks.map((b) => [b.row, b.option, b.count]), want.benchmarks, `${lang}: benchmarks`);
      for (const b of r.benchmarks) {
        assert.equal(b.n, 34);
        assert.equal(b.year, 2018);
        assert.ok(b.text.includes(lang === 'fr' ? `${b.count} catalyseurs sur 34 en 2018` : `${b.count} of 34 catalysts in 2018`), b.text);
        const option = byId.get('enjeux').options.find((o) => o.id === b.option).label[lang];
        const row = byId.get('enjeux').rows.find((x) => x.id === b.row).label[lang];
        assert.ok(b.text.includes(option) && b.text.includes(row), `${b.text} names ${row} and ${option}`);
      }
      for (const hidden of want.hidden) assert.ok(!r.visible.includes(hidden), `${hidden} should be hidden`);
      assert.ok(r.visible.includes('dynamique') && r.visible.includes('enjeux'));
    }
    // Numbers and ids are the same whatever the language.
    const strip = (r) => JSON.stringify({ i: r.index, l: r.level.id, d: r.dimensions.map((d) => [d.id, d.score, d.status]), v: r.visible });
    assert.equal(strip(byLang.fr), strip(byLang.en));
    q.dispose();
  });
}

test('the benchmark statement names the challenge and reads “14 catalyseurs sur 34 en 2018 l’ont aussi jugé « Prioritaire »”', async () => {
  const loaded = await loadDefault();
  const out = loaded.questionnaire.score({ enjeux: { numerique: 'prioritaire' } }, 'fr');
  assert.equal(out.ok, true);
  assert.deepEqual(out.result.benchmarks.map((b) => b.text.replace(/\u00a0/g, ' ')),
    ['Enjeu « Transformation numérique » : 14 catalyseurs sur 34 en 2018 l’ont aussi jugé « Prioritaire »']);
  const en = loaded.questionnaire.score({ enjeux: { competences: 'tres-important' } }, 'en');
  assert.deepEqual(en.result.benchmarks.map((b) => b.text), ['“Changing skills”: 14 of 34 catalysts in 2018 also rated it “Very important”']);
  loaded.questionnaire.dispose();
});

test('“Ne sait pas” everywhere counts as missing: no score, no level, no lever', async () => {
  const loaded = await loadDefault();
  const answers = {};
  for (const q of questions) {
    if (!q.scoring || !q.options) continue;
    answers[q.id] = q.type === 'matrix' ? Object.fromEntries(q.rows.map((r) => [r.id, 'nsp'])) : 'nsp';
  }
  answers.dynamique = 'nsp';
  const r = loaded.questionnaire.score(answers, 'fr').result;
  assert.deepEqual(r.answerErrors, []);
  assert.equal(r.index, null);
  assert.equal(r.level, null);
  assert.ok(r.dimensions.every((d) => d.status === 'insufficient' && d.score === null), JSON.stringify(r.dimensions));
  assert.deepEqual(r.recommendations, []);
  loaded.questionnaire.dispose();
});

test('every insight can fire: the answer sets plus one where a small circle acts', async () => {
  const loaded = await loadDefault();
  const q = loaded.questionnaire;
  const fired = new Set(Object.values(EXPECTED).flatMap((e) => e.insights));
  // Strong action carried by few actors: actions at the top, actors rarely involved.
  const small = {
    actions: { dialogue: 'continu', partage: 'continu', experimentation: 'continu', action: 'continu' },
    'passage-action': 'toujours', gouvernance: 'oui', moyens: 'durable', 'enjeux-collectif': 'action',
    acteurs: { collectivites: 'souvent', institutions: 'souvent', entreprises: 'souvent', associations: 'rarement', citoyens: 'jamais', recherche: 'jamais' },
    pluralite: 'deux', portage: 'faible',
  };
  const r = q.score(small, 'fr').result;
  assert.ok(r.dimensions.find((d) => d.id === 'actions').score >= 50);
  assert.ok(r.dimensions.find((d) => d.id === 'acteurs').score < 50);
  assert.ok(r.insights.some((i) => i.id === 'action-cercle-restreint'), JSON.stringify(r.insights.map((i) => i.id)));
  assert.ok(!r.insights.some((i) => i.id === 'publics-entreprises'), 'public actors and businesses are involved “souvent” here');
  for (const i of r.insights) fired.add(i.id);
  assert.deepEqual(doc.feedback.insights.map((i) => i.id).filter((id) => !fired.has(id)), [], 'insights that never fire');
  q.dispose();
});

test('the optional profile and the free comment change no score', async () => {
  const loaded = await loadDefault();
  const q = loaded.questionnaire;
  const answers = fixture('essor');
  const without = Object.fromEntries(Object.entries(answers).filter(([k]) => !k.startsWith('profil-') && k !== 'commentaire'));
  assert.ok(Object.keys(without).length < Object.keys(answers).length);
  const a = q.score(answers, 'fr').result;
  const b = q.score(without, 'fr').result;
  assert.equal(a.index, b.index);
  assert.deepEqual(a.dimensions, b.dimensions);
  assert.deepEqual(a.insights, b.insights);
  q.dispose();
});
