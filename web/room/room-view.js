// The room's picture, drawn from a catalyse-aggregate/1 document (docs/AGGREGATE.md): the one module
// behind the projector view (web/event/screen.js, live) and the results page (web/results/, files
// dropped on it). It draws what the core counted and never computes a score: counts beside
// percentages as the core rounded them, the 2018 study's figures (the questionnaire's own
// benchmark) beside each challenge, the computed levels, each dimension's distribution, and the
// declared stage against the computed level. One privacy rule for every figure: nothing that rests
// on fewer answers than the aggregate's minGroup is drawn; free text is never in an aggregate.
//
//   import { roomSections } from '../room/room-view.js';
//   const parts = roomSections(aggregate, { doc, lang });   // {headline, challenges, levels, dimensions, declared}
import { h } from '../src/dom.js';
import { pick, translator, uiLanguage } from '../src/i18n.js';

export const ROOM_STRINGS = {
  fr: {
    responses: 'réponses',
    response: 'réponse',
    tooFew: 'Moins de {min} réponses : non affiché, pour que personne ne puisse être reconnu.',
    challenges: 'Enjeux jugés prioritaires ou très importants (Enjeux ++)',
    challenge: 'Enjeu',
    plus: 'Enjeux ++',
    reference: '{year} (n\u00a0=\u00a0{n})',
    source: '{year} : {source}',
    noReference: '—',
    levels: 'Niveaux calculés',
    levelsNote: 'indicatifs : aucun seuil n’a été validé',
    noLevel: 'Sans indice (pas assez de réponses)',
    dimensions: 'Scores par dimension (0 à 100)',
    index: 'Indice global',
    dimensionFacts: 'n\u00a0=\u00a0{n} · médiane {median}',
    declared: 'Stade déclaré et niveau calculé',
    level: 'Niveau',
    computed: 'Calculé',
    declaredCol: 'Déclaré',
    agreement: '{agree} sur {total} déclarent le stade de leur niveau calculé',
    n: 'n\u00a0=\u00a0{n}',
    percent: '{p}\u00a0%',
    cell: '{p}\u00a0% ({count})',
    bins: '{from}–{to}',
    binsLabel: 'Répartition de {n} scores par tranche de 10 points',
  },
  en: {
    responses: 'responses',
    response: 'response',
    tooFew: 'Fewer than {min} answers: not shown, so that no one can be recognised.',
    challenges: 'Challenges rated priority or very important (Challenges ++)',
    challenge: 'Challenge',
    plus: 'Challenges ++',
    reference: '{year} (n\u00a0=\u00a0{n})',
    source: '{year}: {source}',
    noReference: '—',
    levels: 'Computed levels',
    levelsNote: 'indicative: no threshold has been validated',
    noLevel: 'No index (not enough answers)',
    dimensions: 'Scores by dimension (0 to 100)',
    index: 'Overall index',
    dimensionFacts: 'n\u00a0=\u00a0{n} · median {median}',
    declared: 'Declared stage and computed level',
    level: 'Level',
    computed: 'Computed',
    declaredCol: 'Declared',
    agreement: '{agree} of {total} declare the stage of their computed level',
    n: 'n\u00a0=\u00a0{n}',
    percent: '{p}\u00a0%',
    cell: '{p}\u00a0% ({count})',
    bins: '{from}–{to}',
    binsLabel: '{n} scores by bands of 10 points',
  },
};

/** Whether a figure resting on `base` answers may be drawn: none (nothing to hide), or at least minGroup. */
export function shown(base, aggregate) {
  return !base || base >= (aggregate?.minGroup ?? 5);
}

/** The room view's words in `lang` ('fr' or 'en'), for the pages that show it. */
export function roomWords(lang) {
  return translator(ROOM_STRINGS, () => uiLanguage(lang));
}

/** "Fewer than 5 answers: not shown…", in place of a figure. */
export function tooFew(aggregate, t) {
  return h('p', { class: 'n too-few', text: t('tooFew', { min: aggregate?.minGroup ?? 5 }) });
}

/** A bar's filled part, `percent` wide (CSSOM, not a style attribute: the pages' CSP allows no inline style). */
export function fill(percent, extra = '') {
  const node = h('span', { class: `fill ${extra}`.trim() });
  node.style.width = `${Math.max(0, Math.min(100, percent ?? 0))}%`;
  return node;
}

/** One horizontal bar: label, track, "41 % (14/34)". */
export function barRow(t, label, count, percent, base, { muted = false } = {}) {
  return h('div', { class: 'bar-row' }, [
    h('span', { class: 'bar-label', text: label }),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill(percent, muted ? 'muted' : '')]),
    h('span', { class: 'bar-value' }, [
      h('strong', { text: percent === null || percent === undefined ? '—' : t('percent', { p: percent }) }),
      ` (${count}/${base})`,
    ]),
  ]);
}

/**
 * The reference figure of a matrix row in the questionnaire's benchmark for that question (the
 * 2018 study's for the default questionnaire): {year, n, count, percent} for the row's two top
 * options, the percent written as the aggregate writes topTwo (the sum of each option's rounded
 * share, half up), or null when the benchmark has no figure for the row.
 */
export function referenceOf(doc, questionId, rowId, optionIds) {
  const benchmark = (doc?.benchmarks ?? []).find((b) => b.question === questionId && !b.row && b.counts?.[rowId]);
  if (!benchmark || !(benchmark.n > 0)) return null;
  const counts = optionIds.map((o) => Number(benchmark.counts[rowId][o] ?? 0));
  const rounded = (c) => Math.floor((c * 200 + benchmark.n) / (2 * benchmark.n));
  return { year: benchmark.year, n: benchmark.n, count: counts.reduce((a, b) => a + b, 0), percent: counts.reduce((a, c) => a + rounded(c), 0) };
}

/** The question drawn as the study's challenges table: the matrix `enjeux`, else the first matrix with topTwo rows. */
function challengeQuestion(a) {
  const matrices = a.questions.filter((q) => q.type === 'matrix' && q.rows.some((r) => r.topTwo) && q.rows.some((r) => r.base));
  return matrices.find((q) => q.id === 'enjeux') ?? matrices[0] ?? null;
}

/**
 * The study's table: one line per challenge, sorted by "++", with the two top answers' counts
 * beside their percentages, the "++" bar and the reference year's "++" beside it.
 */
function challengesTable(a, t, doc, lang) {
  const q = challengeQuestion(a);
  if (!q) return null;
  const caption = h('h2', { text: t('challenges') });
  if (!shown(q.base, a)) return h('section', { class: 'room-block challenges', 'data-block': 'challenges' }, [caption, tooFew(a, t)]);
  const rows = q.rows.filter((r) => r.topTwo && r.base > 0 && shown(r.base, a))
    .slice().sort((x, y) => (y.topTwo.percent ?? -1) - (x.topTwo.percent ?? -1));
  const [firstId, secondId] = rows[0]?.topTwo.options ?? q.rows.find((r) => r.topTwo)?.topTwo.options ?? [];
  const optionLabel = (id) => q.rows.flatMap((r) => r.options).find((o) => o.id === id)?.label ?? id;
  const references = rows.map((r) => referenceOf(doc, q.id, r.id, r.topTwo.options));
  const year = references.find(Boolean);
  const table = h('table', { class: 'challenges-table' }, [
    h('caption', { class: 'sr-only', text: `${t('challenges')} · ${t('n', { n: q.base })}` }),
    h('thead', {}, h('tr', {}, [
      h('th', { scope: 'col', text: t('challenge') }),
      h('th', { scope: 'col', class: 'num', text: optionLabel(firstId) }),
      h('th', { scope: 'col', class: 'num', text: optionLabel(secondId) }),
      h('th', { scope: 'col', class: 'plus', text: t('plus') }),
      year ? h('th', { scope: 'col', class: 'num reference', text: t('reference', { year: year.year, n: year.n }) }) : null,
    ])),
    h('tbody', {}, rows.map((r, i) => {
      const option = (id) => r.options.find((o) => o.id === id) ?? { count: 0, percent: 0 };
      const first = option(firstId);
      const second = option(secondId);
      const ref = references[i];
      return h('tr', { 'data-row': r.id }, [
        h('th', { scope: 'row' }, [r.label, h('span', { class: 'row-n', text: ` ${t('n', { n: r.base })}` })]),
        h('td', { class: 'num', text: t('cell', { p: first.percent, count: first.count }) }),
        h('td', { class: 'num', text: t('cell', { p: second.percent, count: second.count }) }),
        h('td', { class: 'plus' }, h('span', { class: 'plus-cell' }, [
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill(first.percent, 'first'), fill(second.percent, 'second')]),
          h('strong', { class: 'plus-value', text: t('cell', { p: r.topTwo.percent, count: r.topTwo.count }) }),
        ])),
        year ? h('td', { class: 'num reference', text: ref ? t('cell', { p: ref.percent, count: ref.count }) : t('noReference') }) : null,
      ]);
    })),
  ]);
  const source = year ? (doc.benchmarks.find((b) => b.question === q.id)?.source) : null;
  return h('section', { class: 'room-block challenges', 'data-block': 'challenges' }, [
    caption,
    h('p', { class: 'n', text: `${q.text} · ${t('n', { n: q.base })}` }),
    // Scrolls sideways on a narrow screen rather than overflowing the page (focusable: keyboard users scroll it too).
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('challenges') }, table),
    source ? h('p', { class: 'source', text: t('source', { year: year.year, source: pick(source, lang) }) }) : null,
  ]);
}

function levelsBlock(a, t) {
  const title = h('h2', {}, [t('levels'), h('span', { class: 'note', text: ` (${t('levelsNote')})` })]);
  if (!a.levels.base) return h('section', { class: 'room-block levels', 'data-block': 'levels' }, [title, h('p', { class: 'n', text: t('n', { n: 0 }) })]);
  if (!shown(a.levels.base, a)) return h('section', { class: 'room-block levels', 'data-block': 'levels' }, [title, tooFew(a, t)]);
  return h('section', { class: 'room-block levels', 'data-block': 'levels' }, [
    title,
    h('p', { class: 'n', text: t('n', { n: a.levels.base }) }),
    h('div', { class: 'bars' }, [
      ...a.levels.levels.map((l) => barRow(t, l.label, l.count, l.percent, a.levels.base)),
      a.levels.none ? barRow(t, t('noLevel'), a.levels.none, a.levels.nonePercent, a.levels.base, { muted: true }) : null,
    ]),
  ]);
}

/** One distribution as ten columns (0–10 … 90–100), each with its count. */
function histogram(t, d) {
  const top = Math.max(1, ...d.bins.map((b) => b.count));
  return h('div', { class: 'histogram', role: 'img', 'aria-label': `${t('binsLabel', { n: d.n })} : ${d.bins.map((b) => `${t('bins', { from: b.from, to: b.to })} ${b.count}`).join(', ')}` },
    d.bins.map((b) => {
      const column = h('span', { class: 'column' });
      column.style.height = `${Math.round((b.count / top) * 100)}%`;
      return h('span', { class: 'bin', title: `${t('bins', { from: b.from, to: b.to })} : ${b.count}` }, [
        h('span', { class: 'count', text: b.count ? String(b.count) : '' }), h('span', { class: 'slot' }, [column]),
      ]);
    }));
}

function dimensionsBlock(a, t) {
  return h('section', { class: 'room-block dimensions', 'data-block': 'dimensions' }, [
    h('h2', { text: t('dimensions') }),
    h('div', { class: 'dimension-grid' }, [{ ...a.index, id: 'index', label: t('index') }, ...a.dimensions].map((d) => h('div', { class: 'dimension', 'data-dimension': d.id }, [
      h('h3', { text: d.label }),
      !d.n ? h('p', { class: 'n', text: t('n', { n: 0 }) })
        : shown(d.n, a) ? [h('p', { class: 'n', text: t('dimensionFacts', d) }), histogram(t, d), h('p', { class: 'axis', 'aria-hidden': 'true' }, [h('span', { text: '0' }), h('span', { text: '100' })])]
          : tooFew(a, t),
    ]))),
  ]);
}

/** Declared stage against computed level: per level, the share that computed it and the share that declared its stage. */
function declaredBlock(a, t) {
  const d = a.declared;
  if (!d) return null;
  const title = h('h2', { text: t('declared') });
  if (!d.base) return h('section', { class: 'room-block declared', 'data-block': 'declared' }, [title, h('p', { class: 'n', text: t('n', { n: 0 }) })]);
  if (!shown(d.base, a) || !shown(a.levels.base, a)) return h('section', { class: 'room-block declared', 'data-block': 'declared' }, [title, tooFew(a, t)]);
  const rows = a.levels.levels.map((l) => {
    const stages = d.stages.filter((s) => s.level === l.id);
    const count = stages.reduce((sum, s) => sum + s.count, 0);
    const percent = stages.length === 1 ? stages[0].percent : null;
    return { level: l, declared: { count, percent } };
  });
  return h('section', { class: 'room-block declared', 'data-block': 'declared' }, [
    title,
    h('p', { class: 'n', text: t('agreement', { agree: d.agree, total: d.agree + d.disagree }) }),
    h('table', { class: 'declared-table' }, [
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: t('level') }),
        h('th', { scope: 'col', text: `${t('computed')} · ${t('n', { n: a.levels.base })}` }),
        h('th', { scope: 'col', text: `${t('declaredCol')} · ${t('n', { n: d.base })}` }),
      ])),
      h('tbody', {}, rows.map(({ level, declared }) => h('tr', { 'data-level': level.id }, [
        h('th', { scope: 'row', text: level.label }),
        h('td', {}, [h('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill(level.percent, 'computed')]), h('span', { class: 'value', text: t('cell', { p: level.percent, count: level.count }) })]),
        h('td', {}, [h('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill(declared.percent, 'declared')]),
          h('span', { class: 'value', text: declared.percent === null ? String(declared.count) : t('cell', { p: declared.percent, count: declared.count }) })]),
      ]))),
    ]),
  ]);
}

/** The headline: how many responses the picture rests on. */
function headline(a, t, lang) {
  return h('p', { class: 'room-n', 'data-block': 'headline' }, [
    h('strong', { class: 'room-count', text: new Intl.NumberFormat(lang).format(a.n) }),
    ` ${a.n === 1 ? t('response') : t('responses')}`,
  ]);
}

/**
 * The room's sections for `aggregate`, each a node (or null when the aggregate has nothing for it):
 * {headline, challenges, levels, dimensions, declared}. `doc` is the questionnaire document (its
 * benchmarks give the reference figures); `lang` the page's language.
 */
export function roomSections(aggregate, { doc = null, lang = 'fr' } = {}) {
  const t = roomWords(lang);
  return {
    headline: headline(aggregate, t, lang),
    challenges: challengesTable(aggregate, t, doc, lang),
    levels: levelsBlock(aggregate, t),
    dimensions: dimensionsBlock(aggregate, t),
    declared: declaredBlock(aggregate, t),
  };
}
