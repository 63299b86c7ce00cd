// Two test stages of scripts/test.mjs that build what they need in their own folders:
//   sanitize  the core's doctest suite built with AddressSanitizer + UBSan ("$build/sanitize", clang)
//   fuzz      the libFuzzer targets of tests/fuzz ("$build/fuzz", clang): replays every file of
//             tests/fuzz/regressions/<target>/, then fuzzes each target for a bounded time
//             (CATALYSE_FUZZ_SECONDS, default 25) from seeds taken from the fixtures and the
//             questionnaires. Each target run and each regression counts as one test.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jobs = process.env.CATALYSE_JOBS ?? '2';
export const fuzzTargets = ['load', 'score', 'aggregate', 'expression', 'intake'];

// Runs a command from the repository root; keeps stdout and stderr, echoes them when `echo`.
function exec(cmd, args, { echo = true, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    let out = '';
    const take = (stream, sink) => stream.on('data', (chunk) => { out += chunk; if (echo) sink.write(chunk); });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on('error', (err) => resolve({ code: 127, out: out + String(err) }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

async function cmakeBuild(dir, configureArgs, targets) {
  const configured = await exec('cmake', ['-S', '.', '-B', dir, ...configureArgs], { echo: false });
  if (configured.code) {
    process.stdout.write(configured.out);
    return `configure of ${dir} failed`;
  }
  const built = await exec('cmake', ['--build', dir, '-j', jobs, '--target', ...targets]);
  return built.code ? `build of ${dir} failed` : null;
}

/** The native doctest suite under ASan + UBSan. */
export async function sanitizeStage({ buildDir, doctestCounts }) {
  const dir = path.join(buildDir, 'sanitize');
  // clang at -O1: builds much faster than g++ -O2 on this template-heavy suite, same sanitizers.
  const failure = await cmakeBuild(dir, ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g',
    '-DCMAKE_CXX_COMPILER=clang++', '-DCATALYSE_SANITIZE=ON'], ['core_tests']);
  if (failure) return { passed: 0, failed: 1, note: failure };
  const env = {
    ...process.env,
    ASAN_OPTIONS: 'detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  };
  const r = await exec(path.join(dir, 'tests/core_tests'), ['--no-colors=true'], { env });
  const counts = doctestCounts(r);
  if (/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(r.out)) return { ...counts, failed: counts.failed || 1, note: 'sanitizer report above' };
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Fuzzing

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && f !== 'README.md')
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function jsonFiles(dirs) {
  return dirs.flatMap((d) => files(path.join(root, d))).filter((f) => f.endsWith('.json'));
}

function readJson(file) {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return undefined; }
}

// Seeds that are generated from the repository's own files, in "$build/fuzz/seeds/<target>".
function generatedSeeds(seedRoot, hash) {
  const questionnaires = jsonFiles(['tests/fixtures', 'web/questionnaires']).filter((f) => readJson(f)?.format === 'catalyse-questionnaire/1');
  const answers = jsonFiles(['tests/fixtures']).filter((f) => path.basename(f).startsWith('answers-'));

  // expression: every visibleIf and insight `when` of the questionnaires.
  const expressions = new Set();
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'visibleIf' || k === 'when') && typeof x === 'string') expressions.add(x);
        else walk(x);
      }
    }
  };
  questionnaires.forEach((f) => walk(readJson(f)));
  const exprDir = path.join(seedRoot, 'expression');
  mkdirSync(exprDir, { recursive: true });
  [...expressions].forEach((e, i) => writeFileSync(path.join(exprDir, `condition-${i}.txt`), e));

  // score: the answer fixtures.
  const scoreDir = path.join(seedRoot, 'score');
  mkdirSync(scoreDir, { recursive: true });
  answers.forEach((f) => writeFileSync(path.join(scoreDir, path.basename(f)), readFileSync(f)));

  // aggregate: the answer fixtures as response records of the default questionnaire.
  const aggDir = path.join(seedRoot, 'aggregate');
  mkdirSync(aggDir, { recursive: true });
  const q = readJson(path.join(root, 'web/questionnaires/catalyseurs-2018.json')) ?? {};
  const records = answers.map((f, i) => ({
    format: 'catalyse-response/1',
    id: `00000000-0000-4000-8000-00000000000${i}`,
    questionnaire: { id: q.id, version: q.version, hash },
    lang: 'fr',
    completed: '2026-11',
    answers: readJson(f) ?? {},
  }));
  writeFileSync(path.join(aggDir, 'records.json'), JSON.stringify(records));
  writeFileSync(path.join(aggDir, 'object.json'), `${JSON.stringify({ records: records.slice(0, 2) })}\0{"lang":"en","minGroup":3,"workshop":true}`);

  // intake: one record per file, after the byte that chooses the Idempotency-Key (fuzz_intake.cpp).
  const intakeDir = path.join(seedRoot, 'intake');
  mkdirSync(intakeDir, { recursive: true });
  records.forEach((r, i) => writeFileSync(path.join(intakeDir, `record-${i}.json`), `${String.fromCharCode(i % 3)}${JSON.stringify(r)}`));
  return { questionnaires: questionnaires.map((f) => path.relative(root, f)) };
}

function seedDirs(target, seedRoot, questionnaires) {
  const own = [path.join('tests/fuzz/seeds', target), path.join(seedRoot, target)];
  if (target === 'load') return [...own, ...new Set(questionnaires.map((f) => path.dirname(f)))];
  return own;
}

function execs(out) {
  const m = out.match(/stat::number_of_executed_units:\s*(\d+)/);
  return m ? Number(m[1]) : 0;
}

/** libFuzzer targets: regressions replayed, then a bounded run each. */
export async function fuzzStage({ buildDir }) {
  const dir = path.join(buildDir, 'fuzz');
  const failure = await cmakeBuild(dir, ['-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DCMAKE_CXX_COMPILER=clang++', '-DCATALYSE_FUZZ=ON'],
    fuzzTargets.map((t) => `fuzz_${t}`));
  if (failure) return { passed: 0, failed: 1, note: failure };

  const seconds = Number(process.env.CATALYSE_FUZZ_SECONDS ?? 25);
  const seedRoot = path.join(dir, 'seeds');
  // The default questionnaire's hash, for realistic records (the CLI prints it; a stale or missing
  // one only makes the seeds less realistic).
  let hash = 'fnv1a64:0000000000000000';
  const cli = path.join(buildDir, 'native/cli/catalyse');
  if (existsSync(path.join(root, cli))) {
    const v = await exec(cli, ['validate', 'web/questionnaires/catalyseurs-2018.json'], { echo: false });
    hash = v.out.match(/"hash":"([^"]+)"/)?.[1] ?? hash;
  }
  const { questionnaires } = generatedSeeds(path.join(root, seedRoot), hash);

  let passed = 0;
  let failed = 0;
  const notes = [];
  const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' };
  for (const target of fuzzTargets) {
    const binary = path.join(dir, 'tests/fuzz', `fuzz_${target}`);
    const dict = target === 'expression' ? 'tests/fuzz/expression.dict' : 'tests/fuzz/json.dict';

    // 1. Regressions: each file once.
    for (const file of files(path.join(root, 'tests/fuzz/regressions', target))) {
      const r = await exec(binary, [file], { echo: false, env });
      if (r.code === 0) {
        passed += 1;
      } else {
        failed += 1;
        console.log(`fuzz ${target}: regression ${path.relative(root, file)} FAILS\n${r.out.split('\n').slice(-40).join('\n')}`);
      }
    }

    // 2. A bounded run from the corpus (kept between runs) and the seeds.
    const corpus = path.join(dir, 'corpus', target);
    const artifacts = path.join(dir, 'artifacts');
    mkdirSync(path.join(root, corpus), { recursive: true });
    mkdirSync(path.join(root, artifacts), { recursive: true });
    const seeds = seedDirs(target, seedRoot, questionnaires).filter((d) => existsSync(path.join(root, d)));
    const started = Date.now();
    const r = await exec(binary, [
      `-max_total_time=${seconds}`, '-timeout=10', '-rss_limit_mb=2048', '-print_final_stats=1',
      `-dict=${dict}`, `-artifact_prefix=${artifacts}/${target}-`, corpus, ...seeds,
    ], { echo: false, env });
    const n = execs(r.out);
    const took = ((Date.now() - started) / 1000).toFixed(0);
    if (r.code === 0) {
      passed += 1;
      console.log(`fuzz ${target}: ${n} executions in ${took} s, no crash (seeds: ${seeds.join(', ')})`);
      notes.push(`${target} ${n}`);
    } else {
      failed += 1;
      const artifact = r.out.match(/Test unit written to (\S+)/)?.[1];
      console.log(`fuzz ${target}: FAILED after ${n} executions\n${r.out.split('\n').slice(-60).join('\n')}`);
      if (artifact) console.log(`fuzz ${target}: reproduce with ${binary} ${artifact}; keep it as tests/fuzz/regressions/${target}/<name> once fixed`);
      notes.push(`${target} CRASH`);
    }
  }
  return { passed, failed, note: `executions: ${notes.join(', ')}` };
}
