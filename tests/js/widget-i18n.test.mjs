// The widget's UI strings: both languages complete, placeholders filled, Text objects picked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fill, formatScore, pick, stringKeys, t, translator, uiLanguage } from '../../web/src/i18n.js';

test('every UI string exists in French and English, with the same placeholders', () => {
  const fr = stringKeys('fr');
  const en = stringKeys('en');
  assert.ok(fr.length > 40, `expected a full table, got ${fr.length} keys`);
  assert.deepEqual([...en].sort(), [...fr].sort());
  const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of fr) {
    assert.deepEqual(holes(t('en', key)), holes(t('fr', key)), `placeholders of ${key}`);
    assert.notEqual(t('en', key), '', key);
  }
});

test('placeholders are replaced; a missing value reads "—"', () => {
  assert.equal(t('fr', 'sectionOf', { current: 2, total: 8 }), 'Étape 2 sur 8');
  assert.equal(t('en', 'sectionOf', { current: 2, total: 8 }), 'Step 2 of 8');
  assert.equal(t('en', 'sectionOf', { current: 2 }), 'Step 2 of —');
  assert.equal(t('en', 'sectionOf', { current: null, total: undefined }), 'Step — of —');
});

test('one fill rule for every page: numbers in the language, no grouping, text as is', () => {
  assert.equal(fill('{a} / {b} / {c}', { a: 62.54, b: 2018, c: 'x' }, 'fr'), '62,5 / 2018 / x');
  assert.equal(fill('{a} / {b}', { a: 62.54, b: 12345 }, 'en'), '62.5 / 12345');
  assert.equal(fill('{a}', {}, 'en'), '—');
  assert.equal(fill('{a}', { a: 0 }, 'fr'), '0');
  assert.equal(fill('{a}', { a: '' }, 'fr'), '');
});

test('a page translator reads its own tables in the language of the moment, French when a string is missing', () => {
  let lang = 'fr';
  const tables = { fr: { hi: 'Bonjour {name}', only: 'seulement' }, en: { hi: 'Hello {name}' } };
  const tr = translator(tables, () => lang);
  assert.equal(tr('hi', { name: 'Ana' }), 'Bonjour Ana');
  lang = 'en';
  assert.equal(tr('hi', { name: 'Ana' }), 'Hello Ana');
  assert.equal(tr('only'), 'seulement');
  assert.equal(tr('absent'), 'absent');
  assert.equal(tr('hi', { name: 1.25 }), 'Hello 1.3');
});

test('language tags map to a UI language, French by default', () => {
  assert.equal(uiLanguage('en-GB'), 'en');
  assert.equal(uiLanguage('EN'), 'en');
  assert.equal(uiLanguage('fr-CA'), 'fr');
  assert.equal(uiLanguage('de'), 'fr');
  assert.equal(uiLanguage(undefined), 'fr');
  assert.equal(t('de', 'next'), 'Suivant');
});

test('scores are shown as whole numbers (levels are indicative), in the language\'s notation', () => {
  assert.equal(formatScore('fr', 62.5), '63');
  assert.equal(formatScore('en', 62.4), '62');
  assert.equal(formatScore('en', 50), '50');
  assert.equal(formatScore('fr', 100), '100');
  assert.equal(formatScore('fr', null), '—');
});

test('questionnaire texts are picked in the language, else a fallback', () => {
  const text = { fr: 'Oui', en: 'Yes' };
  assert.equal(pick(text, 'en'), 'Yes');
  assert.equal(pick({ fr: 'Oui' }, 'en', ['fr']), 'Oui');
  assert.equal(pick(undefined, 'fr'), '');
  assert.equal(pick('plain', 'en'), 'plain');
});
