// The widget's final screen: what to keep (the summary, printed or saved as a PDF by the browser:
// nothing is sent; the JSON, for comparing later), "compare with an earlier result", the steps to
// reopen, and erasing (which asks first). A kiosk's says the response is recorded and offers a new one.
import { localiseIssues, whenCoreMessages } from './core-messages.js';
import { h, replace } from './dom.js';
import { pick, t, translator } from './i18n.js';
import { getCompare, loadCompareCore } from './sources.js';

/**
 * The final screen in `lang`, its heading first: `kind` 'kiosk' (a kiosk's), 'result' (a result
 * view: the summary of given answers only) or 'self'; `result` the core's latest; `handedOver`: the
 * response went to the page's submitHandler (where it is kept is the page's to say); `nav`: the
 * indexes of the sections to reopen, among the form's `sections` and questionnaire `doc`'s. Then
 * the element's actions: `reset()`, `download()`, `compare()` (the comparison's place, a node),
 * `reopen(i)`, `erase()`.
 */
export function doneScreen(lang, kind, result, handedOver, nav, sections, doc, reset, download, compare, reopen, erase) {
  const ui = (key, params) => t(lang, key, params);
  const heading = h('h3', { tabindex: '-1', text: ui('doneTitle') });
  const month = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric' }).format(new Date());
  const print = (primary) => h('button', { type: 'button', class: primary ? 'button' : 'button secondary', part: 'button print', text: ui(primary ? 'printSynthesis' : 'print'), onclick: () => window.print() });
  const resultView = kind === 'result';
  let body;
  if ((typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && kind === 'kiosk') { // (not in the participant page's script: element.js)
    body = [
      h('p', { text: ui('doneKiosk') }),
      h('div', { class: 'actions' }, [print(false), h('button', { type: 'button', class: 'button', part: 'button restart', text: ui('newResponse'), onclick: reset })]),
    ];
  } else {
    const dims = result.dimensions ?? [];
    const scored = dims.filter((d) => d.status === 'ok').length;
    const thin = typeof result.index !== 'number' ? ui('doneNone')
      : (result.reading?.provisional || scored < dims.length) ? ui('doneThin', { scored, dimensions: dims.length }) : null;
    body = [
      thin ? h('p', { class: 'notice warn', part: 'done-thin', text: thin }) : null,
      h('p', { class: 'screen-only', text: resultView ? ui('doneResult') : handedOver ? ui('doneKeep') : `${ui('doneSelf')} ${ui('doneKeep')}` }),
      h('div', { class: 'actions' }, [
        print(true),
        h('button', { type: 'button', class: 'button secondary', part: 'button download', text: ui('download'), onclick: download }),
      ]),
      resultView ? null : compare(),
      nav.length === 0 ? null : h('nav', { class: 'reopen', 'aria-labelledby': 'reopen-title' }, [
        h('h4', { id: 'reopen-title', text: ui('reopenTitle') }),
        h('ul', {}, nav.map((i, n) => h('li', {}, h('button', {
          type: 'button', class: 'erase', part: 'button reopen', 'data-section': sections[i].id,
          text: ui('reopen', { n: n + 1, title: pick(doc.sections[i].title, lang, doc.languages) }),
          onclick: () => reopen(i),
        })))),
      ]),
      resultView ? null : h('p', { class: 'restart' }, h('button', { type: 'button', class: 'erase', part: 'button restart', text: ui('eraseRestart'), onclick: erase })),
    ];
  }
  return h('div', { class: 'done', part: 'done' }, [
    heading,
    // Printed, the summary opens with what it is and when it was made.
    h('p', { class: 'print-only synthesis-of', text: ui('synthesisOf', { month }) }),
    ...body,
    h('p', { class: 'status', text: ui('completedOn', { month }) }),
  ]);
}

/** "Compare with an earlier result" (compare-view.js, loaded now): a place on the final screen that its panel fills with `options`. */
export function comparePanel(options) {
  const slot = h('div');
  getCompare().then((m) => slot.isConnected && m.fillComparePanel(slot, {
    h, replace, translator, localiseIssues, whenCoreMessages, loadCompareCore,
  }, options), () => slot.remove()); // not reachable (offline): the rest of the final screen stands
  return slot;
}

/** Saves `doc` as the JSON file `name`, through a link placed in `parent` for the time of the click. */
export function saveJson(doc, name, parent) {
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  parent.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
