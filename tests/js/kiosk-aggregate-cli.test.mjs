// The organisers' command-line tool on kiosk exports: `catalyse aggregate` reads each file on its
// own, reports a broken or missing file by name and keeps the others, prints JSON or a readable
// report, and says by its exit status whether anything was left out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, process.env.CATALYSE_BUILD_DIR ?? 'build', 'native', 'cli', 'catalyse');
const QUESTIONNAIRE = path.join(ROOT, 'web', 'questionnaires', 'catalyseurs-2018.json');

const run = (...args) => {
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir;
let info;
before(() => {
  assert.ok(existsSync(CLI), `the native tool is built (${CLI})`);
  dir = mkdtempSync(path.join(tmpdir(), 'catalyse-cli-'));
  const validated = JSON.parse(run('validate', QUESTIONNAIRE).out);
  assert.equal(validated.ok, true);
  info = { id: validated.questionnaire.id, version: validated.questionnaire.version, hash: validated.questionnaire.hash };
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

function studyRecords() {
  const splits = { numerique: [14, 14], competences: [10, 14], hybridation: [8, 12], evaluation: [2, 10] };
  return Array.from({ length: 34 }, (_, i) => {
    const enjeux = {};
    for (const [row, [p, t]] of Object.entries(splits)) enjeux[row] = i < p ? 'prioritaire' : i < p + t ? 'tres-important' : 'important';
    return { format: 'catalyse-response/1', id: `cli-${i}`, questionnaire: info, lang: 'fr', completed: '2026-06', answers: { dynamique: 'emerge', enjeux } };
  });
}

function write(name, value) {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

test('clean exports: exit 0, JSON with the study figures', () => {
  const records = studyRecords();
  const a = write('a.json', { format: 'catalyse-export/1', records: records.slice(0, 17) });
  const b = write('b.json', records.slice(17));
  const r = run('aggregate', QUESTIONNAIRE, a, b);
  assert.equal(r.code, 0, r.err);
  const { aggregate } = JSON.parse(r.out);
  assert.equal(aggregate.n, 34);
  const row = aggregate.questions.find((q) => q.id === 'enjeux').rows.find((x) => x.id === 'competences');
  assert.deepEqual([row.options[0].percent, row.options[1].percent, row.topTwo.percent], [29, 41, 70]);
});

test('a broken file and a missing file are reported by name; the rest is aggregated; exit 1', () => {
  const records = studyRecords();
  const a = write('a.json', records.slice(0, 20));
  const broken = write('broken.json', '[{"id": ');
  const r = run('aggregate', QUESTIONNAIRE, a, broken, path.join(dir, 'absent.json'), '--text');
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot read .*absent\.json \(left out; the other files are aggregated\)/);
  assert.match(r.out, /Réponses agrégées: n = 20/);
  assert.match(r.out, /fichier 1 \(broken\.json\): JSON invalide : erreur à la ligne 1, colonne 9/);
  assert.match(r.out, /absent\.json: impossible à ouvrir/);
  assert.match(r.out, /Transformation numérique {2}\(n = 20\)/);
});

test('the readable report in English: counts beside percentages, n, rounding note, ++', () => {
  const r = run('aggregate', QUESTIONNAIRE, write('all.json', studyRecords()), '--text', '--lang', 'en');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Catalyse — group results/);
  assert.match(r.out, /Responses aggregated: n = 34/);
  assert.match(r.out, /Percentages are rounded to whole numbers/);
  assert.match(r.out, /Top priority +[█·]+ +14\/34 +41 %/);
  assert.match(r.out, /top two answers \(\+\+\): 24\/34 {2}70 %/);
});

test('--benchmarks prints only the counts, in the questionnaire benchmark format', () => {
  const r = run('aggregate', QUESTIONNAIRE, write('b.json', studyRecords()), '--benchmarks', '--benchmark-id', 'rencontres-2026');
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out);
  assert.deepEqual(Object.keys(doc), ['benchmarks']);
  const enjeux = doc.benchmarks.find((b) => b.question === 'enjeux');
  assert.equal(enjeux.id, 'rencontres-2026-enjeux');
  assert.equal(enjeux.n, 34);
  assert.equal(enjeux.year, 2026);
  assert.equal(enjeux.counts.evaluation.prioritaire, 2);
  assert.equal(r.out.includes('cli-0'), false, 'no response id');
});

test('usage errors exit 2 and say why', () => {
  assert.equal(run('aggregate', QUESTIONNAIRE).code, 2);
  const r = run('aggregate', QUESTIONNAIRE, write('x.json', []), '--min-group', 'zero');
  assert.equal(r.code, 2);
  assert.match(r.err, /--min-group expects a whole number \(at least 5, or 3 with --workshop\), got "zero"/);
  const bad = run('aggregate', QUESTIONNAIRE, write('y.json', []), '--breakdown', 'enjeux');
  assert.equal(bad.code, 1);
  assert.equal(JSON.parse(bad.out).errors[0].path, '/breakdowns/0');
});

test('--text prints the crossed views; a workshop lowers the smallest group to 3, and says so', () => {
  // Six partners: four associations, two local authorities; "actions" answered from one end of the scale to the other.
  const levels = ['continu', 'jamais', 'continu', 'jamais', 'regulier', 'ponctuel'];
  const records = levels.map((level, i) => ({
    format: 'catalyse-response/1', id: `x-${i}`, questionnaire: info, lang: 'en', completed: '2026-06',
    answers: {
      'profil-structure': i < 4 ? 'association' : 'collectivite',
      dynamique: 'emerge',
      actions: { dialogue: level, partage: level, experimentation: level, action: level },
      gouvernance: ['non', 'rarement', 'certaines', 'oui'][['jamais', 'ponctuel', 'regulier', 'continu'].indexOf(level)],
      moyens: ['non', 'ponctuel', 'projet', 'durable'][['jamais', 'ponctuel', 'regulier', 'continu'].indexOf(level)],
    },
  }));
  const file = write('partners.json', records);
  const plain = run('aggregate', QUESTIONNAIRE, file, '--text', '--lang', 'en');
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.out, /Crossed views/);
  assert.match(plain.out, /Spread of scores/);
  // Each spread is the JSON's, as figures on its line.
  const { crossed } = JSON.parse(run('aggregate', QUESTIONNAIRE, file, '--lang', 'en').out).aggregate;
  const shown = crossed.spreads.filter((d) => d.median !== null);
  assert.ok(shown.length > 0);
  for (const d of shown) {
    const figures = [d.min, d.q1, d.median, d.q3, d.max].map((x) => x.toFixed(1)).join(' | ');
    assert.ok(plain.out.includes(`n = ${d.n}  ${figures}`), `${d.label}: ${figures}`);
  }
  assert.match(plain.out, /Association or non-profit\s+hidden \(fewer than 5\)/);
  assert.match(plain.out, /Points to discuss/);
  assert.doesNotMatch(plain.out, /Workshop mode/);

  assert.equal(run('aggregate', QUESTIONNAIRE, file, '--min-group', '3').code, 1, 'under 5 only in a workshop');
  const workshop = run('aggregate', QUESTIONNAIRE, file, '--text', '--lang', 'en', '--min-group', '3', '--workshop');
  assert.equal(workshop.code, 0, workshop.err);
  assert.match(workshop.out, /Workshop mode: groups of 3 responses or more are shown/);
  assert.match(workshop.out, /Association or non-profit {2}\(n = 4\)/);
  assert.match(workshop.out, /Local authority\s+hidden \(fewer than 3\)/);
});
