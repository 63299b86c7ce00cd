// Differential run of `catalyse aggregate`: generated exports (duplicates, conflicts, malformed
// records, answer errors, several sources, reordered members, escapes, files cut short) are
// aggregated by two builds of the command-line tool, and their outputs compared byte for byte.
// A file cut short is reported by both; only the wording of the syntax error may differ, so for
// those the comparison leaves out the unreadable problems' message, line and column.
//   node bench/aggregate-differential.mjs REFERENCE_CLI [CANDIDATE_CLI] [--runs 40] [--records 300]
// Prints one JSON object: {runs, identical, identicalButSyntaxWording (of which sameSyntaxErrorPlace:
// the same line and column), different, examples}.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answersFor, random } from './records.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const reference = positional[0];
const candidate = positional[1] ?? path.join(ROOT, 'build/native/cli/catalyse');
const RUNS = flag('runs', 40);
const RECORDS = flag('records', 300);
if (!reference) {
  console.error('usage: node bench/aggregate-differential.mjs REFERENCE_CLI [CANDIDATE_CLI] [--runs 40] [--records 300]');
  process.exit(2);
}

const QUESTIONNAIRE = path.join(ROOT, 'web/questionnaires/catalyseurs-2018.json');
const questionnaire = JSON.parse(readFileSync(QUESTIONNAIRE, 'utf8'));
const validated = JSON.parse(spawnSync(candidate, ['validate', QUESTIONNAIRE], { encoding: 'utf8' }).stdout);
const info = validated.questionnaire;

/** The same object with its members in another order (an export re-written by another tool). */
function shuffled(value, rand) {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, rand));
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort(() => rand() - 0.5);
  return Object.fromEntries(keys.map((k) => [k, shuffled(value[k], rand)]));
}

function spoil(record, rand) {
  const r = structuredClone(record);
  const pick = Math.floor(rand() * 11);
  switch (pick) {
    case 0: delete r.id; break;
    case 1: r.format = 'catalyse-response/9'; break;
    case 2: r.answers = []; break;
    case 3: return Math.floor(rand() * 100);
    case 4: r.questionnaire.id = 'autre'; break;
    case 5: r.questionnaire.hash = 'fnv1a64:0000000000000000'; break;
    case 6: r.id = ''; break;
    case 7: delete r.answers; break;
    case 8: r.questionnaire = 'x'; break;
    case 9: r.format = 42; break;
    default: r.id = 'x'.repeat(129); break;
  }
  return r;
}

function badAnswers(answers, rand) {
  const a = { ...answers };
  const ids = Object.keys(a);
  const victim = ids[Math.floor(rand() * ids.length)];
  switch (Math.floor(rand() * 4)) {
    case 0: a[victim] = 'not-an-option'; break;
    case 1: a['question-inconnue'] = 'x'; break;
    case 2: a[victim] = 12345; break;
    default: a[victim] = null; break;
  }
  return a;
}

function scenario(seed) {
  const rand = random(seed);
  const records = [];
  const n = 1 + Math.floor(rand() * RECORDS);
  for (let i = 0; i < n; i += 1) {
    const answers = answersFor(questionnaire, rand);
    records.push({
      format: 'catalyse-response/1',
      id: `r-${seed}-${i}${rand() < 0.05 ? ' "quoted" \\ é\n' : ''}`,
      questionnaire: { id: info.id, version: info.version, hash: info.hash },
      lang: rand() < 0.85 ? 'fr' : 'en',
      completed: `20${20 + Math.floor(rand() * 8)}-0${1 + Math.floor(rand() * 9)}`,
      answers: rand() < 0.1 ? badAnswers(answers, rand) : answers,
    });
  }
  const files = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let f = 0; f < count; f += 1) {
    const list = [];
    for (const r of records) {
      if (rand() < 1 / count || f === 0) {
        let x = r;
        const roll = rand();
        if (roll < 0.05) x = spoil(r, rand);
        else if (roll < 0.08) x = { ...r, answers: answersFor(questionnaire, rand) }; // a conflict
        else if (roll < 0.12) x = shuffled(r, rand); // the same record, members reordered
        list.push(x);
      }
    }
    let text = rand() < 0.5 ? JSON.stringify(list) : JSON.stringify({ format: 'catalyse-export/1', device: `T${f}`, records: list }, null, rand() < 0.3 ? 1 : 0);
    let cut = false;
    if (rand() < 0.08) {
      text = text.slice(0, Math.floor(text.length * rand()));
      cut = true;
    }
    files.push({ text, cut });
  }
  const options = [];
  if (rand() < 0.3) options.push('--lang', 'en');
  if (rand() < 0.5) options.push('--min-group', String(1 + Math.floor(rand() * 8)));
  return { files, options };
}

/** The output with the wording of syntax errors left out (it may differ between builds). */
function withoutSyntaxWording(text, { keepPosition = false } = {}) {
  try {
    const j = JSON.parse(text);
    for (const p of j.aggregate?.problems ?? []) {
      if (p.kind === 'unreadable') {
        delete p.message;
        if (!keepPosition) {
          delete p.line;
          delete p.column;
        }
      }
    }
    return JSON.stringify(j);
  } catch {
    return text;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'catalyse-differential-'));
const summary = { runs: 0, identical: 0, identicalButSyntaxWording: 0, sameSyntaxErrorPlace: 0, different: 0, records: 0, files: 0, cutFiles: 0, examples: [] };
try {
  for (let run = 0; run < RUNS; run += 1) {
    const { files, options } = scenario(1000 + run);
    const paths = files.map((f, i) => {
      const p = path.join(dir, `run${run}-export${i}.json`);
      writeFileSync(p, f.text);
      return p;
    });
    const argv = ['aggregate', QUESTIONNAIRE, ...paths, ...options];
    const a = spawnSync(reference, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
    const b = spawnSync(candidate, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
    summary.runs += 1;
    summary.files += files.length;
    summary.cutFiles += files.filter((f) => f.cut).length;
    try { summary.records += JSON.parse(b.stdout).aggregate.input.records; } catch { /* counted as different below */ }
    if (a.stdout === b.stdout && a.status === b.status) summary.identical += 1;
    else if (withoutSyntaxWording(a.stdout) === withoutSyntaxWording(b.stdout) && a.status === b.status) {
      summary.identicalButSyntaxWording += 1;
      if (withoutSyntaxWording(a.stdout, { keepPosition: true }) === withoutSyntaxWording(b.stdout, { keepPosition: true })) summary.sameSyntaxErrorPlace += 1;
    }
    else {
      summary.different += 1;
      if (summary.examples.length < 3) {
        let at = 0;
        while (at < a.stdout.length && a.stdout[at] === b.stdout[at]) at += 1;
        summary.examples.push({ run, options, reference: a.stdout.slice(Math.max(0, at - 200), at + 200), candidate: b.stdout.slice(Math.max(0, at - 200), at + 200) });
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(summary, null, 1));
process.exit(summary.different ? 1 : 0);
