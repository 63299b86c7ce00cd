// The shipped bundle (web/dist/catalyse.js, scripts/build.sh) against the modules it is made of:
// what the build changes on the way (the stylesheet minified by esbuild) must change nothing the
// browser sees.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, pageProblems, startSession } from './support.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

test('the bundle\'s minified stylesheet parses to the same rules as the readable one in src/styles.js', async () => {
  const bundle = readFileSync(path.join(ROOT, 'web/dist/catalyse.js'), 'utf8');
  assert.doesNotMatch(bundle, /!important: a host's global reset/, 'the readable CSS (its comments) is not shipped');
  assert.match(bundle, /:host\{display:block!important;/, 'the bundle carries the minified CSS');
  const page = await session.open('demo/', { waitFor: 'catalyse-survey .root[data-ready]' });
  const { shipped, readable } = await page.evaluate(async () => {
    const rules = (sheet) => [...sheet.cssRules].map((r) => r.cssText);
    const adopted = document.querySelector('catalyse-survey').shadowRoot.adoptedStyleSheets;
    const { CSS } = await import('../src/styles.js');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    return { shipped: adopted.flatMap(rules), readable: rules(sheet) };
  });
  // Chromium serializes parsed rules canonically; values holding var() keep their own spacing
  // (unparsed until used), which the minifier tightens after commas only.
  const same = (list) => list.map((r) => r.replace(/,\s+/g, ','));
  assert.ok(readable.length > 100, `the readable stylesheet has its rules (${readable.length})`);
  assert.deepEqual(same(shipped), same(readable));
  assert.deepEqual(pageProblems(page), []);
});
