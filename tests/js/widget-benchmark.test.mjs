// External benchmarks: found in an aggregate or a plain list, merged into a copy of the
// questionnaire, error paths mapped back into the benchmark file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchmarksFrom, externalPath, mergeBenchmarks } from '../../web/src/benchmark.js';

const b1 = { id: 'event-dynamique', question: 'dynamique', n: 12 };

test('benchmarks are found in an aggregate answer, an aggregate, an object or a bare list', () => {
  const aggregate = { format: 'catalyse-aggregate/1', questionnaire: { id: 'q1' }, benchmarks: [b1] };
  assert.deepEqual(benchmarksFrom({ ok: true, aggregate }), { benchmarks: [b1], questionnaireId: 'q1' });
  assert.deepEqual(benchmarksFrom(aggregate), { benchmarks: [b1], questionnaireId: 'q1' });
  assert.deepEqual(benchmarksFrom({ benchmarks: [] }), { benchmarks: [], questionnaireId: null });
  assert.deepEqual(benchmarksFrom([b1]), { benchmarks: [b1], questionnaireId: null });
  for (const none of [null, 3, 'x', {}, { ok: false, errors: [] }, { benchmarks: {} }]) assert.equal(benchmarksFrom(none), null);
});

test('merging appends, replaces a benchmark of the same id, and leaves the original untouched', () => {
  const q = { id: 'q1', benchmarks: [{ id: 'study' }, { id: 'event-dynamique', old: true }] };
  const { doc, offset } = mergeBenchmarks(q, [b1]);
  assert.deepEqual(doc.benchmarks, [{ id: 'study' }, b1]);
  assert.equal(offset, 1);
  assert.equal(q.benchmarks.length, 2);
  assert.equal(q.benchmarks[1].old, true);
  assert.deepEqual(mergeBenchmarks({ id: 'q2' }, [b1]), { doc: { id: 'q2', benchmarks: [b1] }, offset: 0 });
});

test('error paths point into the benchmark file', () => {
  assert.equal(externalPath('/benchmarks/3/counts/peut-etre', 2), '/benchmarks/1/counts/peut-etre');
  assert.equal(externalPath('/benchmarks/2', 2), '/benchmarks/0');
  assert.equal(externalPath('/benchmarks/1/n', 2), '/benchmarks/1/n');
  assert.equal(externalPath('/sections/0', 2), '/sections/0');
});

test('the radar overlay takes each dimension median from an aggregate, only for groups of at least minGroup', async () => {
  const { dimensionOverlay } = await import('../../web/src/benchmark.js');
  const aggregate = {
    format: 'catalyse-aggregate/1', n: 12, minGroup: 5,
    dimensions: [{ id: 'a', n: 12, median: 66.7 }, { id: 'b', n: 4, median: 10 }, { id: 'c', n: 9, median: null }],
  };
  assert.deepEqual(dimensionOverlay({ ok: true, aggregate }), { n: 12, values: { a: 66.7 } });
  assert.deepEqual(dimensionOverlay({ ...aggregate, minGroup: 3 }), { n: 12, values: { a: 66.7, b: 10 } });
  assert.equal(dimensionOverlay({ benchmarks: [] }), null, 'a plain benchmark list has no overlay');
  assert.equal(dimensionOverlay({ ...aggregate, dimensions: [{ id: 'b', n: 4, median: 10 }] }), null);
});
