// Kiosk modules under Node: sealing responses for the organiser, the endpoint submission queue,
// the organiser's exports (JSON and CSV), and the result link that carries a person's answers to
// their phone. IndexedDB and the page are covered in tests/browser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createVault, openRecord, publicKeyOf, sealRecord, unlockVault, WrongSecretError } from '../../web/kiosk/kiosk-crypto.js';
import { buildExport, csvCell, toCSV } from '../../web/kiosk/kiosk-export.js';
import { decodeResult, encodeResult, parseResultFragment, resultUrl } from '../../web/kiosk/result-link.js';
import { SubmitQueue, serverMessage } from '../../web/kiosk/submit-queue.js';
import { loadCore } from '../../web/src/core.js';
import { moduleGraph } from '../../bench/module-graph.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (p) => JSON.parse(readFileSync(path.join(ROOT, p), 'utf8'));

const FAST = { iterations: 1000 }; // PBKDF2 cost is not what these tests measure

function record(id, answers = { q1: 'a' }) {
  return {
    format: 'catalyse-response/1', id, questionnaire: { id: 'q', version: '1', hash: 'fnv1a64:0' },
    lang: 'fr', completed: '2026-11', answers,
  };
}

test('a sealed response opens only with the organiser secret', async () => {
  const vault = await createVault('correct horse battery', FAST);
  assert.equal(JSON.stringify(vault).includes('correct horse'), false, 'the secret is not stored');
  const sealed = await sealRecord(await publicKeyOf(vault), record('r1', { remarque: 'mon avis très personnel' }));
  assert.equal(sealed.id, 'r1');
  assert.equal(JSON.stringify(sealed).includes('personnel'), false, 'the answers are not readable in the envelope');
  const key = await unlockVault(vault, 'correct horse battery');
  assert.deepEqual(await openRecord(key, sealed), record('r1', { remarque: 'mon avis très personnel' }));
  await assert.rejects(unlockVault(vault, 'wrong horse battery'), WrongSecretError);
});

test('the vault refuses a secret shorter than 8 characters', async () => {
  await assert.rejects(createVault('short', FAST), RangeError);
});

test('an envelope moved to another id, or altered, does not open', async () => {
  const vault = await createVault('organiser secret', FAST);
  const pub = await publicKeyOf(vault);
  const key = await unlockVault(vault, 'organiser secret');
  const sealed = await sealRecord(pub, record('r1'));
  await assert.rejects(openRecord(key, { ...sealed, id: 'r2' }));
  const bytes = Buffer.from(sealed.data, 'base64');
  bytes[3] ^= 1;
  await assert.rejects(openRecord(key, { ...sealed, data: bytes.toString('base64') }));
});

test('a vault whose public key was replaced is refused at unlock', async () => {
  const vault = await createVault('organiser secret', FAST);
  const other = await createVault('attacker secret', FAST);
  await assert.rejects(unlockVault({ ...vault, publicKey: other.publicKey }, 'organiser secret'), WrongSecretError);
});

// A fake clock for the queue: timers run when the test says so.
function fakeTimers() {
  const timers = new Map();
  let next = 1;
  return {
    setTimer: (f, ms) => { const id = next++; timers.set(id, { f, ms }); return id; },
    clearTimer: (id) => timers.delete(id),
    delays: () => [...timers.values()].map((t) => t.ms),
    async runAll() {
      const all = [...timers.entries()];
      timers.clear();
      for (const [, t] of all) t.f();
      await new Promise((r) => setImmediate(r));
    },
  };
}

test('the queue posts each record with its id as Idempotency-Key and drops it only after a 2xx', async () => {
  const clock = fakeTimers();
  const calls = [];
  const replies = [503, 'offline', 200, 201];
  const sent = [];
  const queue = new SubmitQueue({
    endpoint: 'https://example.test/responses',
    baseDelay: 100,
    random: () => 1,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    fetch: async (url, init) => {
      calls.push({ url, key: init.headers['idempotency-key'], body: JSON.parse(init.body), method: init.method });
      const reply = replies.shift();
      if (reply === 'offline') throw new TypeError('Failed to fetch');
      return { status: reply };
    },
    onSent: (id) => { sent.push(id); },
  });
  queue.add(record('a'));
  queue.add(record('b'));
  assert.equal(queue.add(record('a')), false, 'an id is queued once');
  await new Promise((r) => setImmediate(r));
  assert.equal(calls.length, 1);
  assert.equal(queue.state.pending, 2);
  assert.equal(queue.state.lastError, 'HTTP 503');
  // Backoff grows: timeout guard timers are cleared, only the retry timer is left.
  assert.deepEqual(clock.delays(), [100]);
  await clock.runAll();
  assert.equal(calls.length, 2);
  assert.match(queue.state.lastError, /Failed to fetch/);
  assert.deepEqual(clock.delays(), [200]);
  await clock.runAll();
  await new Promise((r) => setImmediate(r));
  assert.equal(calls.length, 4);
  assert.deepEqual(sent, ['a', 'b']);
  assert.equal(queue.state.pending, 0);
  for (const c of calls) {
    assert.equal(c.method, 'POST');
    assert.equal(c.key, c.body.id);
  }
  assert.deepEqual(calls.map((c) => c.key), ['a', 'a', 'a', 'b']);
});

const settle = () => new Promise((r) => setImmediate(r));
const reply = (status, body = '') => ({ status, text: async () => body });

test('a refused record (4xx) is set aside with its status and the server\'s message, never sent again by itself; the others go on', async () => {
  const clock = fakeTimers();
  const calls = [];
  const refusals = [];
  const queue = new SubmitQueue({
    endpoint: '/x', baseDelay: 10, random: () => 0, setTimer: clock.setTimer, clearTimer: clock.clearTimer,
    fetch: async (_u, init) => {
      const id = init.headers['idempotency-key'];
      calls.push(id);
      if (id === 'bad') return reply(422, '{"ok":false,"errors":[{"path":"/questionnaire","message":"unknown questionnaire \\"q\\""}]}');
      if (id === 'gone') return reply(404, 'Not Found\n');
      return reply(201);
    },
    onRefused: (id, refusal) => { refusals.push({ id, ...refusal }); },
  });
  queue.add(record('bad'));
  queue.add(record('good'));
  queue.add(record('gone'));
  await settle();
  await settle();
  assert.deepEqual(calls, ['bad', 'good', 'gone'], 'each sent once, in order, without waiting after a refusal');
  assert.deepEqual(refusals, [
    { id: 'bad', status: 422, message: 'unknown questionnaire "q"' },
    { id: 'gone', status: 404, message: 'Not Found' },
  ]);
  assert.equal(queue.state.pending, 0);
  assert.equal(queue.state.sent, 1);
  assert.deepEqual(queue.state.refused.map((r) => [r.id, r.status]), [['bad', 422], ['gone', 404]]);
  assert.deepEqual(clock.delays(), [], 'no retry is planned for a refusal');
  await clock.runAll();
  assert.equal(calls.length, 3, 'nothing is sent again by itself');
  assert.equal(queue.add(record('bad')), false, 'a refused id is not queued again by add()');
  // The organiser fixed the endpoint: sent again on demand.
  assert.deepEqual(queue.retryRefused(), ['bad', 'gone']);
  await settle();
  await settle();
  assert.deepEqual(calls.slice(3), ['bad', 'gone']);
  assert.deepEqual(queue.state.refused.map((r) => r.id), ['bad', 'gone'], 'refused again: set aside again');
});

test('5xx, 408, 429 and network errors are retried with growing delays until accepted', async () => {
  const clock = fakeTimers();
  const replies = [500, 408, 429, 'offline', 503, 200];
  const queue = new SubmitQueue({
    endpoint: '/x', baseDelay: 100, maxDelay: 1000, random: () => 1, setTimer: clock.setTimer, clearTimer: clock.clearTimer,
    fetch: async () => {
      const r = replies.shift();
      if (r === 'offline') throw new TypeError('Failed to fetch');
      return reply(r, 'busy');
    },
    onRefused: () => assert.fail('a passing failure is not a refusal'),
  });
  queue.add(record('a'));
  const delays = [];
  for (let i = 0; i < 5; i += 1) {
    await settle();
    delays.push(...clock.delays());
    await clock.runAll();
  }
  await settle();
  assert.deepEqual(delays, [100, 200, 400, 800, 1000]);
  assert.equal(queue.state.sent, 1);
  assert.deepEqual(queue.state.refused, []);
});

test('the server\'s message: a JSON body\'s message, error or errors, else its text, on one line and cut at 300 characters', async () => {
  assert.equal(await serverMessage(reply(400, '{"message":"bad record"}')), 'bad record');
  assert.equal(await serverMessage(reply(400, '{"error":"event closed"}')), 'event closed');
  assert.equal(await serverMessage(reply(400, '{"errors":[{"message":"a"},"b"]}')), 'a; b');
  assert.equal(await serverMessage(reply(400, '<h1>Bad\n  request</h1>')), '<h1>Bad request</h1>');
  assert.equal(await serverMessage(reply(400, '')), '');
  assert.equal((await serverMessage(reply(400, 'x'.repeat(1000)))).length, 300);
  assert.equal(await serverMessage({ status: 400, text: async () => { throw new Error('reset'); } }), '');
});

test('CSV: one line per response, questionnaire column order, formulas neutralised', () => {
  const questionnaire = { sections: [{ questions: [{ id: 'q1', type: 'single' }, { id: 'm', type: 'matrix', rows: [{ id: 'r1' }, { id: 'r2' }] }, { id: 'multi', type: 'multiple' }, { id: 'txt', type: 'text' }] }] };
  const csv = toCSV([
    record('a', { q1: 'x', m: { r2: 'p' }, multi: ['o1', 'o2'], txt: '=HYPERLINK("http://evil")' }),
    record('b', { q1: 'y', extra: 3, txt: 'ligne 1\nligne 2, "citée"' }),
  ], questionnaire);
  assert.ok(csv.startsWith('\uFEFF'));
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines.at(-1), '');
  assert.equal(lines[0], 'id,questionnaire,version,hash,lang,completed,q1,m/r1,m/r2,multi,txt,extra');
  assert.equal(lines[1], `a,q,1,fnv1a64:0,fr,2026-11,x,,p,o1|o2,"'=HYPERLINK(""http://evil"")",`);
  assert.equal(lines[2], 'b,q,1,fnv1a64:0,fr,2026-11,y,,,,"ligne 1\nligne 2, ""citée""",3');
  assert.equal(lines.length, 4);
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell(null), '');
});

test('CSV for French spreadsheets: ";" between cells, cells holding ";" or "," quoted', () => {
  const questionnaire = { sections: [{ questions: [{ id: 'q1', type: 'single' }, { id: 'txt', type: 'text' }] }] };
  const csv = toCSV([record('a', { q1: 'x', txt: 'oui; non, peut-être' }), record('b', { q1: 'y', txt: '2,5' })], questionnaire, { separator: ';' });
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines[0], 'id;questionnaire;version;hash;lang;completed;q1;txt');
  assert.equal(lines[1], 'a;q;1;fnv1a64:0;fr;2026-11;x;"oui; non, peut-être"');
  assert.equal(lines[2], 'b;q;1;fnv1a64:0;fr;2026-11;y;"2,5"');
  assert.throws(() => toCSV([], questionnaire, { separator: '\t' }), /separator/);
});

test('the JSON export is what the aggregation reads: {records:[…]} with a count', () => {
  const doc = buildExport([record('a'), record('b')], { device: 'Tablette 1', now: new Date(2026, 10, 27) });
  assert.equal(doc.format, 'catalyse-export/1');
  assert.equal(doc.exported, '2026-11-27');
  assert.equal(doc.count, 2);
  assert.deepEqual(doc.records.map((r) => r.id), ['a', 'b']);
});

// ---- the result link (kiosk → the person's phone) ----

const DEFAULT = readJson('web/questionnaires/catalyseurs-2018.json');
const ALL_TYPES = readJson('tests/fixtures/all-types.json');
const core = await loadCore({ wasmBinary: readFileSync(path.join(ROOT, 'web/generated/catalyse-core.wasm')) });
const loaded = (doc) => {
  const r = core.load(doc);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  return r.questionnaire;
};

test('result link: every answer set of the default questionnaire comes back whole and scores the same on the phone', (t) => {
  const q = loaded(DEFAULT);
  for (const level of ['amorce', 'emergence', 'essor', 'ancrage']) {
    const answers = readJson(`tests/fixtures/answers-${level}.json`);
    const fragment = encodeResult(DEFAULT, q.info.hash, answers, 'fr');
    const back = decodeResult(DEFAULT, q.info.hash, parseResultFragment(`#${fragment}`));
    assert.equal(back.ok, true, level);
    assert.equal(back.lang, 'fr');
    const scored = (a) => q.scoreText(JSON.stringify(a), 'fr');
    // Free text is not carried; everything that is scored is.
    const carried = Object.fromEntries(Object.entries(answers).filter(([id]) => DEFAULT.sections.flatMap((s) => s.questions).find((x) => x.id === id)?.type !== 'text'));
    assert.deepEqual(back.answers, carried, level);
    // The same result, but for the count of answered questions: the text answers stayed behind.
    const phone = JSON.parse(scored(back.answers)).result;
    const kiosk = JSON.parse(scored(answers)).result;
    assert.equal(phone.progress.answered, kiosk.progress.answered - (Object.keys(answers).length - Object.keys(carried).length), level);
    delete phone.progress;
    delete kiosk.progress;
    assert.deepEqual(phone, kiosk, `${level}: the same result`);
    if (level === 'essor') t.diagnostic(`a full answer set: ${fragment.length} characters of fragment (${fragment})`);
  }
  q.dispose();
});

test('result link: every question type, unanswered questions, numbers and a "don\'t know" survive; free text never travels', () => {
  const q = loaded(ALL_TYPES);
  const answers = {
    structure: 'collectivite', partenaires: 12, dynamique: 'nsp', actions: ['diag', 'eval'],
    freins: { publics: 'nsp', habitants: 'jamais' }, 'detail-entreprise': 'texte libre', commentaire: 'mon avis personnel',
  };
  const fragment = encodeResult(ALL_TYPES, q.info.hash, answers, 'en');
  assert.doesNotMatch(fragment, /texte|avis/);
  const back = decodeResult(ALL_TYPES, q.info.hash, parseResultFragment(fragment));
  assert.equal(back.ok, true);
  const { commentaire, 'detail-entreprise': detail, ...carried } = answers;
  assert.deepEqual(back.answers, carried);
  assert.deepEqual(decodeResult(ALL_TYPES, q.info.hash, parseResultFragment(encodeResult(ALL_TYPES, q.info.hash, {}, 'fr'))), { ok: true, answers: {}, lang: 'fr' });
  q.dispose();
});

test('result link: a link for another questionnaire or version, or damaged, is refused with its reason', () => {
  const q = loaded(DEFAULT);
  const answers = readJson('tests/fixtures/answers-essor.json');
  const fragment = encodeResult(DEFAULT, q.info.hash, answers, 'fr');
  const other = loaded(ALL_TYPES);
  assert.deepEqual(decodeResult(ALL_TYPES, other.info.hash, parseResultFragment(fragment)), { ok: false, reason: 'other-questionnaire' });
  const fields = fragment.split('~');
  const cut = [...fields.slice(0, 3), fields[3].slice(0, 5), ...fields.slice(4)].join('~');
  assert.deepEqual(decodeResult(DEFAULT, q.info.hash, parseResultFragment(cut)), { ok: false, reason: 'damaged' });
  const numberLost = fields.slice(0, 4).join('~');
  assert.deepEqual(decodeResult(DEFAULT, q.info.hash, parseResultFragment(numberLost)), { ok: false, reason: 'damaged' });
  for (const bad of ['', '#', 'r2~fr~00000000~AA', 'r1~fr~zz~AA', 'r1~fr~0123abcd~A*A', 'hello']) {
    assert.equal(parseResultFragment(bad), null, bad);
    assert.deepEqual(decodeResult(DEFAULT, q.info.hash, parseResultFragment(bad)), { ok: false, reason: 'damaged' }, bad);
  }
  // An option index past the options: damaged, not a made-up answer.
  const parsed = parseResultFragment(fragment);
  parsed.bytes = parsed.bytes.map(() => 0xff);
  assert.equal(decodeResult(DEFAULT, q.info.hash, parsed).ok, false);
  assert.equal(resultUrl('https://example.test/kiosk/result.html?src=q.json', fragment), `https://example.test/kiosk/result.html?src=q.json#${fragment}`);
  q.dispose();
  other.dispose();
});

test('the kiosk\'s service worker precaches every file the kiosk page loads (modules, core, QR encoder, questionnaire)', () => {
  const sw = readFileSync(path.join(ROOT, 'web/kiosk/sw.js'), 'utf8');
  const list = sw.slice(sw.indexOf('const PRECACHE = ['), sw.indexOf('];', sw.indexOf('const PRECACHE = [')));
  const precached = new Set([...list.matchAll(/'([^']+)'/g)].map((m) => path.join(ROOT, 'web/kiosk', m[1])));
  const graph = moduleGraph(path.join(ROOT, 'web/kiosk/kiosk.js'));
  assert.deepEqual(graph.filter((f) => f.missing).map((f) => f.file), [], 'the kiosk loads files that exist');
  const loaded = graph.map((f) => f.file);
  assert.ok(loaded.some((f) => f.endsWith('catalyse-core.wasm')) && loaded.some((f) => f.endsWith('qr.mjs')), 'the graph reached the core and the QR encoder');
  // (sw.js itself is the worker: the browser keeps it.)
  const missing = loaded.filter((f) => !precached.has(f) && !f.endsWith(path.join('kiosk', 'sw.js')));
  assert.deepEqual(missing.map((f) => path.relative(ROOT, f)), [], 'loaded by the kiosk, not precached');
});
