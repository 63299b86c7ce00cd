// Hostile input and memory at the wasm boundary (web/generated/catalyse-core.wasm, as the widget
// loads it): repeated rescoring does not grow memory, inputs beyond the heap ceiling come back as
// errors and leave the instance working, strings JavaScript can hold but UTF-8 cannot are refused,
// and a 5,000-question questionnaire loads and scores (times printed as diagnostics).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { loadCore } from '../../web/src/core.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (p) => readFileSync(path.join(root, p), 'utf8');
const core = await loadCore({ wasmBinary: readFileSync(path.join(root, 'web/generated/catalyse-core.wasm')) });
const m = core.functions;
const heapBytes = () => core.memoryBytes;
const MiB = 1024 * 1024;

const defaultQuestionnaire = read('web/questionnaires/catalyseurs-2018.json');
const answerSets = ['amorce', 'emergence', 'essor', 'ancrage'].map((l) => read(`tests/fixtures/answers-${l}.json`));

function loadOk(text) {
  const r = core.load(text);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  return r.questionnaire;
}

// A string copied into wasm memory once, for calls that bypass core.js's per-call copies.
function cString(s) {
  const p = core.copyIn(s);
  assert.notEqual(p, 0);
  return p;
}

// Rescores `count` times straight through the C ABI (as LoadedQuestionnaire.score does, minus
// JSON.parse on our side) and returns {seconds, before, after} wasm memory in bytes.
function rescoreMany(questionnaireText, answerTexts, count) {
  const { handle } = JSON.parse(core.readText(m.cat_load(cString(questionnaireText))));
  assert.ok(handle > 0);
  const answers = answerTexts.map(cString);
  const langs = ['fr', 'en'].map(cString);
  const rescore = (i) => {
    const out = m.cat_score(handle, answers[i % answers.length], langs[i % 2]);
    assert.notEqual(out, 0);
    m.cat_free(out);
  };
  for (let i = 0; i < 1000; i += 1) rescore(i); // warm-up: the allocator settles
  const before = heapBytes();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) rescore(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = heapBytes();
  // The same answers still give the same result afterwards.
  const out = m.cat_score(handle, answers[0], langs[0]);
  const last = JSON.parse(core.readText(out));
  m.cat_free(out);
  for (const p of [...answers, ...langs]) m.cat_free(p);
  m.cat_unload(handle);
  return { seconds, before, after, last };
}

const report = (n, { seconds, before, after }) =>
  `${n} rescorings: ${seconds.toFixed(1)} s (${((seconds / n) * 1e6).toFixed(1)} µs each); wasm memory ${before / MiB} MiB before, ${after / MiB} MiB after`;

test('100,000 rescorings do not grow wasm memory', (t) => {
  const small = read('tests/fixtures/widget-small.json');
  const q = loadOk(small);
  const answers = [{}, { dynamique: 'emerge' }, { dynamique: 'non', implication: { publics: 'jamais' } }].map((a) => JSON.stringify(a));
  const expected = q.score(JSON.parse(answers[0]), 'fr');
  assert.equal(expected.ok, true);
  const r = rescoreMany(small, answers, 100_000);
  t.diagnostic(`widget-small.json: ${report(100_000, r)}`);
  assert.equal(r.after, r.before, 'wasm memory grew during rescoring');
  assert.deepEqual(r.last.result, expected.result);
  q.dispose();
});

test('5,000 rescorings of the default questionnaire do not grow wasm memory', (t) => {
  const q = loadOk(defaultQuestionnaire);
  const expected = q.score(JSON.parse(answerSets[0]), 'fr');
  assert.equal(typeof expected.result.index, 'number');
  const r = rescoreMany(defaultQuestionnaire, answerSets, 5000);
  t.diagnostic(`catalyseurs-2018.json: ${report(5000, r)}`);
  assert.equal(r.after, r.before, 'wasm memory grew during rescoring');
  assert.deepEqual(r.last.result, expected.result);
  q.dispose();
});

test('loading and disposing the default questionnaire 500 times does not grow wasm memory', () => {
  for (let i = 0; i < 100; i += 1) loadOk(defaultQuestionnaire).dispose();
  const before = heapBytes();
  for (let i = 0; i < 500; i += 1) loadOk(defaultQuestionnaire).dispose();
  assert.equal(heapBytes(), before);
});

// In its own process and instance: an abort would otherwise take this file's instance with it.
const ceilingScript = `
import { readFileSync } from 'node:fs';
import { loadAggregateCore } from './web/results/aggregate-core.js';
const core = await loadAggregateCore({ wasmBinary: readFileSync('web/generated/catalyse-aggregate.wasm') });
const q = core.load(readFileSync('web/questionnaires/catalyseurs-2018.json', 'utf8')).questionnaire;
const out = { };
try {
  // 80 MiB of empty arrays: a few bytes of text each, far beyond 256 MiB if they were built as a
  // tree; read as a stream, each is one malformed record counted.
  const r = q.aggregate('[' + '[],'.repeat(28 * 1024 * 1024) + '[]]', { lang: 'fr' });
  out.aggregate = { ok: r.ok, malformed: r.aggregate?.input?.malformed, listed: r.aggregate?.problems?.length };
} catch (e) { out.aggregateThrew = String(e).slice(0, 200); }
out.heapMiB = core.memoryBytes / 1048576;
try { out.copyTooBig = String(q.aggregate('x'.repeat(300 * 1048576)).ok); } catch (e) { out.copyTooBig = String(e.message); }
try { out.after = q.score(JSON.parse(readFileSync('tests/fixtures/answers-essor.json', 'utf8')), 'fr').result.index; } catch (e) { out.afterThrew = String(e).slice(0, 200); }
console.log(JSON.stringify(out));
`;

// A std::bad_alloc while parsing would unwind into a destructor that allocates inside noexcept and
// abort the instance: the core bounds JSON values so that it never gets there.
test('80 MiB of wrong records aggregate within the heap; a copy beyond its 256 MiB ceiling is an error value, and the instance keeps working', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', ceilingScript], { cwd: root, encoding: 'utf8', maxBuffer: 64 * MiB });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  t.diagnostic(`exit ${child.status}; ${line.slice(0, 300) || child.stderr.split('\n').filter((l) => l && l !== 'Aborted()').slice(0, 3).join(' | ')}`);
  assert.equal(child.status, 0);
  const out = JSON.parse(line);
  assert.equal(out.aggregate?.ok, true);
  assert.equal(out.aggregate.malformed, 28 * 1024 * 1024 + 1);
  assert.equal(out.aggregate.listed, 1000);
  assert.ok(out.heapMiB <= 256);
  assert.match(out.copyTooBig, /out of memory in the core/);
  assert.equal(typeof out.after, 'number');
});

test('a 20 MiB questionnaire is refused by size; 20 MiB of answers too', () => {
  const big = core.load(`${' '.repeat(20 * MiB)}${defaultQuestionnaire}`);
  assert.equal(big.ok, false);
  assert.match(big.errors[0].message, /too large/);
  const q = loadOk(defaultQuestionnaire);
  const r = q.score({ dynamique: 'x'.repeat(20 * MiB) }, 'fr');
  assert.equal(r.ok, false);
  assert.equal(r.errors[0].code, 'json.too-large');
  q.dispose();
});

test('lone surrogates (valid in JS strings, not in UTF-8) are refused, not misread', () => {
  const doc = JSON.parse(read('tests/fixtures/minimal.json'));
  doc.title.fr = 'Mi\uD800ni';
  const r = core.load(JSON.stringify(doc));
  assert.equal(r.ok, false);
  assert.ok(r.errors[0].message.length > 0);
  const q = loadOk(read('tests/fixtures/minimal.json'));
  const s = q.score({ q1: 'o\uDC00ui' }, 'fr');
  assert.equal(s.ok, false);
  assert.equal(s.errors[0].code, 'json.unpaired-low-surrogate');
  q.dispose();
});

// Emscripten 3.1.6's stringToUTF8 pairs a lone high surrogate with the next code unit
// ('Mi\uD800ni' would arrive as a valid, different character, the 'n' lost): core.js refuses it first.
test('a lone surrogate in raw JSON text is refused, not turned into another character', () => {
  const raw = core.load(read('tests/fixtures/minimal.json').replace('"Mini"', '"Mi\uD800ni"'));
  if (!raw.ok) return; // refused: fine
  // Accepted: then only as U+FFFD in place of the surrogate, the rest intact.
  const replaced = loadOk(read('tests/fixtures/minimal.json').replace('"Mini"', '"Mi\uFFFDni"'));
  assert.equal(raw.questionnaire.info.hash, replaced.info.hash);
});

test('deeply nested JSON at the boundary: a clear error', () => {
  const nested = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
  const r = core.load(nested);
  assert.equal(r.ok, false);
  assert.match(r.errors[0].message, /nested deeper than 64/);
});

function bigQuestionnaire(n) {
  const doc = JSON.parse(read('tests/fixtures/minimal.json'));
  const scale = doc.sections[0].questions[0];
  doc.sections = [];
  doc.dimensions = [0, 1, 2, 3, 4].map((d) => ({ id: `d${d}`, label: { fr: 'D', en: 'D' } }));
  for (let i = 0; i < n; i += 1) {
    if (i % 100 === 0) doc.sections.push({ id: `s${i / 100}`, title: { fr: 'S', en: 'S' }, questions: [] });
    const q = { ...scale, id: `q${i}`, required: false, scoring: { dimension: `d${i % 5}` } };
    if (i % 10 === 9) q.visibleIf = `answered(q.q${i - 1})`;
    doc.sections.at(-1).questions.push(q);
  }
  return JSON.stringify(doc);
}

test('a questionnaire of 5,000 questions loads and scores in wasm', (t) => {
  const text = bigQuestionnaire(5000);
  let started = performance.now();
  const q = loadOk(text);
  const loadMs = performance.now() - started;
  const answers = {};
  for (let i = 0; i < 5000; i += 1) answers[`q${i}`] = ['oui', 'peu', 'nsp'][i % 3];
  started = performance.now();
  const r = q.score(answers, 'fr');
  const scoreMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < 20; i += 1) q.score(answers, 'fr');
  const rescoreMs = (performance.now() - started) / 20;
  t.diagnostic(`5,000 questions (${(text.length / 1024).toFixed(0)} KiB): load ${loadMs.toFixed(0)} ms, first scoring ${scoreMs.toFixed(1)} ms, rescoring ${rescoreMs.toFixed(1)} ms (JSON both ways included)`);
  assert.equal(r.ok, true);
  assert.equal(r.result.answerErrors.length, 0);
  assert.equal(r.result.visible.length, 4833); // q(10k+9) hidden when q(10k+8) is "nsp": 167 of them
  assert.equal(r.result.dimensions.every((d) => d.status === 'ok'), true);
  q.dispose();
});

// The widget's core is built without C++ exceptions (core/CMakeLists.txt): running out of memory
// inside it would abort the instance, so wasm/binding.cpp first makes sure the heap can hold what
// reading the document can take (has_room: 160 bytes per byte of text, at most 160 MiB, + 1 MiB).
// These are the shapes that take the most memory per byte of text: a question, a section, an
// option read from `{}` is a model object of a few hundred bytes.
const Q = '"format":"catalyse-questionnaire/1"';
const many = (item, bytes) => Array(Math.max(1, Math.floor(bytes / (item.length + 1)))).fill(item).join(',');
const worstShapes = {
  'sections {}': (n) => `{${Q},"sections":[${many('{}', n)}]}`,
  'questions {}': (n) => `{${Q},"sections":[{"questions":[${many('{}', n)}]}]}`,
  'options {}': (n) => `{${Q},"sections":[{"questions":[{"options":[${many('{}', n)}]}]}]}`,
  'sections {"x":1}': (n) => `{${Q},"sections":[${many('{"x":1}', n)}]}`,
  'levels {}': (n) => `{${Q},"levels":[${many('{}', n)}]}`,
  'title members': (n) => `{${Q},"title":{${Array.from({ length: Math.floor(n / 12) }, (_, i) => `"${i.toString(36)}":"x"`).join(',')}}}`,
  'empty arrays': (n) => `[${many('[]', n)}]`,
};
const room = (bytes) => Math.min(160 * bytes, 160 * MiB) + MiB;

test('worst-shaped questionnaires up to 8 MiB: refused with errors, the heap never outgrows what the core made sure of', async (t) => {
  const wasmBinary = readFileSync(path.join(root, 'web/generated/catalyse-core.wasm'));
  for (const [name, make] of Object.entries(worstShapes)) {
    for (const size of [0.02 * MiB, 0.3 * MiB, 2.5 * MiB, 7.9 * MiB]) {
      const fresh = await loadCore({ wasmBinary });
      const text = make(size);
      const before = fresh.memoryBytes;
      const r = fresh.load(text);
      const grown = fresh.memoryBytes - before;
      assert.equal(r.ok, false, name);
      assert.ok(r.errors.length > 0 && r.errors.every((e) => typeof e.message === 'string' && e.message.length > 0), name);
      // The probe itself grows the heap by about room(); the core's own peak must fit in it (with
      // the allocator's 20 % growth steps on top).
      const bytes = Buffer.byteLength(text);
      assert.ok(grown <= room(bytes) * 1.25 + 2 * MiB, `${name}, ${(bytes / MiB).toFixed(2)} MiB: heap grew ${(grown / MiB).toFixed(1)} MiB, room ${(room(bytes) / MiB).toFixed(1)} MiB`);
      // …and the instance still works.
      assert.equal(fresh.load(defaultQuestionnaire).ok, true, name);
    }
    t.diagnostic(`${name}: refused up to 7.9 MiB within the room made`);
  }
});

test('when the heap cannot grow enough, a load is refused as out of memory and the instance keeps working', async () => {
  const fresh = await loadCore({ wasmBinary: readFileSync(path.join(root, 'web/generated/catalyse-core.wasm')) });
  const fm = fresh.functions;
  // Fill the heap up to its 256 MiB ceiling, in 4 MiB blocks.
  const blocks = [];
  for (;;) {
    const p = fm.cat_alloc(4 * MiB);
    if (!p) break;
    blocks.push(p);
  }
  assert.ok(blocks.length > 50);
  const refused = fresh.load(defaultQuestionnaire);
  assert.equal(refused.ok, false);
  assert.match(refused.errors[0].message, /out of memory/);
  for (const p of blocks) fm.cat_free(p);
  const loaded = fresh.load(defaultQuestionnaire);
  assert.equal(loaded.ok, true);
  const scored = loaded.questionnaire.score(JSON.parse(answerSets[2]), 'fr');
  assert.equal(scored.ok, true);
});
