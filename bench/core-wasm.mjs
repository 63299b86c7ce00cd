// The wasm half of the core benchmark, run by bench/run.mjs in its own Node process (so that a
// core that runs out of memory on 100,000 records cannot take the whole bench down):
//   node bench/core-wasm.mjs QUESTIONNAIRE.json ANSWERS.json [--iterations N] [--wasm CORE.wasm] [RECORDS.json…]
//        [--parts A.json,B.json,…] [--reference-aggregate DIR]
// (--parts: exports aggregated one file at a time, as the results page does; --reference-aggregate:
// a folder with another build's catalyse-aggregate.{mjs,wasm}, which gets the same exports one
// file at a time too, or as one {"sources":[…]} text when it cannot, the way pages before
// one-file-at-a-time aggregation sent them)
// (--wasm: another build of the widget's core, e.g. one's own build folder; default web/generated/)
// Loads the widget's own build (web/generated/) through the widget's own door (web/src/core.js) and
// prints one JSON object: compile and load times, rescoring per call, aggregation per file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadAggregateCore, openAggregate } from '../web/results/aggregate-core.js';
import { CatalyseCore, coreFunctions, loadCore } from '../web/src/core.js';
import { summary } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let WASM = path.join(ROOT, 'web/generated/catalyse-core.wasm');
const AGGREGATE_WASM = path.join(ROOT, 'web/generated/catalyse-aggregate.wasm'); // the widget's core cannot aggregate

const args = process.argv.slice(2);
let iterations = 2000;
const files = [];
let parts = [];
let referenceAggregate = process.env.CATALYSE_REFERENCE_WASM_DIR ?? null;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--iterations') iterations = Number(args[++i]);
  else if (args[i] === '--parts') parts = args[++i].split(',').filter(Boolean);
  else if (args[i] === '--reference-aggregate') referenceAggregate = path.resolve(args[++i]);
  else if (args[i] === '--wasm') WASM = path.resolve(args[++i]);
  else files.push(args[i]);
}
const [questionnairePath, answersPath, ...recordFiles] = files;
const questionnaireText = readFileSync(questionnairePath, 'utf8');
const answers = JSON.parse(readFileSync(answersPath, 'utf8'));
const bytes = readFileSync(WASM);

const out = { wasmBytes: bytes.length };
let t = performance.now();
await WebAssembly.compile(bytes);
out.compileMs = performance.now() - t;

t = performance.now();
const core = await loadCore({ wasmBinary: bytes });
out.instantiateMs = performance.now() - t;

t = performance.now();
const loaded = core.load(questionnaireText);
out.loadMs = performance.now() - t;
if (!loaded.ok) {
  console.log(JSON.stringify({ ...out, error: loaded.errors }));
  process.exit(1);
}
const q = loaded.questionnaire;
out.info = q.info;

// What the widget pays per change: answers → JSON → wasm → result JSON → object.
for (let i = 0; i < 50; i += 1) q.score(answers, 'fr');
const full = [];
for (let i = 0; i < iterations; i += 1) {
  t = performance.now();
  q.score(answers, 'fr');
  full.push((performance.now() - t) * 1000);
}
const first = q.score(answers, 'fr');
out.rescore = { ok: first.ok === true, iterations, full: summary(full) };

// The core alone: strings already in wasm memory, result left as a C string.
const m = core.functions;
const handle = core.call('cat_load', questionnaireText).handle;
const put = (s) => core.copyIn(s);
const a = put(JSON.stringify(answers));
const lang = put('fr');
const raw = [];
for (let i = 0; i < 50; i += 1) m.cat_free(m.cat_score(handle, a, lang));
for (let i = 0; i < iterations; i += 1) {
  t = performance.now();
  const r = m.cat_score(handle, a, lang);
  raw.push((performance.now() - t) * 1000);
  m.cat_free(r);
}
m.cat_free(a);
m.cat_free(lang);
m.cat_unload(handle);
out.rescore.core = summary(raw);

out.aggregate = [];
const aggregateCore = recordFiles.length ? await loadAggregateCore({ wasmBinary: readFileSync(AGGREGATE_WASM) }) : null;
const aggregating = aggregateCore?.load(questionnaireText).questionnaire;
for (const file of recordFiles) {
  const text = readFileSync(file, 'utf8');
  const entry = { file, bytes: Buffer.byteLength(text) };
  try {
    t = performance.now();
    const answer = aggregating.aggregate(text, { lang: 'fr' });
    entry.ms = performance.now() - t;
    entry.ok = answer.ok === true;
    entry.answerHead = JSON.stringify(answer).slice(0, 160);
  } catch (err) {
    entry.ok = false;
    entry.ms = performance.now() - t;
    entry.error = String(err?.message ?? err);
  }
  entry.heapBytes = aggregateCore.memoryBytes;
  out.aggregate.push(entry);
}

/**
 * The exports one at a time through an open aggregate (the results page's way); heap after. Each
 * file is read (outside the time) as the results page hands it over: its bytes, or its text for a
 * reference build (`asText`: its core is made here, not by aggregate-core.js, which writes bytes).
 */
function aggregateParts(core, questionnaire, asText = false) {
  const entry = { files: parts.length, bytes: 0 };
  const t0 = performance.now();
  let readMs = 0;
  try {
    const opened = openAggregate(core, questionnaire, { lang: 'fr' });
    const session = opened.aggregate;
    for (const file of parts) {
      const r0 = performance.now();
      const data = asText ? readFileSync(file, 'utf8') : readFileSync(file);
      readMs += performance.now() - r0;
      entry.bytes += Buffer.byteLength(data);
      const added = session.addExport(path.basename(file), data);
      if (!added.ok) throw new Error(JSON.stringify(added.errors));
    }
    const answer = session.snapshot();
    session.close();
    entry.ok = answer.ok === true;
    entry.n = answer.aggregate?.n;
  } catch (err) {
    entry.ok = false;
    entry.error = String(err?.message ?? err);
  }
  entry.ms = performance.now() - t0 - readMs;
  entry.heapBytes = core.memoryBytes;
  entry.oneAtATime = true;
  return entry;
}

/**
 * The same exports through a reference build: one file at a time when it can (it has
 * cat_aggregate_open), else as one {"sources":[…]} text through its aggregate().
 */
async function aggregatePartsAtOnce(dir) {
  const { default: create } = await import(path.join(dir, 'catalyse-aggregate.mjs'));
  const m = await create({ wasmBinary: readFileSync(path.join(dir, 'catalyse-aggregate.wasm')) });
  const core = new CatalyseCore({ functions: coreFunctions(m, '_'), memory: () => m.HEAPU8.buffer });
  const questionnaire = core.load(questionnaireText).questionnaire;
  if (typeof m._cat_aggregate_open === 'function') return { ...aggregateParts(core, questionnaire, true), oneAtATime: true };
  const entry = { files: parts.length };
  const sources = parts.map((file) => ({ name: path.basename(file), text: readFileSync(file, 'utf8') }));
  const input = `{"sources":[${sources.map((x) => JSON.stringify(x)).join(',')}]}`;
  entry.bytes = sources.reduce((sum, x) => sum + Buffer.byteLength(x.text), 0);
  const t0 = performance.now();
  try {
    const answer = questionnaire.aggregate(input, { lang: 'fr' });
    entry.ok = answer.ok === true;
    entry.n = answer.aggregate?.n;
    if (!answer.ok) entry.error = JSON.stringify(answer.errors).slice(0, 200);
  } catch (err) {
    entry.ok = false;
    entry.error = String(err?.message ?? err);
  }
  entry.ms = performance.now() - t0;
  entry.heapBytes = core.memoryBytes;
  return entry;
}

if (parts.length && aggregating) out.parts = aggregateParts(aggregateCore, aggregating);
if (parts.length && referenceAggregate) out.referenceParts = await aggregatePartsAtOnce(referenceAggregate);
console.log(JSON.stringify(out));
