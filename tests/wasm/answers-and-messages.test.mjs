// At the wasm boundary (the widget's core, through web/src/core.js) and through the native CLI:
// one out-of-range number refuses only that answer, errors carry a code and params (the widget's
// core words them in English; the widget words them in French from the catalog that `catalyse
// messages` prints), the result says when its reading is provisional, and `catalyse score` speaks
// the questionnaire's first language when none is asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../../web/src/core.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = path.resolve(root, process.env.CATALYSE_BUILD_DIR ?? 'build');
const cli = path.join(buildDir, 'native/cli/catalyse');
const core = await loadCore({ wasmBinary: readFileSync(path.join(root, 'web/generated/catalyse-core.wasm')) });
const minimal = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/minimal.json'), 'utf8'));

const tmp = mkdtempSync(path.join(tmpdir(), 'catalyse-messages-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
function file(name, text) {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

/** minimal.json with a number question `n` (0–10) in the same dimension. */
function withNumber() {
  const doc = structuredClone(minimal);
  doc.sections[0].questions.push({ id: 'n', type: 'number', text: { fr: 'N ?', en: 'N?' }, min: 0, max: 10,
    scoring: { dimension: 'action' } });
  return doc;
}

test('wasm: 1e999 in an answers document refuses that answer only, at its path', () => {
  const loaded = core.load(withNumber());
  assert.ok(loaded.ok, JSON.stringify(loaded.errors));
  try {
    for (const n of ['1e999', '-1e999']) {
      const answer = JSON.parse(loaded.questionnaire.scoreText(`{"q1":"oui","q2":"a","n":${n}}`, 'en'));
      assert.equal(answer.ok, true, JSON.stringify(answer));
      const r = answer.result;
      assert.deepEqual(r.answerErrors.map((e) => [e.path, e.code]), [['/n', 'answer.out-of-range']]);
      assert.equal(r.progress.answered, 2);
      assert.equal(r.dimensions[0].answered, 2);
    }
  } finally {
    loaded.questionnaire.dispose();
  }
});

test('wasm: answer errors come with a code and params (the widget\'s core words them in English)', () => {
  const loaded = core.load(withNumber());
  try {
    const fr = JSON.parse(loaded.questionnaire.scoreText('{"n":25}', 'fr')).result.answerErrors;
    assert.deepEqual(fr, [{ path: '/n', code: 'answer.above-maximum', params: { maximum: '10', value: '25' },
      message: '25 is above the maximum 10' }]);
    const notObject = JSON.parse(loaded.questionnaire.scoreText('[]', 'fr'));
    assert.equal(notObject.ok, false);
    assert.equal(notObject.errors[0].code, 'answers.not-object');
    assert.deepEqual(notObject.errors[0].params, { got: 'array' });
  } finally {
    loaded.questionnaire.dispose();
  }
});

test('wasm: a questionnaire\'s errors have codes; a load without a language words them in English', () => {
  const doc = structuredClone(minimal);
  doc.levels[0].min = 3;
  const answer = core.load(doc);
  assert.equal(answer.ok, false);
  assert.deepEqual(answer.errors, [{ path: '/levels/0/min', code: 'questionnaire.first-level-min', params: {},
    message: 'the first level must start at 0' }]);
});

test('wasm: the result\'s reading says whether the index rests on enough dimensions', () => {
  const loaded = core.load(minimal);
  try {
    const r = JSON.parse(loaded.questionnaire.scoreText('{"q1":"oui"}', 'fr')).result;
    assert.deepEqual(Object.keys(r).slice(Object.keys(r).indexOf('level'), Object.keys(r).indexOf('level') + 3),
      ['level', 'reading', 'declared']);
    assert.deepEqual(r.reading, { provisional: false, dimensionsScored: 1, dimensionsNeeded: 1, dimensions: 1, moreAnswers: 0 });
    const none = JSON.parse(loaded.questionnaire.scoreText('{}', 'fr')).result;
    assert.deepEqual(none.reading, { provisional: true, dimensionsScored: 0, dimensionsNeeded: 1, dimensions: 1, moreAnswers: 1 });
  } finally {
    loaded.questionnaire.dispose();
  }
});

test('CLI: score speaks the questionnaire\'s first language when no --lang is given', () => {
  const english = structuredClone(minimal);
  english.languages = ['en'];
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      if ('fr' in v && 'en' in v && Object.keys(v).length === 2) return { en: v.en };
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
    }
    return v;
  };
  const q = file('english.json', JSON.stringify(strip(english)));
  const a = file('answers.json', '{"q1":"oui","q2":"b"}');
  const r = spawnSync(cli, ['score', q, a], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.ok, true);
  assert.equal(out.result.lang, 'en');
  assert.equal(out.result.dimensions[0].label, 'Action');
  const fr = JSON.parse(spawnSync(cli, ['score', file('both.json', JSON.stringify(minimal)), a], { encoding: 'utf8' }).stdout);
  assert.equal(fr.result.lang, 'fr');
});

test('CLI: validate words its errors in --lang', () => {
  const doc = structuredClone(minimal);
  doc.levels[0].min = 3;
  const q = file('broken.json', JSON.stringify(doc));
  const fr = JSON.parse(spawnSync(cli, ['validate', q, '--lang', 'fr'], { encoding: 'utf8' }).stdout);
  assert.equal(fr.errors[0].message, 'le premier niveau doit commencer à 0');
  const en = JSON.parse(spawnSync(cli, ['validate', q], { encoding: 'utf8' }).stdout);
  assert.equal(en.errors[0].message, 'the first level must start at 0');
});
