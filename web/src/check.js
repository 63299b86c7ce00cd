// "Before you finish": when the answers are thin, the widget says where before finishing (the steps
// shown with fewer than half of their visible questions answered, the dimensions the core could not
// score) and offers to complete a step or to finish anyway.
import { h } from './dom.js';
import { pick, t } from './i18n.js';

/**
 * Where the answers are thin: {sections: [{i, total, answered}] among the `navigable` sections'
 * indexes, dimensions: the core's dimensions not scored}. `result` is the core's latest result,
 * `sections` the form's.
 */
export function thinAnswers(result, sections, navigable, answers) {
  const visible = new Set(result.visible ?? []);
  const thin = navigable.map((i) => {
    const ids = sections[i].questionIds.filter((id) => visible.has(id));
    return { i, total: ids.length, answered: ids.filter((id) => answers[id] !== undefined).length };
  }).filter((s) => s.total && s.answered * 2 < s.total);
  return { sections: thin, dimensions: (result.dimensions ?? []).filter((d) => d.status !== 'ok') };
}

/**
 * The check's panel for `thin` (thinAnswers) in `lang`, the steps named from questionnaire `doc`;
 * `onSection(i)` opens step i. Its heading comes first.
 */
export function checkPanel({ sections, dimensions }, doc, lang, onSection) {
  const ui = (key, params) => t(lang, key, params);
  const heading = h('h3', { tabindex: '-1', text: ui('checkTitle') });
  const titleOf = (i) => pick(doc.sections[i].title, lang, doc.languages);
  const node = h('section', { class: 'check', part: 'check', 'aria-labelledby': 'check-title' }, [
    heading,
    h('p', { text: ui('checkIntro') }),
    sections.length ? h('h4', { text: ui('checkSections') }) : null,
    sections.length ? h('ul', { class: 'check-list' }, sections.map((s) => h('li', {}, [
      h('span', { text: ui('checkSection', { title: titleOf(s.i), answered: s.answered, total: s.total }) }),
      h('button', { type: 'button', class: 'button secondary', 'data-section': s.i, text: ui('checkComplete'), onclick: () => onSection(s.i) }),
    ]))) : null,
    dimensions.length ? h('h4', { text: ui('checkDimensions') }) : null,
    dimensions.length ? h('ul', { class: 'check-dims' }, dimensions.map((d) => h('li', { text: `${d.label} (${ui('answeredItems', { answered: d.answered, items: d.items })})` }))) : null,
  ]);
  heading.id = 'check-title';
  return node;
}
