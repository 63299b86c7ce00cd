// The participant page's plain form: the event server writes the questionnaire's first section
// as an ordinary form inside <catalyse-survey>'s light DOM (server/event_page.cpp), so that the
// first question is answerable as soon as the HTML is there. When the widget starts, its shadow
// root (without a slot) hides that form; handOver() then gives the widget what the person did in
// it: the answers (the widget's `answers`), the control they were in (`focusQuestion`, or
// `focusIntro` for the intro's "more" button) and the intro opened (`intro-open`), and removes the form. Each question of the form is marked data-question (its id) and data-type; a
// matrix row data-row.

/** The plain form's "read the introduction" opens and closes its intro (cut to two lines on a phone), as the widget's does. */
export function introToggle(form) {
  const more = form?.querySelector('.intro-more');
  more?.addEventListener('click', () => more.setAttribute('aria-expanded', String(form.querySelector('.intro').classList.toggle('open'))));
}

/** The answers given in the plain form `form`, by question id (docs/FORMAT.md §2). */
export function fallbackAnswers(form) {
  const answers = {};
  for (const question of form.querySelectorAll('[data-question]')) {
    const id = question.dataset.question;
    const checked = (scope) => [...scope.querySelectorAll('input:checked')].map((input) => input.value);
    let value;
    switch (question.dataset.type) {
      case 'single':
      case 'scale':
        [value] = checked(question);
        break;
      case 'multiple':
        value = checked(question);
        if (!value.length) value = undefined;
        break;
      case 'matrix': {
        const rows = {};
        for (const row of question.querySelectorAll('[data-row]')) {
          const [chosen] = checked(row);
          if (chosen !== undefined) rows[row.dataset.row] = chosen;
        }
        if (Object.keys(rows).length) value = rows;
        break;
      }
      case 'number': {
        const text = question.querySelector('input')?.value.trim() ?? '';
        if (text !== '' && Number.isFinite(Number(text))) value = Number(text);
        break;
      }
      case 'text': {
        const text = question.querySelector('textarea')?.value ?? '';
        if (text !== '') value = text;
        break;
      }
      default:
    }
    if (value !== undefined) answers[id] = value;
  }
  return answers;
}

/**
 * The control of the plain form that has the focus, as {id, row, option}, or {intro: true} for the
 * intro's "more" button; null when none has.
 */
export function fallbackFocus(form, active = document.activeElement) {
  if (!active || !form.contains(active)) return null;
  if (active.classList.contains('intro-more')) return { intro: true };
  const question = active.closest('[data-question]');
  if (!question) return null;
  return {
    id: question.dataset.question,
    row: active.closest('[data-row]')?.dataset.row,
    option: active.type === 'radio' || active.type === 'checkbox' ? active.value : undefined,
  };
}

/**
 * Hands `survey`'s plain form over to the widget as its element is defined: in the same task as
 * the upgrade, before the page is painted again, so nothing the person does can fall between the
 * two. The answers given so far become the widget's (its `answers` setter keeps them for the form
 * it is about to draw, or sets them on the form already drawn), the focus follows, an intro the
 * person opened stays open (`intro-open`), and the form is removed. Resolves with {answers, focus},
 * or null when there is no plain form.
 */
export function handOver(survey) {
  const form = survey?.querySelector(':scope > form.fallback');
  if (!form) return Promise.resolve(null);
  return customElements.whenDefined(survey.localName).then(() => {
    const answers = fallbackAnswers(form);
    const focus = fallbackFocus(form);
    if (Object.keys(answers).length) survey.answers = answers;
    if (focus?.intro) survey.focusIntro();
    else if (focus) survey.focusQuestion(focus.id, focus);
    if (form.querySelector('.intro.open')) survey.introOpen = true;
    form.remove();
    return { answers, focus };
  });
}
