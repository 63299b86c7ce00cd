// Group results: the organiser drops the exports of several kiosks; the C++ core (wasm) reads each
// file, one at a time, deduplicates, reports malformed records and aggregates (docs/AGGREGATE.md).
// This page only draws what the core returns, like the 2018 study's charts: horizontal bars, counts
// beside percentages, n always shown, the rounding note. One privacy rule for every figure: nothing
// that rests on fewer answers than the smallest group shown (minGroup) is drawn.
import { loadAggregateCore, openAggregate } from './aggregate-core.js';
import { comparisonSection, crossedSection } from './spread-view.js';
import { h as el } from '../src/dom.js';
import { translator } from '../src/i18n.js';
import { barRow, fill, roomSections, roomWords, shown, tooFew } from '../room/room-view.js';

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
    notExports: 'Fichiers non pris en compte ({count})',
    csvExport: 'C’est l’export CSV d’un kiosque (pour un tableur). Déposez plutôt l’export JSON du même kiosque (« Exporter (JSON) » dans la vue organisateur).',
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
    breakdowns: 'Répartition par profil',
    group: 'Groupe',
    indexMean: 'Indice moyen',
    indexMedian: 'Indice médian',
    hidden: 'masqué (moins de {min} réponses)',
    download: 'Télécharger l’agrégat (JSON)',
    diagnostics: 'Fichiers lus ({files}) et problèmes ({count})',
    problemsBelow: '{count} problème(s) dans les fichiers : voir « Fichiers lus » plus bas',
    answersByQuestion: 'Réponses par question ({count})',
    downloadQuestionnaire: 'Télécharger le questionnaire avec ces repères',
    downloadHint: 'L’agrégat contient un bloc « benchmarks » au format des questionnaires. Le second bouton l’ajoute au questionnaire : publié en ligne, l’autodiagnostic montre alors les résultats de l’événement comme repères (« 14 sur 34 en 2026 »).',
    percent: '{p}\u00a0%',
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
    notExports: 'Files left out ({count})',
    csvExport: 'This is a kiosk’s CSV export (for a spreadsheet). Drop the same kiosk’s JSON export instead (“Export (JSON)” in the organiser view).',
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
    breakdowns: 'Breakdown by profile',
    group: 'Group',
    indexMean: 'Mean index',
    indexMedian: 'Median index',
    hidden: 'hidden (fewer than {min} responses)',
    download: 'Download the aggregate (JSON)',
    diagnostics: 'Files read ({files}) and problems ({count})',
    problemsBelow: '{count} problem(s) in the files: see “Files read” below',
    answersByQuestion: 'Answers by question ({count})',
    downloadQuestionnaire: 'Download the questionnaire with these reference figures',
    downloadHint: 'The aggregate holds a "benchmarks" block in the questionnaire format. The second button adds it to the questionnaire: published online, the self-assessment then shows the event’s results as reference figures (“14 of 34 in 2026”).',
    percent: '{p}\u00a0%',
  },
};

const params = new URLSearchParams(location.search);
const lang = (params.get('lang') || navigator.language || 'fr').slice(0, 2).toLowerCase() === 'en' ? 'en' : 'fr';
const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const $ = (id) => document.getElementById(id);

const t = translator(STRINGS, () => lang);
/** A count of responses as people read it in the page's language (16 000, 16,000). */
const counted = (n) => new Intl.NumberFormat(lang).format(n);


const state = { core: null, questionnaire: null, doc: null, files: [], aggregate: null, leftOut: [], comparison: null };

const words = () => roomWords(lang);
const isShown = (base) => shown(base, state.aggregate);
const notShown = () => tooFew(state.aggregate, words());
const bar = (label, count, percent, base, options) => barRow(words(), label, count, percent, base, options);

function optionBars(options, base) {
  return el('div', { class: 'bars' }, options.map((o) => bar(o.label, o.count, o.percent, base, { muted: o.dontKnow })));
}

/** The study's "Enjeux ++" chart for one matrix question: per row, the two top answers stacked, their rounded sum. */
function topTwoChart(q) {
  const rows = q.rows.filter((r) => r.topTwo && r.base > 0 && isShown(r.base)).slice().sort((a, b) => (b.topTwo.percent ?? -1) - (a.topTwo.percent ?? -1));
  if (!rows.length) return null;
  const [firstId, secondId] = rows[0].topTwo.options;
  const label = (id) => q.rows[0].options.find((o) => o.id === id)?.label ?? id;
  const figure = el('figure', { class: 'chart top-two' }, [
    el('figcaption', { text: t('challenges', { question: q.text, first: label(firstId), second: label(secondId) }) }),
    el('p', { class: 'legend' }, [
      el('span', { class: 'key first', 'aria-hidden': 'true' }), ` ${label(firstId)}  `,
      el('span', { class: 'key second', 'aria-hidden': 'true' }), ` ${label(secondId)}`,
    ]),
  ]);
  for (const r of rows) {
    const a = r.options.find((o) => o.id === firstId);
    const b = r.options.find((o) => o.id === secondId);
    figure.append(el('div', { class: 'bar-row stacked' }, [
      el('span', { class: 'bar-label', text: r.label }),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill(a.percent, 'first'), fill(b.percent, 'second')]),
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
  if (!isShown(q.base)) {
    section.append(notShown());
    return section;
  }
  if (q.type === 'matrix') {
    section.append(el('p', { class: 'n', text: t('answersN', { n: q.base }) }));
    const chart = topTwoChart(q);
    if (chart) section.append(chart);
    for (const r of q.rows) {
      section.append(el('h4', { text: `${r.label} — ${t('n', { n: counted(r.base) })}` }), isShown(r.base) ? optionBars(r.options, r.base) : notShown());
    }
  } else if (q.type === 'number') {
    section.append(el('p', { class: 'n', text: `${t('answersN', { n: q.base })} · ${t('numberStats', q.stats)}` }));
  } else {
    section.append(el('p', { class: 'n', text: t('answersN', { n: q.base }) }), optionBars(q.options, q.base));
    if (q.topTwo) section.append(el('p', { class: 'n', text: `${t('plus')} ${t('percent', { p: q.topTwo.percent })} (${q.topTwo.count}/${q.base})` }));
  }
  return section;
}

/** Files the page recognised as something other than an export: what they are, what to drop instead. */
function leftOutBlock() {
  if (!state.leftOut.length) return null;
  return el('div', { class: 'problems-box left-out' }, [
    el('h3', { text: t('notExports', { count: state.leftOut.length }) }),
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
  const box = el('div', { class: 'problems-box' }, [el('h3', { text: t('problems', { count }) }), list]);
  if (a.problemsOmitted) box.append(el('p', { text: t('problemsOmitted', { count: a.problemsOmitted }) }));
  return box;
}

/** What was read: the files, what the core kept and left out, and why. Folded below the results. */
function diagnostics(a) {
  const count = a.problems.length + (a.problemsOmitted ?? 0) + state.leftOut.length;
  const files = el('table', { class: 'files' }, [
    el('thead', {}, el('tr', {}, [t('file'), t('read'), t('kept'), t('duplicates')].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, a.input.sources.map((s) => el('tr', {}, [
      el('th', { scope: 'row', text: s.name || `#${s.index}` }),
      el('td', { text: s.readable ? String(s.records) : t('unreadable') }),
      el('td', { text: String(s.accepted) }),
      el('td', { text: String(s.duplicates) }),
    ]))),
  ]);
  return el('details', { class: 'group diagnostics', id: 'diagnostics' }, [
    el('summary', {}, [el('h2', { text: t('diagnostics', { files: a.input.sources.length + state.leftOut.length, count }) })]),
    el('p', { class: 'facts', text: t('inputFacts', { ...a.input, other: a.input.otherQuestionnaire }) }),
    files,
    leftOutBlock(),
    problemsBlock(a),
  ]);
}

function breakdownsSection(a) {
  if (!a.breakdowns.length) return null;
  return el('section', { class: 'group' }, [
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
  ]);
}

function questionsSection(a) {
  return el('details', { class: 'group answers' }, [
    el('summary', {}, [el('h2', { text: t('answersByQuestion', { count: a.questions.length }) })]),
    ...a.questions.map(questionBlock),
  ]);
}

/**
 * The report below the headline, in order: each entry is `(aggregate, context) => node | null`,
 * context = {room (the room view's sections, web/room/room-view.js), doc (the questionnaire),
 * lang, words (the room view's words), shown(base), tooFew()}. A new section is one more entry:
 * a module that exports such a function, imported here.
 */
export const SECTIONS = [
  (a, c) => c.room.challenges,
  (a, c) => c.room.levels,
  (a, c) => c.room.declared,
  (a, c) => c.room.dimensions,
  breakdownsSection,
  crossedSection,  // regards croisés (spread-view.js)
  (a, c) => comparisonSection(state.comparison, c),  // an earlier aggregate beside today's
  questionsSection,
];

function render(a) {
  const report = $('report');
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
  const context = { room: roomSections(a, { doc: state.doc, lang }), doc: state.doc, lang, words: words(), shown: isShown, tooFew: notShown };
  const few = !isShown(a.n) || !a.n;
  const problems = a.problems.length + (a.problemsOmitted ?? 0) + state.leftOut.length;
  const children = [
    el('section', { class: 'summary', 'aria-labelledby': 'summary-title' }, [
      el('h2', { id: 'summary-title', text: t('summary') }),
      el('p', { class: 'big' }, [el('strong', { id: 'n-total', text: t('n', { n: counted(a.n) }) }), ` ${t('respondents')}`]),
      few ? notShown() : null,
      problems ? el('p', { class: 'problems-note' }, [el('a', { href: '#diagnostics', text: t('problemsBelow', { count: problems }) })]) : null,
      few ? null : el('div', { class: 'actions' }, [download, a.benchmarks.length ? withBenchmarks : null]),
      few ? null : el('p', { class: 'hint', text: t('downloadHint') }),
    ]),
    ...(few ? [] : SECTIONS.map((section) => section(a, context))),
    few ? null : el('p', { class: 'rounding', text: a.rounding }),
    diagnostics(a),
  ];
  report.replaceChildren(...children.filter(Boolean));
  report.querySelector('.problems-note a')?.addEventListener('click', () => { $('diagnostics').open = true; });
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
 * download ('resultFile', read as one response), group results downloaded earlier ('earlierAggregate',
 * compared with today's), something that is not JSON ('notJson'); null for anything else (the core
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
    // One file at a time: its bytes go into the core, are read record by record, and are released
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
      // A file's bytes go into the core as they are (no text decoded in the page, no second copy).
      const added = session.addExport(f.name, text ?? await f.arrayBuffer());
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
