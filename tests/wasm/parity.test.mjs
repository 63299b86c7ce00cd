// The wasm core (web/generated/, loaded through web/src/core.js) answers byte for byte what the
// native CLI answers, on every fixture and on generated questionnaires and answers (the widget's
// core words its errors in English only: in French, its messages are worded from the catalog as the
// widget does, web/src/core-messages.js, and must then be the native core's); and no input,
// however wrong or large, aborts the instance: errors come back as {"ok":false} values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../../web/src/core.js';
import { builtInCoreMessages, localiseIssues } from '../../web/src/core-messages.js';
import { breakingMutations, hostileInputs, prng } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = path.resolve(root, process.env.CATALYSE_BUILD_DIR ?? 'build');
const cli = path.join(buildDir, 'native/cli/catalyse');
const core = await loadCore({ wasmBinary: readFileSync(path.join(root, 'web/generated/catalyse-core.wasm')) });
builtInCoreMessages(JSON.parse(readFileSync(path.join(root, 'web/generated/core-messages.json'), 'utf8')));

/** The wasm's answer with each error's English message replaced by the catalog's wording in `lang`. */
function worded(text, lang) {
  if (lang === 'en') return text;
  const doc = JSON.parse(text);
  const issues = (doc.ok ? doc.result?.answerErrors : doc.errors) ?? [];
  let out = text;
  let from = 0;
  for (const issue of issues) {
    const needle = `"message":${JSON.stringify(issue.message)}`;
    const at = out.indexOf(needle, from);
    assert.ok(at >= 0, `message of ${issue.code} at ${issue.path} found in the answer`);
    const replacement = `"message":${JSON.stringify(localiseIssues([issue], lang)[0].message)}`;
    out = out.slice(0, at) + replacement + out.slice(at + needle.length);
    from = at + replacement.length;
  }
  return out;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'catalyse-parity-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;
function tempFile(text) {
  const file = path.join(tmp, `${fileCount++}.json`);
  writeFileSync(file, text);
  return file;
}

/** The CLI's answer (stdout without the final newline). */
function native(args) {
  const r = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `catalyse ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

/** The wasm load answer with the binding's handle taken out, as the CLI's validate prints it. */
function wasmValidate(text) {
  const answer = core.callText('cat_load', text);
  const m = answer.match(/^\{"ok":true,"handle":(\d+),/);
  if (!m) return answer;
  core.functions.cat_unload(Number(m[1]));
  return `{"ok":true,${answer.slice(m[0].length)}`;
}

/** Scores in both and checks the bytes are the same; returns the answer. */
function checkScore(questionnaireText, questionnaireFile, answersText, lang) {
  const loaded = core.load(questionnaireText);
  assert.ok(loaded.ok, JSON.stringify(loaded.errors));
  try {
    const wasm = worded(loaded.questionnaire.scoreText(answersText, lang), lang);
    const nat = native(['score', questionnaireFile, tempFile(answersText), '--lang', lang]);
    assert.equal(wasm, nat, `lang ${lang}, answers ${answersText.slice(0, 200)}`);
    return wasm;
  } finally {
    loaded.questionnaire.dispose();
  }
}

test('the native CLI exists (build it first)', () => {
  assert.ok(existsSync(cli), `missing ${cli}: run scripts/build.sh`);
});

test('every fixture: validation and scoring are byte-identical natively and in wasm', () => {
  const dir = path.join(root, 'tests/fixtures');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
  files.push(...readdirSync(path.join(root, 'web/questionnaires')).filter((f) => f.endsWith('.json'))
    .map((f) => path.join(root, 'web/questionnaires', f)));
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const questionnaires = files.filter((f) => texts.get(f).includes('"catalyse-questionnaire/1"'));
  const answerSets = files.filter((f) => !texts.get(f).includes('"format"')).map((f) => texts.get(f));
  answerSets.push('{}');
  assert.ok(questionnaires.length >= 3);
  let scored = 0;
  for (const q of questionnaires) {
    const text = texts.get(q);
    const wasm = wasmValidate(text);
    assert.equal(wasm, native(['validate', q]), path.basename(q));
    if (!wasm.startsWith('{"ok":true')) continue;
    for (const answers of answerSets) {
      for (const lang of JSON.parse(wasm).questionnaire.languages) {
        checkScore(text, q, answers, lang);
        scored += 1;
      }
    }
  }
  assert.ok(scored >= 10, `only ${scored} fixture cases`);
});

// ---- generated cases ---------------------------------------------------------------------------

const tx = (s) => ({ fr: `${s} é`, en: s });

function generateQuestionnaire(r) {
  const dims = 1 + r.below(3);
  const doc = {
    format: 'catalyse-questionnaire/1', id: 'gen', version: '1', languages: ['fr', 'en'], title: tx('G'),
    sections: [], dimensions: [], levels: [],
  };
  for (let d = 0; d < dims; d++) {
    const dim = { id: `d${d}`, label: tx(`D${d}`) };
    if (r.chance(50)) dim.weight = 1 + r.below(3) + r.below(10) / 10;
    if (r.chance(50)) dim.minAnswered = r.below(11) / 10;
    doc.dimensions.push(dim);
  }
  const levels = 1 + r.below(4);
  for (let l = 0; l < levels; l++) {
    doc.levels.push({ id: `l${l}`, min: l === 0 ? 0 : l * Math.floor(90 / levels) + r.below(5) + r.below(10) / 10,
      label: tx(`L${l}`), interpretation: tx('I') });
  }
  const recommendations = [];
  for (const d of doc.dimensions) for (const l of doc.levels) if (r.chance(70)) recommendations.push({ dimension: d.id, level: l.id, text: tx(`${d.id}/${l.id}`) });
  doc.feedback = { recommendations, insights: [] };
  let nextDim = 0;
  const choices = [];
  const numbers = [];
  let qn = 0;
  const sections = 1 + r.below(3);
  for (let s = 0; s < sections; s++) {
    const sec = { id: `s${s}`, title: tx('S'), questions: [] };
    const count = 1 + r.below(5);
    for (let k = 0; k < count; k++) {
      const type = ['single', 'scale', 'multiple', 'matrix', 'number', 'text'][r.below(6)];
      const id = `q${qn++}`;
      const q = { id, type, text: tx(id) };
      if (type !== 'text' && (r.chance(80) || nextDim < dims)) {
        q.scoring = { dimension: `d${nextDim++ % dims}` };
        if (r.chance(40)) q.scoring.weight = 0.5 + r.below(4) / 3;
        if (r.chance(30)) q.scoring.reverse = true;
      }
      const options = [];
      if (type !== 'number' && type !== 'text') {
        const n = 2 + r.below(4);
        q.options = [];
        let v = r.below(3) - 1;
        for (let o = 0; o < n; o++) {
          v += 1 + r.below(3) / 2;
          q.options.push({ id: `o${o}`, label: tx(`O${o}`), value: v });
          options.push(`o${o}`);
        }
        if (r.chance(50)) q.options.push({ id: 'nsp', label: tx('?'), dontKnow: true });
      }
      if (type === 'multiple' && r.chance(40)) q.maxSelected = 1 + r.below(options.length);
      if (type === 'matrix') {
        q.rows = [];
        for (let w = 0, rows = 1 + r.below(4); w < rows; w++) {
          const row = { id: `r${w}`, label: tx(`R${w}`) };
          if (q.scoring && r.chance(30)) row.scoring = { reverse: r.chance(50), weight: 1 + r.below(3) };
          q.rows.push(row);
        }
      }
      if (type === 'number') {
        q.min = -r.below(10);
        q.max = 1 + r.below(100);
        q.integer = r.chance(50);
        numbers.push(id);
      }
      if (type === 'text') q.maxLength = 5 + r.below(50);
      if (choices.length && r.chance(35)) {
        const [cid, opts] = choices[r.below(choices.length)];
        q.visibleIf = r.chance(50) ? `q.${cid} == '${opts[r.below(opts.length)]}'` : `answered(q.${cid})`;
      }
      if (r.chance(20)) q.required = true;
      if (type === 'single' || type === 'scale') choices.push([id, options]);
      sec.questions.push(q);
    }
    doc.sections.push(sec);
  }
  // keep only scored dimensions (an unscored one is refused)
  doc.dimensions = doc.dimensions.slice(0, Math.min(dims, nextDim));
  if (!doc.dimensions.length) {
    doc.sections[0].questions.push({ id: 'qx', type: 'number', text: tx('x'), min: 0, max: 1, scoring: { dimension: 'd0' } });
    doc.dimensions = [{ id: 'd0', label: tx('D0') }];
  }
  const dimIds = new Set(doc.dimensions.map((d) => d.id));
  doc.feedback.recommendations = recommendations.filter((x) => dimIds.has(x.dimension));
  if (choices.length) {
    const [cid, opts] = choices[0];
    doc.feedback.insights.push({ id: 'i0', when: `q.${cid} == '${opts[0]}' or dim.d0 < 40`, title: tx('T'), text: tx('X') });
    doc.declaredStage = {
      question: cid,
      map: Object.fromEntries(opts.map((o, i) => [o, doc.levels[i % doc.levels.length].id])),
      agree: tx('{declared} = {computed}'), disagree: tx('{declared} ≠ {computed}'),
    };
    doc.benchmarks = [{ id: 'b0', question: cid, source: tx('src'), year: 2018, n: 34,
      counts: Object.fromEntries(opts.slice(0, 2).map((o, i) => [o, 3 + i])) }];
  }
  if (numbers.length) doc.feedback.insights.push({ id: 'i1', when: `q.${numbers[0]} * 2 > 10 and index >= 0`, title: tx('N'), text: tx('Y') });
  return doc;
}

function generateAnswers(r, doc) {
  const answers = {};
  for (const sec of doc.sections) {
    for (const q of sec.questions) {
      if (r.chance(20)) continue;
      if (r.chance(6)) { answers[q.id] = [true, 'zz', 3.5, null, { a: 1 }][r.below(5)]; continue; }
      const opts = (q.options ?? []).map((o) => o.id);
      switch (q.type) {
        case 'single': case 'scale': answers[q.id] = opts[r.below(opts.length)]; break;
        case 'multiple': answers[q.id] = r.chance(10) ? ['nsp'] : opts.filter((o) => o !== 'nsp' && r.chance(40)); break;
        case 'matrix': answers[q.id] = Object.fromEntries(q.rows.filter(() => r.chance(80)).map((w) => [w.id, opts[r.below(opts.length)]])); break;
        case 'number': answers[q.id] = q.min + r.below(q.max - q.min + 1) + (r.chance(20) ? 0.5 : 0); break;
        case 'text': answers[q.id] = 'é'.repeat(r.below(60)); break;
        default: break;
      }
    }
  }
  if (r.chance(10)) answers['inconnue/x'] = 1;
  return answers;
}

test('250 generated questionnaire/answers cases are byte-identical natively and in wasm', () => {
  const r = prng(20181127);
  let cases = 0;
  while (cases < 250) {
    const doc = generateQuestionnaire(r);
    const text = JSON.stringify(doc, null, r.chance(50) ? 2 : 0);
    const file = tempFile(text);
    const loaded = wasmValidate(text);
    assert.equal(loaded, native(['validate', file]));
    assert.ok(loaded.startsWith('{"ok":true'), loaded);
    for (let a = 0; a < 2; a++) {
      const answers = JSON.stringify(generateAnswers(r, doc));
      checkScore(text, file, answers, r.chance(50) ? 'fr' : 'en');
      cases += 1;
    }
  }
});

test('broken questionnaires give the same errors natively and in wasm', () => {
  const r = prng(7);
  const base = readFileSync(path.join(root, 'tests/fixtures/all-types.json'), 'utf8');
  const mutations = breakingMutations;
  for (let i = 0; i < 30; i++) {
    const doc = JSON.parse(base);
    for (let m = 0; m < 2; m++) {
      try { mutations[r.below(mutations.length)](doc); } catch { /* a member the first mutation removed */ }
    }
    const text = JSON.stringify(doc);
    const wasm = wasmValidate(text);
    assert.ok(wasm.startsWith('{"ok":false,"errors":[{'), wasm);
    assert.equal(wasm, native(['validate', tempFile(text)]));
  }
});

test('wrong, hostile or huge inputs come back as {"ok":false} values and the instance keeps working', () => {
  const questionnaire = readFileSync(path.join(root, 'tests/fixtures/minimal.json'), 'utf8');
  const loaded = core.load(questionnaire);
  assert.ok(loaded.ok);
  const q = loaded.questionnaire;
  const reference = q.scoreText('{"q1":"oui"}', 'fr');
  const bad = [
    ...hostileInputs(core, q),
    ['lone surrogate (invalid UTF-8 inside)', () => JSON.parse(q.scoreText('{"q1":"\ud800"}', 'fr'))],
  ];
  for (const [name, call] of bad) {
    const answer = call();
    assert.equal(answer.ok, false, name);
    assert.ok(Array.isArray(answer.errors) && answer.errors.length >= 1, name);
    assert.equal(typeof answer.errors[0].message, 'string', name);
    assert.equal(q.scoreText('{"q1":"oui"}', 'fr'), reference, `instance still works after: ${name}`);
  }
  // wrong answers are not failures: they are listed
  const partial = q.score({ q1: 3, q2: 'b', zz: [] }, 'en');
  assert.equal(partial.ok, true);
  assert.deepEqual(partial.result.answerErrors.map((e) => e.path), ['/q1', '/zz']);
  q.dispose();
  assert.throws(() => q.score({}, 'fr'), /disposed/);
});
