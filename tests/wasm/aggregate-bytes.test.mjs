// Exports handed to the aggregating core as bytes (the results page's way: a file's bytes written
// once into wasm memory, no text decoded in the page) are read as the command-line tool reads the
// same files: the aggregate is byte for byte the native one, also for bytes that are not UTF-8,
// a byte order mark or a NUL inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAggregateCore, openAggregate } from '../../web/results/aggregate-core.js';
import { writeRecords } from '../../bench/records.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = path.resolve(root, process.env.CATALYSE_BUILD_DIR ?? 'build');
const cli = path.join(buildDir, 'native/cli/catalyse');
const questionnairePath = path.join(root, 'web/questionnaires/catalyseurs-2018.json');
const questionnaireText = readFileSync(questionnairePath, 'utf8');
const core = await loadAggregateCore({ wasmBinary: readFileSync(path.join(root, 'web/generated/catalyse-aggregate.wasm')) });
const questionnaire = core.load(questionnaireText).questionnaire;
const info = questionnaire.info;

/** The native tool's aggregate of `files` (its standard output, without the final newline). */
function native(files) {
  const r = spawnSync(cli, ['aggregate', questionnairePath, ...files, '--lang', 'fr'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return r.stdout.replace(/\n$/, '');
}

/** The wasm's aggregate of `files`, each handed over as `form` gives it (bytes or text). */
function wasm(files, form) {
  const session = openAggregate(core, questionnaire, { lang: 'fr' }).aggregate;
  try {
    for (const file of files) {
      const added = session.addExport(path.basename(file), form(file));
      assert.equal(added.ok, true, JSON.stringify(added));
    }
    return JSON.stringify(session.snapshot());
  } finally {
    session.close();
  }
}

const tmp = mkdtempSync(path.join(tmpdir(), 'catalyse-bytes-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('generated exports as bytes (Uint8Array, ArrayBuffer) aggregate as natively, and as their text does', async () => {
  const files = [];
  for (const seed of [1, 2]) {
    const file = path.join(tmp, `part-${seed}.json`);
    await writeRecords(file, JSON.parse(questionnaireText), info, 150, seed);
    files.push(file);
  }
  const expected = JSON.stringify(JSON.parse(native(files)));
  assert.equal(JSON.parse(expected).aggregate.n, 300);
  assert.equal(wasm(files, (f) => readFileSync(f)), expected);
  assert.equal(wasm(files, (f) => { const b = readFileSync(f); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }), expected);
  assert.equal(wasm(files, (f) => readFileSync(f, 'utf8')), expected);
});

test('bytes that are not UTF-8, a byte order mark and a NUL are read as the native tool reads them', () => {
  // A record whose "completed" value holds `bytes` as they are.
  const record = (id, bytes = Buffer.from('2026-06')) => Buffer.concat([
    Buffer.from(`{"format":"catalyse-response/1","id":"${id}","questionnaire":${JSON.stringify(info)},"lang":"fr","completed":"`),
    bytes,
    Buffer.from('","answers":{"dynamique":"emerge"}}'),
  ]);
  const list = (...parts) => Buffer.concat([Buffer.from('['), ...parts.flatMap((p, i) => (i ? [Buffer.from(','), p] : [p])), Buffer.from(']')]);
  const cases = {
    'latin1.json': list(record('a'), record('b', Buffer.from([0x32, 0x30, 0x32, 0x36, 0xe9])), record('c')),
    'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), list(record('d'))]),
    'nul.json': list(record('e'), record('f', Buffer.from([0x32, 0x00]))),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const file = path.join(tmp, name);
    writeFileSync(file, bytes);
    const expected = JSON.stringify(JSON.parse(native([file])));
    assert.equal(wasm([file], (f) => readFileSync(f)), expected, name);
  }
  // Decoded as text, the byte that is not UTF-8 would have become U+FFFD and the record kept.
  const latin1 = path.join(tmp, 'latin1.json');
  assert.notEqual(wasm([latin1], (f) => readFileSync(f, 'utf8')), JSON.stringify(JSON.parse(native([latin1]))));
});
