// Writes the benchmark's report: report.json (everything measured) and report.md (the figures a
// person reads: goals, weight, time to first question, input → feedback, core, machine, versions).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const GOALS = {
  transferBytes: 80_000, // the widget's compressed transfer
  vsSurveyJS: 0.25, // time to first question, Catalyse / SurveyJS
  vsPlainHtml: 1.5, // time to first question, Catalyse / plain HTML
  feedbackP95Ms: 16, // input → feedback painted, p95
  rescoreWasmUs: 50, // one rescoring in wasm
  aggregateNativeMs: 500, // 100,000 records read, checked, re-scored, aggregated natively
  aggregateWasmMs: 1000, // the same in wasm
  liveAddUs: 20, // one record added to a live aggregate, natively
  peakMemoryRatio: 1.2, // native peak memory / (largest file's text + the ids)
};

const kb = (b) => (b == null ? '–' : `${(b / 1000).toFixed(1)} kB`);
const ms = (x, d = 1) => (x == null ? '–' : `${x.toFixed(d)} ms`);
const us = (x) => (x == null ? '–' : `${x.toFixed(1)} µs`);
const ratio = (a, b) => (a != null && b ? Math.round((a / b) * 100) / 100 : null);
const yes = (ok) => (ok == null ? 'n/a' : ok ? '**met**' : '**missed**');
// The host page's own files (document, stylesheet, script), whichever prefix the page is served under.
const isHost = (url) => /^(\/variant\/[^/]+)?\/demo\/(demo\.(css|js))?$/.test(url) || /^\/peers\/[^/]+\/$/.test(url) || url === '/demo/demo.css';
const widgetBytes = (page) => (page ? page.files.filter((x) => !isHost(x.url)).reduce((a, x) => a + x.bytes, 0) : null);

/** Adds the derived figures (ratios, goals) to `report`, writes both files into `dir`. */
/** The aggregation's goals from a report's figures (the 4 exports of 100,000 records). */
function aggregationGoals(report) {
  const agg = report.aggregation ?? {};
  const mine = (agg.cli ?? []).find((x) => x.label === 'this build');
  const largest = Math.max(0, ...(agg.parts ?? []).map((p) => p.bytes));
  const records = (agg.parts ?? []).reduce((sum, p) => sum + p.n, 0);
  // The ids the aggregate keeps: each response id (36 characters) in a hash table node with its
  // content hash and position, about 100 bytes each.
  const idsBytes = records * 100;
  const aggregation = { largestFileBytes: largest, idsBytes, peakRatio: mine?.peakKB && largest ? Math.round((mine.peakKB * 1024 / (largest + idsBytes)) * 100) / 100 : null };
  const wasmParts = report.coreWasm?.parts;
  const goals = [
    { goal: `100,000 records aggregated natively ≤ ${GOALS.aggregateNativeMs} ms (4 exports, \`catalyse aggregate\`)`, figure: ms(mine?.ms, 0),
      met: mine?.ms == null ? null : mine.ms <= GOALS.aggregateNativeMs },
    { goal: `100,000 records aggregated in wasm ≤ ${GOALS.aggregateWasmMs} ms (4 exports, one at a time, Node)`, figure: ms(wasmParts?.ok ? wasmParts.ms : null, 0),
      met: wasmParts?.ok ? wasmParts.ms <= GOALS.aggregateWasmMs : null },
    { goal: `one record added to a live aggregate ≤ ${GOALS.liveAddUs} µs natively`, figure: us(report.coreNative?.live?.add_us),
      met: report.coreNative?.live?.add_us == null ? null : report.coreNative.live.add_us <= GOALS.liveAddUs },
    { goal: `native peak memory ≤ ${GOALS.peakMemoryRatio} × (largest file + ids)`, figure: `${aggregation.peakRatio ?? '–'} ×`,
      met: aggregation.peakRatio == null ? null : aggregation.peakRatio <= GOALS.peakMemoryRatio },
  ];
  return { aggregation, goals };
}

/**
 * `node bench/run.mjs --only aggregate`: the aggregation's part of the report alone (its goals,
 * this build against the reference, natively and in wasm), written to aggregate.json and
 * aggregate.md in `dir`.
 */
export function writeAggregationReport(report, dir) {
  const { aggregation, goals } = aggregationGoals(report);
  report.derived = { aggregation, goals };
  writeFileSync(path.join(dir, 'aggregate.json'), `${JSON.stringify(report, null, 1)}\n`);
  const m = report.machine;
  const L = ['## Aggregation', ''];
  L.push(`Run ${report.date.slice(0, 16).replace('T', ' ')} UTC with \`node bench/run.mjs --only aggregate\`, ${report.durationSeconds} s, `
    + `on ${m.nproc} CPU (${m.cpu}); load average ${m.loadAverageStart?.join(' / ')} at the start, ${m.loadAverageEnd?.join(' / ')} at the end `
    + `(the machine is shared: wall-clock times grow with its load, for both builds alike). Catalyse at commit ${report.versions.catalyse.commit}.`, '');
  L.push('| goal | figure | |', '|---|---|---|');
  for (const g of goals) L.push(`| ${g.goal} | ${g.figure} | ${yes(g.met)} |`);
  L.push('', ...aggregationLines(report, report.derived));
  const md = `${L.join('\n')}\n`;
  writeFileSync(path.join(dir, 'aggregate.md'), md);
  return { md };
}

export function writeReport(report, dir) {
  const w = report.weight ?? {};
  const f = report.firstQuestion ?? {};
  const cat = w.catalyse;
  // The embed = what the widget adds to a host page: everything the demo page loads except the
  // host's own document, stylesheet and script (/demo/*).
  const embed = widgetBytes(cat);
  const embedFirst = cat ? cat.files.filter((x) => !isHost(x.url) && x.beforeFirstQuestion !== false).reduce((a, x) => a + x.bytes, 0) : null;
  const sjEmbed = w.surveyjs ? w.surveyjs.files.filter((x) => x.url.startsWith('/vendor/') || x.url.endsWith('/page.js')).reduce((a, x) => a + x.bytes, 0) : null;
  const t = (name) => f[name]?.firstQuestion?.median ?? null;
  const wasmRescore = report.coreWasm?.rescore;
  const derived = {
    catalyseEmbedBytes: embed,
    catalyseEmbedBytesBeforeFirstQuestion: embedFirst,
    surveyjsEmbedBytes: sjEmbed,
    ratios: {
      bytes: { vsSurveyJS: ratio(cat?.total, w.surveyjs?.total), vsPlainHtml: ratio(cat?.total, w.html?.total),
        embedVsSurveyJSEmbed: ratio(embed, sjEmbed) },
      firstQuestion: { vsSurveyJS: ratio(t('catalyse'), t('surveyjs')), vsPlainHtml: ratio(t('catalyse'), t('html')) },
    },
  };
  derived.goals = [
    // The issue measures weight "until the first question is answerable"; the whole load (the core
    // included, which may arrive after the first question) is the stricter reading: both are shown.
    { goal: `widget compressed transfer ≤ ${kb(GOALS.transferBytes)}, until the first question is answerable`, figure: kb(embedFirst),
      met: embedFirst == null ? null : embedFirst <= GOALS.transferBytes },
    { goal: `widget compressed transfer ≤ ${kb(GOALS.transferBytes)}, whole load (core included)`, figure: kb(embed), met: embed == null ? null : embed <= GOALS.transferBytes },
    { goal: `time to first question ≤ ${GOALS.vsSurveyJS} × SurveyJS`, figure: `${derived.ratios.firstQuestion.vsSurveyJS ?? '–'} ×`,
      met: derived.ratios.firstQuestion.vsSurveyJS == null ? null : derived.ratios.firstQuestion.vsSurveyJS <= GOALS.vsSurveyJS },
    { goal: `time to first question ≤ ${GOALS.vsPlainHtml} × plain HTML`, figure: `${derived.ratios.firstQuestion.vsPlainHtml ?? '–'} ×`,
      met: derived.ratios.firstQuestion.vsPlainHtml == null ? null : derived.ratios.firstQuestion.vsPlainHtml <= GOALS.vsPlainHtml },
    { goal: `input → feedback p95 ≤ ${GOALS.feedbackP95Ms} ms (next frame)`, figure: ms(report.feedback?.frame?.p95),
      met: report.feedback?.frame?.p95 == null ? null : report.feedback.frame.p95 <= GOALS.feedbackP95Ms },
    { goal: `one rescoring in wasm < ${GOALS.rescoreWasmUs} µs (median, full call from JS)`, figure: us(wasmRescore?.full?.median),
      met: wasmRescore?.full?.median == null ? null : wasmRescore.full.median < GOALS.rescoreWasmUs },
  ];
  // Aggregation of the 4 exports (100,000 records): this build's figures against the goals.
  const { aggregation, goals } = aggregationGoals(report);
  derived.aggregation = aggregation;
  derived.goals.push(...goals);
  report.derived = derived;
  writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  const md = markdown(report);
  writeFileSync(path.join(dir, 'report.md'), md);
  return { md };
}

/** The aggregation's figures (markdown lines): the 4 exports, a live aggregate, one-array inputs. */
function aggregationLines(r, d) {
  const L = [];
  const n = r.coreNative;
  const wsm = r.coreWasm;
  const ag = r.aggregation ?? {};
  if (ag.parts?.length) {
    const total = ag.parts.reduce((sum, p) => sum + p.n, 0);
    const bytes = ag.parts.reduce((sum, p) => sum + p.bytes, 0);
    L.push(`Aggregation of ${total.toLocaleString('en')} generated records in ${ag.parts.length} exports (${(bytes / 1e6).toFixed(1)} MB, the largest `
      + `${(d.aggregation.largestFileBytes / 1e6).toFixed(1)} MB), read, checked, re-scored and aggregated, one file at a time; `
      + 'the reference is another build of the same tool given with CATALYSE_REFERENCE_CLI (and CATALYSE_REFERENCE_WASM_DIR), in this run:', '');
    L.push(`| build | native (\`catalyse aggregate\`, files already read; median of ${ag.cli?.[0]?.runs ?? 1} runs, range) | native peak memory | wasm (Node) | same output |`, '|---|---|---|---|---|');
    const mineOut = (ag.cli ?? []).find((x) => x.label === 'this build')?.sha256;
    for (const c of ag.cli ?? []) {
      const w = c.label === 'this build' ? wsm?.parts : wsm?.referenceParts;
      const wcell = !w ? '–' : w.ok ? `${ms(w.ms, 0)}${w.oneAtATime || c.label === 'this build' ? ' (one file at a time)' : ' (the 4 files in one text)'}` : `failed (${(w.error ?? '').slice(0, 60)})`;
      L.push(`| ${c.label} | ${c.ok ? `${ms(c.ms, 0)}${c.minMs != null ? ` (${ms(c.minMs, 0)}–${ms(c.maxMs, 0)})` : ''}` : 'failed'} | ${c.peakKB ? `${(c.peakKB / 1024).toFixed(0)} MiB` : '–'} | ${wcell} | ${c.sha256 === mineOut ? 'yes' : 'no'} |`);
    }
    L.push('');
    if (n?.live) {
      const ref = r.coreNativeReference?.live;
      L.push(`One record added to a live aggregate (\`Accumulator::add\`, natively): ${us(n.live.add_us)} on average over ${n.live.records.toLocaleString('en')} records; `
        + `a snapshot of the aggregate then takes ${ms(n.live.snapshot_ms, 1)}${ref ? ` (reference build, CATALYSE_REFERENCE_BENCH, in this run: ${us(ref.add_us)}, snapshot ${ms(ref.snapshot_ms, 1)})` : ''}. `
        + `Peak memory / (largest file + ids, ~100 bytes each): ${d.aggregation.peakRatio ?? '–'} ×.`, '');
    }
  }
  L.push('Aggregation of generated response records (one JSON array, `api::aggregate` / `LoadedQuestionnaire.aggregate`):', '');
  const refNative = r.coreNativeReference?.aggregate;
  L.push(`| records | JSON size | native |${refNative ? ' native, reference build |' : ''} wasm (Node) |`, `|---|---|---|${refNative ? '---|' : ''}---|`);
  for (const [i, rec] of (r.records ?? []).entries()) {
    const na = n?.aggregate?.[i];
    const wa = wsm?.aggregate?.[i];
    const cell = (x) => (!x ? '–' : x.ok ? ms(x.ms, 0) : `failed${x.error ? ` (${x.error.slice(0, 80)})` : x.answerHead ? ` (${x.answerHead.slice(0, 100)})` : ''} after ${ms(x.ms, 0)}`);
    L.push(`| ${rec.n.toLocaleString('en')} | ${(rec.bytes / 1e6).toFixed(1)} MB | ${cell(na)} |${refNative ? ` ${cell(refNative[i])} |` : ''} ${cell(wa)} |`);
  }
  L.push('');

  return L;
}

function markdown(r) {
  const d = r.derived;
  const L = [];
  const m = r.machine;
  L.push('# Catalyse benchmark', '');
  L.push(`Run ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.durationSeconds} s. Machine: ${m.nproc} CPU (${m.cpu}), `
    + `${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.os}; load average ${m.loadAverageStart?.join(' / ')} at the start, `
    + `${m.loadAverageEnd?.join(' / ')} at the end (the machine is shared: figures are medians for that reason).`);
  const v = r.versions;
  L.push(`Versions: Chromium ${v.chromium}, Node ${v.node}, ${v.emscripten ?? 'Emscripten ?'}, survey-core ${v.surveyjs['survey-core']}, `
    + `survey-js-ui ${v.surveyjs['survey-js-ui']}, playwright-core ${v.playwright}.`
    + (v.catalyse?.commit ? ` Catalyse at commit ${v.catalyse.commit}${v.catalyse.uncommitted?.length ? ` with uncommitted changes in ${v.catalyse.uncommitted.join(', ')}` : ''}.` : ''), '');

  for (const note of r.notes ?? []) L.push(`Note: ${note}.`, '');
  L.push('## Goals', '', '| goal | figure | |', '|---|---|---|');
  for (const g of d.goals) L.push(`| ${g.goal} | ${g.figure} | ${yes(g.met)} |`);
  L.push('');

  const pages = ['catalyse', 'surveyjs', 'html', ...Object.keys(r.weight ?? {}).filter((k) => !['catalyse', 'surveyjs', 'html'].includes(k))];
  const label = { catalyse: 'Catalyse (demo page)', surveyjs: 'SurveyJS (same questions)', html: 'plain HTML form',
    'catalyse-preload': 'experiment: demo + preload hints' };
  for (const v of r.variants ?? []) label[`variant:${v.name}`] = `experiment: demo, wasm from ${v.dir}`;
  L.push('## Weight', '', 'Compressed bytes on the wire (CDP `encodedDataLength`: body + headers), brotli q11 or gzip -9 as the browser asked, '
    + 'cache disabled, for the whole page (host page included: same header, text and stylesheet for all three).', '');
  L.push('| page | requests | until first question | whole load | survey only (host page\'s files left out) | encoding |', '|---|---|---|---|---|---|');
  for (const p of pages) {
    const x = r.weight?.[p];
    if (!x) continue;
    L.push(`| ${label[p] ?? p} | ${x.requests} | ${kb(x.beforeFirst)} | ${kb(x.total)} | ${p === 'html' ? '–' : kb(widgetBytes(x))} | ${[...new Set(x.files.map((f) => f.encoding))].join(', ')} |`);
  }
  L.push('', `Embed only (what the survey adds to the host page): Catalyse ${kb(d.catalyseEmbedBytes)}, SurveyJS ${kb(d.surveyjsEmbedBytes)} `
    + `(ratio ${d.ratios.bytes.embedVsSurveyJSEmbed ?? '–'}). Whole page, Catalyse / SurveyJS: ${d.ratios.bytes.vsSurveyJS ?? '–'}; `
    + `Catalyse / plain HTML: ${d.ratios.bytes.vsPlainHtml ?? '–'}.`, '');
  if (r.weight?.catalyse) {
    L.push('Catalyse, file by file:', '', '| file | bytes | arrived (ms) |', '|---|---|---|');
    for (const f of [...r.weight.catalyse.files].sort((a, b) => b.bytes - a.bytes)) {
      L.push(`| ${f.url} | ${f.bytes} | ${f.end == null ? '–' : f.end.toFixed(0)} |`);
    }
    L.push('');
  }

  L.push('## Time to first question', '', `Navigation start → first answerable question (an input in the DOM, enabled, rendered, with a box on screen), `
    + `${r.settings.loads} fresh loads of each page (new browser context each time, cache disabled), round-robin in one Chromium run.`, '');
  L.push('| page | median | min | p25 | p75 | max | next frame (median) | `catalyse-ready`: scored (median) |', '|---|---|---|---|---|---|---|---|');
  for (const p of pages) {
    const x = r.firstQuestion?.[p];
    if (!x) continue;
    const s = x.firstQuestion;
    L.push(`| ${label[p] ?? p} | ${ms(s.median)} | ${ms(s.min)} | ${ms(s.p25)} | ${ms(s.p75)} | ${ms(s.max)} | ${ms(x.painted.median)} | ${ms(x.stages?.ready?.median)} |`);
  }
  L.push('', 'The widget renders the form as soon as the questionnaire has arrived and the core is still on its way: a '
    + 'question is answerable first, its answer is kept and scored when the core arrives (`catalyse-ready`: the core '
    + 'has validated the questionnaire and its first result is shown).');
  L.push('', `Catalyse / SurveyJS: **${d.ratios.firstQuestion.vsSurveyJS ?? '–'}**; Catalyse / plain HTML: **${d.ratios.firstQuestion.vsPlainHtml ?? '–'}**.`, '');
  const c = r.firstQuestion?.catalyse;
  if (c?.medianLoad) {
    const m = c.medianLoad;
    const fmt = (x) => (x == null ? '' : x.toFixed(1));
    const exp = (n) => r.wasmExports?.[n] ?? n;
    L.push(`What Catalyse's first question waits for, in its median load (${ms(m.first)}; ms since navigation start):`, '',
      '| step | start | end |', '|---|---|---|');
    L.push(`| HTML document | 0 | ${fmt(m.htmlEnd)} |`);
    const steps = [
      ...m.resources.map((e) => ({ label: e.path, start: e.start, end: e.end })),
      ...(m.wasm ?? []).map((w) => ({ label: `WebAssembly.${w.name}`, start: w.start, end: w.end })),
      ...(m.calls ?? []).map((call) => ({ label: `call into wasm: \`${exp(call.name)}\``, start: call.start, end: call.start + call.dur })),
    ].sort((a, b) => a.start - b.start);
    for (const e of steps) L.push(`| ${e.label} | ${fmt(e.start)} | ${fmt(e.end)} |`);
    L.push(`| DOMContentLoaded | | ${fmt(m.domContentLoaded)} |`);
    if (m.ready != null) L.push(`| \`catalyse-ready\` (form built, first result shown) | | ${fmt(m.ready)} |`);
    L.push(`| first answerable question (style and layout done) | | ${fmt(m.first)} |`, '');
    const st = c.stages;
    const parts = [`wasm instantiated at ${ms(st.wasmInstantiated?.median)}`];
    for (const call of st.calls) parts.push(`\`${exp(call.name)}\` ${ms(call.duration.median)} (${call.count} calls over ${r.settings.loads} loads)`);
    if (st.betweenLoadAndScore?.n) parts.push(`from the end of \`_cat_load\` to the first \`_cat_score\` (the widget's JavaScript: parse, build the form and the feedback panel) ${ms(st.betweenLoadAndScore.median)}`);
    if (st.lastCallToReady?.n) parts.push(`last wasm call → \`catalyse-ready\` ${ms(st.lastCallToReady.median)}`);
    if (st.readyToFirst?.n) {
      parts.push(st.readyToFirst.median >= 0 ? `\`catalyse-ready\` → first question ${ms(st.readyToFirst.median)}`
        : `first question → \`catalyse-ready\` ${ms(-st.readyToFirst.median)} (the question is answerable before the core has scored)`);
    }
    L.push(`Medians over all ${r.settings.loads} loads: ${parts.join('; ')}.`, '');
  }
  const cs = r.coreStartBrowser;
  if (cs) {
    L.push(`The core's start-up alone in the same Chromium (bench/out/peers/core-timing/, ${cs.loads} fresh loads, medians): `
      + `module imported at ${ms(cs.imported.median)}, wasm fetched and instantiated at ${ms(cs.instantiated.median)}, `
      + `**first \`load\` of the default questionnaire ${ms(cs.loadCold.median)}** (a second load ${ms(cs.loadWarm.median)}), `
      + `first scoring ${ms(cs.scoreCold.median, 2)} (then ${ms(cs.scoreWarm.median, 2)}). The first calls pay for compiling the wasm `
      + 'functions they reach (V8 compiles lazily) and run in baseline code.'
      + (cs.formBuild ? ` Outside the core, building the form's DOM for the default questionnaire (createForm, all sections) takes ${ms(cs.formBuild.median)} and the feedback panel ${ms(cs.feedbackBuild.median)}.` : ''), '');
  }

  const fb = r.feedback;
  if (fb) {
    L.push('## Input → feedback', '', `${fb.changes} clicks on answer options of the demo (two sections), each from the click event's timestamp to the `
      + 'widget\'s `catalyse-change` (feedback updated, after the core rescored) and to the next animation frame after it.', '');
    L.push('| | median | p95 | max |', '|---|---|---|---|');
    L.push(`| feedback updated | ${ms(fb.updated.median, 2)} | ${ms(fb.updated.p95, 2)} | ${ms(fb.updated.max, 2)} |`);
    L.push(`| next frame | ${ms(fb.frame.median, 2)} | ${ms(fb.frame.p95, 2)} | ${ms(fb.frame.max, 2)} |`, '');
  }

  L.push('## Core', '');
  const n = r.coreNative;
  const wsm = r.coreWasm;
  if (n?.error) L.push(`Native bench failed: ${n.error}`, '');
  if (wsm?.error) L.push(`Wasm bench failed: ${wsm.error}`, '');
  L.push('One rescoring of the default questionnaire (answers: tests/fixtures/answers-essor.json, `lang` fr), per call:', '');
  L.push('| | median | p95 | min |', '|---|---|---|---|');
  if (n?.rescore) L.push(`| native, api::score | ${us(n.rescore.median_us)} | ${us(n.rescore.p95_us)} | ${us(n.rescore.min_us)} |`);
  if (r.coreStartBrowser?.rescoreUs) {
    const b = r.coreStartBrowser.rescoreUs;
    L.push(`| wasm in Chromium, \`LoadedQuestionnaire.score\` (mean of 25 calls; median of ${r.coreStartBrowser.loads} page loads) | ${us(b.median)} | – | ${us(b.min)} |`);
  }
  if (wsm?.rescore) {
    L.push(`| wasm (Node), \`_cat_score\` only | ${us(wsm.rescore.core.median)} | ${us(wsm.rescore.core.p95)} | ${us(wsm.rescore.core.min)} |`);
    L.push(`| wasm (Node), \`LoadedQuestionnaire.score\` (JSON in and out, as the widget calls it) | ${us(wsm.rescore.full.median)} | ${us(wsm.rescore.full.p95)} | ${us(wsm.rescore.full.min)} |`);
  }
  L.push('');
  if (wsm && !wsm.error) {
    L.push(`Wasm start-up in Node: compile ${ms(wsm.compileMs)}, instantiate ${ms(wsm.instantiateMs)}, loading (validating) the default questionnaire ${ms(wsm.loadMs)}`
      + `${n?.load_us != null ? ` (natively ${ms(n.load_us / 1000, 2)})` : ''}.`, '');
  }
  // Its own section: docs/AGGREGATE.md points to it instead of repeating its figures.
  L.push('## Aggregation', '', ...aggregationLines(r, d));

  L.push('## Details', '');
  L.push('The widget\'s files as the byte-budget test counts them (tests/js/budget.test.mjs: the bundle web/dist/catalyse.js and the assets it locates):', '');
  L.push('| file | raw | gzip -9 | brotli q11 |', '|---|---|---|---|');
  let tg = 0; let tb = 0; let tr = 0;
  for (const x of r.widgetFiles ?? []) {
    if (x.missing) { L.push(`| ${x.file} | missing | | |`); continue; }
    if (x.inBundle || x.otherQuestionnaire) continue;
    tg += x.gzip; tb += x.br; tr += x.raw;
    L.push(`| ${x.file} | ${x.raw} | ${x.gzip} | ${x.br} |`);
  }
  L.push(`| total | ${tr} | ${tg} | ${tb} |`, '');
  for (const x of (r.widgetFiles ?? []).filter((f) => f.otherQuestionnaire && !f.missing)) {
    L.push(`Not fetched for the default questionnaire: ${x.file} (${x.raw} raw, ${x.gzip} gzip -9, ${x.br} brotli), the checking core, `
      + 'fetched for any other questionnaire (the default one is read by the trusting core).', '');
  }
  for (const x of (r.widgetFiles ?? []).filter((f) => f.inBundle)) {
    L.push(`Not fetched: ${x.file} (${x.raw} raw, ${x.gzip} gzip -9, ${x.br} brotli), the default questionnaire, whose text `
      + '(without whitespace) is inside the bundle; it is the `src` default and is fetched only by the unbundled modules.', '');
  }
  L.push('Method: one local server (bench/server.mjs) on 127.0.0.1 serves web/, the SurveyJS packages and the generated peer pages '
    + '(bench/pages.mjs) with precompressed bodies; the Catalyse demo page gets the product\'s Content-Security-Policy. The SurveyJS page '
    + 'embeds the converted survey JSON (bench/to-surveyjs.mjs) in its page script, as SurveyJS\'s documentation shows, and loads its default '
    + 'stylesheet and French UI strings; the plain form (bench/to-html.mjs) has no script and shows every question. The probe that spots '
    + 'the first question runs in the page (a MutationObserver over the document and every shadow root).');
  L.push('');
  return L.join('\n');
}
