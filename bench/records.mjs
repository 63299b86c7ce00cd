// Generated response records (docs/FORMAT.md §6) for the aggregation benchmark: a seeded
// pseudo-random respondent per record, answering most questions (some skipped, some "don't know",
// a few free-text comments), so every run aggregates the same data.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: a small seeded generator (deterministic records from one run to the next). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rand) {
  const hex = [];
  for (let i = 0; i < 32; i += 1) hex.push(Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(rand() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Answers of one respondent to every question of `questionnaire` (conditions are left to the core). */
export function answersFor(questionnaire, rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const answers = {};
  for (const s of questionnaire.sections ?? []) {
    for (const q of s.questions ?? []) {
      if (!q.required && rand() < 0.1) continue; // skipped
      switch (q.type) {
        case 'single':
        case 'scale':
          answers[q.id] = pick(q.options).id;
          break;
        case 'multiple': {
          const chosen = q.options.filter((o) => !o.dontKnow && rand() < 0.4).map((o) => o.id);
          const max = q.maxSelected ?? chosen.length;
          answers[q.id] = chosen.slice(0, max);
          if ((q.minSelected ?? 0) > answers[q.id].length) answers[q.id] = q.options.filter((o) => !o.dontKnow).slice(0, q.minSelected).map((o) => o.id);
          break;
        }
        case 'matrix': {
          const rows = {};
          for (const r of q.rows) if (rand() < 0.95) rows[r.id] = pick(q.options).id;
          answers[q.id] = rows;
          break;
        }
        case 'number': {
          const x = q.min + rand() * (q.max - q.min);
          answers[q.id] = q.integer ? Math.round(x) : Math.round(x * 10) / 10;
          break;
        }
        case 'text':
          if (rand() < 0.2) answers[q.id] = `Commentaire ${Math.floor(rand() * 1000)} : une dynamique à consolider.`;
          break;
        default:
          break;
      }
    }
  }
  return answers;
}

/**
 * Writes `count` records as one JSON array to `file` (streamed: 100,000 records are ~150 MB).
 * `info` is the loaded questionnaire's {id, version, hash}. Resolves with the file's size in bytes.
 */
export async function writeRecords(file, questionnaire, info, count, seed = 2018) {
  const rand = random(seed);
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (s) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('[');
  for (let i = 0; i < count; i += 1) {
    const record = {
      format: 'catalyse-response/1',
      id: uuid(rand),
      questionnaire: { id: info.id, version: info.version, hash: info.hash },
      lang: rand() < 0.85 ? 'fr' : 'en',
      completed: `2026-${String(1 + Math.floor(rand() * 11)).padStart(2, '0')}`,
      answers: answersFor(questionnaire, rand),
    };
    await write(`${i ? ',\n' : '\n'}${JSON.stringify(record)}`);
  }
  await write('\n]\n');
  out.end();
  await once(out, 'finish');
  return bytes;
}
