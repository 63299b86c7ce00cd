// External benchmarks (the `benchmark` attribute): reference figures from another source, e.g. the
// aggregate exported after an event (docs/AGGREGATE.md "Benchmarks"), added to the questionnaire's
// own `benchmarks` before the core loads it. The core validates them and computes every statement;
// this module only finds them in the document and keeps error paths pointing into that document.

/**
 * The benchmarks a document carries: an aggregate answer ({ok, aggregate}), a catalyse-aggregate/1,
 * any object with a `benchmarks` array, or a bare array. Returns {benchmarks, questionnaireId} or
 * null when the document holds none of these.
 */
export function benchmarksFrom(doc) {
  let d = doc;
  if (d && typeof d === 'object' && !Array.isArray(d) && d.ok === true && d.aggregate && typeof d.aggregate === 'object') d = d.aggregate;
  if (Array.isArray(d)) return { benchmarks: d, questionnaireId: null };
  if (d && typeof d === 'object' && Array.isArray(d.benchmarks)) {
    const id = d.questionnaire && typeof d.questionnaire.id === 'string' ? d.questionnaire.id : null;
    return { benchmarks: d.benchmarks, questionnaireId: id };
  }
  return null;
}

/**
 * A copy of questionnaire `q` whose benchmarks are its own, less those with an id that `extra`
 * redefines, followed by `extra`. `offset` is the index of the first external benchmark.
 */
export function mergeBenchmarks(q, extra) {
  const ids = new Set(extra.map((b) => (b && typeof b === 'object' ? b.id : undefined)).filter((id) => id !== undefined));
  const kept = (Array.isArray(q.benchmarks) ? q.benchmarks : []).filter((b) => !(b && ids.has(b.id)));
  return { doc: { ...q, benchmarks: [...kept, ...extra] }, offset: kept.length };
}

/** Maps a core error path in the merged questionnaire back into the benchmark document's list. */
export function externalPath(path, offset) {
  const m = /^\/benchmarks\/(\d+)(\/.*)?$/.exec(String(path ?? ''));
  if (!m || Number(m[1]) < offset) return String(path ?? '');
  return `/benchmarks/${Number(m[1]) - offset}${m[2] ?? ''}`;
}

/**
 * The radar overlay an aggregate offers: each dimension's median score over the event's
 * respondents (computed by the core's aggregation), kept only where at least `minGroup`
 * respondents (default 5) had a score. Returns {n, values: {dimensionId: median}} or null.
 */
export function dimensionOverlay(doc) {
  let d = doc;
  if (d && typeof d === 'object' && !Array.isArray(d) && d.ok === true && d.aggregate && typeof d.aggregate === 'object') d = d.aggregate;
  if (!d || typeof d !== 'object' || d.format !== 'catalyse-aggregate/1' || !Array.isArray(d.dimensions)) return null;
  const min = Number.isInteger(d.minGroup) && d.minGroup > 0 ? d.minGroup : 5;
  const values = {};
  for (const dim of d.dimensions) {
    if (dim && typeof dim.id === 'string' && typeof dim.median === 'number' && Number.isInteger(dim.n) && dim.n >= min) values[dim.id] = dim.median;
  }
  if (!Object.keys(values).length) return null;
  return { n: Number.isInteger(d.n) ? d.n : null, values };
}
