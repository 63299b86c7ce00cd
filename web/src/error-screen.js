// The widget's error screen (the questionnaire refused, or the scoring engine unable to start), and
// the list of problems it and the benchmark notice show: each problem's place (a JSON pointer) as
// code, then its message, in the person's language.
import { h } from './dom.js';
import { t } from './i18n.js';

/** A list of `issues` ({path, message}, already in the person's language). */
export function issueList(issues) {
  return h('ul', {}, issues.map((e) => h('li', {}, [
    e.path ? h('code', { text: e.path }) : null, e.path ? ' ' : null, String(e.message ?? ''),
  ])));
}

/**
 * The error screen listing `issues` (the core's or the loader's, in language `ui`); `kind` 'core':
 * the scoring engine could not start (the questionnaire is not at fault).
 */
export function errorScreen(issues, kind, ui) {
  return h('div', { class: 'error', part: 'error', role: 'alert', 'data-error': kind }, [
    h('h2', { text: t(ui, 'errorTitle') }),
    h('p', { text: t(ui, kind === 'core' ? 'errorCoreIntro' : 'errorIntro') }),
    issueList(issues),
  ]);
}
