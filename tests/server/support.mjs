// Starts real catalyse-server processes for the HTTP suites and the load bench: a throwaway
// database (an SQLite file in a temporary folder, or a PostgreSQL cluster from scripts/postgres.mjs),
// 127.0.0.1 and a free port. No mock anywhere.
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverBinary = path.join(root, process.env.CATALYSE_BUILD_DIR ?? 'build', 'native/server/catalyse-server');
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A database for one suite: {url, backend, dir, pgDir (the cluster's folder), stop()}. backend: 'sqlite' | 'postgresql'. */
export async function database(backend) {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalyse-server-'));
  if (backend === 'sqlite') {
    return { backend, dir, url: `sqlite:${path.join(dir, 'catalyse.db')}`, file: path.join(dir, 'catalyse.db'),
      stop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { startPostgres } = await import('../../scripts/postgres.mjs');
  const pg = await startPostgres();
  return { backend, dir, url: pg.url, pgDir: pg.dir, stop: async () => { await pg.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * Starts `catalyse-server serve` and resolves once it listens: {url, port, process, stop(), kill(),
 * output()}. `port` 0 picks a free one (give the previous port to restart on the same address).
 */
export function startServer(databaseUrl, { args = [], env = {}, port = 0 } = {}) {
  const argv = ['serve', '--database', databaseUrl, '--port', String(port), '--web', path.join(root, 'web'), ...args];
  const child = spawn(serverBinary, argv, {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CATALYSE_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
  });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { out += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`catalyse-server did not start:\n${out}`)), 15000);
    const look = () => {
      const m = out.match(/listening on (http:\/\/[^\s]+\/)/);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', look);
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`catalyse-server exited (${code ?? signal}):\n${out}`)); });
  });
  return started.then((url) => ({
    url, port: Number(new URL(url).port), process: child, output: () => out, exited,
    async stop() { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); await exited; } },
    async kill() { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited; } },
  }));
}

/**
 * A server on a fresh database of `backend` for the tests of one describe block (or of a file, when
 * called at its top): started before them, stopped with its database after them. The object's
 * `db`, `server` and `base` (the server's address) are set once the tests run; `restart()` stops the
 * server and starts another on the same database and address.
 */
export function serverForSuite(backend, options = {}) {
  const suite = {
    db: null,
    server: null,
    base: null,
    async restart() {
      await suite.server.stop();
      suite.server = await startServer(suite.db.url, { ...options, port: suite.server.port });
    },
  };
  before(async () => {
    suite.db = await database(backend);
    suite.server = await startServer(suite.db.url, options);
    suite.base = suite.server.url;
  });
  after(async () => {
    await suite.server?.stop();
    await suite.db?.stop();
  });
  return suite;
}

/** Runs the command line (create-event, export…) and resolves with {code, stdout, stderr}. */
export function cli(databaseUrl, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(serverBinary, [...args, '--database', databaseUrl, '--web', path.join(root, 'web')],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** fetch with the admin or an organiser token. */
export async function api(base, method, route, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload = body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const response = await fetch(new URL(route, base), { method, headers: h, body: payload });
  // ignoreBOM: a CSV's byte-order mark is part of what is checked.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, json };
}

export async function createEvent(base, request = { name: 'Rencontres test' }) {
  const r = await api(base, 'POST', '/api/v1/events', { token: ADMIN_TOKEN, body: request });
  if (r.status !== 201) throw new Error(`create event: ${r.status} ${r.text}`);
  return r.json;
}

const defaultQuestionnaire = JSON.parse(readFileSync(path.join(root, 'web/questionnaires/catalyseurs-2018.json'), 'utf8'));
export const answerSets = ['essor', 'amorce', 'ancrage', 'emergence']
  .map((name) => JSON.parse(readFileSync(path.join(root, `tests/fixtures/answers-${name}.json`), 'utf8')));

/** A catalyse-response/1 record for the event's questionnaire (default: the default questionnaire). */
export function record(event, i = 0, { id = crypto.randomUUID(), answers = answerSets[i % answerSets.length] } = {}) {
  return {
    format: 'catalyse-response/1', id,
    questionnaire: { id: defaultQuestionnaire.id, version: defaultQuestionnaire.version, hash: event.questionnaireHash },
    lang: 'fr', completed: '2026-11', answers,
  };
}

export function submit(base, event, rec, { key = rec.id, body = JSON.stringify(rec), headers = {} } = {}) {
  return api(base, 'POST', event.endpoint, { body, headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers } });
}

/**
 * A live view's stream, parsed as EventSource parses it: {events: [{event, data, at (performance.now())}], comments,
 * retry, status, headers, next(predicate, ms), close()}. `next` resolves with the first room
 * message (data parsed) received so far or later that satisfies `predicate`.
 */
export function liveView(base, code, query = '') {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/v1/events/${code}/live${query}`, base);
    const stream = { events: [], comments: [], retry: null, status: 0, headers: {}, waiters: [] };
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname + url.search,
      headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      stream.status = res.statusCode;
      stream.headers = res.headers;
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = { data: [] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments.push(line);
            else if (line.startsWith('retry: ')) stream.retry = Number(line.slice(7));
            else if (line.startsWith('event: ')) fields.event = line.slice(7);
            else if (line.startsWith('data: ')) fields.data.push(line.slice(6));
          }
          if (fields.data.length) {
            const message = { event: fields.event, data: JSON.parse(fields.data.join('\n')), lines: fields.data.length, at: performance.now() };
            stream.events.push(message);
            stream.waiters = stream.waiters.filter((w) => !(w.predicate(message.data) && (w.resolve(message.data), true)));
          }
        }
      });
      res.on('end', () => { stream.ended = true; });
      resolve(stream);
    });
    req.on('error', (error) => (stream.status ? null : reject(error)));
    stream.close = () => req.destroy();
    stream.next = (predicate, ms = 1000) => new Promise((resolve, reject2) => {
      const seen = stream.events.find((m) => predicate(m.data));
      if (seen) return resolve(seen.data);
      const timer = setTimeout(() => reject2(new Error(`no matching room message within ${ms} ms; last: ${JSON.stringify(stream.events.at(-1)?.data ?? null).slice(0, 300)}`)), ms);
      stream.waiters.push({ predicate, resolve: (d) => { clearTimeout(timer); resolve(d); } });
    });
  });
}
