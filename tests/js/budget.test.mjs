// The byte budget: everything the demo's widget loads — the bundle web/dist/catalyse.js (the
// widget's modules and the default questionnaire, made by scripts/build.sh with
// esbuild from web/src/bundle.js), and the wasm binary it locates through `new URL('…',
// import.meta.url)` for the default questionnaire (the trusting core; the checking core is fetched
// for another questionnaire, held to its own ceiling) — compressed with gzip -9. The file list
// comes from following the bundle's references (bench/module-graph.mjs), never from a list kept by
// hand; the default questionnaire's
// file is referenced too (DEFAULT_SRC, the `src` property's value) but not fetched, its text being
// in the bundle. Brotli sizes are shown for reference.
//
// Two figures. GOAL_BYTES is the product's goal (80 kB); for the whole load gzip -9 is over it
// (brotli, as the server sends it, is under: bench/REPORT.md), so the test reports the gzip gap as
// a diagnostic. CEILING_BYTES is what the
// test enforces today: the measured size with ~2 % headroom, so that no change makes the widget
// heavier unnoticed. Lower it as the size work lands; raising it is a product decision, not a test
// fix. What the first question needs (the bundle alone) is held to the goal itself, below, and the
// bundle to its own, lower ceiling (BUNDLE_CEILING, gzip -9 and brotli q11).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { moduleGraph, references } from '../../bench/module-graph.mjs';
import { compressedSizes } from '../../bench/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = path.join(ROOT, 'web/dist/catalyse.js');
export const GOAL_BYTES = 80_000;
export const CEILING_BYTES = 89_320; // 88,875 measured on 2026-12-03 (bundle 39,292 with the questionnaire, the trusting core 49,583: the default questionnaire's reading and scoring without its rules' checks, without a search for unknown members and without words for its errors; the catalog is fetched only to show a core error, the comparison only on the final screen) + 0.5 %
// The trusting core alone (generated/catalyse-core-trusting.wasm), gzip -9: 49,583 on 2026-12-03 + 0.5 %.
export const TRUSTING_CORE_CEILING = 49_830;

function table(rows) {
  const lines = rows.map((r) => `  ${r.file.padEnd(44)} ${String(r.raw).padStart(8)} raw ${String(r.gzip).padStart(7)} gzip -9 ${String(r.br).padStart(7)} brotli`);
  return lines.join('\n');
}

test('module graph: follows static imports, literal dynamic imports and import.meta.url assets, ignores comments', () => {
  const src = [
    "// import { x } from './commented.js';",
    "/* export * from './block.js'; */",
    "import { a, b } from './a.js';",
    "import def from \"../b.mjs\";",
    "import './side-effect.js';",
    "export { c } from './c.js';",
    "export * from './d.js';",
    "const core = () => import('./lazy.js');",
    "const wasm = new URL('../generated/core.wasm', import.meta.url);",
    "const data = new URL('../q/default.json', import.meta.url).href;",
    "const url = 'http://example.org/x.js'; // not an import",
    "import { remote } from 'https://cdn.example/remote.js';",
  ].join('\n');
  const r = references(src);
  assert.deepEqual(r.imports.sort(), ['../b.mjs', './a.js', './c.js', './d.js', './lazy.js', './side-effect.js']);
  assert.deepEqual(r.assets.sort(), ['../generated/core.wasm', '../q/default.json']);
});

test('byte ceiling: the widget and everything it loads ≤ 89.32 kB gzip -9 (goal: 80 kB, met in brotli as served, not in gzip -9)', (t) => {
  const graph = moduleGraph(ENTRY);
  const missing = graph.filter((f) => f.missing).map((f) => `${path.relative(ROOT, f.file)} (referenced by ${f.from ? path.relative(ROOT, f.from) : 'the demo page'})`);
  assert.deepEqual(missing, [], `files the widget loads are missing (build first: npm run build):\n  ${missing.join('\n  ')}`);
  // One file of code: a module the bundle still imports would be one more request, uncounted by design.
  assert.deepEqual(graph.filter((f) => f.kind === 'module').map((f) => path.relative(ROOT, f.file)), ['web/dist/catalyse.js']);
  // The default questionnaire travels inside the bundle: its file is not fetched by the embed.
  const bundleText = readFileSync(ENTRY, 'utf8');
  assert.ok(bundleText.includes('catalyseurs-territoriaux-2018'), 'the bundle carries the default questionnaire');
  // The core's French messages (core-messages.js) are fetched only by a French page that shows a
  // core error: not part of the widget's load.
  const catalog = graph.find((f) => f.file.endsWith(path.join('generated', 'core-messages.json')));
  assert.ok(catalog, 'the bundle locates the core\'s message catalog');
  t.diagnostic(`not summed: ${path.relative(ROOT, catalog.file)}, ${gzipSync(readFileSync(catalog.file), { level: 9 }).length} bytes gzip -9, fetched only for a core error on a French page`);
  // The default questionnaire is read by the trusting core; the checking core is fetched for another
  // questionnaire (held to its own ceiling below).
  const checking = graph.find((f) => f.file.endsWith(path.join('generated', 'catalyse-core.wasm')));
  assert.ok(checking, 'the bundle locates the checking core');
  const rows = graph.filter((f) => f !== catalog && f !== checking && !f.file.endsWith(path.join('questionnaires', 'catalyseurs-2018.json'))).map((f) => {
    const bytes = readFileSync(f.file);
    return { file: path.relative(ROOT, f.file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, bytes };
  });
  // The graph must have reached the core and the questionnaire, or the sum would mean nothing.
  assert.ok(rows.some((r) => r.file.endsWith('.wasm')), `no .wasm found from web/dist/catalyse.js:\n${table(rows)}`);
  assert.deepEqual(rows.map((r) => r.file).sort(), ['web/dist/catalyse.js', 'web/generated/catalyse-core-trusting.wasm'], 'the embed loads the bundle and the trusting core');
  // gzip -9 is the budget's measure (every browser and server speaks it).
  const trusting = rows.find((r) => r.file.endsWith('catalyse-core-trusting.wasm')).gzip;
  assert.ok(trusting <= TRUSTING_CORE_CEILING, `the trusting core weighs ${trusting} bytes gzip -9, over its ${TRUSTING_CORE_CEILING}-byte ceiling`);
  const gzip = rows.reduce((a, r) => a + r.gzip, 0);
  t.diagnostic(`${gzip} bytes gzip -9; goal ${GOAL_BYTES}: ${gzip <= GOAL_BYTES ? 'met' : `${gzip - GOAL_BYTES} bytes over`}`);
  if (gzip <= CEILING_BYTES) return;
  // Over the ceiling: say where the bytes are, file by file (brotli too, to show what a host could gain).
  for (const r of rows) r.br = compressedSizes(r.bytes).br;
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, br: a.br + r.br }), { raw: 0, gzip: 0, br: 0 });
  const report = `${table(rows.sort((a, b) => b.gzip - a.gzip))}\n  ${'total'.padEnd(44)} ${String(total.raw).padStart(8)} raw ${String(total.gzip).padStart(7)} gzip -9 ${String(total.br).padStart(7)} brotli`;
  assert.fail(`the widget weighs ${gzip} bytes gzip -9, over the ${CEILING_BYTES}-byte ceiling by ${gzip - CEILING_BYTES}:\n${report}`);
});

// Another questionnaire than the default one (a `src`, the `questionnaire` property) is read by the
// checking core (generated/catalyse-core.wasm): the bundle and that core, 108,164 bytes gzip -9
// measured on 2026-12-03 (the core's messages in English, the expressions' errors among them,
// without the aggregation's; the bundle with the choice of core) + 0.5 %.
export const OTHER_QUESTIONNAIRE_CEILING = 108_710;

test('another questionnaire: the bundle and the checking core ≤ 108.71 kB gzip -9', (t) => {
  const files = ['web/dist/catalyse.js', 'web/generated/catalyse-core.wasm'];
  const gzip = files.reduce((a, f) => a + gzipSync(readFileSync(path.join(ROOT, f)), { level: 9 }).length, 0);
  t.diagnostic(`${gzip} bytes gzip -9 (ceiling ${OTHER_QUESTIONNAIRE_CEILING})`);
  assert.ok(gzip <= OTHER_QUESTIONNAIRE_CEILING, `the bundle and the checking core weigh ${gzip} bytes gzip -9, over ${OTHER_QUESTIONNAIRE_CEILING}`);
});

// What the first question needs. The widget draws the form from the questionnaire before the wasm
// core is even requested (README § Progressive start), and the default questionnaire is inside the
// bundle: the first question costs the bundle alone. It is held to the 80 kB goal itself (the goal
// measures weight "until the first question is answerable").
export const FIRST_QUESTION_BYTES = GOAL_BYTES;
// The bundle's own ceiling, well under that goal: its size on 2026-12-02 (39,231 bytes gzip -9,
// 34,815 brotli q11, with the choice of the trusting or the checking core, the compact reading,
// the provisional reading, "before you finish", the final screen's reopen and print synthesis,
// the earlier result's polygon on the radar, their French and English words, the wording of the
// core's errors from the catalog (core-messages.js: in French, and in English for the trusting
// core's), the expressions' errors among them, and focusQuestion) + ~0.5 %, so
// that no change makes it heavier unnoticed. Lower it as the bundle shrinks; raising it is a
// product decision, not a test fix.
export const BUNDLE_CEILING = { gzip: 39_430, br: 34_990 };

test('before the first question: the bundle (with the default questionnaire) ≤ 80 kB gzip -9 and under its own ceiling; the wasm core comes after', (t) => {
  const graph = moduleGraph(ENTRY).filter((f) => !f.missing);
  assert.deepEqual(graph.filter((f) => f.kind === 'module').map((f) => path.relative(ROOT, f.file)), ['web/dist/catalyse.js']);
  const bundle = readFileSync(ENTRY);
  assert.ok(bundle.includes('catalyseurs-territoriaux-2018'), 'the bundle carries the default questionnaire');
  const gzip = gzipSync(bundle, { level: 9 }).length;
  const { br } = compressedSizes(bundle);
  t.diagnostic(`${gzip} bytes gzip -9, ${br} brotli before the first question (goal ${FIRST_QUESTION_BYTES}; ceiling ${BUNDLE_CEILING.gzip} gzip, ${BUNDLE_CEILING.br} brotli)`);
  assert.ok(gzip <= FIRST_QUESTION_BYTES, `the bundle weighs ${gzip} bytes gzip -9, over ${FIRST_QUESTION_BYTES}`);
  assert.ok(gzip <= BUNDLE_CEILING.gzip, `the bundle weighs ${gzip} bytes gzip -9, over its ${BUNDLE_CEILING.gzip}-byte ceiling`);
  assert.ok(br <= BUNDLE_CEILING.br, `the bundle weighs ${br} bytes brotli q11, over its ${BUNDLE_CEILING.br}-byte ceiling`);
});

test('the bundle is CSP-safe and self-contained: no eval, no Function constructor, no chunk, every asset next to web/', () => {
  const bundle = readFileSync(ENTRY, 'utf8');
  assert.ok(bundle.length > 10_000, 'web/dist/catalyse.js holds the widget (build it: npm run build)');
  assert.doesNotMatch(bundle, /\beval\s*\(/, 'eval( in the bundle');
  assert.doesNotMatch(bundle, /\bnew\s+Function\b|\bFunction\s*\(/, 'Function constructor in the bundle');
  // The widget's own modules and the core's door (core.js) are inside (their markers), not imported.
  assert.match(bundle, /catalyse-survey/);
  assert.match(bundle, /cat_load/);
  assert.doesNotMatch(bundle, /\bimport\s*\(\s*["'`]/, 'a dynamic import left in the bundle (an extra request)');
  assert.doesNotMatch(bundle, /\bfrom\s*["']\.{1,2}\//, 'a static import left in the bundle');
  // Assets are located from the bundle's own URL: one folder below web/, like src/.
  const assets = references(bundle).assets.sort();
  assert.deepEqual(assets, ['../generated/catalyse-core-trusting.wasm', '../generated/catalyse-core.wasm', '../generated/core-messages.json', '../questionnaires/catalyseurs-2018.json']);
  assert.doesNotMatch(bundle, /sourceMappingURL/, 'no source map shipped');
});

// The single-file variant (web/dist/catalyse-single.js, from web/src/bundle-single.js): the bundle
// with the wasm core inside as base64, for a site where only one file can be uploaded. Base64
// costs compression: it weighs more than the two files it replaces, which is why it is the
// variant and not the default. The catalog of the core's messages is inside too, so that it never
// fetches it. Its own ceiling: its size on 2026-12-02 (140,667 bytes gzip -9, 121,275 brotli q11)
// + ~0.5 %.
const SINGLE = path.join(ROOT, 'web/dist/catalyse-single.js');
export const SINGLE_CEILING = { gzip: 141_380, br: 121_900 };

test('the single file carries the widget, the default questionnaire and the wasm core, the catalog of the core\'s messages, and stays under its own ceiling', (t) => {
  const graph = moduleGraph(SINGLE).filter((f) => !f.missing);
  assert.deepEqual(graph.filter((f) => f.kind === 'module').map((f) => path.relative(ROOT, f.file)), ['web/dist/catalyse-single.js']);
  const text = readFileSync(SINGLE, 'utf8');
  // The addresses left are the default questionnaire's (DEFAULT_SRC, the `src` property's value;
  // its text is inside) and the catalog's (core-messages.js's, never fetched: the catalog is
  // built in): no wasm to fetch.
  assert.deepEqual(references(text).assets.sort(), ['../generated/core-messages.json', '../questionnaires/catalyseurs-2018.json']);
  assert.ok(text.includes('catalyseurs-territoriaux-2018'), 'the default questionnaire is inside');
  assert.ok(text.includes('answer.above-maximum') && text.includes('est au-dessus du maximum'), 'the catalog of the core\'s messages is inside, French included');
  const wasm = readFileSync(path.join(ROOT, 'web/generated/catalyse-core.wasm'));
  assert.ok(text.includes(wasm.toString('base64')), 'the wasm core is inside, whole (base64)');
  assert.doesNotMatch(text, /\beval\s*\(/, 'eval( in the single file');
  assert.doesNotMatch(text, /\bnew\s+Function\b|\bFunction\s*\(/, 'Function constructor in the single file');
  assert.doesNotMatch(text, /\bimport\s*\(\s*["'`]/, 'a dynamic import left in the single file');
  const bytes = Buffer.from(text);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const { br } = compressedSizes(bytes);
  const pair = gzipSync(readFileSync(ENTRY), { level: 9 }).length + gzipSync(wasm, { level: 9 }).length;
  t.diagnostic(`${gzip} bytes gzip -9, ${br} brotli (the two files it replaces: ${pair} gzip -9); ceiling ${SINGLE_CEILING.gzip} gzip, ${SINGLE_CEILING.br} brotli`);
  assert.ok(gzip <= SINGLE_CEILING.gzip, `the single file weighs ${gzip} bytes gzip -9, over its ${SINGLE_CEILING.gzip}-byte ceiling`);
  assert.ok(br <= SINGLE_CEILING.br, `the single file weighs ${br} bytes brotli q11, over its ${SINGLE_CEILING.br}-byte ceiling`);
});

// The final screen's "compare with an earlier result" (docs/COMPARE.md) is not part of the load
// above: its module (web/dist/compare.js, src/compare-view.js) is fetched when a respondent reaches
// the final screen, and the comparing core (web/generated/catalyse-compare.wasm: the widget's core
// exporting compare only) when they compare. Each has its own ceiling: its size on 2026-12-02
// (2,933 and 26,984 bytes gzip -9) + ~3 %.
export const COMPARE_CEILING = { module: 3_020, core: 27_800 };

test('the comparison loads only from the final screen: its module and its core, each under its own ceiling', (t) => {
  const bundle = readFileSync(ENTRY, 'utf8');
  assert.match(bundle, /"\.\/compare\.js"/, 'the bundle locates dist/compare.js beside it');
  const module = readFileSync(path.join(ROOT, 'web/dist/compare.js'));
  assert.doesNotMatch(module.toString(), /\bimport\b[^.(]*\bfrom\b|\bimport\s*\(/, 'the module imports nothing (the widget hands it its helpers)');
  assert.deepEqual(references(module.toString()).assets, ['../generated/catalyse-compare.wasm']);
  const core = readFileSync(path.join(ROOT, 'web/generated/catalyse-compare.wasm'));
  const sizes = { module: gzipSync(module, { level: 9 }).length, core: gzipSync(core, { level: 9 }).length };
  t.diagnostic(`compare.js ${sizes.module} bytes gzip -9 (ceiling ${COMPARE_CEILING.module}), catalyse-compare.wasm ${sizes.core} (ceiling ${COMPARE_CEILING.core})`);
  assert.ok(sizes.module <= COMPARE_CEILING.module, `dist/compare.js weighs ${sizes.module} bytes gzip -9`);
  assert.ok(sizes.core <= COMPARE_CEILING.core, `catalyse-compare.wasm weighs ${sizes.core} bytes gzip -9`);
  // The widget's own core leaves comparison out.
  assert.ok(!readFileSync(path.join(ROOT, 'web/generated/catalyse-core.wasm')).includes('cat_compare'), 'no cat_compare in the widget\'s core');
});

// The participant page of the live room (web/event/index.html, served at /e/CODE): the page, the
// files its HTML links (its stylesheet, its script: web/dist/event.js, its modules and the widget's
// made one file by scripts/build.sh), everything that script loads by import (the wasm core), and
// the questionnaire it gives the widget, gzip -9. The file list comes from the HTML, from the module
// graph and from the build's list of the default questionnaire's one-language copies, never from a
// list kept by hand. An event on the default questionnaire in one language (the common case, and
// the bench's) loads that language's copy (web/generated/catalyseurs-2018.<lang>.json: the largest
// is counted) and the script with that language's words alone (web/dist/event.<lang>.js, which the
// server's page names); the event's description rides in the page. What the server writes into the
// page (the event and the first section as a plain form) is held by tests/server/event-page.test.mjs
// (at most 2 kB gzip -9). The goal is the widget's (80 kB): brotli, as the server sends it, is
// under it (bench/REPORT.md), gzip -9 over it, so the page is held to a ceiling: its size on 2026-12-03 with the palette and the widget's stylesheet, which also styles
// the plain form (dist/event.css: the page's script carries no copy of it), its hand-over to the
// widget (event/fallback.js), the widget without a questionnaire inside, in French only, the French
// copy and the trusting core (the checking core is fetched only for a questionnaire no one checked),
// 87,219 bytes gzip -9 (the page's own files 37,636 of it), + ~0.5 %, and the test reports the gap
// to the goal.
const EVENT_PAGE = path.join(ROOT, 'web/event/index.html');
export const EVENT_PAGE_CEILING = 87_660;
const ONE_LANGUAGE_FILE = path.join(ROOT, 'web/generated/default-questionnaire-languages.mjs');

export function eventPageFiles() {
  // The default questionnaire in one language: the largest of the copies the build made.
  const languages = existsSync(ONE_LANGUAGE_FILE) ? [...readFileSync(ONE_LANGUAGE_FILE, 'utf8').matchAll(/"(\w+)":"fnv1a64:/g)].map((m) => m[1]) : [];
  const size = (f) => (existsSync(f) ? readFileSync(f).length : 0);
  const copyOf = (l) => path.join(ROOT, `web/generated/catalyseurs-2018.${l}.json`);
  const lang = languages.sort((a, b) => size(copyOf(b)) - size(copyOf(a)))[0];
  const copy = lang ? copyOf(lang) : null;
  // The page's script: for an event in that one language, the server names the file with that
  // language's strings alone (dist/event.<lang>.js) instead of the template's dist/event.js.
  const html = readFileSync(EVENT_PAGE, 'utf8');
  const linked = [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="(\/[^"]+)"/g)]
    .map((m) => path.join(ROOT, 'web', m[1] === '/dist/event.js' && lang ? `/dist/event.${lang}.js` : m[1]));
  const entry = linked.find((f) => /event(\.\w+)?\.js$/.test(path.basename(f)) && path.basename(path.dirname(f)) === 'dist');
  const graph = entry && existsSync(entry) ? moduleGraph(entry) : [];
  const files = new Map([[EVENT_PAGE, { file: EVENT_PAGE, missing: false }]]);
  for (const f of linked) files.set(f, { file: f, missing: false });
  for (const f of graph) files.set(f.file, f);
  files.set(copy ?? ONE_LANGUAGE_FILE, { file: copy ?? ONE_LANGUAGE_FILE, missing: !copy });
  return [...files.values()]
    .filter((f) => !f.file.endsWith(path.join('generated', 'core-messages.json')) && !f.file.endsWith(path.join('questionnaires', 'catalyseurs-2018.json'))
      && !f.file.endsWith(path.join('generated', 'catalyse-core.wasm')))
    .map((f) => ({ ...f, missing: f.missing || !existsSync(f.file) }));
}

test('participant page (/e/CODE): the page and everything it loads ≤ 87.66 kB gzip -9 (goal: 80 kB, met in brotli as served, not in gzip -9)', (t) => {
  const files = eventPageFiles();
  const missing = files.filter((f) => f.missing).map((f) => path.relative(ROOT, f.file));
  assert.deepEqual(missing, [], 'files the participant page loads are missing (build first: npm run build)');
  const names = files.map((f) => path.relative(ROOT, f.file));
  for (const needed of ['web/dist/event.fr.js', 'web/generated/catalyse-core-trusting.wasm']) {
    assert.ok(names.includes(needed), `${needed} is part of the page's load:\n  ${names.join('\n  ')}`);
  }
  // The page carries the widget itself: the embed's bundle, with both languages of the default
  // questionnaire inside, is not loaded.
  assert.ok(!names.includes('web/dist/catalyse.js'), `web/dist/catalyse.js is not part of the page's load:\n  ${names.join('\n  ')}`);
  assert.ok(names.some((n) => /^web\/generated\/catalyseurs-2018\.\w+\.json$/.test(n)), 'a one-language copy is part of the page\'s load');
  // The page never sets the widget's `benchmark` attribute nor its kiosk mode: its script leaves
  // their code and words out (CATALYSE_EVENT_PAGE, scripts/build.sh).
  for (const script of names.filter((n) => /^web\/dist\/event(\.\w+)?\.js$/.test(n))) {
    const text = readFileSync(path.join(ROOT, script), 'utf8');
    for (const word of ['benchmarkProblem', 'benchmarkNone', 'benchmarkOther', 'doneKiosk']) assert.ok(!text.includes(word), `${script} carries the widget's ${word}, which the page never shows`);
  }
  const rows = files.map((f) => {
    const bytes = readFileSync(f.file);
    return { file: path.relative(ROOT, f.file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, bytes };
  });
  const gzip = rows.reduce((a, r) => a + r.gzip, 0);
  const own = rows.filter((r) => !r.file.endsWith('.wasm')).reduce((a, r) => a + r.gzip, 0);
  t.diagnostic(`${gzip} bytes gzip -9 (the page's own files ${own}); goal ${GOAL_BYTES}: ${gzip <= GOAL_BYTES ? 'met' : `${gzip - GOAL_BYTES} bytes over`}`);
  if (gzip <= EVENT_PAGE_CEILING) return;
  for (const r of rows) r.br = compressedSizes(r.bytes).br;
  assert.fail(`the participant page weighs ${gzip} bytes gzip -9, over its ${EVENT_PAGE_CEILING}-byte ceiling:\n${table(rows.sort((a, b) => b.gzip - a.gzip))}`);
});
