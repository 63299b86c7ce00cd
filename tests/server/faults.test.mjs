// catalyse-server when things go wrong around it: too many responses at once, a full disk, a
// database that refuses writes. Each time a clear status, and nothing acknowledged that was not stored.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { api, createEvent, database, record, startServer, submit } from './support.mjs';

const isRoot = process.getuid?.() === 0;

describe('event server faults', () => {
  test('too many responses at once for one event get 429 with Retry-After', async () => {
    const db = await database('sqlite');
    const server = await startServer(db.url, { args: ['--rate', '1'] });   // 1 a second, bursts of 2
    try {
      const event = await createEvent(server.url);
      const started = Date.now();
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(server.url, event, record(event, i))));
      const seconds = (Date.now() - started) / 1000;
      const limited = replies.filter((r) => r.status === 429);
      const stored = replies.filter((r) => r.status === 201).length;
      assert.ok(limited.length >= 1, replies.map((r) => r.status).join());
      assert.equal(limited.length + stored, 20, replies.map((r) => r.status).join());
      assert.ok(stored >= 2 && stored <= 2 + Math.ceil(seconds), `${stored} stored in ${seconds} s`);
      assert.ok(Number(limited[0].headers.get('retry-after')) >= 1);
      const state = await api(server.url, 'GET', `/api/v1/events/${event.code}/organiser`, { token: event.organiserToken });
      assert.equal(state.json.count, stored, 'exactly the acknowledged ones');
    } finally {
      await server.stop();
      await db.stop();
    }
  });

  test('SQLite on a full disk: 507, the server keeps answering, and exactly the acknowledged responses are stored',
    { skip: !isRoot && 'mounting a small file system needs root' }, async () => {
      const db = await database('sqlite');
      const disk = path.join(db.dir, 'small-disk');
      mkdirSync(disk);
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=320k', 'tmpfs', disk], { encoding: 'utf8' });
      assert.equal(mounted.status, 0, `mount: ${mounted.stderr}`);
      const url = `sqlite:${path.join(disk, 'catalyse.db')}`;
      let server;
      try {
        server = await startServer(url);
        const event = await createEvent(server.url);
        const acknowledged = new Set();
        const refused = new Set();
        let full = null;
        for (let i = 0; i < 400 && !full; i += 1) {
          // A long free-text answer fills the disk sooner.
          const rec = record(event, 0, { answers: { commentaire: `${i} ${'x'.repeat(900)}` } });
          const r = await submit(server.url, event, rec);
          if (r.status === 201) acknowledged.add(rec.id);
          else if (r.status >= 500) { refused.add(rec.id); full = r; }
          else assert.fail(`unexpected ${r.status}: ${r.text}`);
        }
        assert.ok(full, 'the disk filled up');
        assert.equal(full.status, 507, full.text);
        assert.equal(full.json.storage, 'full');
        assert.ok(acknowledged.size > 0);
        assert.equal((await api(server.url, 'GET', `/api/v1/events/${event.code}`)).status, 200, 'still answering');
        const exported = await api(server.url, 'GET', `/api/v1/events/${event.code}/export.json`, { token: event.organiserToken });
        assert.equal(exported.status, 200, exported.text);
        const ids = exported.json.records.map((r) => r.id);
        assert.deepEqual(ids.sort(), [...acknowledged].sort(), 'every acknowledged response, and only those');
      } finally {
        await server?.stop();
        spawnSync('umount', ['-l', disk]);
        await db.stop();
      }
    });

  test('PostgreSQL turning read-only under a running server: 503, nothing stored, and it recovers', async () => {
    const db = await database('postgresql');
    const psql = (sql) => {
      const r = spawnSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-qc', sql],
        { encoding: 'utf8', env: { ...process.env, PGOPTIONS: '-c default_transaction_read_only=off' } });
      assert.equal(r.status, 0, r.stderr);
    };
    // pg_reload_conf() only signals the postmaster: the new setting is in effect once the postmaster
    // has read the configuration again, and then signalled every session (the server's pooled ones
    // take it before their next command). A new session gets the postmaster's settings, so its
    // value says when that has happened; under load it can take a while.
    const settled = async (value) => {
      const deadline = Date.now() + 15000;
      let seen;
      while (Date.now() < deadline) {
        const r = spawnSync('psql', [db.url, '-tAc', 'SHOW default_transaction_read_only'], { encoding: 'utf8' });
        seen = r.status === 0 ? r.stdout.trim() : r.stderr.trim();
        if (seen === value) return;
        await new Promise((resolve) => { setTimeout(resolve, 20); });
      }
      assert.fail(`default_transaction_read_only is still ${seen}, not ${value}, 15 s after the reload`);
    };
    let server;
    try {
      server = await startServer(db.url);
      const event = await createEvent(server.url);
      assert.equal((await submit(server.url, event, record(event))).status, 201);
      // An administrator's switch (or a standby's): every transaction read-only from now on.
      psql('ALTER SYSTEM SET default_transaction_read_only = on');
      psql('SELECT pg_reload_conf()');
      await settled('on');
      const rec = record(event, 1);
      const r = await submit(server.url, event, rec);
      assert.equal(r.status, 503, r.text);
      assert.equal(r.json.storage, 'read-only');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      const state = await api(server.url, 'GET', `/api/v1/events/${event.code}/organiser`, { token: event.organiserToken });
      assert.equal(state.json.count, 1, 'nothing new was stored');
      psql('ALTER SYSTEM RESET default_transaction_read_only');
      psql('SELECT pg_reload_conf()');
      await settled('off');
      assert.equal((await submit(server.url, event, rec)).status, 201, 'the same response, sent again, is stored');
    } finally {
      await server?.stop();
      await db.stop();
    }
  });

  test('SQLite file the server may not write: it refuses to start and says why',
    { skip: !isRoot && 'needs root to run the server as another user' }, async () => {
      const db = await database('sqlite');
      try {
        const server = await startServer(db.url);
        await createEvent(server.url);
        await server.stop();
        // The database and its folder belong to root; the server runs as nobody.
        spawnSync('chmod', ['755', db.dir]);
        spawnSync('chmod', ['644', db.file]);
        const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', (await import('./support.mjs')).serverBinary,
          'serve', '--database', db.url, '--port', '0', '--admin-token-file', '/dev/null'], { encoding: 'utf8', timeout: 10000, env: { ...process.env, CATALYSE_ADMIN_TOKEN: 'x'.repeat(20) } });
        assert.equal(run.status, 1, run.stdout + run.stderr);
        assert.match(run.stderr, /read-only/);
      } finally {
        await db.stop();
      }
    });
});
