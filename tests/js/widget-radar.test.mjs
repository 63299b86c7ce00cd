// Radar geometry: points placed from the core's scores, missing dimensions left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelLines, polygonPoints, radarPoint } from '../../web/src/radar.js';

const g = { cx: 100, cy: 100, r: 50 };

test('axis 0 points up, the others go clockwise, 100 reaches the radius', () => {
  assert.deepEqual(radarPoint(0, 4, 100, g), [100, 50]);
  assert.deepEqual(radarPoint(1, 4, 100, g), [150, 100]);
  assert.deepEqual(radarPoint(2, 4, 50, g), [100, 125]);
  assert.deepEqual(radarPoint(3, 4, 0, g), [100, 100]);
});

test('values are clamped to 0–100', () => {
  assert.deepEqual(radarPoint(1, 4, 140, g), [150, 100]);
  assert.deepEqual(radarPoint(1, 4, -5, g), [100, 100]);
});

test('polygon leaves out dimensions without a score', () => {
  assert.equal(polygonPoints([100, null, 50, 0], g), '100,50 100,125 100,100');
  assert.equal(polygonPoints([null, null], g), '');
});

test('long labels are split in two lines at a word boundary', () => {
  assert.deepEqual(labelLines('Actions', 14), ['Actions']);
  assert.deepEqual(labelLines('Implication des acteurs', 14), ['Implication', 'des acteurs']);
  assert.deepEqual(labelLines('Passage à l’action', 14), ['Passage à', 'l’action']);
});
