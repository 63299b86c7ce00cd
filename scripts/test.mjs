// Runs every test stage in order and ends with one summary line: "tests: N passed, N failed".
// Stages: the core's doctest suite natively and compiled to wasm, then Node's test runner over the
// JS-level suites (wasm binding, widget modules, browser), the event server's storage on SQLite and
// PostgreSQL, sanitizers and fuzzing. Each stage reports its own counts.
// Usage: node scripts/test.mjs [stage-name…]   (no names: every stage)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzStage, sanitizeStage } from './hardening.mjs';
import { withPostgres } from './postgres.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = process.env.CATALYSE_BUILD_DIR ?? 'build';

function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
    child.on('error', (err) => resolve({ code: 127, out: out + String(err) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

// doctest prints: "[doctest] test cases: 12 | 12 passed | 0 failed | 0 skipped"
function doctestCounts({ code, out }) {
  const m = out.replace(/\x1b\[[0-9;]*m/g, '').match(/test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/);
  if (!m) return { passed: 0, failed: 1, note: `no doctest summary (exit ${code})` };
  const failed = Number(m[3]);
  return { passed: Number(m[2]), failed: failed || (code === 0 ? 0 : 1) };
}

// node --test with a TAP copy in a file: "# pass N" / "# fail N".
async function nodeTests(dirs, extra = []) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'catalyse-tap-'));
  const tap = path.join(tmp, 'out.tap');
  const files = dirs.map((d) => path.join(root, d));
  const result = await run(process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...extra, ...files,
  ]);
  let text = '';
  try { text = readFileSync(tap, 'utf8'); } catch { /* no tap: counted as a failure below */ }
  rmSync(tmp, { recursive: true, force: true });
  const pass = text.match(/^# pass (\d+)/m);
  const fail = text.match(/^# fail (\d+)/m);
  if (!pass || !fail) return { passed: 0, failed: 1, note: `no TAP summary (exit ${result.code})` };
  const failed = Number(fail[1]);
  return { passed: Number(pass[1]), failed: failed || (result.code === 0 ? 0 : 1) };
}

// The event server's storage suite on SQLite, then on a throwaway PostgreSQL cluster.
async function storeStage() {
  const program = path.join(buildDir, 'native/tests/server/store_tests');
  const env = { ...process.env };
  delete env.CATALYSE_TEST_POSTGRES;
  console.log('--- SQLite ---');
  const sqlite = doctestCounts(await run(program, [], { env }));
  console.log('--- PostgreSQL ---');
  const postgres = await withPostgres(async (url) => doctestCounts(await run(program, [], { env: { ...env, CATALYSE_TEST_POSTGRES: url } })))
    .catch((err) => ({ passed: 0, failed: 1, note: err.message.split('\n')[0] }));
  const note = [sqlite.note && `SQLite: ${sqlite.note}`, postgres.note && `PostgreSQL: ${postgres.note}`].filter(Boolean).join('; ');
  return { passed: sqlite.passed + postgres.passed, failed: sqlite.failed + postgres.failed, note: note || undefined };
}

// Each stage returns {passed, failed}. Later work adds stages here (sanitizers, fuzzing, types…).
const stages = [
  { name: 'native', title: 'core suite, native', run: async () => doctestCounts(await run(path.join(buildDir, 'native/tests/core_tests'), [])) },
  { name: 'wasm-core', title: 'core suite, compiled to wasm (Node)', run: async () => doctestCounts(await run(process.execPath, [path.join(buildDir, 'wasm/tests/core_tests.js')])) },
  { name: 'js', title: 'JS suites: wasm binding and widget modules', run: () => nodeTests(['tests/wasm', 'tests/js']) },
  { name: 'server', title: 'event server over HTTP: a real catalyse-server on SQLite and on a throwaway PostgreSQL', run: () => nodeTests(['tests/server'], ['--test-concurrency=1']) },
  { name: 'browser', title: 'browser suites (Chromium)', run: () => nodeTests(['tests/browser'], ['--test-concurrency=1']) },
  { name: 'pack', title: 'npm package: pack, install offline, load from node_modules (Chromium)', run: () => nodeTests(['tests/pack']) },
  { name: 'store', title: 'event server storage suite, on SQLite and on PostgreSQL', run: storeStage },
  { name: 'sanitize', title: 'core suite under AddressSanitizer + UBSan (native)', run: () => sanitizeStage({ buildDir, doctestCounts }) },
  { name: 'fuzz', title: 'libFuzzer targets: regressions, then a bounded run each', run: () => fuzzStage({ buildDir }) },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !stages.some((s) => s.name === w));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages: ${stages.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
const lines = [];
for (const stage of stages.filter((s) => !wanted.length || wanted.includes(s.name))) {
  console.log(`\n=== ${stage.title} ===`);
  const started = Date.now();
  const r = await stage.run();
  passed += r.passed;
  failed += r.failed;
  lines.push(`  ${stage.name.padEnd(12)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${((Date.now() - started) / 1000).toFixed(1)} s${r.note ? `  (${r.note})` : ''}`);
}
console.log(`\n=== summary ===\n${lines.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
