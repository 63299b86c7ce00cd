// Kiosk modules under Node: sealing responses for the organiser, the endpoint submission queue,
// and the organiser's exports (JSON and CSV). IndexedDB and the page are covered in tests/browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVault, openRecord, publicKeyOf, sealRecord, unlockVault, WrongSecretError } from '../../web/src/kiosk-crypto.js';
import { buildExport, csvCell, toCSV } from '../../web/src/kiosk-export.js';
import { SubmitQueue } from '../../web/src/submit-queue.js';

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

test('a refused record (4xx) goes to the back and does not block the others', async () => {
  const clock = fakeTimers();
  const calls = [];
  const queue = new SubmitQueue({
    endpoint: '/x', baseDelay: 10, random: () => 0, setTimer: clock.setTimer, clearTimer: clock.clearTimer,
    fetch: async (_u, init) => {
      const id = init.headers['idempotency-key'];
      calls.push(id);
      return { status: id === 'bad' && calls.filter((c) => c === 'bad').length < 3 ? 422 : 200 };
    },
  });
  queue.add(record('bad'));
  queue.add(record('good'));
  await new Promise((r) => setImmediate(r));
  await clock.runAll();
  await clock.runAll();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(calls, ['bad', 'good', 'bad', 'bad']);
  assert.equal(queue.state.pending, 0);
  assert.equal(queue.state.sent, 2);
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
