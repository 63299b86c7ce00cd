// The widget's load pipeline (web/src/load.js) without a browser: JSON fetched from a real local
// server, the real wasm core, benchmark files merged or refused, the core asked for again, and the
// answers a form starts from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../../web/src/core.js';
import { coreProblem, coreWithRetries, errorText, fetchJson, loadQuestionnaire, startingAnswers } from '../../web/src/load.js';
import { serve } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name) => readFileSync(path.join(ROOT, 'tests/fixtures', name), 'utf8');
const core = await loadCore({ wasmBinary: readFileSync(path.join(ROOT, 'web/generated/catalyse-core.wasm')) });
const small = fixture('widget-small.json');

let server;
let base;
before(async () => {
  const s = await serve({ dir: path.join(ROOT, 'tests') });
  server = s.server;
  base = s.url;
});
after(() => new Promise((resolve) => { server.close(resolve); }));

test('fetchJson: the text and its document; a missing file or bad JSON names the URL, in the page language', async () => {
  const ok = await fetchJson(new URL('fixtures/widget-small.json', base).href, 'fr');
  assert.equal(ok.text, small);
  assert.equal(ok.doc.id, 'widget-small');
  const missing = new URL('fixtures/nothing-here.json', base).href;
  await assert.rejects(fetchJson(missing, 'fr'), (err) => err.message === `Impossible de récupérer le questionnaire ${missing} : HTTP 404`);
  await assert.rejects(fetchJson(missing, 'en'), (err) => err.message === `Could not fetch the questionnaire ${missing}: HTTP 404`);
  const notJson = new URL('js/widget-load.test.mjs', base).href;
  await assert.rejects(fetchJson(notJson, 'en'), (err) => err.message.startsWith(`The file ${notJson} is not valid JSON: `));
  // Nothing listens on port 9 of 127.0.0.1: a network failure, not an HTTP status.
  await assert.rejects(fetchJson('http://127.0.0.1:9/q.json', 'en'), /^Error: Could not fetch the questionnaire http:\/\/127\.0\.0\.1:9\/q\.json: /);
});

test('coreWithRetries: asked again after each delay until it comes; gives up after the last one', async () => {
  let calls = 0;
  const flaky = () => { calls += 1; return calls < 3 ? Promise.reject(new Error(`down ${calls}`)) : Promise.resolve(core); };
  assert.deepEqual(await coreWithRetries(flaky, () => true, [1, 1, 1]), { core });
  assert.equal(calls, 3);
  calls = 0;
  const down = () => { calls += 1; return Promise.reject(new Error('down')); };
  const gaveUp = await coreWithRetries(down, () => true, [1, 1]);
  assert.equal(calls, 3);
  assert.equal(errorText(gaveUp.error), 'down');
});

test('coreWithRetries: stops when the element moved on, and at once when the core file is not there', async () => {
  let calls = 0;
  const down = () => { calls += 1; return Promise.reject(new Error('down')); };
  await coreWithRetries(down, () => false, [1, 1, 1]);
  assert.equal(calls, 1);
  calls = 0;
  const missing = Object.assign(new Error('404'), { code: 'core-missing', url: 'https://example.org/generated/catalyse-core.wasm', status: 404 });
  const answer = await coreWithRetries(() => { calls += 1; return Promise.reject(missing); }, () => true, [1, 1, 1]);
  assert.equal(calls, 1, 'a 404 is not asked again');
  assert.equal(answer.error, missing);
  calls = 0;
  const unavailable = Object.assign(new Error('503'), { code: 'core-missing', url: 'x', status: 503 });
  await coreWithRetries(() => { calls += 1; return Promise.reject(unavailable); }, () => true, [1, 1]);
  assert.equal(calls, 3, 'a server error is asked again');
});

test('coreProblem: a missing core file says so, with its URL and status; other failures keep their reason', () => {
  const url = 'https://example.org/generated/catalyse-core.wasm';
  const missing = Object.assign(new Error('x'), { code: 'core-missing', url, status: 404 });
  assert.equal(coreProblem('fr', missing), `Le fichier du moteur de calcul est introuvable : ${url} (HTTP 404). Il doit être copié à côté du script du questionnaire.`);
  assert.equal(coreProblem('en', missing), `The scoring engine file cannot be found: ${url} (HTTP 404). It must be copied next to the questionnaire’s script.`);
  assert.equal(coreProblem('fr', { code: 'core-missing', url, status: 0 }), `Le fichier du moteur de calcul n’a pas pu être téléchargé : ${url} (erreur réseau). Vérifiez la connexion, puis rechargez la page.`);
  assert.equal(coreProblem('en', new Error('CompileError: bad magic')), 'The scoring engine could not start: CompileError: bad magic');
  assert.equal(coreProblem('en', undefined), 'The scoring engine could not start: wasm');
});

test('loadQuestionnaire: a valid questionnaire scores; an invalid one gives the core\'s errors', async () => {
  const loaded = await loadQuestionnaire({ core, text: small, benchmark: null, uiLang: 'fr' });
  assert.equal(loaded.info.id, 'widget-small');
  assert.deepEqual(loaded.notes, []);
  assert.equal(loaded.overlay, null);
  assert.equal(loaded.scoring.score({}, 'fr').ok, true);
  loaded.scoring.dispose();
  const refused = await loadQuestionnaire({ core, text: fixture('widget-invalid.json'), benchmark: null, uiLang: 'fr' });
  assert.ok(refused.errors.length > 0);
  assert.ok(refused.errors.every((e) => typeof e.path === 'string' && e.message));
});

test('loadQuestionnaire: an event aggregate is merged (statements, overlay); the record keeps the published hash', async () => {
  const plain = await loadQuestionnaire({ core, text: small, benchmark: null, uiLang: 'fr' });
  const doc = JSON.parse(fixture('widget-benchmark.json'));
  const merged = await loadQuestionnaire({ core, text: small, benchmark: Promise.resolve({ doc }), uiLang: 'fr' });
  assert.deepEqual(merged.notes, []);
  assert.equal(merged.info.hash, plain.info.hash);
  assert.equal(merged.overlay.n, 12);
  const { result } = merged.scoring.score({ dynamique: 'emerge' }, 'fr');
  assert.ok(result.benchmarks.some((b) => b.id === 'event-dynamique'), JSON.stringify(result.benchmarks));
  plain.scoring.dispose();
  merged.scoring.dispose();
});

test('loadQuestionnaire: a benchmark file that cannot be used is listed, with paths into that file; the questionnaire still loads', async () => {
  const bad = await loadQuestionnaire({ core, text: small, benchmark: Promise.resolve({ doc: JSON.parse(fixture('widget-benchmark-bad.json')) }), uiLang: 'en' });
  assert.ok(bad.notes.length > 0);
  assert.ok(bad.notes.every((n) => n.path.startsWith('/benchmarks/0')), JSON.stringify(bad.notes));
  // The core's issues keep their code and params: a French page words them from the catalog (core-messages.js).
  assert.ok(bad.notes.every((n) => typeof n.code === 'string' && n.code.includes('.') && n.params && typeof n.params === 'object'), JSON.stringify(bad.notes));
  assert.equal(bad.overlay, null);
  const other = await loadQuestionnaire({ core, text: small, benchmark: Promise.resolve({ doc: { questionnaire: { id: 'another' }, benchmarks: [] } }), uiLang: 'en' });
  assert.deepEqual(other.notes, [{ path: '/questionnaire/id', message: 'these figures are about another questionnaire (another)' }]);
  const none = await loadQuestionnaire({ core, text: small, benchmark: Promise.resolve({ doc: { hello: 1 } }), uiLang: 'fr' });
  assert.deepEqual(none.notes, [{ path: '', message: 'ce fichier ne contient pas de repères (benchmarks)' }]);
  const unreadable = await loadQuestionnaire({ core, text: small, benchmark: Promise.resolve({ error: 'HTTP 404' }), uiLang: 'fr' });
  assert.deepEqual(unreadable.notes, [{ path: '', message: 'HTTP 404' }]);
  for (const x of [bad, other, none, unreadable]) x.scoring.dispose();
});

test('loadQuestionnaire: nothing is kept when the element moved on while the benchmark file was awaited', async () => {
  const stale = await loadQuestionnaire({ core, text: small, benchmark: Promise.resolve({ doc: {} }), uiLang: 'fr', current: () => false });
  assert.equal(stale, null);
});

test('startingAnswers: host answers, else the saved copy (with its section); what the person typed meanwhile wins', () => {
  const saved = { answers: { a: 'x', b: 'y' }, section: 2 };
  assert.deepEqual(startingAnswers({}), { answers: {}, section: null, resumed: false, clear: false });
  assert.deepEqual(startingAnswers({ saved }), { answers: { a: 'x', b: 'y' }, section: 2, resumed: true, clear: false });
  assert.deepEqual(startingAnswers({ saved: { answers: {}, section: 3 } }), { answers: {}, section: null, resumed: false, clear: false });
  assert.deepEqual(startingAnswers({ host: { c: 1 }, saved }), { answers: { c: 1 }, section: null, resumed: false, clear: false });
  assert.deepEqual(startingAnswers({ saved, typed: { b: 'z' } }), { answers: { a: 'x', b: 'z' }, section: null, resumed: true, clear: false });
  assert.deepEqual(startingAnswers({ typed: { b: 'z' } }), { answers: { b: 'z' }, section: null, resumed: false, clear: false });
  assert.deepEqual(startingAnswers({ saved, erased: true }), { answers: {}, section: null, resumed: false, clear: true });
  const host = { c: [1] };
  const start = startingAnswers({ host });
  start.answers.c.push(2);
  assert.deepEqual(host, { c: [1] }, 'the host\'s object is copied, not kept');
});
