// The live room over HTTP (docs/SERVER.md "Live room"), the same suite on SQLite and on PostgreSQL:
// a real server process, a real database, the projector's stream read as a browser's EventSource
// reads it. Counts and the aggregate as they arrive, nothing before the reveal or under the
// minimum group, the reveal behind the organiser token, a restart rebuilding the room from the
// database, two processes on one PostgreSQL, the event's pages, the limit on live views.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { answerSets, api, createEvent, database, liveView as live, record, root, serverForSuite, startServer, submit } from './support.mjs';

const reveal = (base, event, revealed, token = event.organiserToken) =>
  api(base, 'POST', `/api/v1/events/${event.code}/reveal`, { token, body: { revealed } });

for (const backend of ['sqlite', 'postgresql']) {
  describe(`live room on ${backend}`, () => {
    const suite = serverForSuite(backend);

    test('the stream gives the count as responses arrive, and nothing of the room before the reveal', async () => {
      const event = await createEvent(suite.base);
      const stream = await live(suite.base, event.code);
      try {
        assert.equal(stream.status, 200);
        assert.match(stream.headers['content-type'], /^text\/event-stream/);
        assert.equal(stream.headers['content-encoding'], undefined, 'events are not held back by compression');
        const first = await stream.next(() => true);
        assert.equal(stream.retry, 1000);
        assert.equal(stream.events[0].event, 'room');
        assert.deepEqual({ ...first, seq: 0 }, { state: 'open', count: 0, revealed: false, minGroup: 5, seq: 0, aggregate: null });
        for (let i = 0; i < 6; i += 1) assert.equal((await submit(suite.base, event, record(event, i))).status, 201);
        const six = await stream.next((d) => d.count === 6);
        assert.equal(six.aggregate, null, 'not revealed: no aggregate, whatever the count');
        assert.ok(stream.events.every((m) => m.event === 'room' && m.lines === 1), 'one data line per message');
        const seqs = stream.events.map((m) => m.data.seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq grows');
      } finally {
        stream.close();
      }
    });

    test('the reveal needs the organiser token; then the aggregate appears from the minimum group on, without free text', async () => {
      const event = await createEvent(suite.base);
      const stream = await live(suite.base, event.code);
      try {
        await stream.next((d) => d.count === 0);
        assert.equal((await reveal(suite.base, event, true, '')).status, 401);
        assert.equal((await reveal(suite.base, event, true, 'not-the-token-0123456789')).status, 401);
        const bad = await api(suite.base, 'POST', `/api/v1/events/${event.code}/reveal`, { token: event.organiserToken, body: { revealed: 'yes' } });
        assert.equal(bad.status, 422);
        assert.equal(bad.json.errors[0].path, '/revealed');
        assert.equal((await api(suite.base, 'GET', `/api/v1/events/${event.code}`)).json.revealed, false);

        const shown = await reveal(suite.base, event, true);
        assert.equal(shown.status, 200, shown.text);
        assert.deepEqual(shown.json, { ok: true, revealed: true });
        assert.equal((await api(suite.base, 'GET', `/api/v1/events/${event.code}`)).json.revealed, true);
        await stream.next((d) => d.revealed === true);

        const secret = 'Texte libre à ne jamais montrer 7f3a';
        for (let i = 0; i < 4; i += 1) {
          const rec = record(event, i, { answers: { ...answerSets[i % answerSets.length], commentaire: secret } });
          assert.equal((await submit(suite.base, event, rec)).status, 201);
        }
        const four = await stream.next((d) => d.count === 4);
        assert.equal(four.aggregate, null, 'under the minimum group: nothing');
        assert.equal((await submit(suite.base, event, record(event, 4))).status, 201);
        const five = await stream.next((d) => d.count === 5);
        assert.equal(five.aggregate.format, 'catalyse-aggregate/1');
        assert.equal(five.aggregate.n, 5);
        assert.ok(!JSON.stringify(stream.events).includes(secret), 'free text never in the stream');

        // The room's aggregate is the one the organiser gets from the database, the same options.
        const organiser = await api(suite.base, 'GET', `/api/v1/events/${event.code}/aggregate?minGroup=5`, { token: event.organiserToken });
        assert.equal(organiser.status, 200);
        assert.deepEqual(five.aggregate, organiser.json);

        assert.equal((await reveal(suite.base, event, false)).status, 200);
        const hidden = await stream.next((d) => d.revealed === false && d.count === 5);
        assert.equal(hidden.aggregate, null);
        assert.equal(hidden.count, 5);
        assert.equal((await api(suite.base, 'POST', `/api/v1/events/${event.code}/close`, { token: event.organiserToken })).status, 200);
        await stream.next((d) => d.state === 'closed');
      } finally {
        stream.close();
      }
    });

    test('the room in another language, a language not offered, an unknown event', async () => {
      const event = await createEvent(suite.base);
      await reveal(suite.base, event, true);
      for (let i = 0; i < 5; i += 1) await submit(suite.base, event, record(event, i));
      const en = await live(suite.base, event.code, '?lang=en');
      const fr = await live(suite.base, event.code);
      try {
        const a = await en.next((d) => d.count === 5);
        const b = await fr.next((d) => d.count === 5);
        assert.equal(a.aggregate.lang, 'en');
        assert.equal(b.aggregate.lang, 'fr');
        assert.notEqual(JSON.stringify(a.aggregate), JSON.stringify(b.aggregate));
      } finally {
        en.close();
        fr.close();
      }
      const de = await api(suite.base, 'GET', `/api/v1/events/${event.code}/live?lang=de`);
      assert.equal(de.status, 422);
      assert.equal(de.json.errors[0].path, '/lang');
      assert.equal((await api(suite.base, 'GET', '/api/v1/events/ZZZZ-ZZZZ/live')).status, 404);
    });

    test('a restart rebuilds the room from the database', async () => {
      const event = await createEvent(suite.base);
      await reveal(suite.base, event, true);
      for (let i = 0; i < 7; i += 1) await submit(suite.base, event, record(event, i));
      const before = await live(suite.base, event.code);
      const was = await before.next((d) => d.count === 7);
      before.close();
      await suite.restart();
      const after = await live(suite.base, event.code);
      try {
        const now = await after.next(() => true);
        assert.equal(now.count, 7);
        assert.equal(now.revealed, true);
        assert.deepEqual(now.aggregate, was.aggregate);
      } finally {
        after.close();
      }
    });

    if (backend === 'postgresql') {
      test('two processes on one PostgreSQL: a view on one sees what the other stores and reveals within 1 s', async () => {
        const other = await startServer(suite.db.url);
        const event = await createEvent(suite.base);
        const stream = await live(suite.base, event.code);
        try {
          await stream.next((d) => d.count === 0);
          for (let i = 0; i < 5; i += 1) {
            const sent = Date.now();
            assert.equal((await submit(other.url, event, record(event, i))).status, 201);
            await stream.next((d) => d.count === i + 1, 1000);
            assert.ok(Date.now() - sent < 1000);
          }
          // The same response posted to both: counted once.
          const rec = record(event, 5);
          await Promise.all([submit(suite.base, event, rec), submit(other.url, event, rec)]);
          await stream.next((d) => d.count === 6, 1000);
          const sent = Date.now();
          assert.equal((await reveal(other.url, event, true)).status, 200);
          const shown = await stream.next((d) => d.revealed, 1000);
          assert.ok(Date.now() - sent < 1000);
          assert.equal(shown.aggregate.n, 6);
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(stream.events.at(-1).data.count, 6, 'counted once');
        } finally {
          stream.close();
          await other.stop();
        }
      });
    }
  });
}

describe('live views and the event pages', () => {
  let db;
  let web;
  before(async () => {
    db = await database('sqlite');
    // A web folder of its own: placeholder pages stand for web/event/ (the pages' own tests are theirs).
    web = mkdtempSync(path.join(tmpdir(), 'catalyse-web-'));
    mkdirSync(path.join(web, 'event'));
    mkdirSync(path.join(web, 'questionnaires'));
    copyFileSync(path.join(root, 'web/questionnaires/catalyseurs-2018.json'), path.join(web, 'questionnaires/catalyseurs-2018.json'));
    writeFileSync(path.join(web, 'event/index.html'), '<!doctype html><title>participant page</title>\n');
    writeFileSync(path.join(web, 'event/screen.html'), '<!doctype html><title>projector view</title>\n');
  });
  after(async () => {
    await db?.stop();
    rmSync(web, { recursive: true, force: true });
  });

  test('/e/CODE and /e/CODE/screen are web/event/index.html and screen.html, with the strict headers', async () => {
    const server = await startServer(db.url, { args: ['--web', web] });
    try {
      const event = await createEvent(server.url);
      for (const [route, title] of [[`/e/${event.code}`, 'participant page'], [`/e/${event.code}/`, 'participant page'],
        [`/e/${event.code}/screen`, 'projector view'], ['/e/UNKNOWN-CODE/screen', 'projector view']]) {
        const r = await api(server.url, 'GET', route);
        assert.equal(r.status, 200, route);
        assert.ok(r.text.includes(`<title>${title}</title>`), route);
        assert.match(r.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
        assert.match(r.headers.get('content-security-policy'), /require-trusted-types-for 'script'/);
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      }
      assert.equal((await api(server.url, 'GET', `/e/${event.code}/other`)).status, 404);
    } finally {
      await server.stop();
    }
  });

  test('the event\'s questionnaire goes to phones compressed, byte for byte the questionnaire once decoded', async () => {
    const server = await startServer(db.url, { args: ['--web', web] });
    try {
      const event = await createEvent(server.url);
      const text = readFileSync(path.join(root, 'web/questionnaires/catalyseurs-2018.json'));
      for (const [accept, encoding, decode] of [['br', 'br', brotliDecompressSync], ['gzip', 'gzip', gunzipSync], ['identity', undefined, (b) => b]]) {
        const reply = await new Promise((resolve) => {
          http.get(new URL(event.questionnaireUrl, server.url), { headers: { 'accept-encoding': accept } }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          });
        });
        assert.equal(reply.headers['content-encoding'], encoding, accept);
        if (encoding) assert.ok(reply.body.length < text.length / 4, `${accept}: ${reply.body.length} bytes`);
        assert.ok(decode(reply.body).equals(text), accept);
      }
    } finally {
      await server.stop();
    }
  });

  test('live views beyond --live-views get 503 and the intake keeps its workers', async () => {
    const server = await startServer(db.url, { args: ['--live-views', '3', '--threads', '2'] });
    const streams = [];
    try {
      const event = await createEvent(server.url);
      for (let i = 0; i < 3; i += 1) streams.push(await live(server.url, event.code));
      await Promise.all(streams.map((s) => s.next(() => true)));
      const refused = await api(server.url, 'GET', `/api/v1/events/${event.code}/live`);
      assert.equal(refused.status, 503);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => submit(server.url, event, record(event, i))));
      assert.deepEqual(replies.map((r) => r.status), [201, 201, 201, 201, 201, 201]);
      await Promise.all(streams.map((s) => s.next((d) => d.count === 6)));
      // A view that goes gives its place back within about a second.
      streams.shift().close();
      let again = null;
      for (let tries = 0; tries < 30 && again?.status !== 200; tries += 1) {
        again?.close();
        await new Promise((r) => setTimeout(r, 100));
        again = await live(server.url, event.code);
      }
      streams.push(again);
      assert.equal(again.status, 200, 'a place again within 3 s');
    } finally {
      streams.forEach((s) => s.close());
      await server.stop();
    }
  });
});
