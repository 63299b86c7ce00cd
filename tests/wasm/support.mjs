// What the wasm suites share.

// Inputs that must come back from a wasm core as {"ok":false} values, leaving the instance working:
// [name, call] pairs for a core (`load`, `call`) and one questionnaire it loaded (`score`, `scoreText`).
export function hostileInputs(core, q) {
  return [
    ['not JSON', () => core.load('{"format": ')],
    ['wrong type', () => core.load('[1, 2, 3]')],
    ['empty', () => core.load('')],
    ['deep nesting', () => core.load('['.repeat(1_000_000))],
    ['huge questionnaire', () => core.load(`{"id": "${'x'.repeat(12 << 20)}"}`)],
    ['answers not an object', () => q.score([1, 2], 'fr')],
    ['answers not JSON', () => JSON.parse(q.scoreText('{"q1":', 'fr'))],
    ['deep answers', () => JSON.parse(q.scoreText(`{"q1":${'['.repeat(500_000)}`, 'fr'))],
    ['huge answers', () => JSON.parse(q.scoreText(`{"q1":"${'é'.repeat(2 << 20)}"}`, 'fr'))],
    ['unknown language', () => q.score({}, 'de')],
    ['unknown handle', () => core.call('cat_score', 9999, '{}', 'fr')],
  ];
}

/** mulberry32: a small seeded PRNG; `real` is the next number in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { below: (n) => Math.floor(next() * n), chance: (p) => next() * 100 < p, real: next };
}

/** Answers to `doc`'s questions, valid or not, drawn with `r` (prng()). */
export function randomAnswers(r, doc) {
  const answers = {};
  for (const q of doc.sections.flatMap((s) => s.questions)) {
    if (r.chance(25)) continue;
    if (r.chance(5)) { answers[q.id] = [true, 'zz', 3.5, null, { a: 1 }, -1e9][r.below(6)]; continue; }
    const opts = (q.options ?? []).map((o) => o.id);
    if (q.type === 'single' || q.type === 'scale') answers[q.id] = opts[r.below(opts.length)];
    else if (q.type === 'multiple') answers[q.id] = opts.filter(() => r.chance(40));
    else if (q.type === 'matrix') answers[q.id] = Object.fromEntries((q.rows ?? []).filter(() => r.chance(80)).map((w) => [w.id, opts[r.below(opts.length)]]));
    else if (q.type === 'number') answers[q.id] = (q.min ?? 0) + r.below(Math.max(1, (q.max ?? 10) - (q.min ?? 0) + 1));
    else if (q.type === 'text') answers[q.id] = 'é'.repeat(r.below(40));
  }
  return answers;
}

/** Changes that make tests/fixtures/all-types.json a questionnaire the checking core refuses. */
export const breakingMutations = [
  (d) => { delete d.levels; },
  (d) => { d.sections[0].questions[0].type = 'likert'; },
  (d) => { d.sections[1].questions[2].rows = []; d.title = 3; },
  (d) => { d.benchmarks[0].counts.ancre = 99; },
  (d) => { d.sections[0].questions[0].visibleIf = 'q.evaluation == \'oui\''; },
  (d) => { d.dimensions[0].weight = -1; d.levels[1].min = 0; d.extra = true; },
  (d) => { d.sections[1].questions[3].visibleIf = 'q.structure =='; },
];
