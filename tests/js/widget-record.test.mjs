// The response record (docs/FORMAT.md §6) and the self-diagnosis resume store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRecord, clearResume, loadResume, monthOf, resumeKey, saveResume } from '../../web/src/record.js';

const info = { id: 'widget-small', version: '1.0.0', hash: 'fnv1a64:0123456789abcdef', languages: ['fr', 'en'] };

function memoryStorage() {
  const map = new Map();
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => { map.set(k, String(v)); },
    removeItem: (k) => { map.delete(k); },
  };
}

test('a record keeps the month only, the questionnaire identity and a copy of the answers', () => {
  const answers = { dynamique: 'emerge', implication: { publics: 'jamais' } };
  const record = buildRecord({ info, lang: 'en', answers, now: new Date(2026, 10, 27, 9, 41, 12), randomUUID: () => 'u-1' });
  assert.deepEqual(record, {
    format: 'catalyse-response/1',
    id: 'u-1',
    questionnaire: { id: 'widget-small', version: '1.0.0', hash: 'fnv1a64:0123456789abcdef' },
    lang: 'en',
    completed: '2026-11',
    answers: { dynamique: 'emerge', implication: { publics: 'jamais' } },
  });
  answers.implication.publics = 'toujours';
  assert.equal(record.answers.implication.publics, 'jamais', 'the record must not share the live answers object');
  assert.ok(!('languages' in record.questionnaire));
});

test('the default id is a random v4 UUID, different each time', () => {
  const a = buildRecord({ info, lang: 'fr', answers: {} });
  const b = buildRecord({ info, lang: 'fr', answers: {} });
  assert.match(a.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a.id, b.id);
});

test('months are zero-padded', () => {
  assert.equal(monthOf(new Date(2026, 0, 31)), '2026-01');
  assert.equal(monthOf(new Date(2025, 11, 1)), '2025-12');
});

test('resume: answers saved under catalyse:answers:<id>, read back, cleared', () => {
  const storage = memoryStorage();
  assert.equal(resumeKey('widget-small'), 'catalyse:answers:widget-small');
  assert.equal(loadResume(storage, info), null);
  assert.ok(saveResume(storage, info, { dynamique: 'non' }, 2));
  assert.deepEqual([...storage.map.keys()], ['catalyse:answers:widget-small']);
  assert.deepEqual(loadResume(storage, info), { answers: { dynamique: 'non' }, section: 2 });
  clearResume(storage, info);
  assert.equal(loadResume(storage, info), null);
});

test('resume: each widget slot of a page keeps its own copy; the first widget keeps the plain key', () => {
  const storage = memoryStorage();
  assert.equal(resumeKey('widget-small', 'left'), 'catalyse:answers:widget-small#left');
  assert.equal(resumeKey('widget-small', ''), 'catalyse:answers:widget-small');
  assert.ok(saveResume(storage, info, { dynamique: 'non' }, 1));
  assert.ok(saveResume(storage, info, { dynamique: 'ancre' }, 0, '2'));
  assert.deepEqual([...storage.map.keys()].sort(), ['catalyse:answers:widget-small', 'catalyse:answers:widget-small#2']);
  assert.deepEqual(loadResume(storage, info, '2'), { answers: { dynamique: 'ancre' }, section: 0 });
  clearResume(storage, info, '2');
  assert.equal(loadResume(storage, info, '2'), null);
  assert.deepEqual(loadResume(storage, info), { answers: { dynamique: 'non' }, section: 1 });
});

test('resume: malformed or foreign content is ignored, a throwing storage is survived', () => {
  const storage = memoryStorage();
  for (const bad of ['{', '[]', '{"format":"other","answers":{}}', '{"format":"catalyse-resume/1","answers":[1]}', 'null']) {
    storage.setItem(resumeKey(info.id), bad);
    assert.equal(loadResume(storage, info), null, bad);
  }
  storage.setItem(resumeKey(info.id), '{"format":"catalyse-resume/1","answers":{"a":"b"},"section":-3}');
  assert.deepEqual(loadResume(storage, info), { answers: { a: 'b' }, section: 0 });
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); }, removeItem() { throw new Error('denied'); } };
  assert.equal(saveResume(broken, info, {}), false);
  assert.equal(loadResume(broken, info), null);
  assert.doesNotThrow(() => clearResume(broken, info));
});
