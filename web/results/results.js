// Group results: the organiser drops the exports of several kiosks; the C++ core (wasm) reads each
// file, one at a time, deduplicates, reports malformed records and aggregates (docs/AGGREGATE.md).
// This page only draws what the core returns, like the 2018 study's charts: horizontal bars, counts
// beside percentages, n always shown, the rounding note. One privacy rule for every figure: nothing
// that rests on fewer answers than the smallest group shown (minGroup) is drawn.
import { loadAggregateCore, openAggregate } from './aggregate-core.js';
import { comparisonSection, crossedSection } from './spread-view.js';
import { translator } from '../src/i18n.js';

const STRINGS = {
  fr: {
    brand: 'Catalyse · résultats de groupe',
    title: 'Résultats de groupe',
    lead: 'Déposez ici les exports JSON des kiosques d’un événement. Tout est calculé dans ce navigateur : aucun fichier n’est envoyé.',
    inputs: 'Fichiers',
    dropHere: 'Glissez-déposez les exports des appareils ici (plusieurs fichiers possibles), ou :',
    choose: 'Choisir des fichiers',
    settings: 'Réglages',
    minGroup: 'Taille minimale d’un groupe affiché',
    workshop: 'Atelier : montrer les groupes de 3 ou 4',
    workshopHint: 'Moins de 5 seulement en atelier, jamais moins de 3 : dans un si petit groupe, chacun peut reconnaître les réponses des autres.',
    otherQuestionnaire: 'Autre questionnaire (fichier JSON)',
    questionnaireIs: 'Questionnaire : {title} (version {version})',
    loadingCore: 'Chargement du moteur de calcul…',
    reading: 'Lecture de {count} fichier(s)…',
    readingFile: 'Lecture du fichier {index} sur {count} : {name}…',
    tooFew: 'Moins de {min} réponses : non affiché, pour que personne ne puisse être reconnu.',
    notExports: 'Fichiers non pris en compte ({count})',
    csvExport: 'C’est l’export CSV d’un kiosque (pour un tableur). Déposez plutôt l’export JSON du même kiosque (« Exporter (JSON) » dans la vue organisateur).',
    resultFile: 'C’est le résultat d’une seule personne (téléchargé depuis l’écran final du questionnaire), pas un export de kiosque. Déposez les exports JSON des kiosques (« Exporter (JSON) » dans la vue organisateur).',
    notJson: 'Ce fichier n’est pas du JSON (il ne commence ni par « { » ni par « [ »). Déposez les exports JSON des kiosques (« Exporter (JSON) » dans la vue organisateur).',
    done: '{n} réponses agrégées à partir de {files} fichier(s).',
    coreError: 'Le calcul a échoué :',
    questionnaireError: 'Le questionnaire ne peut pas être chargé :',
    summary: 'Synthèse',
    n: 'n\u00a0=\u00a0{n}',
    respondents: 'Réponses retenues',
    files: 'Fichiers',
    file: 'Fichier',
    read: 'Lus',
    kept: 'Retenus',
    duplicates: 'Doublons identiques',
    unreadable: 'illisible',
    inputFacts: '{records} enregistrements lus · {accepted} retenus · {duplicates} doublons identiques · {conflicts} conflits d’identifiant · {malformed} mal formés · {other} d’un autre questionnaire · {answerErrors} réponses invalides ignorées',
    problems: 'Problèmes dans les fichiers ({count})',
    problemsOmitted: '… et {count} autres non listés.',
    where: 'Où',
    why: 'Pourquoi',
    record: 'enregistrement {n}',
    line: 'ligne {line}, colonne {column}',
    challenges: '{question} — réponses « {first} » et « {second} » (++)',
    plus: '++',
    answersN: 'n\u00a0=\u00a0{n} réponses',
    noAnswers: 'Aucune réponse.',
    freeText: 'Texte libre : {n} réponses, non affichées ici.',
    numberStats: 'moyenne {mean} · médiane {median} · min {min} · max {max}',
    dimensions: 'Scores par dimension (0 à 100)',
    dimensionFacts: 'n = {n} · moyenne {mean} · médiane {median} · {insufficient} sans assez de réponses',
    index: 'Indice global',
    levels: 'Niveaux (indicatifs : aucun seuil n’a été validé)',
    noLevel: 'Sans indice (pas assez de réponses)',
    declared: 'Stade déclaré par les répondants',
    agreement: '{agree} sur {total} en accord avec le niveau calculé',
    breakdowns: 'Répartition par profil',
    group: 'Groupe',
    indexMean: 'Indice moyen',
    indexMedian: 'Indice médian',
    hidden: 'masqué (moins de {min} réponses)',
    download: 'Télécharger l’agrégat (JSON)',
    downloadQuestionnaire: 'Télécharger le questionnaire avec ces repères',
    downloadHint: 'L’agrégat contient un bloc « benchmarks » au format des questionnaires. Le second bouton l’ajoute au questionnaire : publié en ligne, l’autodiagnostic montre alors les résultats de l’événement comme repères (« 14 sur 34 en 2026 »).',
    percent: '{p}\u00a0%',
    bins: '{from}–{to}',
  },
  en: {
    brand: 'Catalyse · group results',
    title: 'Group results',
    lead: 'Drop the JSON exports of an event’s kiosks here. Everything is computed in this browser: no file is sent anywhere.',
    inputs: 'Files',
    dropHere: 'Drag and drop the devices’ exports here (several files at once), or:',
    choose: 'Choose files',
    settings: 'Settings',
    minGroup: 'Smallest group shown',
    workshop: 'Workshop: show groups of 3 or 4',
    workshopHint: 'Under 5 only in a workshop, never under 3: in a group this small, people can recognise one another\'s answers.',
    otherQuestionnaire: 'Another questionnaire (JSON file)',
    questionnaireIs: 'Questionnaire: {title} (version {version})',
    loadingCore: 'Loading the scoring core…',
    reading: 'Reading {count} file(s)…',
    readingFile: 'Reading file {index} of {count}: {name}…',
    tooFew: 'Fewer than {min} answers: not shown, so that no one can be recognised.',
    notExports: 'Files left out ({count})',
    csvExport: 'This is a kiosk’s CSV export (for a spreadsheet). Drop the same kiosk’s JSON export instead (“Export (JSON)” in the organiser view).',
    resultFile: 'This is one person’s result (downloaded from the questionnaire’s final screen), not a kiosk export. Drop the kiosks’ JSON exports (“Export (JSON)” in the organiser view).',
    notJson: 'This file is not JSON (it begins with neither “{” nor “[”). Drop the kiosks’ JSON exports (“Export (JSON)” in the organiser view).',
    done: '{n} responses aggregated from {files} file(s).',
    coreError: 'The aggregation failed:',
    questionnaireError: 'The questionnaire cannot be loaded:',
    summary: 'Summary',
    n: 'n\u00a0=\u00a0{n}',
    respondents: 'Responses kept',
    files: 'Files',
    file: 'File',
    read: 'Read',
    kept: 'Kept',
    duplicates: 'Identical duplicates',
    unreadable: 'unreadable',
    inputFacts: '{records} records read · {accepted} kept · {duplicates} identical duplicates · {conflicts} id conflicts · {malformed} malformed · {other} of another questionnaire · {answerErrors} invalid answers left out',
    problems: 'Problems in the files ({count})',
    problemsOmitted: '… and {count} more not listed.',
    where: 'Where',
    why: 'Why',
    record: 'record {n}',
    line: 'line {line}, column {column}',
    challenges: '{question} — answers “{first}” and “{second}” (++)',
    plus: '++',
    answersN: 'n\u00a0=\u00a0{n} answers',
    noAnswers: 'No answers.',
    freeText: 'Free text: {n} answers, not shown here.',
    numberStats: 'mean {mean} · median {median} · min {min} · max {max}',
    dimensions: 'Scores by dimension (0 to 100)',
    dimensionFacts: 'n = {n} · mean {mean} · median {median} · {insufficient} without enough answers',
    index: 'Overall index',
    levels: 'Levels (indicative: no threshold has been validated)',
    noLevel: 'No index (not enough answers)',
    declared: 'Stage declared by respondents',
    agreement: '{agree} of {total} agree with the computed level',
    breakdowns: 'Breakdown by profile',
    group: 'Group',
    indexMean: 'Mean index',
    indexMedian: 'Median index',
    hidden: 'hidden (fewer than {min} responses)',
    download: 'Download the aggregate (JSON)',
    downloadQuestionnaire: 'Download the questionnaire with these reference figures',
    downloadHint: 'The aggregate holds a "benchmarks" block in the questionnaire format. The second button adds it to the questionnaire: published online, the self-assessment then shows the event’s results as reference figures (“14 of 34 in 2026”).',
    percent: '{p}\u00a0%',
    bins: '{from}–{to}',
  },
};

const params = new URLSearchParams(location.search);
const lang = (params.get('lang') || navigator.language || 'fr').slice(0, 2).toLowerCase() === 'en' ? 'en' : 'fr';
const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const $ = (id) => document.getElementById(id);

const t = translator(STRINGS, () => lang);
/** A count of responses as people read it in the page's language (16 000, 16,000). */
const counted = (n) => new Intl.NumberFormat(lang).format(n);

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of [children].flat()) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

const state = { core: null, questionnaire: null, doc: null, files: [], aggregate: null, leftOut: [], comparison: null };

/** Whether a figure resting on `base` answers may be drawn: none (nothing to hide), or at least minGroup. */
function shown(base, a = state.aggregate) {
  return !base || base >= (a?.minGroup ?? 5);
}

function tooFew(a = state.aggregate) {
  return el('p', { class: 'n too-few', text: t('tooFew', { min: a?.minGroup ?? 5 }) });
}

// ---- charts: horizontal bars with the count beside the percentage ----

function barRow(label, count, percent, base, { extra = null, muted = false } = {}) {
  const fill = el('span', { class: `fill${muted ? ' muted' : ''}` });
  fill.style.width = `${Math.max(0, Math.min(100, percent ?? 0))}%`;
  return el('div', { class: 'bar-row' }, [
    el('span', { class: 'bar-label', text: label }),
    el('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill]),
    el('span', { class: 'bar-value' }, [
      el('strong', { text: percent === null || percent === undefined ? '—' : t('percent', { p: percent }) }),
      ` (${count}/${base})`,
    ]),
    extra,
  ]);
}

function optionBars(options, base) {
  return el('div', { class: 'bars' }, options.map((o) => barRow(o.label, o.count, o.percent, base, { muted: o.dontKnow })));
}

/** The study's "Enjeux ++" chart: per row, the two top answers stacked, their rounded sum. */
function topTwoChart(q) {
  const rows = q.rows.filter((r) => r.topTwo && r.base > 0 && shown(r.base)).slice().sort((a, b) => (b.topTwo.percent ?? -1) - (a.topTwo.percent ?? -1));
  if (!rows.length) return null;
  const [firstId, secondId] = rows[0].topTwo.options;
  const label = (id) => q.rows[0].options.find((o) => o.id === id)?.label ?? id;
  const figure = el('figure', { class: 'chart top-two' }, [
    el('figcaption', { text: t('challenges', { question: q.text, first: label(firstId), second: label(secondId) }) }),
  ]);
  const legend = el('p', { class: 'legend' }, [
    el('span', { class: 'key first', 'aria-hidden': 'true' }), ` ${label(firstId)}  `,
    el('span', { class: 'key second', 'aria-hidden': 'true' }), ` ${label(secondId)}`,
  ]);
  figure.append(legend);
  for (const r of rows) {
    const a = r.options.find((o) => o.id === firstId);
    const b = r.options.find((o) => o.id === secondId);
    const segA = el('span', { class: 'fill first' });
    segA.style.width = `${a.percent ?? 0}%`;
    const segB = el('span', { class: 'fill second' });
    segB.style.width = `${b.percent ?? 0}%`;
    figure.append(el('div', { class: 'bar-row stacked' }, [
      el('span', { class: 'bar-label', text: r.label }),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, [segA, segB]),
      el('span', { class: 'bar-value' }, [
        el('strong', { text: `${t('plus')} ${t('percent', { p: r.topTwo.percent })}` }),
        ` = ${t('percent', { p: a.percent })} (${a.count}) + ${t('percent', { p: b.percent })} (${b.count}) · ${t('n', { n: counted(r.base) })}`,
      ]),
    ]));
  }
  return figure;
}

function questionBlock(q) {
  const section = el('section', { class: 'question' }, [el('h3', { text: q.text })]);
  if (!q.base) {
    section.append(el('p', { class: 'n', text: t('noAnswers') }));
    return section;
  }
  if (q.type === 'text') {
    section.append(el('p', { class: 'n', text: t('freeText', { n: q.base }) }));
    return section;
  }
  if (!shown(q.base)) {
    section.append(tooFew());
    return section;
  }
  if (q.type === 'matrix') {
    section.append(el('p', { class: 'n', text: t('answersN', { n: q.base }) }));
    const chart = topTwoChart(q);
    if (chart) section.append(chart);
    for (const r of q.rows) {
      section.append(el('h4', { text: `${r.label} — ${t('n', { n: counted(r.base) })}` }), shown(r.base) ? optionBars(r.options, r.base) : tooFew());
    }
  } else if (q.type === 'number') {
    section.append(el('p', { class: 'n', text: `${t('answersN', { n: q.base })} · ${t('numberStats', q.stats)}` }));
  } else {
    section.append(el('p', { class: 'n', text: t('answersN', { n: q.base }) }), optionBars(q.options, q.base));
    if (q.topTwo) section.append(el('p', { class: 'n', text: `${t('plus')} ${t('percent', { p: q.topTwo.percent })} (${q.topTwo.count}/${q.base})` }));
  }
  return section;
}

function distributionBlock(title, d) {
  if (!shown(d.n)) return el('section', { class: 'question' }, [el('h3', { text: title }), tooFew()]);
  return el('section', { class: 'question' }, [
    el('h3', { text: title }),
    el('p', { class: 'n', text: t('dimensionFacts', d) }),
    d.n ? el('div', { class: 'bars' }, d.bins.map((b) => barRow(t('bins', { from: b.from, to: b.to }), b.count, b.percent, d.n))) : null,
  ]);
}

/** Files the page recognised as something other than an export: what they are, what to drop instead. */
function leftOutBlock() {
  if (!state.leftOut.length) return null;
  return el('details', { class: 'problems-box left-out', open: true }, [
    el('summary', { text: t('notExports', { count: state.leftOut.length }) }),
    el('ul', { class: 'problems' }, state.leftOut.map((f) => el('li', {}, [el('span', { class: 'where', text: f.name }), ' ', el('span', { text: t(f.kind) })]))),
  ]);
}

function problemsBlock(a) {
  const count = a.problems.length + (a.problemsOmitted ?? 0);
  if (!count) return null;
  const list = el('ul', { class: 'problems' }, a.problems.map((p) => {
    const where = [p.name || `#${p.source}`];
    if (p.record !== undefined) where.push(t('record', { n: p.record }));
    if (p.line) where.push(t('line', { line: p.line, column: p.column }));
    if (p.path) where.push(p.path);
    return el('li', {}, [el('span', { class: 'where', text: where.join(' · ') }), ' ', el('span', { text: p.message })]);
  }));
  const details = el('details', { class: 'problems-box', open: true }, [el('summary', { text: t('problems', { count }) }), list]);
  if (a.problemsOmitted) details.append(el('p', { text: t('problemsOmitted', { count: a.problemsOmitted }) }));
  return details;
}

function render(a) {
  const report = $('report');
  const files = el('table', { class: 'files' }, [
    el('thead', {}, el('tr', {}, [t('file'), t('read'), t('kept'), t('duplicates')].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, a.input.sources.map((s) => el('tr', {}, [
      el('th', { scope: 'row', text: s.name || `#${s.index}` }),
      el('td', { text: s.readable ? String(s.records) : t('unreadable') }),
      el('td', { text: String(s.accepted) }),
      el('td', { text: String(s.duplicates) }),
    ]))),
  ]);
  const download = el('button', { type: 'button', class: 'button primary', id: 'download', text: t('download') });
  download.addEventListener('click', () => saveJson(`catalyse-aggregate-${a.questionnaire.id}-n${a.n}.json`, a));
  // Closing the loop: the same questionnaire, its benchmarks completed with this event's figures
  // (a benchmark of the same id is replaced).
  const withBenchmarks = el('button', { type: 'button', class: 'button', id: 'download-questionnaire', text: t('downloadQuestionnaire') });
  withBenchmarks.addEventListener('click', () => {
    const ids = new Set(a.benchmarks.map((b) => b.id));
    const doc = { ...state.doc, benchmarks: [...(state.doc.benchmarks ?? []).filter((b) => !ids.has(b.id)), ...a.benchmarks] };
    saveJson(`${a.questionnaire.id}-reperes-n${a.n}.json`, doc);
  });

  const children = [
    el('section', { class: 'summary', 'aria-labelledby': 'summary-title' }, [
      el('h2', { id: 'summary-title', text: t('summary') }),
      el('p', { class: 'big' }, [el('strong', { id: 'n-total', text: t('n', { n: counted(a.n) }) }), ` ${t('respondents')}`]),
      el('p', { class: 'facts', text: t('inputFacts', { ...a.input, other: a.input.otherQuestionnaire }) }),
      el('p', { class: 'rounding', text: a.rounding }),
      files,
      leftOutBlock(),
      problemsBlock(a),
      el('div', { class: 'actions' }, [download, a.benchmarks.length ? withBenchmarks : null]),
      el('p', { class: 'hint', text: t('downloadHint') }),
    ]),
  ];

  const charts = a.questions.filter((q) => q.type === 'matrix' && q.rows.some((r) => r.topTwo) && !q.rows.every((r) => !r.base));
  const challenges = charts.find((q) => q.id === 'enjeux') ?? null;
  if (challenges) {
    const chart = topTwoChart(challenges);
    if (chart) children.push(el('section', { class: 'featured' }, [chart]));
  }

  const levels = el('section', { class: 'question' }, shown(a.levels.base) ? [
    el('h3', { text: t('levels') }),
    el('p', { class: 'n', text: t('n', { n: counted(a.levels.base) }) }),
    el('div', { class: 'bars' }, [
      ...a.levels.levels.map((l) => barRow(l.label, l.count, l.percent, a.levels.base)),
      barRow(t('noLevel'), a.levels.none, a.levels.nonePercent, a.levels.base, { muted: true }),
    ]),
  ] : [el('h3', { text: t('levels') }), tooFew()]);
  const scores = el('section', { class: 'group' }, [
    el('h2', { text: t('dimensions') }),
    distributionBlock(t('index'), a.index),
    levels,
    ...a.dimensions.map((d) => distributionBlock(d.label, d)),
  ]);
  children.push(scores);

  if (a.declared) {
    const d = a.declared;
    children.push(el('section', { class: 'group', id: 'declared' }, shown(d.base) ? [
      el('h2', { text: t('declared') }),
      el('p', { class: 'n', text: `${t('n', { n: counted(d.base) })} · ${t('agreement', { agree: d.agree, total: d.agree + d.disagree })}` }),
      el('div', { class: 'bars' }, d.stages.map((s) => barRow(s.label, s.count, s.percent, d.base))),
    ] : [el('h2', { text: t('declared') }), tooFew()]));
  }

  if (a.breakdowns.length) {
    children.push(el('section', { class: 'group' }, [
      el('h2', { text: t('breakdowns') }),
      ...a.breakdowns.map((b) => el('div', { class: 'breakdown' }, [
        el('h3', { text: b.text }),
        el('table', {}, [
          el('thead', {}, el('tr', {}, [t('group'), 'n', t('indexMean'), t('indexMedian')].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, b.groups.map((g) => el('tr', { class: g.hidden ? 'hidden-group' : '' }, g.hidden
            ? [el('th', { scope: 'row', text: g.label }), el('td', { colspan: '3', text: t('hidden', { min: a.minGroup }) })]
            : [el('th', { scope: 'row', text: g.label }), el('td', { text: String(g.n) }),
              el('td', { text: g.index?.mean === null || !g.index ? '—' : fmt.format(g.index.mean) }),
              el('td', { text: g.index?.median === null || !g.index ? '—' : fmt.format(g.index.median) })]))),
        ]),
        b.note ? el('p', { class: 'hint', text: b.note }) : null,
      ])),
    ]));
  }

  // Regards croisés and the earlier results beside today's (spread-view.js).
  children.push(crossedSection(a, { lang, shown, tooFew }), comparisonSection(state.comparison, { lang, shown, tooFew }));
  children.push(el('section', { class: 'group' }, [
    el('h2', { text: lang === 'en' ? 'Answers by question' : 'Réponses par question' }),
    ...a.questions.map(questionBlock),
  ]));
  report.replaceChildren(...children.filter(Boolean));
}

function saveJson(name, value) {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(value, null, 1)}\n`], { type: 'application/json' }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

// ---- reading files and asking the core ----

function showErrors(title, errors) {
  const box = $('errors');
  box.replaceChildren(el('p', { text: title }), el('ul', {}, errors.map((e) => el('li', {}, [
    e.path ? el('code', { text: e.path }) : null, e.path ? ' ' : null, String(e.message ?? e),
  ]))));
  box.hidden = false;
}

async function loadQuestionnaire(text) {
  state.core ??= await loadAggregateCore();
  const answer = state.core.load(text, lang);
  if (!answer.ok) {
    showErrors(t('questionnaireError'), answer.errors ?? []);
    return false;
  }
  state.questionnaire?.dispose();
  state.questionnaire = answer.questionnaire;
  state.doc = JSON.parse(text);
  const title = state.doc.title?.[lang] ?? Object.values(state.doc.title ?? {})[0] ?? state.doc.id;
  $('questionnaire-name').textContent = t('questionnaireIs', { title, version: state.doc.version });
  return true;
}

/**
 * What a file is when it is not an export: a kiosk's CSV export ('csvExport'), one person's result
 * download ('resultFile'), something that is not JSON ('notJson'); null for anything else (the core
 * reads it, and says what is wrong with it if anything). Only the file's beginning is read.
 */
async function recognise(file) {
  const head = (await file.slice(0, 4096).text()).replace(/^\uFEFF/, '');
  if (/^"?id"?[,;]"?questionnaire"?[,;]/.test(head)) return 'csvExport';
  const start = head.trimStart()[0];
  if (start !== undefined && start !== '{' && start !== '[') return 'notJson';
  if (start === '{' && /^\s*\{\s*"record"\s*:\s*\{/.test(head) && /"result"\s*:/.test(await file.text())) return 'resultFile';
  // Group results downloaded earlier (this page's JSON, or the core's answer): compared with today's.
  if (start === '{' && /^\s*\{\s*"(benchmarks|aggregate)"\s*:/.test(head)) return 'earlierAggregate';
  return null;
}

async function aggregate() {
  if (!state.files.length || !state.questionnaire) return;
  $('errors').hidden = true;
  $('status').textContent = t('reading', { count: state.files.length });
  // The core refuses a smallest group under 5 outside a workshop, and under 3 always (AGGREGATE.md).
  const workshop = $('workshop').checked;
  const minGroup = Number.parseInt($('min-group').value, 10);
  const opened = openAggregate(state.core, state.questionnaire, { lang, workshop, minGroup: Number.isInteger(minGroup) && minGroup >= 1 ? minGroup : 5 });
  if (!opened.ok) {
    $('status').textContent = '';
    showErrors(t('coreError'), opened.errors ?? []);
    return;
  }
  const session = opened.aggregate;
  let answer;
  try {
    // One file at a time: its text goes into the core, is read record by record, and is released
    // before the next one is read (the page never holds every file at once).
    state.leftOut = [];
    let earlier = null;
    for (const [i, f] of state.files.entries()) {
      $('status').textContent = t('readingFile', { index: i + 1, count: state.files.length, name: f.name });
      const kind = await recognise(f);
      let text = null;
      if (kind === 'earlierAggregate') {
        earlier = await f.text();
        continue;
      } else if (kind === 'resultFile') {
        // A respondent's file {record, result}: its record is one response (re-scored by the core, the result is not read).
        text = JSON.stringify([JSON.parse(await f.text()).record]);
      } else if (kind) {
        state.leftOut.push({ name: f.name, kind });
        continue;
      }
      const added = session.addExport(f.name, text ?? await f.text());
      if (!added.ok) {
        answer = added;
        break;
      }
    }
    answer ??= session.snapshot();
    state.comparison = null;
    if (earlier && answer.ok) {
      const compared = state.core.compareAggregates(earlier, answer.aggregate, lang);
      if (compared.ok) state.comparison = compared.comparison;
      else showErrors(t('coreError'), compared.errors ?? []);
    }
  } finally {
    session.close();
  }
  if (!answer.ok) {
    $('status').textContent = '';
    showErrors(t('coreError'), answer.errors ?? []);
    return;
  }
  state.aggregate = answer.aggregate;
  render(answer.aggregate);
  $('status').textContent = t('done', { n: answer.aggregate.n, files: state.files.length });
}

function addFiles(list) {
  const files = [...list].filter((f) => f && typeof f.text === 'function');
  if (!files.length) return;
  state.files = files;
  aggregate().catch((err) => showErrors(t('coreError'), [{ path: '', message: err?.message ?? String(err) }]));
}

async function main() {
  document.documentElement.lang = lang;
  document.title = `Catalyse — ${t('title')}`;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  $('files').addEventListener('change', (e) => addFiles(e.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles(e.dataTransfer?.files ?? []);
  });
  $('min-group').addEventListener('change', () => aggregate());
  $('workshop').addEventListener('change', () => aggregate());
  $('questionnaire-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (file && await loadQuestionnaire(await file.text())) await aggregate();
  });
  $('status').textContent = t('loadingCore');
  const src = new URL(params.get('src') || '../questionnaires/catalyseurs-2018.json', location.href);
  try {
    const response = await fetch(src, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${src.href}`);
    if (await loadQuestionnaire(await response.text())) $('status').textContent = '';
  } catch (err) {
    $('status').textContent = '';
    showErrors(t('questionnaireError'), [{ path: '', message: err?.message ?? String(err) }]);
  }
  document.body.dataset.ready = 'true';
}

main();
