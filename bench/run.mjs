// `npm run bench`: Catalyse side by side with SurveyJS and a plain HTML form, in one headless
// Chromium run on 127.0.0.1, plus the core natively and in wasm. Writes bench/out/report.md and
// bench/out/report.json. Figures are measured, never assumed; goals are reported, not enforced.
//   node bench/run.mjs [--loads 21] [--changes 120] [--iterations 2000] [--records 10000,100000] [--cli-runs 5]
//                      [--participants 500] [--server-seconds 60] [--server-backends sqlite,postgresql]
//                      [--only server | --only event | --only aggregate | --no-server]
//   --only event runs the live room's participant page against the plain form on a throttled phone
//   alone (bench/event-page.mjs) and writes bench/out/event-page.md and .json.
//   --only server runs the event server's load, crash and scale-out bench alone (bench/server-load.mjs)
//   and writes bench/out/server-load.md and .json; --no-server leaves it out of the full run.
//   --only aggregate runs the aggregation's part alone (records, `catalyse aggregate` on 4 exports,
//   the core natively and in wasm, with CATALYSE_REFERENCE_CLI / CATALYSE_REFERENCE_WASM_DIR /
//   CATALYSE_REFERENCE_BENCH as the reference) and writes bench/out/aggregate.md and .json.
// Expects a build (npm run build); builds the native bench program (bench/core_bench.cpp) if needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, measureCoreStart, measureFeedback, measureFirstQuestion, measureWeight } from './browser.mjs';
import { moduleGraph } from './module-graph.mjs';
import { buildPages, QUESTIONNAIRE, ROOT } from './pages.mjs';
import { writeRecords } from './records.mjs';
import { summary } from './stats.mjs';
import { writeAggregationReport, writeReport } from './report.mjs';
import { compressedSizes, startServer } from './server.mjs';
import { runServerBench, serverSection } from './server-load.mjs';
import { eventPageSection, runEventPageBench } from './event-page.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const LOADS = Number(arg('loads', 21));
const CHANGES = Number(arg('changes', 120));
const ITERATIONS = Number(arg('iterations', 2000));
const CLI_RUNS = Number(arg('cli-runs', 5));
// --variant NAME=DIR (repeatable): the demo again with the wasm core from DIR (its
// catalyse-core.wasm, e.g. a build with other flags), to measure a build experiment in the same run.
const VARIANTS = process.argv.flatMap((a, i) => (a === '--variant' ? [process.argv[i + 1]] : []))
  .map((v) => { const [name, dir] = v.split('='); return { name, dir: path.resolve(dir) }; });
const RECORD_COUNTS = String(arg('records', '10000,100000')).split(',').filter(Boolean).map(Number);
const BUILD_DIR = path.resolve(ROOT, process.env.CATALYSE_BUILD_DIR ?? 'build');
const OUT = path.join(ROOT, 'bench/out');
const ANSWERS = path.join(ROOT, 'tests/fixtures/answers-essor.json');
const SERVER_BENCH = {
  participants: Number(arg('participants', 500)),
  seconds: Number(arg('server-seconds', 60)),
  backends: String(arg('server-backends', 'sqlite,postgresql')).split(',').filter(Boolean),
};
const ONLY = arg('only', null);
const WITH_SERVER = !process.argv.includes('--no-server');

const started = Date.now();
const log = (msg) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
mkdirSync(OUT, { recursive: true });

if (ONLY === 'server') {
  const result = await runServerBench({ ...SERVER_BENCH, log });
  const md = serverSection({ ...result, date: new Date().toISOString() });
  writeFileSync(path.join(OUT, 'server-load.json'), `${JSON.stringify({ date: new Date().toISOString(), loadAverage: os.loadavg(), ...result }, null, 2)}\n`);
  writeFileSync(path.join(OUT, 'server-load.md'), md);
  log('done: bench/out/server-load.md, bench/out/server-load.json');
  console.log(`\n${md}`);
  process.exit(0);
} else if (ONLY === 'event') {
  const browser = await launchBrowser();
  let result;
  try {
    result = await runEventPageBench(browser, { loads: Number(arg('loads', 11)), log });
  } finally {
    await browser.close();
  }
  const md = eventPageSection(result);
  writeFileSync(path.join(OUT, 'event-page.json'), `${JSON.stringify({ date: new Date().toISOString(), loadAverage: os.loadavg(), ...result }, null, 2)}\n`);
  writeFileSync(path.join(OUT, 'event-page.md'), md);
  log('done: bench/out/event-page.md, bench/out/event-page.json');
  console.log(`\n${md}`);
  process.exit(0);
} else if (ONLY && ONLY !== 'aggregate') {
  console.error(`bench: --only takes "server", "event" or "aggregate", not ${ONLY}`);
  process.exit(2);
}

function commandLine(cmd, args) {
  try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}

function machine() {
  const cpus = os.cpus();
  return {
    nproc: Number(commandLine('nproc', [])) || cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// ---- 0. what is being measured ----
for (const f of ['web/generated/catalyse-core.wasm']) {
  if (!existsSync(path.join(ROOT, f))) {
    console.error(`bench: ${f} is missing: run npm run build first`);
    process.exit(2);
  }
}
const coreBench = path.join(BUILD_DIR, 'native/bench/core_bench');
log(`native bench program (${path.relative(ROOT, coreBench)})`);
let coreBenchNote = null;
try {
  execFileSync('cmake', ['-S', ROOT, '-B', path.join(BUILD_DIR, 'native'), '-DCMAKE_BUILD_TYPE=Release'], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('cmake', ['--build', path.join(BUILD_DIR, 'native'), '--target', 'core_bench', '-j', process.env.CATALYSE_JOBS ?? '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
} catch (err) {
  const why = String(err.stderr ?? err.message).split('\n').find((l) => /error/i.test(l)) ?? String(err.message);
  if (!existsSync(coreBench)) {
    console.error(`bench: cannot build core_bench: ${why}`);
    process.exit(2);
  }
  coreBenchNote = `core_bench could not be rebuilt (${why.slice(0, 200)}); an earlier build of it was used`;
  log(`warning: ${coreBenchNote}`);
}

const report = {
  date: new Date().toISOString(),
  notes: coreBenchNote ? [coreBenchNote] : [],
  settings: { loads: LOADS, changes: CHANGES, iterations: ITERATIONS, records: RECORD_COUNTS },
  machine: { ...machine(), loadAverageStart: os.loadavg().map((x) => Math.round(x * 100) / 100) },
  versions: {
    node: process.version,
    emscripten: commandLine('em++', ['--version'])?.split('\n')[0] ?? null,
    surveyjs: {
      'survey-core': JSON.parse(readFileSync(path.join(ROOT, 'node_modules/survey-core/package.json'), 'utf8')).version,
      'survey-js-ui': JSON.parse(readFileSync(path.join(ROOT, 'node_modules/survey-js-ui/package.json'), 'utf8')).version,
    },
    playwright: JSON.parse(readFileSync(path.join(ROOT, 'node_modules/playwright-core/package.json'), 'utf8')).version,
    // What was measured: the commit, and the files of the chain that differed from it.
    catalyse: {
      commit: commandLine('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
      uncommitted: (() => {
        try {
          return execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'core', 'wasm', 'web', 'CMakeLists.txt'], { encoding: 'utf8' })
            .split('\n').filter(Boolean).map((l) => l.slice(3));
        } catch { return []; }
      })(),
    },
  },
};
// --note TEXT (repeatable): a remark printed at the top of the report.
report.notes.push(...process.argv.flatMap((a, i) => (a === '--note' ? [process.argv[i + 1]] : [])));

// Export names → the C functions they are (for the call timings): the standalone core exports its
// functions by name (cat_load → _cat_load). (A variant must be a standalone build too: the demo's
// core.js instantiates it.)
const exportsOf = (dir) => {
  const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(path.join(dir, 'catalyse-core.wasm')))).map((e) => e.name);
  return Object.fromEntries(names.filter((n) => n.startsWith('cat_')).map((n) => [n, `_${n}`]));
};
report.wasmExports = exportsOf(path.join(ROOT, 'web/generated'));

const AGGREGATE_ONLY = ONLY === 'aggregate';
if (!AGGREGATE_ONLY) {
  // ---- 1. the widget's files, as the budget test counts them ----
  // The default questionnaire's file is referenced (DEFAULT_SRC) but its text travels in the bundle:
  // listed apart, as the budget test leaves it out.
  report.widgetFiles = moduleGraph(path.join(ROOT, 'web/dist/catalyse.js')).map((f) => ({
    file: path.relative(ROOT, f.file), ...(f.missing ? { missing: true } : compressedSizes(readFileSync(f.file))),
    ...(f.file.endsWith(path.join('questionnaires', 'catalyseurs-2018.json')) ? { inBundle: true } : {}),
    // The checking core: the default questionnaire is read by the trusting core (src/core.js).
    ...(f.file.endsWith(path.join('generated', 'catalyse-core.wasm')) ? { otherQuestionnaire: true } : {}),
  }));

  // ---- 2. pages and server ----
  const { survey } = buildPages();
  report.peers = {
    surveyjs: { pages: survey.pages.length, questions: survey.pages.reduce((a, p) => a + p.elements.length, 0),
      conditions: survey.pages.flatMap((p) => p.elements).filter((e) => e.visibleIf).map((e) => ({ name: e.name, visibleIf: e.visibleIf })) },
  };
  const server = await startServer({
    mounts: [
      ['/', path.join(ROOT, 'web')],
      ['/vendor/survey-core/', path.join(ROOT, 'node_modules/survey-core')],
      ['/vendor/survey-js-ui/', path.join(ROOT, 'node_modules/survey-js-ui')],
      ['/peers/', path.join(OUT, 'peers')],
      ...VARIANTS.flatMap((v) => [[`/variant/${v.name}/`, path.join(ROOT, 'web')], [`/variant/${v.name}/generated/`, v.dir]]),
    ],
    csp: (p) => p.startsWith('/demo/') || p.startsWith('/peers/catalyse-preload/') || p.startsWith('/peers/core-timing/') || p.startsWith('/variant/'),
  });
  const pages = {
    catalyse: `${server.url}/demo/`,
    surveyjs: `${server.url}/peers/surveyjs/`,
    html: `${server.url}/peers/html/`,
    'catalyse-preload': `${server.url}/peers/catalyse-preload/`,
    ...Object.fromEntries(VARIANTS.map((v) => [`variant:${v.name}`, `${server.url}/variant/${v.name}/demo/`])),
  };
  report.variants = VARIANTS.map((v) => ({ name: v.name, dir: path.relative(ROOT, v.dir),
    wasm: compressedSizes(readFileSync(path.join(v.dir, 'catalyse-core.wasm'))) }));

  // ---- 3. the browser run ----
  const browser = await launchBrowser();
  try {
    report.versions.chromium = browser.version();
    log(`weight (${Object.keys(pages).join(', ')})`);
    report.weight = await measureWeight(browser, pages, { server, shotDir: OUT });
    log(`time to first question: ${LOADS} fresh loads of each page`);
    report.firstQuestion = await measureFirstQuestion(browser, pages, {
      loads: LOADS,
      exportNames: { catalyse: report.wasmExports, 'catalyse-preload': report.wasmExports,
        ...Object.fromEntries(VARIANTS.map((v) => [`variant:${v.name}`, exportsOf(v.dir)])) },
      onProgress: (i, n) => { if (i % 5 === 0 || i === n) log(`  round ${i}/${n}`); },
    });
    log('the core\'s start-up steps in the browser');
    report.coreStartBrowser = await measureCoreStart(browser, `${server.url}/peers/core-timing/`);
    log(`input → feedback: ${CHANGES} changes`);
    report.feedback = await measureFeedback(browser, pages.catalyse, { changes: CHANGES });
    report.eventPage = await runEventPageBench(browser, { loads: Math.min(LOADS, 11), log });
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---- 4. the core, natively and in wasm ----
log('core: records for aggregation');
const questionnaire = JSON.parse(readFileSync(QUESTIONNAIRE, 'utf8'));
const { loadCore } = await import('../web/src/core.js');
const core = await loadCore({ wasmBinary: readFileSync(path.join(ROOT, 'web/generated/catalyse-core.wasm')) });
const loaded = core.load(questionnaire);
if (!loaded.ok) throw new Error(`the core refused the default questionnaire: ${JSON.stringify(loaded.errors)}`);
const recordFiles = [];
for (const n of RECORD_COUNTS) {
  const file = path.join(OUT, `records-${n}.json`);
  const bytes = await writeRecords(file, questionnaire, loaded.questionnaire.info, n);
  recordFiles.push({ n, file, bytes });
}
// 100,000 records over 4 exports of 25,000 (other seeds): what an event's devices give the
// results page and the command-line tool, aggregated one file at a time.
const partFiles = [];
for (let i = 0; i < 4; i += 1) {
  const file = path.join(OUT, `records-part-${i + 1}.json`);
  const bytes = await writeRecords(file, questionnaire, loaded.questionnaire.info, 25000, 2019 + i);
  partFiles.push({ n: 25000, file, bytes });
}
loaded.questionnaire.dispose();

// `catalyse aggregate` on the 4 exports, this build and (CATALYSE_REFERENCE_CLI) a reference build
// of the tool, e.g. the previous release, in the same run: time (its own --timing: aggregation
// without reading the files), peak memory (/usr/bin/time) and whether both print the same bytes.
// The two builds take turns, CLI_RUNS times each; the figure is the median run, the range beside it.
log(`core: command-line tool on 4 exports (${CLI_RUNS} runs each, taking turns)`);
const cliBuilds = [['reference', process.env.CATALYSE_REFERENCE_CLI], ['this build', path.join(BUILD_DIR, 'native/cli/catalyse')]]
  .filter(([, cli]) => cli && existsSync(cli))
  .map(([label, cli]) => ({ label, cli, runs: [] }));
for (let i = 0; i < CLI_RUNS; i += 1) {
  for (const build of cliBuilds) {
    const r = spawnSync('/usr/bin/time', ['-f', 'peak %M kB', build.cli, 'aggregate', QUESTIONNAIRE, ...partFiles.map((f) => f.file), '--lang', 'fr', '--timing'],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
    const aggregated = r.stderr.match(/aggregated in ([\d.]+) ms/);
    const peak = r.stderr.match(/peak (\d+) kB\s*$/);
    let ok = false;
    try { ok = JSON.parse(r.stdout).ok === true; } catch { /* reported as not ok */ }
    build.runs.push({ ok, ms: aggregated ? Number(aggregated[1]) : null, peakKB: peak ? Number(peak[1]) : null,
      sha256: createHash('sha256').update(r.stdout).digest('hex') });
  }
}
const cliRuns = cliBuilds.map(({ label, cli, runs }) => {
  const ok = runs.every((x) => x.ok && x.ms != null) && new Set(runs.map((x) => x.sha256)).size === 1;
  const times = ok ? summary(runs.map((x) => x.ms)) : null;
  return { label, cli, ok, runs: runs.length, ms: times?.median ?? null, minMs: times?.min ?? null, maxMs: times?.max ?? null,
    peakKB: Math.max(...runs.map((x) => x.peakKB ?? 0)) || null, sha256: runs[0].sha256 };
});
report.aggregation = { parts: partFiles.map(({ n, bytes }) => ({ n, bytes })), cli: cliRuns };

log('core: native');
const native = spawnSync(coreBench, [QUESTIONNAIRE, ANSWERS, '--iterations', String(ITERATIONS), ...recordFiles.map((r) => r.file)],
  { encoding: 'utf8', maxBuffer: 1 << 26 });
report.coreNative = native.status === 0 ? JSON.parse(native.stdout) : { error: `exit ${native.status}: ${native.stderr.slice(0, 500)}` };
// CATALYSE_REFERENCE_BENCH: another build's core_bench (e.g. the previous release's), for its
// aggregation and live-aggregate figures in the same run.
if (process.env.CATALYSE_REFERENCE_BENCH && existsSync(process.env.CATALYSE_REFERENCE_BENCH)) {
  log('core: native, reference build');
  const ref = spawnSync(process.env.CATALYSE_REFERENCE_BENCH, [QUESTIONNAIRE, ANSWERS, '--iterations', String(ITERATIONS), ...recordFiles.map((r) => r.file)],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  report.coreNativeReference = ref.status === 0 ? JSON.parse(ref.stdout) : { error: `exit ${ref.status}: ${ref.stderr.slice(0, 500)}` };
}
log('core: wasm (Node)');
const wasm = spawnSync(process.execPath, ['--max-old-space-size=4096', path.join(ROOT, 'bench/core-wasm.mjs'), QUESTIONNAIRE, ANSWERS,
  '--iterations', String(ITERATIONS), ...recordFiles.map((r) => r.file), '--parts', partFiles.map((r) => r.file).join(',')],
{ encoding: 'utf8', maxBuffer: 1 << 26 });
try {
  report.coreWasm = JSON.parse(wasm.stdout.trim().split('\n').pop());
} catch {
  report.coreWasm = { error: `exit ${wasm.status}: ${(wasm.stderr || wasm.stdout).slice(0, 800)}` };
}
report.records = recordFiles.map(({ n, bytes }) => ({ n, bytes }));

if (WITH_SERVER && !AGGREGATE_ONLY) {
  log('event server: load, crash, scale-out');
  report.server = await runServerBench({ ...SERVER_BENCH, log });
}

report.machine.loadAverageEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
report.durationSeconds = Math.round((Date.now() - started) / 1000);
if (AGGREGATE_ONLY) {
  const { md } = writeAggregationReport(report, OUT);
  log(`done in ${report.durationSeconds} s: bench/out/aggregate.md, bench/out/aggregate.json`);
  console.log(`\n${md}`);
  process.exit(0);
}
const { md: widgetMd } = writeReport(report, OUT);
let md = widgetMd;
if (report.eventPage) md = `${md.trimEnd()}\n\n${eventPageSection(report.eventPage)}`;
if (report.server) md = `${md.trimEnd()}\n\n${serverSection(report.server)}`;
if (md !== widgetMd) writeFileSync(path.join(OUT, 'report.md'), md);
log(`done in ${report.durationSeconds} s: bench/out/report.md, bench/out/report.json`);
console.log(`\n${md.split('\n## Details')[0]}`);
