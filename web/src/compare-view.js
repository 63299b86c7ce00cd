// "Compare with an earlier result" on the widget's final screen (docs/COMPARE.md): the earlier
// result comes from a file the person downloaded before ({record, result}) or from the copy kept
// on this device when they asked for it; the core compares (CatalyseCore.compare), this module
// only draws its answer and keeps or erases the copy.
import { h, replace } from './dom.js';
import { localiseIssues, whenCoreMessages } from './core-messages.js';
import { formatScore, t } from './i18n.js';

export const KEPT_PREFIX = 'catalyse:result:';

/** localStorage key of the result kept for a questionnaire (and a widget's slot, as resume keys). */
export function keptKey(questionnaireId, slot = '') {
  return KEPT_PREFIX + questionnaireId + (slot ? `#${slot}` : '');
}

/** The kept {record, result}, or null (none, unreadable, or storage refused). */
export function loadKept(storage, key) {
  try {
    const doc = JSON.parse(storage.getItem(key) ?? 'null');
    return doc && doc.result?.format === 'catalyse-result/1' && doc.record ? doc : null;
  } catch {
    return null;
  }
}

/** Keeps {record, result} (true when stored), or erases it (`doc` null). */
export function storeKept(storage, key, doc) {
  try {
    if (doc) storage.setItem(key, JSON.stringify({ record: doc.record, result: doc.result }));
    else storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/** A signed change, "+12,5" / "−3,0" / "0,0", in the page's number format. */
function signed(lang, x) {
  const text = formatScore(lang, Math.abs(x));
  return x > 0 ? `+${text}` : x < 0 ? `−${text}` : text;
}

/**
 * The comparison panel. `compare(earlierText)` resolves to the core's answer; `onEarlier(values)`
 * draws the earlier scores on the radar (by dimension id; null to take them away).
 */
export function createComparePanel({ lang, storage, key, current, compare, onEarlier }) {
  const ui = (k, p) => t(lang, k, p);
  const output = h('div', { class: 'comparison', part: 'comparison', 'aria-live': 'polite' });
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'sr-only', id: 'compare-file' });
  const stored = loadKept(storage, key);
  const keptNow = stored?.record?.id === current.record.id;  // this result is the one kept
  const kept = keptNow ? null : stored;
  const keep = h('input', { type: 'checkbox', id: 'keep-result', part: 'keep-result', checked: keptNow });
  const keepNote = h('p', { class: 'hint', id: 'keep-note', text: ui('keepNote') });
  keep.setAttribute('aria-describedby', 'keep-note');

  function show(answer) {
    // The widget's core words its messages in English: in French they are worded again once the catalog is here.
    const c = answer.comparison;
    whenCoreMessages(answer.ok ? [...c.notes, ...[...c.dimensions, c.index].map((d) => d.reason).filter(Boolean)] : answer.errors, lang, () => show(answer));
    if (!answer.ok) {
      onEarlier(null);
      replace(output, h('div', { class: 'notice warn', role: 'alert' }, [
        h('p', { text: ui('compareRefused') }),
        h('ul', {}, localiseIssues(answer.errors ?? [], lang).map((e) => h('li', { text: e.message }))),
      ]));
      return;
    }
    const why = (item) => (item.reason ? localiseIssues([item.reason], lang)[0].message : '');
    const cell = (x) => (typeof x === 'number' ? formatScore(lang, x) : '—');
    const row = (label, item, extra = null) => h('tr', { class: item.comparable ? '' : 'not-compared' }, [
      h('th', { scope: 'row' }, [label, extra]),
      h('td', { text: cell(item.earlier) }),
      h('td', { text: cell(item.later) }),
      h('td', { class: 'change', text: item.comparable ? signed(lang, item.change) : why(item) }),
    ]);
    replace(output, [
      h('h5', { id: 'comparison-title', text: ui('comparisonTitle') }),
      ...c.notes.map((n) => h('p', { class: 'notice', text: localiseIssues([n], lang)[0].message })),
      h('table', { class: 'compare-table', 'aria-labelledby': 'comparison-title' }, [
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: ui('colDimension') }), h('th', { scope: 'col', text: ui('colEarlier') }),
          h('th', { scope: 'col', text: ui('colNow') }), h('th', { scope: 'col', text: ui('colChange') }),
        ])),
        h('tbody', {}, [
          ...c.dimensions.map((d) => row(d.label, d, d.earlierLabel ? h('span', { class: 'was', text: ` (${ui('formerly', { label: d.earlierLabel })})` }) : null)),
          row(ui('index'), c.index),
        ]),
      ]),
    ]);
    onEarlier(Object.fromEntries(c.dimensions.filter((d) => d.comparable).map((d) => [d.id, d.earlier])));
  }

  async function run(text) {
    replace(output, h('p', { class: 'status', text: ui('comparing') }));
    show(await compare(text));
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) await run(await file.text());
  });
  keep.addEventListener('change', () => {
    const ok = storeKept(storage, key, keep.checked ? current : null);
    keepNote.textContent = ui(!ok ? 'keepUnavailable' : keep.checked ? 'keptNote' : 'keepNote');
  });

  return h('section', { class: 'block compare', part: 'compare', 'aria-labelledby': 'compare-title' }, [
    h('h4', { id: 'compare-title', text: ui('compareTitle') }),
    h('p', { text: ui('compareIntro') }),
    h('div', { class: 'actions' }, [
      h('label', { class: 'button secondary', for: 'compare-file', part: 'button compare-file', text: ui('compareFile') }),
      fileInput,
      kept ? h('button', {
        type: 'button', class: 'button secondary', part: 'button compare-kept',
        text: ui('compareKept', { month: kept.record.completed ?? '' }), onclick: () => run(JSON.stringify(kept)),
      }) : null,
    ]),
    h('label', { class: 'keep' }, [keep, ` ${ui('keepResult')}`]),
    keepNote,
    output,
  ]);
}
