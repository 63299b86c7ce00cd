// A throwaway PostgreSQL 15 cluster (Debian's `postgresql` package) for tests and the bench: its
// own temporary data folder, its own free port on 127.0.0.1 and its own socket folder, removed
// when stopped, also when the process fails or is interrupted. PostgreSQL refuses to run as root:
// as root the cluster runs as the `postgres` user.
//
//   import { startPostgres, withPostgres } from './postgres.mjs';
//   const pg = await startPostgres();  … pg.url …  await pg.stop();
//   await withPostgres(async (url) => { … });
//
//   node scripts/postgres.mjs run -- <command> [args…]   runs the command with CATALYSE_TEST_POSTGRES
//                                                        set to the cluster's URL, then stops it
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = process.env.CATALYSE_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
const user = 'catalyse';

// The account the cluster runs as: ourselves, or `postgres` when we are root.
function account() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('postgres.mjs: running as root needs the `postgres` user (Debian package postgresql)');
    return Number(r.stdout.trim());
  };
  return { uid: id('-u'), gid: id('-g') };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function exec(cmd, args, as) {
  return new Promise((resolve) => {
    const child = spawn(path.join(bin, cmd), args, { ...as, stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', (err) => resolve({ code: 127, out: out + String(err) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

// Clusters still running, stopped synchronously if the process exits or is interrupted.
const running = new Set();
let hooked = false;
function stopNow(cluster) {
  if (!running.delete(cluster)) return;
  spawnSync(path.join(bin, 'pg_ctl'), ['-D', cluster.data, '-m', 'immediate', '-w', 'stop'],
    { ...cluster.as, stdio: 'ignore', cwd: '/' });
  rmSync(cluster.dir, { recursive: true, force: true });
}
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => { for (const c of [...running]) stopNow(c); });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      for (const c of [...running]) stopNow(c);
      process.exit(code);
    });
  }
}

/**
 * Starts a cluster; resolves to { url, port, dir, stop() }. `url` is
 * postgresql://catalyse@127.0.0.1:PORT/postgres (a superuser, no password).
 */
export async function startPostgres() {
  if (!existsSync(path.join(bin, 'initdb'))) {
    throw new Error(`postgres.mjs: ${bin}/initdb not found: install Debian's postgresql package (scripts/setup.sh)`);
  }
  const as = account();
  const dir = mkdtempSync(path.join(tmpdir(), 'catalyse-pg-'));
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid);
  const data = path.join(dir, 'data');
  const cluster = { dir, data, as };
  hookExit();
  running.add(cluster);
  try {
    const init = await exec('initdb', ['-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--locale=C', '--no-sync'], as);
    if (init.code !== 0) throw new Error(`postgres.mjs: initdb failed:\n${init.out}`);
    // A port can be taken between choosing and binding it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
      const start = await exec('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], as);
      if (start.code === 0) {
        cluster.port = port;
        break;
      }
      let log = '';
      try { log = readFileSync(path.join(dir, 'log'), 'utf8'); } catch { /* no log yet */ }
      if (attempt === 3 || !/could not bind|Address already in use/.test(log)) {
        throw new Error(`postgres.mjs: pg_ctl start failed:\n${start.out}\n${log}`);
      }
    }
  } catch (err) {
    stopNow(cluster);
    throw err;
  }
  const url = `postgresql://${user}@127.0.0.1:${cluster.port}/postgres`;
  return {
    url,
    port: cluster.port,
    dir,
    async stop() {
      if (!running.has(cluster)) return;
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], as);
      stopNow(cluster);  // removes the folder (and stops at once if the fast stop did not)
    },
  };
}

/** Runs fn(url) with a fresh cluster, stopped afterwards whatever fn does. */
export async function withPostgres(fn) {
  const pg = await startPostgres();
  try {
    return await fn(pg.url);
  } finally {
    await pg.stop();
  }
}

async function main(argv) {
  const dash = argv.indexOf('--');
  if (argv[0] !== 'run' || dash < 0 || dash === argv.length - 1) {
    console.error('usage: node scripts/postgres.mjs run -- <command> [args…]');
    return 2;
  }
  const [cmd, ...args] = argv.slice(dash + 1);
  return withPostgres((url) => new Promise((resolve) => {
    console.error(`postgres.mjs: ${url}`);
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, CATALYSE_TEST_POSTGRES: url } });
    child.on('error', (err) => { console.error(`postgres.mjs: ${cmd}: ${err.message}`); resolve(127); });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2)).catch((err) => { console.error(err.message); return 1; });
}
