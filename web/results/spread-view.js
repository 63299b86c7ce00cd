// Regards croisés and progress over time on the results page (docs/AGGREGATE.md "Across partners",
// docs/COMPARE.md): the aggregate's `crossed` block drawn as spreads (min, quartiles, max on the
// 0–100 scale), actor types side by side, the largest gaps, the points to discuss with their
// answers' shares, the declared stages; and the comparison of an earlier aggregate with today's.
// Every figure is the core's; nothing here computes one. Each section is `(data, context) => node
// | null`, context = {lang, shown(base), tooFew()} as the page's other sections.
import { h, s } from '../src/dom.js';
import { translator } from '../src/i18n.js';

const WORDS = {
  fr: {
    crossed: 'Regards croisés',
    crossedLead: 'Où les réponses des partenaires divergent : la dispersion des scores, les types d’acteurs côte à côte, les points à discuter.',
    spreads: 'Dispersion des scores',
    spreadLegend: 'Trait : du plus bas au plus haut score ; boîte : la moitié centrale des répondants (du 1er au 3e quartile) ; repère : la médiane.',
    index: 'Indice global',
    spreadText: 'n = {n} · min {min} · 1er quartile {q1} · médiane {median} · 3e quartile {q3} · max {max}',
    actors: 'Par type d’acteur : {question}',
    actorCell: '{median} ({q1}–{q3})',
    actorHead: '{label} (n = {n})',
    actorsNote: 'Médiane (1er–3e quartile) de chaque type d’acteur.',
    noActors: 'Aucun type d’acteur n’atteint la taille minimale : rien n’est affiché par type.',
    gaps: 'Plus grands écarts entre types d’acteurs',
    gap: '{label} : {gap} points entre {high} ({highMedian}, n = {highN}) et {low} ({lowMedian}, n = {lowN})',
    discuss: 'Points à discuter',
    discussIntro: 'Les questions où les réponses divergent le plus.',
    divergence: 'divergence {d} · n = {n}{dk}',
    dontKnow: ' · ne sait pas : {count}',
    share: '{label} : {percent} % ({count}/{base})',
    noDiscuss: 'Pas de divergence marquée (ou trop peu de réponses par question).',
    stages: 'Stade déclaré et niveau calculé',
    stagesText: 'Sur {compared} répondants : {agree} situent leur territoire au niveau calculé, {ahead} plus haut, {behind} plus bas.',
    comparison: 'Évolution depuis les résultats précédents',
    comparisonLead: 'Résultats précédents (n = {earlier}) et d’aujourd’hui (n = {later}).',
    colItem: 'Dimension',
    colAnswer: 'Réponse',
    colEarlier: 'Avant',
    colLater: 'Aujourd’hui',
    colChange: 'Évolution',
    median: 'médiane {value} (n = {n})',
    questionsChanged: 'Réponses par question',
    points: '{change} pts',
  },
  en: {
    crossed: 'Crossed views',
    crossedLead: 'Where partners’ answers diverge: the spread of scores, actor types side by side, the points to discuss.',
    spreads: 'Spread of scores',
    spreadLegend: 'Line: from the lowest to the highest score; box: the middle half of the respondents (first to third quartile); mark: the median.',
    index: 'Overall index',
    spreadText: 'n = {n} · min {min} · first quartile {q1} · median {median} · third quartile {q3} · max {max}',
    actors: 'By actor type: {question}',
    actorCell: '{median} ({q1}–{q3})',
    actorHead: '{label} (n = {n})',
    actorsNote: 'Median (first–third quartile) of each actor type.',
    noActors: 'No actor type reaches the smallest group size: nothing is shown by type.',
    gaps: 'Largest gaps between actor types',
    gap: '{label}: {gap} points between {high} ({highMedian}, n = {highN}) and {low} ({lowMedian}, n = {lowN})',
    discuss: 'Points to discuss',
    discussIntro: 'The questions where answers diverge most.',
    divergence: 'divergence {d} · n = {n}{dk}',
    dontKnow: ' · don’t know: {count}',
    share: '{label}: {percent}% ({count}/{base})',
    noDiscuss: 'No marked divergence (or too few answers per question).',
    stages: 'Declared stage and computed level',
    stagesText: 'Of {compared} respondents: {agree} place their territory at the computed level, {ahead} higher, {behind} lower.',
    comparison: 'Change since the earlier results',
    comparisonLead: 'Earlier results (n = {earlier}) and today’s (n = {later}).',
    colItem: 'Dimension',
    colAnswer: 'Answer',
    colEarlier: 'Before',
    colLater: 'Today',
    colChange: 'Change',
    median: 'median {value} (n = {n})',
    questionsChanged: 'Answers by question',
    points: '{change} pts',
  },
};

function words(lang) {
  return translator(WORDS, () => lang);
}

function number(lang, x, digits = 1) {
  return typeof x === 'number' ? new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x) : '—';
}

function signed(lang, x, digits = 1) {
  if (typeof x !== 'number') return '—';
  const text = number(lang, Math.abs(x), digits);
  return x > 0 ? `+${text}` : x < 0 ? `−${text}` : text;
}

/** One spread on the 0–100 scale: whisker min–max, box q1–q3, median mark (an image; the figures are its text). */
function spreadChart(d) {
  const x = (v) => 4 + v * 2.92;  // 0–100 over 292 units, 4 on each side
  return s('svg', { class: 'spread', viewBox: '0 0 300 24', 'aria-hidden': 'true', focusable: 'false' }, [
    s('line', { class: 'scale', x1: x(0), x2: x(100), y1: 12, y2: 12 }),
    s('line', { class: 'whisker', x1: x(d.min), x2: x(d.max), y1: 12, y2: 12 }),
    s('rect', { class: 'box', x: x(d.q1), y: 4, width: Math.max(1, x(d.q3) - x(d.q1)), height: 16, rx: 2 }),
    s('line', { class: 'median', x1: x(d.median), x2: x(d.median), y1: 1, y2: 23 }),
  ]);
}

function spreadRow(t, lang, label, d, context) {
  const hidden = d.hidden || typeof d.median !== 'number';
  return h('div', { class: 'spread-row', 'data-dimension': d.id ?? 'index' }, [
    h('span', { class: 'spread-label', text: label }),
    hidden ? (d.n > 0 ? context.tooFew() : h('span', { class: 'n', text: 'n = 0' })) : spreadChart(d),
    hidden ? null : h('span', { class: 'spread-figures', text: t('spreadText', {
      n: d.n, min: number(lang, d.min), q1: number(lang, d.q1), median: number(lang, d.median), q3: number(lang, d.q3), max: number(lang, d.max),
    }) }),
  ]);
}

/** The answers' shares of one point to discuss as one stacked bar, lowest to highest answer, "don't know" last. */
function shareBar(t, lang, item) {
  const bar = h('div', { class: 'share-bar', 'aria-hidden': 'true' });
  item.options.forEach((o, i) => {
    if (!o.count) return;
    const part = h('span', { class: `share part-${o.dontKnow ? 'dk' : i % 6}`, title: o.label });
    part.style.width = `${(100 * o.count) / item.base}%`;
    bar.append(part);
  });
  return [bar, h('ul', { class: 'share-legend' }, item.options.map((o, i) => h('li', {}, [
    h('span', { class: `key part-${o.dontKnow ? 'dk' : i % 6}`, 'aria-hidden': 'true' }),
    t('share', { label: o.label, percent: number(lang, o.percent, 0), count: o.count, base: item.base }),
  ])))];
}

/** The aggregate's `crossed` block (null when the core wrote none). */
export function crossedSection(a, context) {
  const c = a?.crossed;
  if (!c) return null;
  const { lang } = context;
  const t = words(lang);
  const parts = [h('h2', { text: t('crossed') }), h('p', { class: 'lead', text: t('crossedLead') })];
  if (c.note) parts.push(h('p', { class: 'notice workshop', role: 'note', text: c.note }));

  parts.push(h('section', { class: 'crossed-part spreads', 'aria-labelledby': 'spreads-title' }, [
    h('h3', { id: 'spreads-title', text: t('spreads') }),
    h('p', { class: 'hint', text: t('spreadLegend') }),
    ...c.spreads.map((d) => spreadRow(t, lang, d.label, d, context)),
    spreadRow(t, lang, t('index'), c.index, context),
    h('p', { class: 'hint', text: c.quartiles }),
  ]));

  if (c.actors) {
    const groups = c.actors.groups.filter((g) => !g.hidden && g.n > 0);
    const cell = (d) => (d && !d.hidden && typeof d.median === 'number'
      ? t('actorCell', { median: number(lang, d.median), q1: number(lang, d.q1), q3: number(lang, d.q3) }) : '—');
    parts.push(h('section', { class: 'crossed-part actors', 'aria-labelledby': 'actors-title' }, [
      h('h3', { id: 'actors-title', text: t('actors', { question: c.actors.text }) }),
      groups.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'actors-table' }, [
        h('caption', { text: t('actorsNote') }),
        h('thead', {}, h('tr', {}, [h('th', { scope: 'col', text: t('colItem') }),
          ...groups.map((g) => h('th', { scope: 'col', text: t('actorHead', { label: g.label, n: g.n }) }))])),
        h('tbody', {}, [
          ...c.spreads.map((d, i) => h('tr', {}, [h('th', { scope: 'row', text: d.label }), ...groups.map((g) => h('td', { text: cell(g.dimensions[i]) }))])),
          h('tr', {}, [h('th', { scope: 'row', text: t('index') }), ...groups.map((g) => h('td', { text: cell(g.index) }))]),
        ]),
      ])) : h('p', { class: 'n', text: t('noActors') }),
      c.actors.note ? h('p', { class: 'hint', text: c.actors.note }) : null,
    ]));
  }

  if (c.gaps.length) {
    parts.push(h('section', { class: 'crossed-part gaps', 'aria-labelledby': 'gaps-title' }, [
      h('h3', { id: 'gaps-title', text: t('gaps') }),
      h('ul', {}, c.gaps.map((g) => h('li', { 'data-dimension': g.dimension, text: t('gap', {
        label: g.label, gap: number(lang, g.gap), high: g.high.label, highMedian: number(lang, g.high.median), highN: g.high.n,
        low: g.low.label, lowMedian: number(lang, g.low.median), lowN: g.low.n,
      }) }))),
    ]));
  }

  parts.push(h('section', { class: 'crossed-part discuss', 'aria-labelledby': 'discuss-title' }, [
    h('h3', { id: 'discuss-title', text: t('discuss') }),
    c.discuss.length ? h('p', { class: 'hint', text: t('discussIntro') }) : h('p', { class: 'n', text: t('noDiscuss') }),
    ...c.discuss.map((d) => h('div', { class: 'point', 'data-question': d.row ? `${d.question}/${d.row}` : d.question }, [
      h('h4', { text: d.label ? `${d.text} — ${d.label}` : d.text }),
      h('p', { class: 'n', text: t('divergence', { d: number(lang, d.dispersion, 2), n: d.n, dk: d.dontKnow ? t('dontKnow', { count: d.dontKnow }) : '' }) }),
      ...shareBar(t, lang, d),
    ])),
    c.discuss.length ? h('p', { class: 'hint', text: c.dispersion }) : null,
  ]));

  if (c.stages) {
    const st = c.stages;
    parts.push(h('section', { class: 'crossed-part stages', 'aria-labelledby': 'stages-title' }, [
      h('h3', { id: 'stages-title', text: t('stages') }),
      st.hidden ? context.tooFew() : st.base ? h('p', { text: t('stagesText', st) }) : h('p', { class: 'n', text: 'n = 0' }),
    ]));
  }
  return h('section', { class: 'group crossed', id: 'crossed', 'aria-label': t('crossed') }, parts);
}

/** An earlier aggregate beside today's (the core's catalyse-comparison/1 of two aggregates). */
export function comparisonSection(comparison, context) {
  if (!comparison) return null;
  const { lang } = context;
  const t = words(lang);
  const why = (item) => item.reason?.message ?? '';
  const figure = (side) => (side && typeof side.median === 'number' ? t('median', { value: number(lang, side.median), n: side.n }) : side ? `n = ${side.n}` : '—');
  const row = (label, item) => h('tr', { class: item.comparable ? '' : 'not-compared' }, [
    h('th', { scope: 'row', text: label }),
    h('td', { text: figure(item.earlier) }),
    h('td', { text: figure(item.later) }),
    h('td', { text: item.comparable ? signed(lang, item.change?.median) : why(item) }),
  ]);
  const optionRows = (q) => (q.rows ?? [{ label: '', options: q.options ?? [], reason: q.reason }]).flatMap((r) => (r.options ?? []).map((o) => h('tr', {}, [
    h('th', { scope: 'row', text: [r.label, o.label].filter(Boolean).join(' — ') }),
    h('td', { text: o.earlier ? `${number(lang, o.earlier.percent, 0)} % (n = ${r.earlier?.base ?? q.earlier?.base})` : '—' }),
    h('td', { text: o.later ? `${number(lang, o.later.percent, 0)} % (n = ${r.later?.base ?? q.later?.base})` : '—' }),
    h('td', { text: typeof o.change === 'number' ? t('points', { change: signed(lang, o.change, 0) }) : why(o) || why(r) }),
  ])));
  const head = (first = 'colItem') => h('thead', {}, h('tr', {}, [t(first), t('colEarlier'), t('colLater'), t('colChange')].map((x) => h('th', { scope: 'col', text: x }))));
  return h('section', { class: 'group comparison', id: 'comparison', 'aria-labelledby': 'comparison-title' }, [
    h('h2', { id: 'comparison-title', text: t('comparison') }),
    h('p', { class: 'lead', text: t('comparisonLead', { earlier: comparison.earlier.n, later: comparison.later.n }) }),
    ...comparison.notes.map((n) => h('p', { class: 'notice', text: n.message })),
    h('div', { class: 'table-scroll' }, h('table', { class: 'compare-table' }, [
      head(),
      h('tbody', {}, [...comparison.dimensions.map((d) => row(d.label, d)), row(t('index'), comparison.index)]),
    ])),
    h('h3', { text: t('questionsChanged') }),
    ...(comparison.questions ?? []).map((q) => h('details', { class: 'question-change' }, [
      h('summary', { text: `${q.text} (n = ${q.earlier?.base ?? '—'} → ${q.later?.base ?? '—'})` }),
      q.options || q.rows ? h('div', { class: 'table-scroll' }, h('table', { class: 'compare-table' }, [head('colAnswer'), h('tbody', {}, optionRows(q))])) : h('p', { class: 'n', text: why(q) }),
    ])),
  ]);
}
