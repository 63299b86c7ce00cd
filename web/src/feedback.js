// The instant feedback panel: index and indicative level (and whether the reading is still
// provisional), declared stage, radar, per-dimension bars, levers, insights and benchmark
// statements; and the compact reading bar that keeps it in sight on a phone (level or "n more
// answers", and what the last answer changed). Built once per language, then updated in place from
// each core result (no rebuild, no layout jump). It shows the core's numbers; it never computes a score.
import { h, replace } from './dom.js';
import { formatScore, pick, t } from './i18n.js';
import { createRadar } from './radar.js';

const MAX_LEVERS = 3;

/**
 * `overlay`: {n, values: {dimensionId: median}} from an event's aggregate (benchmark attribute), or null.
 * `lazy`: only the title and the "scoring is loading" note exist at first; the rest (radar, bars,
 * lists) is built by `ensure()`, or by the first update(), setDone() or setPending(false).
 */
export function createFeedback(q, lang, overlay = null, { lazy = false } = {}) {
  const ui = (key, params) => t(lang, key, params);
  const tx = (text) => pick(text, lang, q.languages ?? []);
  const dims = q.dimensions ?? [];

  const plural = (key, n, params) => ui(key + (new Intl.PluralRules(lang).select(n) === 'one' ? 'One' : 'Many'), params);
  const title = h('h3', { class: 'feedback-title', id: 'feedback-title', tabindex: '-1', text: ui('feedbackTitle') });
  // Phones: the panel sits below the form; this bar stays in sight at the bottom of the form and leads to it.
  const barMain = h('span', { class: 'bar-main' });
  const barChange = h('span', { class: 'bar-change' });
  const bar = h('button', { type: 'button', class: 'reading-bar', part: 'reading-bar' }, [
    h('span', { class: 'bar-text' }, [barMain, barChange]), h('span', { class: 'bar-open', text: ui('barOpen') }),
  ]);
  // Before the core's first result (progressive start): a calm note instead of empty figures.
  const pendingNote = h('p', { class: 'pending-note', role: 'status', hidden: true, text: ui('scoringLoading') });
  // Phones: after the panel, the way back to the question being answered.
  const back = h('button', { type: 'button', class: 'button secondary panel-back', text: ui('backToQuestions') });
  // tabindex: beside the form the panel scrolls inside itself (bounded height), by keyboard too.
  const node = h('aside', { class: 'feedback', part: 'feedback', 'aria-labelledby': 'feedback-title', tabindex: '0' }, [title, pendingNote, back]);
  let pending = false;
  let parts = null;
  const shown = new Map();

  function ensure() {
    if (parts) return parts;
    parts = buildParts();
    pendingNote.before(...parts.blocks);
    if (pending) for (const b of parts.blocks) { shown.set(b, b.hidden); b.hidden = true; }
    return parts;
  }

  function buildParts() {
    const indexValue = h('span', { class: 'index-value', part: 'index' });
    const levelBadge = h('span', { class: 'level-badge', part: 'level' });
    const noneNote = h('span', { class: 'index-none', text: ui('noIndex') });
    const interpretation = h('p', { class: 'interpretation' });
    // Provisional reading: what the index rests on so far (the core decides, README § Scoring).
    const reading = h('p', { class: 'reading-note', part: 'reading', hidden: true });
    const scoreCard = h('div', { class: 'score-card', part: 'score' }, [
      indexValue,
      h('div', { class: 'index-meta' }, [h('span', { class: 'index-label', text: ui('index') }), levelBadge, noneNote]),
      reading,
      interpretation,
      h('p', { class: 'indicative', text: ui('indicative') }),
    ]);

    const declaredLabel = h('strong');
    const declaredMessage = h('span');
    const declared = h('div', { class: 'declared', part: 'declared', hidden: true }, [
      h('h4', { text: ui('declaredTitle') }), declaredLabel, declaredMessage,
    ]);

    const radar = createRadar({ labels: dims.map((d) => tx(d.label)), title: ui('radarTitle') });
    const tableBody = h('tbody');
    const table = h('table', { class: 'sr-only' }, [
      h('caption', { text: ui('tableCaption') }),
      h('thead', {}, h('tr', {}, [
        h('th', { scope: 'col', text: ui('colDimension') }), h('th', { scope: 'col', text: ui('colScore') }),
        h('th', { scope: 'col', text: ui('colAnswered') }),
        // (no overlay in the participant page's script: element.js)
        (typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && overlay ? h('th', { scope: 'col', text: ui('colOverlay') }) : null,
      ])),
      tableBody,
    ]);
    const overlayValues = dims.map((d) => (overlay && typeof overlay.values[d.id] === 'number' ? overlay.values[d.id] : null));
    const tableRows = dims.map((d, i) => {
      const score = h('td');
      const answered = h('td');
      const reference = (typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && overlay ? h('td', { text: overlayValues[i] === null ? '—' : formatScore(lang, overlayValues[i]) }) : null;
      tableBody.append(h('tr', {}, [h('th', { scope: 'row', text: tx(d.label) }), score, answered, reference]));
      return { score, answered };
    });
    const earlierKey = h('span', { class: 'legend-item', hidden: true }, [h('span', { class: 'key earlier' }), h('span')]);
    const legend = h('p', { class: 'radar-legend', 'aria-hidden': 'true', hidden: !overlay }, [
      h('span', { class: 'legend-item' }, [h('span', { class: 'key you' }), ui('you')]),
      (typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && overlay ? h('span', { class: 'legend-item' }, [h('span', { class: 'key reference' }), ui('overlayLegend', { n: overlay.n ?? '?' })]) : null,
      earlierKey,
    ]);

    const dimItems = dims.map((d, i) => {
      const score = h('span', { class: 'dim-score' });
      const fill = h('div', { class: 'dim-fill' });
      const marker = overlayValues[i] === null ? null : h('div', { class: 'dim-marker' });
      if (marker) marker.style.left = `${Math.max(0, Math.min(100, overlayValues[i]))}%`;
      const note = h('span', { class: 'dim-note' });
      const li = h('li', { class: 'dim', part: 'dimension', 'data-dimension': d.id, 'aria-hidden': 'true' }, [
        h('span', { class: 'dim-name', text: tx(d.label) }), score,
        h('div', { class: 'dim-bar' }, [fill, marker]), note,
      ]);
      return { li, score, fill, note };
    });

    const levers = h('ul', { class: 'list', part: 'levers' });
    const leversEmpty = h('p', { class: 'empty-note', text: ui('leversEmpty') });
    const insights = h('ul', { class: 'list', part: 'insights' });
    const insightsBlock = h('section', { class: 'block', hidden: true }, [h('h4', { text: ui('insights') }), insights]);
    const benchmarks = h('ul', { class: 'list compact', part: 'benchmarks' });
    const benchmarkSource = h('p', { class: 'source' });
    const benchmarksBlock = h('section', { class: 'block', hidden: true }, [h('h4', { text: ui('benchmarks') }), benchmarks, benchmarkSource]);

    // Two groups: the reading (score, perception, dimensions) and what to do with it (levers,
    // insights, reference points); side by side on the final screen, never split inside.
    const blocks = [
      h('div', { class: 'panel-reading' }, [
        scoreCard,
        declared,
        h('section', { class: 'block dims-block' }, [
          h('h4', { text: ui('dimensions') }),
          h('figure', { class: 'block' }, [radar.node, legend, table]),
          h('ul', { class: 'dims' }, dimItems.map((d) => d.li)),
        ]),
      ]),
      h('div', { class: 'panel-next' }, [
        h('section', { class: 'block levers-block' }, [h('h4', { text: ui('levers') }), leversEmpty, levers]),
        insightsBlock,
        benchmarksBlock,
      ]),
    ];
    return {
      blocks, indexValue, levelBadge, noneNote, interpretation, reading, declared, declaredLabel, declaredMessage, radar,
      overlayValues, tableRows, dimItems, levers, leversEmpty, insights, insightsBlock, benchmarks, benchmarkSource, benchmarksBlock,
      legend, earlierKey,
    };
  }

  function setPending(on) {
    if (on === pending) return;
    pending = on;
    pendingNote.hidden = !on;
    bar.hidden = on;
    node.classList.toggle('is-pending', on);
    if (!parts) { if (!on) ensure(); return; } // built now: the blocks keep their own initial state
    for (const b of parts.blocks) {
      if (on) { shown.set(b, b.hidden); b.hidden = true; } else b.hidden = shown.get(b) ?? false;
    }
  }

  let emptyKey = 'feedbackEmpty';
  let last = null;
  let lastValues = null;

  /**
   * No index yet: "at least n more answers for an overall reading" (the core's count, from the
   * questions visible now) or "not enough answers yet"; a provisional index: what it rests on; else ''.
   */
  function readingText(result) {
    const r = result?.reading;
    const more = r?.moreAnswers > 0 ? plural('moreAnswers', r.moreAnswers, { n: r.moreAnswers }) : '';
    if (typeof result?.index !== 'number') return more || ui('noIndex');
    if (!r?.provisional) return '';
    const rests = plural('provisionalRests', r.dimensionsScored, { scored: r.dimensionsScored, dimensions: r.dimensions, needed: r.dimensionsNeeded });
    return more ? `${rests} ${more}.` : rests;
  }

  /** What the last answer changed: the dimension that moved most ("Actions 42 → 50"), or that nothing moved. */
  function changeText(values) {
    let best = -1;
    let size = 0;
    values.forEach((v, i) => {
      const before = lastValues[i];
      if (v === before) return;
      const moved = v === null || before === null ? 101 : Math.abs(v - before);
      if (moved > size) { size = moved; best = i; }
    });
    if (best < 0) return ui('lastNoChange');
    return ui('lastChange', { label: tx(dims[best].label), from: formatScore(lang, lastValues[best]), to: formatScore(lang, values[best]) });
  }

  /** Shows `result`; `answered`: it follows an answer (the bar then says what that answer changed). */
  function update(result, { answered = false } = {}) {
    const {
      indexValue, levelBadge, noneNote, interpretation, reading, declared, declaredLabel, declaredMessage, radar,
      overlayValues, tableRows, dimItems, levers, leversEmpty, insights, insightsBlock, benchmarks, benchmarkSource, benchmarksBlock,
    } = ensure();
    last = result;
    const hasIndex = typeof result?.index === 'number';
    const provisional = hasIndex && Boolean(result.reading?.provisional);
    indexValue.textContent = hasIndex ? formatScore(lang, result.index) : '';
    indexValue.hidden = !hasIndex;
    noneNote.hidden = hasIndex;
    noneNote.textContent = readingText(result);
    indexValue.classList.toggle('none', !hasIndex);
    levelBadge.textContent = hasIndex && result.level ? result.level.label : '';
    interpretation.textContent = hasIndex && result.level ? result.level.interpretation ?? '' : ui(emptyKey);
    reading.hidden = !provisional;
    replace(reading, provisional ? [h('strong', { text: ui('provisionalTitle') }), ' ', readingText(result)] : []);
    node.classList.toggle('is-provisional', provisional);

    const d = result?.declared;
    declared.hidden = !d;
    if (d) {
      declaredLabel.textContent = ui('declaredLabel', { label: d.label ?? '' });
      // While the reading is provisional the core compares nothing (agrees and message are null).
      declaredMessage.textContent = d.message ?? (d.agrees === null || d.agrees === undefined ? ui('declaredLater') : '');
      declared.classList.toggle('disagree', d.agrees === false);
      declared.classList.toggle('undecided', d.agrees !== true && d.agrees !== false);
    }

    const byId = new Map((result?.dimensions ?? []).map((x) => [x.id, x]));
    const values = dims.map((dim) => {
      const r = byId.get(dim.id);
      return r && r.status === 'ok' && typeof r.score === 'number' ? r.score : null;
    });
    radar.update(values, overlay ? overlayValues : null);
    const summary = [];
    dims.forEach((dim, i) => {
      const r = byId.get(dim.id);
      const ok = values[i] !== null;
      const item = dimItems[i];
      const label = r?.label ?? tx(dim.label);
      item.li.classList.toggle('insufficient', !ok);
      const answered = r ? ui('answeredItems', { answered: r.answered, items: r.items }) : '';
      item.score.textContent = ok ? formatScore(lang, values[i]) : '—';
      item.fill.style.width = ok ? `${Math.max(0, Math.min(100, values[i]))}%` : '0';
      item.note.textContent = ok ? answered : `${ui('notEnough')} · ${answered}`;
      tableRows[i].score.textContent = ok ? formatScore(lang, values[i]) : ui('notEnough');
      tableRows[i].answered.textContent = answered;
      summary.push(`${label} ${ok ? formatScore(lang, values[i]) : ui('notEnough')}`);
    });
    radar.setDescription(ui('radarDesc', { summary: summary.join(' ; ') }));
    barMain.textContent = hasIndex
      ? [result.level?.label, formatScore(lang, result.index), provisional ? ui('provisionalTitle') : null].filter(Boolean).join(' · ')
      : readingText(result);
    // Nothing scored yet: the main line ("n more answers…") already says what the answer did.
    barChange.textContent = answered && lastValues && (hasIndex || values.some((v) => v !== null)) ? changeText(values) : '';
    lastValues = values;

    const labelOf = (id) => byId.get(id)?.label ?? tx(dims.find((x) => x.id === id)?.label);
    const recs = (result?.recommendations ?? []).slice(0, MAX_LEVERS);
    replace(levers, recs.map((r) => h('li', { 'data-dimension': r.dimension }, [
      h('span', { class: 'tag', text: labelOf(r.dimension) }), h('span', { text: r.text }),
    ])));
    leversEmpty.hidden = recs.length > 0;

    const ins = result?.insights ?? [];
    // Titles first; the explanation opens on demand (a native disclosure, keyboard-ready).
    const open = new Set([...insights.querySelectorAll('details[open]')].map((d) => d.parentNode.dataset.insight));
    replace(insights, ins.map((x) => h('li', { 'data-insight': x.id }, h('details', { open: open.has(x.id) }, [
      h('summary', { text: x.title ?? '' }), h('p', { text: x.text ?? '' }),
    ]))));
    insightsBlock.hidden = ins.length === 0;

    const bench = result?.benchmarks ?? [];
    // One source line when every statement shares it (the usual case), else one per statement.
    const sources = [...new Set(bench.map((b) => b.source).filter(Boolean))];
    replace(benchmarks, bench.map((b) => h('li', { 'data-benchmark': b.id }, [
      h('span', { text: b.text ?? '' }),
      sources.length > 1 && b.source ? h('span', { class: 'source', text: ui('benchmarkSource', { source: b.source }) }) : null,
    ])));
    benchmarkSource.textContent = sources.length === 1 ? ui('benchmarkSource', { source: sources[0] }) : '';
    benchmarkSource.hidden = sources.length !== 1;
    benchmarksBlock.hidden = bench.length === 0;
  }

  /** The final screen: the panel becomes the summary (no "as you go" wording). */
  function setDone() {
    emptyKey = 'doneEmpty';
    title.textContent = ui('summary');
    update(last);
  }

  /** An earlier result's scores by dimension id drawn on the radar (dotted, with `key` in the legend), or none (null). */
  function setEarlier(byId, key) {
    const { radar, legend, earlierKey } = ensure();
    radar.setPrevious(byId && dims.map((d) => byId[d.id] ?? null));
    earlierKey.hidden = !byId;
    earlierKey.lastChild.textContent = key ?? '';
    legend.hidden = !byId && !overlay;
  }

  if (!lazy) ensure();
  return { node, bar, title, update, setDone, setPending, ensure, setEarlier };
}

/** The sentence the live region announces for a result, or '' when nothing is worth announcing. */
export function liveMessage(lang, result) {
  if (!result) return '';
  if (typeof result.index !== 'number' || !result.level) return t(lang, 'liveNone');
  return t(lang, 'live', { level: result.level.label, index: formatScore(lang, result.index) });
}
