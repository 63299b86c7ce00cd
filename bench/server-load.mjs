// The event server under load (npm run bench, or alone: node bench/run.mjs --only server):
//   load       N simulated participants over S seconds, each loading the event and then posting
//              one response; a share of them lose the connection right after sending and retry
//              with the same Idempotency-Key. Latency p50/p99, throughput, server memory; then a
//              saturation run (as fast as 32 clients can post) for the ceiling.
//   crash      kill -9 of the server in the middle of a load, restart on the same port, clients
//              retrying: every response that got a 2xx is stored, none twice, integrity check.
//   scale-out  two server processes on one PostgreSQL, submissions spread over both, one export.
//   live       a projector's live view (revealed) while participants submit: the time from a
//              submission to the view's update that counts it (on PostgreSQL, also for
//              submissions to a second server process).
// Each on SQLite and on PostgreSQL (a throwaway cluster from scripts/postgres.mjs).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { cli, createEvent, database, liveView, record, startServer } from '../tests/server/support.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const r = (x) => (x == null ? null : Math.round(x * 100) / 100);
  return { n: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), max: r(s.at(-1)) };
}

/** One HTTP request on its own connection (or `agent`); `cut`: destroy the socket once the body is sent. */
function request(base, method, route, { body, headers = {}, agent = false, cut = false } = {}) {
  return new Promise((resolve) => {
    const url = new URL(route, base);
    const started = process.hrtime.bigint();
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent,
      headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } : headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, text: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: 0, ms: 0, error: 'response' }));
    });
    req.on('error', (err) => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, error: err.code ?? err.message }));
    if (cut) req.on('finish', () => setImmediate(() => req.destroy()));
    req.end(body);
  });
}

/** Posts one record until a 2xx (or 4xx other than 408/429), as the kiosk does. */
async function deliver(base, event, rec, { latencies, statuses, cutFirst = false, agent = false, maxTries = 60 }) {
  const body = JSON.stringify(rec);
  const headers = { 'idempotency-key': rec.id };
  if (cutFirst) {
    await request(base(), 'POST', event.endpoint, { body, headers, cut: true });
    statuses.cut = (statuses.cut ?? 0) + 1;
    await sleep(50 + Math.random() * 200);
  }
  for (let attempt = 0; attempt < maxTries; attempt += 1) {
    const r = await request(base(), 'POST', event.endpoint, { body, headers, agent });
    statuses[r.status || r.error] = (statuses[r.status || r.error] ?? 0) + 1;
    if (r.status >= 200 && r.status < 300) {
      latencies?.push(r.ms);
      return r.status;
    }
    if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) return r.status;
    await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random()));
  }
  return 0;
}

/** Peak and last resident memory of a process, sampled every 200 ms. */
function memoryWatch(pid) {
  let peak = 0;
  let last = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      last = Number(status.match(/VmRSS:\s+(\d+)/)[1]) * 1024;
      peak = Math.max(peak, last, Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) * 1024);
    } catch { /* exited */ }
  };
  read();
  const timer = setInterval(read, 200);
  return { stop() { read(); clearInterval(timer); return { peakBytes: peak, lastBytes: last }; } };
}

/** CPU seconds (user + system) a process has used so far (/proc/PID/stat, 100 ticks a second). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function exported(base, event) {
  const r = await request(base, 'GET', `/api/v1/events/${event.code}/export.json`, { headers: { authorization: `Bearer ${event.organiserToken}` } });
  return JSON.parse(r.text);
}

/** Every acknowledged id stored exactly once. */
function verify(doc, acked) {
  const ids = doc.records.map((r) => r.id);
  const counts = new Map();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const twice = [...counts.values()].filter((c) => c > 1).length;
  const missing = [...acked].filter((id) => !counts.has(id)).length;
  return { stored: ids.length, acknowledged: acked.size, missing, storedTwice: twice, exactlyOnce: missing === 0 && twice === 0 };
}

async function loadRun(backend, db, { participants, seconds, retryShare, log }) {
  const server = await startServer(db.url);
  const memory = memoryWatch(server.process.pid);
  const event = await createEvent(server.url, { name: `bench ${backend}` });
  const post = [];
  const get = [];
  const statuses = {};
  const acked = new Set();
  const spacing = (seconds * 1000) / participants;
  const retrying = new Set();
  while (retrying.size < Math.round(participants * retryShare)) retrying.add(Math.floor(Math.random() * participants));
  const loadBefore = os.loadavg()[0];
  const cpuBefore = cpuSeconds(server.process.pid);
  const started = Date.now();
  const tasks = [];
  for (let i = 0; i < participants; i += 1) {
    const at = started + i * spacing;
    await sleep(Math.max(0, at - Date.now()));
    tasks.push((async () => {
      const info = await request(server.url, 'GET', `/api/v1/events/${event.code}`);
      if (info.status === 200) get.push(info.ms);
      await sleep(Math.random() * 1000);   // reading the event's page, then the last answer
      const rec = record(event, i);
      const status = await deliver(() => server.url, event, rec, { latencies: post, statuses, cutFirst: retrying.has(i) });
      if (status >= 200 && status < 300) acked.add(rec.id);
    })());
  }
  await Promise.all(tasks);
  const elapsed = (Date.now() - started) / 1000;
  const cpu = cpuSeconds(server.process.pid) - cpuBefore;
  const check = verify(await exported(server.url, event), acked);
  const paced = { participants, seconds, retrying: retrying.size, elapsedSeconds: Math.round(elapsed * 10) / 10,
    loadAverage: [loadBefore, os.loadavg()[0]].map((x) => Math.round(x * 10) / 10),
    serverCpuSeconds: Math.round(cpu * 100) / 100,
    serverCpuMsPerParticipant: Math.round((cpu * 1000 / participants) * 100) / 100,
    requestsPerSecond: Math.round(((post.length + get.length + (statuses.cut ?? 0)) / elapsed) * 10) / 10,
    post: stats(post), get: stats(get), statuses, ...check };
  log(`  paced: ${participants} over ${paced.elapsedSeconds} s, POST p50 ${paced.post.p50} ms p99 ${paced.post.p99} ms, exactly once: ${check.exactlyOnce}`);

  // Saturation: as many posts as 32 keep-alive clients can make.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const satEvent = await createEvent(server.url, { name: `bench ${backend} saturation` });
  const total = Math.max(1000, participants * 2);
  const satLatency = [];
  const satStatuses = {};
  const satAcked = new Set();
  let next = 0;
  const satStarted = Date.now();
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < total) {
      const rec = record(satEvent, next);
      next += 1;
      const status = await deliver(() => server.url, satEvent, rec, { latencies: satLatency, statuses: satStatuses, agent });
      if (status >= 200 && status < 300) satAcked.add(rec.id);
    }
  }));
  const satSeconds = (Date.now() - satStarted) / 1000;
  agent.destroy();
  const satCheck = verify(await exported(server.url, satEvent), satAcked);
  const saturation = { posts: total, clients: 32, seconds: Math.round(satSeconds * 100) / 100,
    postsPerSecond: Math.round(total / satSeconds), post: stats(satLatency), statuses: satStatuses, ...satCheck };
  log(`  saturation: ${saturation.postsPerSecond} posts/s, p50 ${saturation.post.p50} ms p99 ${saturation.post.p99} ms`);
  const mem = memory.stop();
  await server.stop();
  return { paced, saturation, memory: mem };
}

async function crashRun(backend, db, { total = 600, rate = 150, log }) {
  let server = await startServer(db.url);
  const port = server.port;
  let current = server.url;
  const event = await createEvent(server.url, { name: `crash ${backend}` });
  const statuses = {};
  const acked = new Set();
  const ackedBeforeKill = new Set();
  let killed = false;
  const tasks = [];
  const started = Date.now();
  const killAt = (total / rate / 2) * 1000;
  const killer = (async () => {
    await sleep(killAt);
    await server.kill();
    killed = true;
    for (const id of acked) ackedBeforeKill.add(id);
    await sleep(500);
    server = await startServer(db.url, { port });
    current = server.url;
  })();
  for (let i = 0; i < total; i += 1) {
    await sleep(Math.max(0, started + (i * 1000) / rate - Date.now()));
    tasks.push((async () => {
      const rec = record(event, i);
      const status = await deliver(() => current, event, rec, { statuses });
      if (status >= 200 && status < 300) acked.add(rec.id);
    })());
  }
  await Promise.all(tasks);
  await killer;
  const check = verify(await exported(current, event), acked);
  await server.stop();
  const integrity = await cli(db.url, ['check']);
  const result = { submitted: total, ratePerSecond: rate, killedAfterMs: Math.round(killAt), killed,
    acknowledgedBeforeKill: ackedBeforeKill.size, failedDuringOutage: Object.entries(statuses).filter(([k]) => !/^2/.test(k)).reduce((a, [, v]) => a + v, 0),
    statuses, ...check, integrity: integrity.code === 0 ? 'sound' : `${integrity.stdout}${integrity.stderr}`.trim() };
  log(`  crash: ${result.acknowledgedBeforeKill} acked before kill -9, ${result.stored} stored after restart, missing ${check.missing}, twice ${check.storedTwice}, ${result.integrity}`);
  return result;
}

async function scaleOutRun(db, { total = 1000, log }) {
  const a = await startServer(db.url);
  const b = await startServer(db.url);
  const event = await createEvent(a.url, { name: 'scale-out' });
  const statuses = {};
  const acked = new Set();
  const perServer = [0, 0];
  const latency = [];
  let next = 0;
  const started = Date.now();
  const agents = [new http.Agent({ keepAlive: true }), new http.Agent({ keepAlive: true })];
  await Promise.all(Array.from({ length: 32 }, async (_, worker) => {
    while (next < total) {
      const i = next;
      next += 1;
      const which = (i + worker) % 2;
      perServer[which] += 1;
      const rec = record(event, i);
      const status = await deliver(() => (which ? b.url : a.url), event, rec, { statuses, latencies: latency, agent: agents[which] });
      if (status >= 200 && status < 300) acked.add(rec.id);
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  agents.forEach((x) => x.destroy());
  const check = verify(await exported(b.url, event), acked);
  await a.stop();
  await b.stop();
  const result = { processes: 2, submitted: total, perServer, seconds: Math.round(seconds * 100) / 100,
    postsPerSecond: Math.round(total / seconds), post: stats(latency), statuses, ...check };
  log(`  scale-out: ${perServer.join(' + ')} over two processes, one export holds ${check.stored}, exactly once: ${check.exactlyOnce}`);
  return result;
}

async function liveRun(backend, db, { participants = 300, seconds = 30, log }) {
  const a = await startServer(db.url);
  const b = backend === 'postgresql' ? await startServer(db.url) : null;
  const event = await createEvent(a.url, { name: `live ${backend}` });
  await request(a.url, 'POST', `/api/v1/events/${event.code}/reveal`, { body: '{"revealed":true}',
    headers: { authorization: `Bearer ${event.organiserToken}` } });
  const view = await liveView(a.url, event.code);
  await view.next(() => true, 5000);
  const sent = [];   // {at, rank, other}: when each response was sent, its rank among the acknowledged
  let acked = 0;
  const statuses = {};
  const loadBefore = os.loadavg()[0];
  const spacing = (seconds * 1000) / participants;
  const started = performance.now();
  const tasks = [];
  for (let i = 0; i < participants; i += 1) {
    await sleep(Math.max(0, started + i * spacing - performance.now()));
    const other = b !== null && i % 2 === 1;
    tasks.push((async () => {
      const rec = record(event, i);
      const at = performance.now();
      const status = await deliver(() => (other ? b.url : a.url), event, rec, { statuses });
      if (status >= 200 && status < 300) sent.push({ at, rank: (acked += 1), other });
    })());
  }
  await Promise.all(tasks);
  await view.next((d) => d.count >= acked, 5000).catch(() => null);
  view.close();
  // A response is on the projector with the first update after it was sent whose count reaches
  // its rank among the acknowledged ones.
  const delay = (s) => {
    const update = view.events.find((m) => m.at >= s.at && m.data.count >= s.rank);
    return update ? update.at - s.at : null;
  };
  const same = sent.filter((s) => !s.other).map(delay);
  const cross = sent.filter((s) => s.other).map(delay);
  const missed = [...same, ...cross].filter((x) => x === null).length;
  const last = view.events.at(-1)?.data;
  const result = { participants, seconds, acknowledged: acked, updates: view.events.length, finalCount: last?.count ?? null,
    aggregateShown: Boolean(last?.aggregate), neverShown: missed,
    loadAverage: [loadBefore, os.loadavg()[0]].map((x) => Math.round(x * 10) / 10),
    sameProcess: stats(same.filter((x) => x !== null)), ...(b ? { otherProcess: stats(cross.filter((x) => x !== null)) } : {}), statuses };
  log(`  live: ${acked} responses, ${result.updates} updates; submission → view p50 ${result.sameProcess.p50} ms p95 ${result.sameProcess.p95} ms`
    + (b ? `; from the other process p50 ${result.otherProcess.p50} ms p95 ${result.otherProcess.p95} ms` : ''));
  await a.stop();
  await b?.stop();
  return result;
}

export async function runServerBench({ participants = 500, seconds = 60, retryShare = 0.1, backends = ['sqlite', 'postgresql'], log = console.log } = {}) {
  const result = { settings: { participants, seconds, retryShare, backends }, backends: {} };
  for (const backend of backends) {
    log(`server: ${backend}`);
    const db = await database(backend);
    try {
      const load = await loadRun(backend, db, { participants, seconds, retryShare, log });
      const crash = await crashRun(backend, db, { log });
      const scaleOut = backend === 'postgresql' ? await scaleOutRun(db, { log }) : null;
      const live = await liveRun(backend, db, { log });
      result.backends[backend] = { ...load, crash, ...(scaleOut ? { scaleOut } : {}), live };
    } finally {
      await db.stop();
    }
  }
  return result;
}

const ms = (x) => (x == null ? '–' : `${x} ms`);
const mb = (x) => `${(x / 1048576).toFixed(1)} MB`;

/** The report's section (markdown). */
export function serverSection(r) {
  const lines = ['## Event server (catalyse-server)', ''];
  const s = r.settings;
  lines.push(`${s.participants} simulated participants over ${s.seconds} s (each: GET the event, then POST one response), `
    + `${Math.round(s.retryShare * 100)} % of them cut the connection right after sending and retry with the same key. `
    + 'Client and server on the same 2-core machine (the load generator shares the CPUs). p99 goal: 50 ms.', '');
  lines.push('| | SQLite | PostgreSQL |', '|---|---|---|');
  const b = (name) => r.backends[name];
  const row = (label, f) => lines.push(`| ${label} | ${['sqlite', 'postgresql'].map((n) => (b(n) ? f(b(n)) : '–')).join(' | ')} |`);
  row('paced: POST latency p50 / p95 / p99 / max', (x) => `${ms(x.paced.post.p50)} / ${ms(x.paced.post.p95)} / **${ms(x.paced.post.p99)}** / ${ms(x.paced.post.max)}`);
  row('paced: GET event p50 / p99', (x) => `${ms(x.paced.get.p50)} / ${ms(x.paced.get.p99)}`);
  row('paced: every 2xx stored exactly once', (x) => `${x.paced.exactlyOnce ? 'yes' : '**no**'} (${x.paced.stored} stored, ${x.paced.acknowledged} acknowledged, ${x.paced.retrying} retried after a cut)`);
  row('p99 ≤ 50 ms', (x) => (x.paced.post.p99 <= 50 ? '**met**' : '**missed**'));
  row('machine load average (1 min) before / after the paced run, 2 cores', (x) => x.paced.loadAverage.join(' / '));
  row('saturation: POSTs/s (32 clients), p50 / p99', (x) => `${x.saturation.postsPerSecond}/s, ${ms(x.saturation.post.p50)} / ${ms(x.saturation.post.p99)}`);
  row('server memory: peak RSS', (x) => mb(x.memory.peakBytes));
  row('server CPU over the paced run (per participant: GET + POST, retries)', (x) => `${x.paced.serverCpuSeconds} s (${x.paced.serverCpuMsPerParticipant} ms)`);
  row('crash: kill -9 mid-load, restart', (x) => `${x.crash.acknowledgedBeforeKill} acknowledged before the kill; after restart ${x.crash.stored} stored of ${x.crash.acknowledged} acknowledged: missing ${x.crash.missing}, twice ${x.crash.storedTwice}; integrity ${x.crash.integrity}`);
  row('live view (revealed): submission → update p50 / p95, 300 participants over 30 s',
    (x) => (x.live ? `${ms(x.live.sameProcess.p50)} / ${ms(x.live.sameProcess.p95)}${x.live.otherProcess ? `; posted to the other process: ${ms(x.live.otherProcess.p50)} / ${ms(x.live.otherProcess.p95)}` : ''} (${x.live.updates} updates, final count ${x.live.finalCount} of ${x.live.acknowledged}, load ${x.live.loadAverage.join(' / ')})` : '–'));
  if (b('postgresql')?.scaleOut) {
    const o = b('postgresql').scaleOut;
    lines.push('', `**Scale-out**: two server processes on one PostgreSQL, ${o.perServer.join(' + ')} submissions over both (32 clients), `
      + `${o.postsPerSecond} POSTs/s, p99 ${ms(o.post.p99)}; one export holds ${o.stored} responses, each once: ${o.exactlyOnce ? 'yes' : '**no**'}.`);
  }
  return `${lines.join('\n')}\n`;
}
