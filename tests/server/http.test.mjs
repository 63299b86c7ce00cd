// catalyse-server over HTTP, the same suite on SQLite and on PostgreSQL: a real server process on
// 127.0.0.1, a real database, requests as the kiosk, the widget's hosts and the organiser send them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { ADMIN_TOKEN, answerSets, api, cli, createEvent, record, root, serverForSuite, startServer, submit } from './support.mjs';
import { toCSV } from '../../web/kiosk/kiosk-export.js';

const questionnaireText = readFileSync(`${root}/web/questionnaires/catalyseurs-2018.json`, 'utf8');

for (const backend of ['sqlite', 'postgresql']) {
  describe(`event server on ${backend}`, () => {
    const suite = serverForSuite(backend);

    test('creating an event needs the admin token, checks what it is given, and shows the organiser token once', async () => {
      assert.equal((await api(suite.base, 'POST', '/api/v1/events', { body: { name: 'x' } })).status, 401);
      assert.equal((await api(suite.base, 'POST', '/api/v1/events', { token: 'wrong-token-xxxxxxxx', body: { name: 'x' } })).status, 401);
      const bad = await api(suite.base, 'POST', '/api/v1/events', { token: ADMIN_TOKEN,
        body: { name: ' ', languages: ['de'], origins: ['https://site.example/path'], questionnaire: { format: 'nope' } } });
      assert.equal(bad.status, 422);
      const paths = bad.json.errors.map((e) => e.path);
      assert.ok(paths.includes('/name'), paths.join());
      assert.ok(paths.includes('/origins/0'), paths.join());
      assert.ok(paths.some((p) => p.startsWith('/questionnaire')), paths.join());
      const created = await createEvent(suite.base, { name: 'Rencontres 2026', languages: ['fr'] });
      assert.match(created.code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      assert.ok(created.organiserToken.length >= 40);
      assert.deepEqual(created.languages, ['fr']);
      const info = await api(suite.base, 'GET', `/api/v1/events/${created.code.toLowerCase()}`);
      assert.equal(info.status, 200);
      assert.equal(info.json.name, 'Rencontres 2026');
      assert.equal(info.json.organiserToken, undefined, 'the token is never shown again');
      assert.ok(!info.text.includes(created.organiserToken));
      const q = await api(suite.base, 'GET', created.questionnaireUrl);
      assert.equal(q.text, questionnaireText, 'the questionnaire as given');
    });

    test('a response: 201 stored, 200 the same again, 409 other content under its id', async () => {
      const event = await createEvent(suite.base);
      const rec = record(event);
      const first = await submit(suite.base, event, rec);
      assert.equal(first.status, 201, first.text);
      assert.equal(first.headers.get('set-cookie'), null, 'no cookie for respondents');
      // The same content with other spacing and member order is the same response.
      const reordered = { answers: rec.answers, id: rec.id, completed: rec.completed, lang: rec.lang, questionnaire: rec.questionnaire, format: rec.format };
      assert.equal((await submit(suite.base, event, rec, { body: JSON.stringify(reordered, null, 2) })).status, 200);
      const other = await submit(suite.base, event, { ...rec, lang: 'en' });
      assert.equal(other.status, 409);
      assert.equal(other.json.errors[0].path, '/id');
    });

    test('invalid responses get 422 with the core\'s paths; unknown events 404; too large 413', async () => {
      const event = await createEvent(suite.base);
      const wrongHash = record(event);
      wrongHash.questionnaire.hash = 'fnv1a64:0000000000000000';
      let r = await submit(suite.base, event, wrongHash);
      assert.equal(r.status, 422);
      assert.ok(r.json.errors.some((e) => e.path.startsWith('/questionnaire') || /hash|version/.test(e.message)), r.text);

      const badAnswer = record(event, 0, { answers: { ...answerSets[0], dynamique: 'not-an-option' } });
      r = await submit(suite.base, event, badAnswer);
      assert.equal(r.status, 422);
      assert.ok(r.json.errors.some((e) => e.path === '/answers/dynamique'), r.text);

      r = await submit(suite.base, event, record(event), { body: '{"format": "catalyse-response/1", "id": ' });
      assert.equal(r.status, 422);
      assert.ok(r.json.errors.length >= 1);
      r = await submit(suite.base, event, record(event), { body: `${'['.repeat(5000)}${']'.repeat(5000)}` });
      assert.equal(r.status, 422, 'deep nesting');
      r = await submit(suite.base, event, record(event), { body: '{"a":1},{"b":2}' });
      assert.equal(r.status, 422, 'two values');

      const keyed = record(event);
      r = await submit(suite.base, event, keyed, { key: 'another-key' });
      assert.equal(r.status, 422);
      assert.equal(r.json.errors[0].path, '/id');

      r = await submit(suite.base, { ...event, endpoint: '/api/v1/events/ZZZZ-ZZZZ/responses' }, record(event));
      assert.equal(r.status, 404);
      r = await submit(suite.base, { ...event, endpoint: '/api/v1/events/not-a-code/responses' }, record(event));
      assert.equal(r.status, 404);

      const big = new Uint8Array(10 * 1024 * 1024).fill(0x20);
      r = await api(suite.base, 'POST', event.endpoint, { body: big, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 413);
      const state = await api(suite.base, 'GET', `/api/v1/events/${event.code}/organiser`, { token: event.organiserToken });
      assert.equal(state.json.count, 0, 'nothing invalid was stored');
    });

    test('a response replayed 100 times at once is stored once', async () => {
      const event = await createEvent(suite.base);
      const rec = record(event);
      const replies = await Promise.all(Array.from({ length: 100 }, () => submit(suite.base, event, rec)));
      const statuses = replies.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join());
      assert.equal(statuses.filter((s) => s === 200).length, 99, statuses.join());
      const exported = await api(suite.base, 'GET', `/api/v1/events/${event.code}/export.json`, { token: event.organiserToken });
      assert.deepEqual(exported.json.records.map((r) => r.id), [rec.id]);
    });

    test('the organiser: token checked, guesses slowed down, state, exports, aggregate, close, erase', async () => {
      const event = await createEvent(suite.base);
      const records = Array.from({ length: 7 }, (_, i) => record(event, i));
      for (const rec of records) assert.equal((await submit(suite.base, event, rec)).status, 201);
      const organiser = (route, method = 'GET', token = event.organiserToken) => api(suite.base, method, `/api/v1/events/${event.code}${route}`, { token });

      assert.equal((await organiser('/organiser', 'GET', '')).status, 401);
      const state = await organiser('/organiser');
      assert.equal(state.status, 200);
      assert.equal(state.json.count, 7);
      assert.equal(state.json.state, 'open');

      const exported = await organiser('/export.json');
      assert.equal(exported.json.format, 'catalyse-export/1');
      assert.equal(exported.json.count, 7);
      assert.deepEqual(exported.json.records.map((r) => r.id).sort(), records.map((r) => r.id).sort());
      assert.deepEqual(exported.json.records.find((r) => r.id === records[3].id), records[3]);
      assert.doesNotMatch(exported.text, /127\.0\.0\.1|node|undici/i, 'no address or user agent in what is stored');

      const csv = await organiser('/export.csv');
      assert.match(csv.headers.get('content-type'), /^text\/csv/);
      const questionnaire = JSON.parse(questionnaireText);
      assert.equal(csv.text, toCSV(exported.json.records, questionnaire), 'the kiosk\'s CSV, cell for cell');
      const csvFr = await organiser('/export.csv?sep=%3B');
      assert.equal(csvFr.text, toCSV(exported.json.records, questionnaire, { separator: ';' }));

      assert.equal((await organiser('/aggregate?lang=en&minGroup=3')).status, 422, 'under 5 only in a workshop');
      const aggregate = await organiser('/aggregate?lang=en&minGroup=3&workshop=1');
      assert.equal(aggregate.status, 200, aggregate.text);
      assert.equal(aggregate.json.format, 'catalyse-aggregate/1');
      assert.equal(aggregate.json.n, 7);
      assert.equal(aggregate.json.lang, 'en');
      assert.equal(aggregate.json.minGroup, 3);
      assert.equal(aggregate.json.crossed.workshop, true);
      assert.equal((await organiser('/aggregate?lang=de')).status, 422);

      // Erasing needs the event closed and the count exported.
      assert.equal((await organiser('', 'DELETE')).status, 409);
      assert.equal((await organiser('/close', 'POST')).status, 200);
      const late = await submit(suite.base, event, record(event));
      assert.equal(late.status, 410, 'closed: no more responses');
      assert.equal((await api(suite.base, 'DELETE', `/api/v1/events/${event.code}?exported=6`, { token: event.organiserToken })).status, 409);
      const erased = await api(suite.base, 'DELETE', `/api/v1/events/${event.code}?exported=7`, { token: event.organiserToken });
      assert.equal(erased.status, 200, erased.text);
      assert.equal((await api(suite.base, 'GET', `/api/v1/events/${event.code}`)).status, 404);
    });

    test('repeated wrong organiser tokens are slowed down, the right one included', async () => {
      const event = await createEvent(suite.base);
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await api(suite.base, 'GET', `/api/v1/events/${event.code}/organiser`, { token: `guess-${i}` })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
      const blocked = await api(suite.base, 'GET', `/api/v1/events/${event.code}/organiser`, { token: event.organiserToken });
      assert.equal(blocked.status, 429, 'the right token waits too while guesses are slowed down');
      assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
      await new Promise((r) => setTimeout(r, Number(blocked.headers.get('retry-after')) * 1000 + 100));
      assert.equal((await api(suite.base, 'GET', `/api/v1/events/${event.code}/organiser`, { token: event.organiserToken })).status, 200);
    });

    test('error messages in the language the client asks for (fr, en)', async () => {
      const event = await createEvent(suite.base);
      const unknown = { ...event, endpoint: '/api/v1/events/ZZZZ-ZZZZ/responses' };
      const fr = await submit(suite.base, unknown, record(event), { headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } });
      assert.equal(fr.json.errors[0].message, 'aucun événement n’a ce code');
      const en = await submit(suite.base, unknown, record(event), { headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } });
      assert.equal(en.json.errors[0].message, 'no event has this code');
      const token = await api(suite.base, 'GET', `/api/v1/events/${event.code}/organiser`, { token: 'wrong-token', headers: { 'accept-language': 'fr' } });
      assert.equal(token.json.errors[0].message, 'le jeton de l’organisateur manque ou est faux');
    });

    test('CORS only for the origins the organiser listed', async () => {
      const event = await createEvent(suite.base, { name: 'CORS', origins: ['https://reseau.example'] });
      const preflight = (origin) => api(suite.base, 'OPTIONS', event.endpoint, { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
      const allowed = await preflight('https://reseau.example');
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://reseau.example');
      assert.match(allowed.headers.get('access-control-allow-headers'), /Idempotency-Key/i);
      const refused = await preflight('https://elsewhere.example');
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      const posted = await submit(suite.base, event, record(event), { headers: { origin: 'https://reseau.example' } });
      assert.equal(posted.status, 201);
      assert.equal(posted.headers.get('access-control-allow-origin'), 'https://reseau.example');
      const other = await submit(suite.base, event, record(event), { headers: { origin: 'https://elsewhere.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });

    test('a slow client that never finishes its request is dropped, and others are served meanwhile', async () => {
      const event = await createEvent(suite.base);
      const socket = net.connect(suite.server.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(`POST ${event.endpoint} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"format":`);
      const closed = new Promise((r) => socket.once('close', () => r(Date.now())));
      socket.on('error', () => {});
      socket.resume();
      const started = Date.now();
      const served = await submit(suite.base, event, record(event));
      assert.equal(served.status, 201);
      assert.ok(Date.now() - started < 4000, 'served while the slow client holds its connection (its read timeout is 5 s)');
      const at = await Promise.race([closed, new Promise((r) => setTimeout(() => r(0), 15000))]);
      assert.ok(at, 'the server closed the slow connection');
      assert.ok(at - started >= 4000, `closed after the read timeout, not at once (${at - started} ms)`);
    });

    test('web/ is served with the strict CSP and precompressed bodies; no way out of web/', async () => {
      const page = await fetch(new URL('/kiosk/', suite.base));
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(page.headers.get('content-security-policy'), /require-trusted-types-for 'script'/);
      await page.text();
      const organise = await fetch(new URL('/organise/', suite.base));
      assert.equal(organise.status, 200);
      assert.match(await organise.text(), /organise\.js/);
      const raw = (await import('node:http')).request;
      const encoding = (file, accept) => new Promise((resolve, reject) => {
        const req = raw(new URL(file, suite.base), { headers: { 'accept-encoding': accept } }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, encoding: res.headers['content-encoding'], vary: res.headers.vary, bytes: Buffer.concat(chunks).length }));
        });
        req.on('error', reject);
        req.end();
      });
      const { bytes, ...element } = await encoding('/src/element.js', 'br');
      assert.deepEqual(element, { status: 200, encoding: 'br', vary: 'Accept-Encoding' });
      assert.ok(bytes > 0);
      // A stylesheet of a few hundred bytes is compressed too (each page loads it).
      const css = readFileSync(new URL('../../web/pages.css', import.meta.url)).length;
      for (const accept of ['br', 'gzip']) {
        const small = await encoding('/pages.css', accept);
        assert.equal(small.encoding, accept, `/pages.css (${css} bytes) is served ${accept}`);
        assert.ok(small.bytes < css, `/pages.css: ${small.bytes} bytes ${accept}, ${css} raw`);
      }
      for (const p of ['/../package.json', '/%2e%2e/package.json', '/src/..%2f..%2fpackage.json']) {
        const r = await api(suite.base, 'GET', p);
        assert.notEqual(r.status, 200, p);
        assert.ok(!r.text.includes('"devDependencies"'), p);
      }
    });

    test('two server processes on one database: a close in one stops responses at once in the other', async () => {
      const other = await startServer(suite.db.url);
      try {
        const event = await createEvent(suite.base);
        assert.equal((await submit(suite.base, event, record(event, 0))).status, 201);
        assert.equal((await submit(other.url, event, record(event, 1))).status, 201, 'either process takes responses');
        const closed = await api(other.url, 'POST', `/api/v1/events/${event.code}/close`, { token: event.organiserToken });
        assert.equal(closed.status, 200);
        assert.equal((await submit(suite.base, event, record(event, 2))).status, 410, 'the first process knows at once');
        const exported = await api(suite.base, 'GET', `/api/v1/events/${event.code}/export.json`, { token: event.organiserToken });
        assert.equal(exported.json.count, 2);
      } finally {
        await other.stop();
      }
    });

    test('the command line creates an event the server then collects for, and exports it', async () => {
      const created = await cli(suite.db.url, ['create-event', '--name', 'Atelier', '--language', 'en']);
      assert.equal(created.code, 0, created.stderr);
      const event = JSON.parse(created.stdout);
      assert.deepEqual(event.languages, ['en']);
      const rec = record(event, 1);
      assert.equal((await submit(suite.base, event, rec)).status, 201);
      const exported = await cli(suite.db.url, ['export', event.code]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.deepEqual(JSON.parse(exported.stdout).records, [rec]);
      const bad = await cli(suite.db.url, ['create-event', '--name', 'x', '--language', 'de']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /languages\/0/);
      const check = await cli(suite.db.url, ['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
    });
  });
}
