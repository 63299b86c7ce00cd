// The shipped bundles (web/dist/catalyse.js and catalyse-single.js, scripts/build.sh) against the
// modules they are made of: what the build changes on the way (the stylesheet minified by esbuild)
// must change nothing the browser sees; and the single-file variant, alone on a site under the
// strict CSP, works with no other request.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { serveSite } from '../pages/host-server.mjs';
import { ROOT, pageProblems, screenshot, startSession } from './support.mjs';

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

test('the single file, the only file of the widget on a site under the strict CSP with Trusted Types, draws, scores and makes no other request', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'catalyse-single-'));
  copyFileSync(path.join(ROOT, 'web/dist/catalyse-single.js'), path.join(site, 'catalyse-single.js'));
  writeFileSync(path.join(site, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  writeFileSync(path.join(site, 'index.html'), `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'">
<title>Un seul fichier</title><link rel="icon" href="favicon.svg">
<script type="module" src="catalyse-single.js"></script></head>
<body><main><h1>Autodiagnostic</h1><catalyse-survey></catalyse-survey></main></body></html>
`);
  const server = await serveSite({ mounts: { '/': site } });
  try {
    const page = await session.open(`${server.url}index.html`, { width: 375, height: 800 });
    const survey = page.locator('catalyse-survey');
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    await survey.getByLabel('Oui, tout à fait, cela est ancré dans le fonctionnement du territoire').check();
    await page.waitForFunction(() => document.querySelector('catalyse-survey').result?.declared?.level === 'ancrage');
    await screenshot(page, 'single-file-375', { fullPage: false });
    assert.deepEqual(server.requests.filter((u) => u !== '/favicon.svg'), ['/index.html', '/catalyse-single.js'], 'the page and the one file, nothing else (no .wasm, no questionnaire)');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  } finally {
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
});
