// The copy of a result kept on the device for comparing next time (web/src/compare-view.js): its
// key follows the resume key's rule, a malformed or foreign copy is ignored, a refused storage is
// not an error for the person.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEPT_PREFIX, keptKey, loadKept, storeKept } from '../../web/src/compare-view.js';

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => (items.has(k) ? items.get(k) : null), setItem: (k, v) => items.set(k, String(v)), removeItem: (k) => items.delete(k), items };
}

test('the key is the questionnaire id, then #slot for a second widget', () => {
  assert.equal(keptKey('catalyseurs-territoriaux-2018'), `${KEPT_PREFIX}catalyseurs-territoriaux-2018`);
  assert.equal(keptKey('q', '2'), 'catalyse:result:q#2');
});

test('kept as {record, result} only, read back, erased', () => {
  const storage = memoryStorage();
  const doc = { record: { id: 'r1', completed: '2026-11' }, result: { format: 'catalyse-result/1', index: 50 }, extra: 'not kept' };
  assert.equal(storeKept(storage, 'k', doc), true);
  assert.deepEqual(JSON.parse(storage.items.get('k')), { record: doc.record, result: doc.result });
  assert.deepEqual(loadKept(storage, 'k'), { record: doc.record, result: doc.result });
  assert.equal(storeKept(storage, 'k', null), true);
  assert.equal(storage.items.has('k'), false);
  assert.equal(loadKept(storage, 'k'), null);
});

test('a malformed copy, another document or a refused storage give nothing, without an error', () => {
  const storage = memoryStorage();
  for (const text of ['{', '"text"', '{"record":{}}', '{"record":{},"result":{"format":"catalyse-aggregate/1"}}']) {
    storage.setItem('k', text);
    assert.equal(loadKept(storage, 'k'), null, text);
  }
  const refusing = { getItem() { throw new Error('blocked'); }, setItem() { throw new Error('full'); }, removeItem() { throw new Error('blocked'); } };
  assert.equal(loadKept(refusing, 'k'), null);
  assert.equal(storeKept(refusing, 'k', { record: {}, result: {} }), false);
  assert.equal(storeKept(refusing, 'k', null), false);
});
