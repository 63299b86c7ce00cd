// "Compare with an earlier result" on the widget's final screen (docs/COMPARE.md): the earlier
// result comes from a file the person downloaded before ({record, result}) or from the copy kept
// on this device when they asked for it; the core compares (CatalyseCore.compare), this module
// only draws its answer and keeps or erases the copy.
// Loaded only when the final screen shows (the widget's bundle stays as it was for the form): it
// imports nothing, and gets the widget's own helpers (`kit`) from done.js, so the shipped file
// (web/dist/compare.js) holds this module alone, with its words and its styles.

const WORDS = {
  fr: {
    compareTitle: 'Comparer avec un résultat précédent',
    compareIntro: 'Choisissez le fichier de résultat téléchargé la dernière fois (JSON) : la comparaison se fait sur cet appareil, rien n’est envoyé.',
    compareFile: 'Choisir un fichier de résultat',
    compareKept: 'Comparer avec le résultat gardé ({month})',
    keepResult: 'Garder mon résultat sur cet appareil',
    keepNote: 'Pour le comparer la prochaine fois. Décochez pour l’effacer.',
    keptNote: 'Votre résultat est gardé sur cet appareil. Décochez pour l’effacer.',
    keepUnavailable: 'Ce navigateur ne permet pas de garder votre résultat : téléchargez-le plutôt.',
    comparing: 'Comparaison…',
    compareRefused: 'Ce fichier ne peut pas être comparé :',
    compareUnavailable: 'La comparaison n’a pas pu être chargée ({reason}). Vérifiez la connexion, puis réessayez.',
    comparisonTitle: 'Évolution depuis le résultat précédent',
    colDimension: 'Dimension',
    colEarlier: 'Avant',
    colNow: 'Maintenant',
    colChange: 'Évolution',
    formerly: 'auparavant « {label} »',
    index: 'Indice de maturité',
    earlierLegend: 'Résultat précédent',
  },
  en: {
    compareTitle: 'Compare with an earlier result',
    compareIntro: 'Choose the result file you downloaded last time (JSON): the comparison is made on this device, nothing is sent.',
    compareFile: 'Choose a result file',
    compareKept: 'Compare with the result kept ({month})',
    keepResult: 'Keep my result on this device',
    keepNote: 'To compare with it next time. Untick to erase it.',
    keptNote: 'Your result is kept on this device. Untick to erase it.',
    keepUnavailable: 'This browser cannot keep your result: download it instead.',
    comparing: 'Comparing…',
    compareRefused: 'This file cannot be compared:',
    compareUnavailable: 'The comparison could not be loaded ({reason}). Check the connection, then try again.',
    comparisonTitle: 'Change since the earlier result',
    colDimension: 'Dimension',
    colEarlier: 'Before',
    colNow: 'Now',
    colChange: 'Change',
    formerly: 'formerly “{label}”',
    index: 'Maturity index',
    earlierLegend: 'Earlier result',
  },
};

/** The panel's styles, added to the widget's shadow root beside its own sheet. */
export const COMPARE_CSS = `
.radar .previous { fill: none; stroke: var(--_muted); stroke-width: 2; stroke-dasharray: 2 3; }
.radar-legend .key.earlier { border-top: 2px dotted var(--_muted); }
.compare { min-width: 0; max-width: 100%; }
.compare .keep { display: flex; gap: 0.5em; align-items: center; min-height: 2.75em; }
.compare-scroll { overflow-x: auto; max-width: 100%; }
.compare-table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
.compare-table th, .compare-table td { text-align: start; padding: 0.35em 0.3em; border-bottom: 1px solid var(--_border); vertical-align: top; overflow-wrap: break-word; }
.compare-table thead th { font-size: 0.85em; }
.compare-table td { font-variant-numeric: tabular-nums; }
.compare-table .not-compared .change { color: var(--_muted); font-size: 0.9em; }
.compare-table .was { font-weight: 400; color: var(--_muted); }
`;

/** The comparing core's file, beside the widget's core (scripts/build.sh copies it to web/generated/). */
export const COMPARE_CORE = new URL('../generated/catalyse-compare.wasm', import.meta.url);

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

let comparing = null;  // the comparing core, once per page (again after a failed download)

/**
 * Fills `slot` with the comparison panel and adds the panel's styles to its shadow root. `kit`: the
 * widget's {h, replace, translator, localiseIssues, whenCoreMessages, loadCompareCore}.
 * `current`: this result's {record, result}; `onEarlier(values, key)` draws the earlier scores on
 * the radar (by dimension id; null to take them away) with `key`, the legend's words.
 */
export function fillComparePanel(slot, kit, { lang, storage, id, slot: widgetSlot, current, onEarlier }) {
  const { h, replace, localiseIssues, whenCoreMessages } = kit;
  // Scores to one decimal, as the core gives them, so that a change reads as the difference of the two.
  const decimal = new Intl.NumberFormat(lang === 'en' ? 'en' : 'fr', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const formatScore = (_, x) => decimal.format(x);
  const ui = kit.translator(WORDS, () => lang);
  const key = keptKey(id, widgetSlot);
  const root = slot.getRootNode();
  if (root.adoptedStyleSheets && !root.adoptedStyleSheets.some((x) => x.compare)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(COMPARE_CSS);
    sheet.compare = true;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  const compare = (earlier) => {
    comparing ??= kit.loadCompareCore(COMPARE_CORE).catch((err) => { comparing = null; throw err; });
    return comparing.then((core) => core.compare(earlier, current.result, lang));
  };
  const signed = (x) => {
    const text = formatScore(lang, Math.abs(x));
    return x > 0 ? `+${text}` : x < 0 ? `−${text}` : text;
  };
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
      h('td', { class: 'change', text: item.comparable ? signed(item.change) : why(item) }),
    ]);
    replace(output, [
      h('h5', { id: 'comparison-title', text: ui('comparisonTitle') }),
      ...c.notes.map((n) => h('p', { class: 'notice', text: localiseIssues([n], lang)[0].message })),
      h('div', { class: 'compare-scroll' }, h('table', { class: 'compare-table', 'aria-labelledby': 'comparison-title' }, [
        h('thead', {}, h('tr', {}, [
          h('th', { scope: 'col', text: ui('colDimension') }), h('th', { scope: 'col', text: ui('colEarlier') }),
          h('th', { scope: 'col', text: ui('colNow') }), h('th', { scope: 'col', text: ui('colChange') }),
        ])),
        h('tbody', {}, [
          ...c.dimensions.map((d) => row(d.label, d, d.earlierLabel ? h('span', { class: 'was', text: ` (${ui('formerly', { label: d.earlierLabel })})` }) : null)),
          row(ui('index'), c.index),
        ]),
      ])),
    ]);
    onEarlier(Object.fromEntries(c.dimensions.filter((d) => d.comparable).map((d) => [d.id, d.earlier])), ui('earlierLegend'));
  }

  async function run(text) {
    replace(output, h('p', { class: 'status', text: ui('comparing') }));
    try {
      show(await compare(text));
    } catch (err) {
      onEarlier(null);
      replace(output, h('p', { class: 'notice warn', role: 'alert', text: ui('compareUnavailable', { reason: err?.message ?? String(err) }) }));
    }
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

  return replace(slot, h('section', { class: 'block compare', part: 'compare', 'aria-labelledby': 'compare-title' }, [
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
  ]));
}
