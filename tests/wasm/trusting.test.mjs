// The trusting core (web/generated/catalyse-core-trusting.wasm, wasm/CMakeLists.txt) against the
// checking core (catalyse-core.wasm): on every questionnaire the checking core accepts (the fixtures,
// the shipped questionnaires, generated ones) it loads the same questionnaire (id, version, hash,
// languages) and scores byte for byte the same, its answer errors carrying the same paths, codes and
// params, worded from the catalog (core-messages.js) as the checking core words them; on anything
// else it never aborts (errors come back as values) and TrustingCore (web/src/core.js) answers with
// the checking core's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreMissingError, loadCore, loadTrustingCore } from '../../web/src/core.js';
import { builtInCoreMessages, localiseIssues } from '../../web/src/core-messages.js';
import { loadQuestionnaire } from '../../web/src/load.js';
import { breakingMutations, hostileInputs, prng, randomAnswers } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const generated = (f) => readFileSync(path.join(root, 'web/generated', f));
const checking = await loadCore({ wasmBinary: generated('catalyse-core.wasm') });
const TRUSTING = generated('catalyse-core-trusting.wasm');
const trusting = await loadCore({ wasmBinary: TRUSTING });
builtInCoreMessages(JSON.parse(generated('core-messages.json').toString('utf8')));
const DEFAULT_TEXT = (await import('../../web/generated/default-questionnaire.mjs')).default;
const DEFAULT_HASH = (await import('../../web/generated/default-questionnaire-hash.mjs')).default;

/** The load answer without the binding's handle (released). */
function loadAnswer(core, text) {
  const answer = core.callText('cat_load', text, 'en');
  const m = answer.match(/^\{"ok":true,"handle":(\d+),/);
  if (!m) return answer;
  core.functions.cat_unload(Number(m[1]));
  return `{"ok":true,${answer.slice(m[0].length)}`;
}

/** A score answer with each answer error's message worded in English from the catalog. */
function worded(text) {
  const doc = JSON.parse(text);
  if (doc.ok) doc.result.answerErrors = localiseIssues(doc.result.answerErrors ?? [], 'en');
  return doc;
}

/** Scores `answers` in both cores; asserts the same answer and returns how many answer errors it had. */
function sameScore(text, answers, lang) {
  const a = checking.load(text, 'en');
  const b = trusting.load(text, 'en');
  assert.ok(a.ok && b.ok);
  try {
    const expected = a.questionnaire.scoreText(answers, lang);
    const got = b.questionnaire.scoreText(answers, lang);
    const errors = JSON.parse(expected).result?.answerErrors ?? [];
    if (!errors.length) assert.equal(got, expected, `lang ${lang}, answers ${answers.slice(0, 200)}`);
    else {
      // Without words in the trusting core: the code stands for the message until the catalog words it.
      assert.ok(JSON.parse(got).result.answerErrors.every((e) => e.message === e.code));
      assert.deepEqual(worded(got), JSON.parse(expected), `lang ${lang}, answers ${answers.slice(0, 200)}`);
    }
    return errors.length;
  } finally {
    a.questionnaire.dispose();
    b.questionnaire.dispose();
  }
}

const fixtures = readdirSync(path.join(root, 'tests/fixtures')).map((f) => path.join(root, 'tests/fixtures', f))
  .concat(readdirSync(path.join(root, 'web/questionnaires')).filter((f) => f.endsWith('.json')).map((f) => path.join(root, 'web/questionnaires', f)))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: path.basename(f), text: readFileSync(f, 'utf8') }));
const questionnaires = fixtures.filter((f) => f.text.includes('"catalyse-questionnaire/1"'));
const answerFiles = fixtures.filter((f) => !f.text.includes('"format"')).map((f) => f.text);

test('the default questionnaire: the trusting core loads it with the hash the build checked', () => {
  const answer = JSON.parse(loadAnswer(trusting, DEFAULT_TEXT));
  assert.equal(answer.ok, true);
  assert.equal(answer.questionnaire.hash, DEFAULT_HASH);
  assert.equal(loadAnswer(trusting, DEFAULT_TEXT), loadAnswer(checking, DEFAULT_TEXT));
});

test('every questionnaire the checking core accepts: the same load and the same scores in the trusting core', () => {
  let accepted = 0;
  let scored = 0;
  let withErrors = 0;
  const r = prng(2018);
  for (const { name, text } of questionnaires) {
    const expected = loadAnswer(checking, text);
    if (!expected.startsWith('{"ok":true')) continue;
    accepted += 1;
    assert.equal(loadAnswer(trusting, text), expected, name);
    const doc = JSON.parse(text);
    const sets = [...answerFiles, '{}', ...Array.from({ length: 40 }, () => JSON.stringify(randomAnswers(r, doc)))];
    for (const answers of sets) {
      for (const lang of doc.languages) {
        withErrors += sameScore(text, answers, lang) > 0 ? 1 : 0;
        scored += 1;
      }
    }
  }
  assert.ok(accepted >= 4, `${accepted} questionnaires accepted`);
  assert.ok(scored >= 300 && withErrors >= 20, `${scored} cases scored, ${withErrors} with answer errors`);
});

test('questionnaires the checking core refuses: the trusting core answers with values, TrustingCore with the checking core\'s errors', async () => {
  const base = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/all-types.json'), 'utf8'));
  const r = prng(11);
  const mutations = [
    ...breakingMutations,
    (d) => { d.sections[0].questions = []; d.dimensions = []; },
    (d) => { d.sections[1].questions[1].options = 'a'; d.feedback.insights[0].when = 'dim.nope > 1'; },
  ];
  let checkingCalls = 0;
  const composite = await loadTrustingCore([DEFAULT_HASH], { wasmBinary: TRUSTING, checking: async () => { checkingCalls += 1; return checking; } });
  let refusedByTrusting = 0;
  for (let i = 0; i < 40; i++) {
    const doc = structuredClone(base);
    for (let m = 0; m < 2; m++) {
      try { mutations[r.below(mutations.length)](doc); } catch { /* a member an earlier mutation removed */ }
    }
    const text = JSON.stringify(doc);
    const expected = checking.load(text, 'fr');
    assert.equal(expected.ok, false, text.slice(0, 100));
    const own = JSON.parse(loadAnswer(composite.trusting, text));
    if (!own.ok) {
      refusedByTrusting += 1;
      assert.ok(own.errors.length >= 1 && own.errors.every((e) => e.code && e.message === e.code), JSON.stringify(own));
    } else {
      assert.notEqual(own.questionnaire.hash, DEFAULT_HASH);
    }
    assert.deepEqual(await composite.load(text, 'fr'), expected);
  }
  assert.equal(checkingCalls, 40);
  assert.ok(refusedByTrusting >= 5, `${refusedByTrusting} refused by the trusting core itself`);
  // The default questionnaire never asks for the checking core.
  const loaded = await composite.load(DEFAULT_TEXT, 'fr');
  assert.ok(loaded.ok);
  assert.equal(loaded.questionnaire.info.hash, DEFAULT_HASH);
  loaded.questionnaire.dispose();
  assert.equal(checkingCalls, 40);
});

test('expressions whose operands are of the wrong kind: refused by the checking core, read by the trusting core and scored as values', () => {
  // The trusting core builds checked expressions without checking their operands' kinds: given
  // unchecked ones anyway, it evaluates them (null or false where a kind is wrong) and never faults.
  const base = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/all-types.json'), 'utf8'));
  const wrong = [
    ['visibleIf', "q.structure + 1 > 2"], ['visibleIf', "q.freins == 'jamais'"], ['visibleIf', "'diag' in q.partenaires"],
    ['visibleIf', 'count(q.structure) > 0'], ['visibleIf', 'dim.acteurs > 10'], ['visibleIf', "q.structure == 'nope'"],
    ['visibleIf', 'q.actions and not q.partenaires'], ['visibleIf', "-q.structure < 0 or q.actions == 3"],
    ['when', "q.actions > 'a'"], ['when', "level == 'nope'"], ['when', "q.partenaires in ['a', 'b']"], ['when', "q.structure in [1, 2]"],
  ];
  const r = prng(7);
  let scored = 0;
  for (const [place, expression] of wrong) {
    const doc = structuredClone(base);
    if (place === 'visibleIf') doc.sections[1].questions[5].visibleIf = expression;
    else doc.feedback.insights[0].when = expression;
    const text = JSON.stringify(doc);
    assert.equal(checking.load(text, 'en').ok, false, `${expression}: refused by the checking core`);
    const loaded = trusting.load(text, 'en');
    assert.equal(loaded.ok, true, `${expression}: ${JSON.stringify(loaded.errors ?? '').slice(0, 200)}`);
    for (let i = 0; i < 12; i++) {
      const answer = JSON.parse(loaded.questionnaire.scoreText(JSON.stringify(randomAnswers(r, doc)), 'fr'));
      assert.equal(typeof answer.ok, 'boolean', expression);
      scored += 1;
    }
    loaded.questionnaire.dispose();
  }
  assert.equal(scored, wrong.length * 12);
  // The instance still scores the default questionnaire as the checking core does.
  assert.equal(loadAnswer(trusting, DEFAULT_TEXT), loadAnswer(checking, DEFAULT_TEXT));
});

test('members the model does not know: refused by the checking core, passed over by the trusting core, which scores as without them', () => {
  // The trusting core reads documents checked beforehand and does not look for unknown members.
  const base = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/all-types.json'), 'utf8'));
  const doc = structuredClone(base);
  doc.extra = { nested: [1, 2] };
  doc.sections[0].Title = 'x';
  doc.sections[1].questions[0].note = 'y';
  doc.feedback.insights[0].whenn = 'q.structure > 1';
  const refused = checking.load(JSON.stringify(doc), 'en');
  assert.equal(refused.ok, false);
  assert.deepEqual(new Set(refused.errors.map((e) => e.code)), new Set(['document.unknown-member', 'document.unknown-member-hint']));
  const plain = trusting.load(JSON.stringify(base), 'en');
  const extra = trusting.load(JSON.stringify(doc), 'en');
  assert.ok(plain.ok && extra.ok, JSON.stringify(extra.errors ?? '').slice(0, 200));
  const r = prng(5);
  for (let i = 0; i < 12; i++) {
    const answers = JSON.stringify(randomAnswers(r, base));
    // The same result, naming the questionnaire it read (its own hash).
    const got = extra.questionnaire.scoreText(answers, 'fr');
    assert.ok(got.includes(extra.questionnaire.info.hash));
    assert.equal(got.replace(extra.questionnaire.info.hash, plain.questionnaire.info.hash), plain.questionnaire.scoreText(answers, 'fr'));
  }
  plain.questionnaire.dispose();
  extra.questionnaire.dispose();
});

test('wrong, hostile or huge inputs: the trusting core answers {"ok":false} values and keeps working', () => {
  const loaded = trusting.load(readFileSync(path.join(root, 'tests/fixtures/minimal.json'), 'utf8'));
  assert.ok(loaded.ok);
  const q = loaded.questionnaire;
  const reference = q.scoreText('{"q1":"oui"}', 'fr');
  const bad = [
    ...hostileInputs(trusting, q),
    ['visibility cycle', () => trusting.load(JSON.stringify({ ...JSON.parse(DEFAULT_TEXT), sections: [{ id: 's', questions: [
      { id: 'a', type: 'single', options: [{ id: 'x', value: 1 }, { id: 'y', value: 2 }], visibleIf: 'answered(q.b)' },
      { id: 'b', type: 'single', options: [{ id: 'x', value: 1 }, { id: 'y', value: 2 }], visibleIf: 'answered(q.a)' }] }] }))],
    ['expression that does not compile', () => trusting.load(JSON.stringify({ ...JSON.parse(DEFAULT_TEXT), feedback: { insights: [{ id: 'i', when: 'q.' }] } }))],
  ];
  for (const [name, call] of bad) {
    const answer = call();
    assert.equal(answer.ok, false, name);
    assert.ok(answer.errors.length >= 1 && answer.errors.every((e) => typeof e.code === 'string' && e.message === e.code), `${name}: ${JSON.stringify(answer.errors).slice(0, 300)}`);
    assert.equal(q.scoreText('{"q1":"oui"}', 'fr'), reference, `instance still works after: ${name}`);
  }
  // The catalog words them as the checking core does.
  const unknown = q.score({}, 'de');
  const words = checking.load(readFileSync(path.join(root, 'tests/fixtures/minimal.json'), 'utf8')).questionnaire.score({}, 'de');
  assert.deepEqual(localiseIssues(unknown.errors, 'en'), words.errors);
  q.dispose();
});

test('TrustingCore: the checking core cannot be had → the widget\'s load pipeline says so, in the page\'s language', async () => {
  const missing = new CoreMissingError('https://example.org/generated/catalyse-core.wasm', 404);
  const composite = await loadTrustingCore([DEFAULT_HASH], { wasmBinary: TRUSTING, checking: () => Promise.reject(missing) });
  await assert.rejects(composite.load(readFileSync(path.join(root, 'tests/fixtures/minimal.json'), 'utf8')), missing);
  const refused = await loadQuestionnaire({ core: composite, text: readFileSync(path.join(root, 'tests/fixtures/minimal.json'), 'utf8'), benchmark: null, uiLang: 'fr' });
  assert.equal(refused.errors.length, 1);
  assert.match(refused.errors[0].message, /catalyse-core\.wasm/);
  assert.match(refused.errors[0].message, /HTTP 404/);
  // The default questionnaire needs no checking core.
  const loaded = await loadQuestionnaire({ core: composite, text: DEFAULT_TEXT, benchmark: null, uiLang: 'fr' });
  assert.equal(loaded.info.hash, DEFAULT_HASH);
  const scored = loaded.scoring.score({}, 'fr');
  assert.equal(scored.ok, true);
  loaded.scoring.dispose();
});
