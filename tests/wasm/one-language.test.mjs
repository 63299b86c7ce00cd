// The default questionnaire in one language (scripts/one-language.mjs, written by scripts/build.sh to
// web/generated/catalyseurs-2018.<lang>.json for the participant page of a one-language event, beside
// the whole one without whitespace, catalyseurs-2018.json, for an event in several languages): each
// copy is the function's output, the checking core accepts it with the hash the build recorded, and
// it scores byte for byte as the whole questionnaire in that language, in both cores, once named by
// the whole questionnaire's hash (web/event/named.js, which the participant page's core uses, so
// that the responses name the questionnaire the event has).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneLanguage, pageCopy } from '../../scripts/one-language.mjs';
import { namedAs, namingCore } from '../../web/event/named.js';
import { loadCore, loadTrustingCore } from '../../web/src/core.js';
import { prng, randomAnswers } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const generated = (f) => readFileSync(path.join(root, 'web/generated', f));
const checking = await loadCore({ wasmBinary: generated('catalyse-core.wasm') });
const TRUSTING = generated('catalyse-core-trusting.wasm');
const trusting = await loadCore({ wasmBinary: TRUSTING });
const WHOLE_TEXT = readFileSync(path.join(root, 'web/questionnaires/catalyseurs-2018.json'), 'utf8');
const WHOLE = JSON.parse(WHOLE_TEXT);
const DEFAULT_HASH = (await import('../../web/generated/default-questionnaire-hash.mjs')).default;
const ONE_LANGUAGE = (await import('../../web/generated/default-questionnaire-languages.mjs')).default;
const copyText = (lang) => generated(`catalyseurs-2018.${lang}.json`).toString('utf8');
const answerFiles = readdirSync(path.join(root, 'tests/fixtures')).filter((f) => f.endsWith('.json'))
  .map((f) => readFileSync(path.join(root, 'tests/fixtures', f), 'utf8')).filter((t) => !t.includes('"format"'));

test('one-language copies: one per language of the default questionnaire, as scripts/one-language.mjs makes them', () => {
  assert.deepEqual(Object.keys(ONE_LANGUAGE).sort(), [...WHOLE.languages].sort());
  for (const lang of WHOLE.languages) {
    const copy = JSON.parse(copyText(lang));
    assert.equal(copyText(lang), JSON.stringify(pageCopy(WHOLE, lang)), lang);
    // The page's copy leaves out only the dimensions' descriptions, which the widget does not show.
    const whole = oneLanguage(WHOLE, lang);
    assert.ok(whole.dimensions.every((d) => d.description), 'the questionnaire describes its dimensions');
    assert.deepEqual(copy, { ...whole, dimensions: whole.dimensions.map(({ description, ...d }) => d) }, lang);
    assert.deepEqual(copy.languages, [lang]);
    // No word of another language is left (every Text keeps `lang` only).
    const other = WHOLE.languages.filter((l) => l !== lang);
    const keys = [];
    JSON.stringify(copy, (k, v) => { keys.push(k); return v; });
    assert.ok(other.every((l) => !keys.includes(l)), `${lang}: a Text kept another language`);
    assert.ok(copyText(lang).length < WHOLE_TEXT.length * 0.75, `${lang}: ${copyText(lang).length} bytes`);
  }
  assert.throws(() => oneLanguage(WHOLE, 'de'), /does not offer "de"/);
});

test('the whole copy (web/generated/catalyseurs-2018.json): the questionnaire without whitespace, with its hash', () => {
  const text = generated('catalyseurs-2018.json').toString('utf8');
  assert.equal(text, JSON.stringify(WHOLE));
  assert.ok(text.length < WHOLE_TEXT.length);
  const answer = checking.load(text, 'en');
  assert.equal(answer.questionnaire.info.hash, DEFAULT_HASH);
  answer.questionnaire.dispose();
});

test('one-language copies: the checking core accepts each with the hash the build recorded', () => {
  for (const lang of WHOLE.languages) {
    const answer = checking.load(copyText(lang), 'en');
    assert.equal(answer.ok, true, JSON.stringify(answer.errors));
    assert.equal(answer.questionnaire.info.hash, ONE_LANGUAGE[lang]);
    assert.notEqual(answer.questionnaire.info.hash, DEFAULT_HASH);
    assert.deepEqual(answer.questionnaire.info.languages, [lang]);
    answer.questionnaire.dispose();
  }
});

test('one-language copies named by the whole questionnaire score byte for byte as it in their language, in both cores', () => {
  const r = prng(375);
  let scored = 0;
  let withErrors = 0;
  for (const core of [checking, trusting]) {
    const whole = core.load(WHOLE_TEXT, 'en');
    assert.ok(whole.ok);
    for (const lang of WHOLE.languages) {
      const loaded = core.load(copyText(lang), 'en');
      assert.ok(loaded.ok);
      // Its own hash in its results until it is named by the whole questionnaire's.
      assert.ok(loaded.questionnaire.scoreText('{}', lang).includes(`"hash":"${ONE_LANGUAGE[lang]}"`));
      const copy = { questionnaire: namedAs(loaded.questionnaire, DEFAULT_HASH) };
      assert.equal(copy.questionnaire.info.hash, DEFAULT_HASH);
      assert.deepEqual(copy.questionnaire.score({}, lang), JSON.parse(whole.questionnaire.scoreText('{}', lang)));
      const sets = [...answerFiles, '{}', ...Array.from({ length: 60 }, () => JSON.stringify(randomAnswers(r, WHOLE)))];
      for (const answers of sets) {
        const expected = whole.questionnaire.scoreText(answers, lang);
        assert.equal(copy.questionnaire.scoreText(answers, lang), expected, `${lang}: ${answers.slice(0, 200)}`);
        scored += 1;
        if (JSON.parse(expected).result?.answerErrors?.length) withErrors += 1;
      }
      copy.questionnaire.dispose();
    }
    whole.questionnaire.dispose();
  }
  assert.ok(scored >= 240 && withErrors >= 20, `${scored} cases scored, ${withErrors} with answer errors`);
});

test('the page\'s naming core: a copy loads under the whole questionnaire\'s hash, in its info and its results; anything else as the core answers', async () => {
  let checkingCalls = 0;
  const trusted = new Set([DEFAULT_HASH, ONE_LANGUAGE.fr]);
  const names = new Map([[ONE_LANGUAGE.fr, DEFAULT_HASH]]);
  const core = namingCore(await loadTrustingCore(trusted, { wasmBinary: TRUSTING, checking: async () => { checkingCalls += 1; return checking; } }), names);
  const fr = await core.load(copyText('fr'), 'fr');
  assert.equal(fr.ok, true);
  assert.equal(fr.questionnaire.info.hash, DEFAULT_HASH, 'responses name the whole questionnaire');
  assert.deepEqual(fr.questionnaire.info.languages, ['fr']);
  assert.equal(fr.questionnaire.score({}, 'fr').result.questionnaire.hash, DEFAULT_HASH, 'and so do its results');
  assert.ok(fr.questionnaire.handle > 0);
  assert.equal(checkingCalls, 0);
  fr.questionnaire.dispose();
  assert.throws(() => fr.questionnaire.handle, /disposed/);
  // Not checked beforehand: the checking core loads it, under its own hash.
  const en = await core.load(copyText('en'), 'en');
  assert.equal(en.ok, true);
  assert.equal(en.questionnaire.info.hash, ONE_LANGUAGE.en);
  assert.equal(checkingCalls, 1);
  en.questionnaire.dispose();
  // Refused questionnaires come back as the core's errors.
  const refused = await core.load('{"format":"catalyse-questionnaire/1"}', 'en');
  assert.equal(refused.ok, false);
  assert.ok(refused.errors.length > 0);
});
