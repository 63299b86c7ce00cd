// The widget's stylesheet: default colours meet WCAG AA contrast, sizes never use rem (host pages
// change the root size), and the print rules exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSS } from '../../web/src/styles.js';

function defaults() {
  const map = {};
  for (const m of CSS.matchAll(/--_([a-z-]+):\s*var\(--catalyse-[a-z-]+,\s*(#[0-9a-f]{6})\)/g)) map[m[1]] = m[2];
  return map;
}

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('contrast helper matches known values', () => {
  assert.equal(Math.round(contrast('#000000', '#ffffff')), 21);
  assert.ok(contrast('#777777', '#ffffff') < 4.5);
});

test('default colour pairs reach WCAG AA (4.5:1 for text, 3:1 for focus rings and borders of controls)', () => {
  const c = defaults();
  for (const key of ['text', 'muted', 'accent', 'accent-strong', 'bg', 'surface', 'danger', 'danger-soft', 'warn-soft', 'focus']) {
    assert.ok(c[key], `default for --_${key} found`);
  }
  const text = [
    ['text', 'bg'], ['text', 'surface'], ['text', 'accent-soft'], ['text', 'warn-soft'],
    ['muted', 'bg'], ['muted', 'surface'],
    ['accent', 'bg'], ['accent-strong', 'surface'], ['accent-strong', 'bg'],
    ['danger', 'bg'], ['danger', 'danger-soft'],
  ];
  for (const [fg, bg] of text) {
    const ratio = contrast(c[fg], c[bg]);
    assert.ok(ratio >= 4.5, `${fg} on ${bg}: ${ratio.toFixed(2)}`);
  }
  assert.ok(contrast('#ffffff', c.accent) >= 4.5, 'white button text on the accent');
  assert.ok(contrast('#ffffff', c['accent-strong']) >= 4.5, 'white button text on hover');
  assert.ok(contrast(c.focus, c.bg) >= 3, 'focus ring on the background');
  assert.ok(contrast(c.focus, c.surface) >= 3, 'focus ring on the panel');
});

test('no rem units, a base font size set inside, print rules present', () => {
  assert.doesNotMatch(CSS, /\d(\.\d+)?rem\b/);
  assert.match(CSS, /font-size: var\(--catalyse-font-size, 16px\)/);
  assert.match(CSS, /@media print/);
  assert.match(CSS, /prefers-reduced-motion/);
});
