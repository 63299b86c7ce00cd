// Renders a questionnaire's sections and questions as native, labelled form controls, and maps
// control changes to answers (docs/FORMAT.md §2). It never decides what is visible or how much an
// answer is worth: visibility and errors come from the core's result.
import { h, uid } from './dom.js';
import { pick, t } from './i18n.js';

/**
 * @param {object} q questionnaire document
 * @param {string} lang content language
 * @param {(questionId: string, value: any) => void} onAnswer value undefined = no answer
 * @param {{lazy?: boolean, first?: number}} [options] lazy: only section `first` gets its questions
 *   now; the others are shells (section element and heading) filled in by `ensure(i)` /
 *   `ensureAll()`, or on demand: `questions.get(id)` fills the question's section.
 */
export function createForm(q, lang, onAnswer, { lazy = false, first = 0 } = {}) {
  const fallbacks = q.languages ?? [];
  const tx = (text) => pick(text, lang, fallbacks);
  const ui = (key, params) => t(lang, key, params);
  const prefix = uid('q');
  const sectionOf = new Map(); // question id → index of the section that draws it (the last one, as before)
  let values = null; // the answers last given to setAnswers (a section filled later starts from them)
  let visibleSet = null; // the ids last given to applyVisibility (null: none given yet, all shown)

  const built = new Map(); // question id → {node, set(value), setMessage(text), focusTarget(), section}: drawn so far
  /** The form's questions by id: get(id) draws the question's section first if it is not yet. */
  const questions = {
    get(id) {
      const i = sectionOf.get(id);
      if (i !== undefined) ensure(i);
      return built.get(id);
    },
  };

  const sections = (q.sections ?? []).map((section, sIndex) => {
    const headingId = `${prefix}-s${sIndex}`;
    const heading = h('h3', { id: headingId, tabindex: '-1', class: 'section-title', text: tx(section.title) });
    const hasRequired = (section.questions ?? []).some((qq) => qq.required);
    const node = h('section', { class: 'section', part: 'section', 'aria-labelledby': headingId, 'data-section': section.id }, [
      h('div', { class: 'section-head' }, [
        heading,
        section.intro ? h('p', { class: 'section-intro', text: tx(section.intro) }) : null,
        hasRequired ? h('p', { class: 'required-legend', text: ui('requiredLegend') }) : null,
      ]),
    ]);
    const ids = [];
    for (const question of section.questions ?? []) {
      sectionOf.set(question.id, sIndex);
      ids.push(question.id);
    }
    return { id: section.id, node, heading, questionIds: ids, built: false };
  });

  /** Fills section `i` with its questions (once), in the state the form is in (answers, visibility). */
  function ensure(i) {
    const entry = sections[i];
    if (!entry || entry.built) return;
    entry.built = true;
    const nodes = [];
    for (const question of q.sections[i].questions ?? []) {
      const drawn = renderQuestion(question);
      drawn.section = i;
      if (sectionOf.get(question.id) === i) built.set(question.id, drawn);
      if (values) drawn.set(values[question.id]);
      if (visibleSet) drawn.node.hidden = !visibleSet.has(question.id);
      nodes.push(drawn.node);
    }
    entry.node.append(...nodes);
  }

  function ensureAll() {
    for (let i = 0; i < sections.length; i += 1) ensure(i);
  }

  if (lazy) ensure(Math.min(Math.max(0, first), sections.length - 1));
  else ensureAll();

  function questionShell(question, kind) {
    const id = `${prefix}-${question.id}`;
    const textId = `${id}-text`;
    const helpId = `${id}-help`;
    const msgId = `${id}-msg`;
    const mark = question.required
      ? [h('span', { class: 'mark', 'aria-hidden': 'true', text: '*' }), h('span', { class: 'sr-only', text: ` (${ui('required')})` })]
      : null;
    const message = h('p', { class: 'message', id: msgId, 'aria-live': 'off' });
    const describedBy = [question.help ? helpId : null, msgId].filter(Boolean).join(' ');
    const help = question.help ? h('p', { class: 'help', id: helpId, text: tx(question.help) }) : null;
    const node = kind === 'fieldset'
      ? h('fieldset', { class: 'question', part: 'question', 'data-question': question.id, 'aria-describedby': describedBy }, [
        h('legend', {}, [h('span', { class: 'question-text', text: tx(question.text) }), mark]),
      ])
      : h('div', { class: 'question', part: 'question', 'data-question': question.id, role: 'group', 'aria-labelledby': textId }, [
        h('label', { class: 'question-text', id: textId, for: `${id}-input` }, [tx(question.text), mark]),
      ]);
    if (help) node.append(help);
    return {
      node, id, message, describedBy,
      setMessage(text) {
        message.textContent = text ?? '';
        node.classList.toggle('invalid', Boolean(text));
      },
    };
  }

  function optionNode({ type, name, option, checked, onChange, describedBy }) {
    const input = h('input', { type, name, value: option.id, 'aria-describedby': describedBy || undefined });
    input.checked = checked;
    input.addEventListener('change', onChange);
    return {
      input,
      node: h('label', { class: ['option', option.dontKnow ? 'dont-know' : ''], part: 'option' }, [
        input, h('span', { class: 'label-text', text: tx(option.label) }),
      ]),
    };
  }

  function renderChoice(question) {
    const shell = questionShell(question, 'fieldset');
    const multiple = question.type === 'multiple';
    const name = `${shell.id}-choice`;
    const inputs = [];
    const list = h('div', { class: question.type === 'scale' ? 'options scale' : 'options' });
    for (const option of question.options ?? []) {
      const built = optionNode({
        type: multiple ? 'checkbox' : 'radio', name, option, checked: false, describedBy: shell.describedBy,
        onChange: () => {
          if (!multiple) { onAnswer(question.id, option.id); return; }
          // "Don't know" is exclusive: it clears the others, and any other choice clears it.
          if (built.input.checked) {
            for (const other of inputs) {
              const otherOption = other.option;
              if (other.input !== built.input && (option.dontKnow || otherOption.dontKnow)) other.input.checked = false;
            }
          }
          const selected = inputs.filter((x) => x.input.checked).map((x) => x.option.id);
          onAnswer(question.id, selected.length ? selected : undefined);
        },
      });
      inputs.push({ input: built.input, option });
      list.append(built.node);
    }
    if (multiple) {
      const min = question.minSelected;
      const max = question.maxSelected;
      let hint = ui('several');
      if (min > 0 && max !== undefined) hint = ui('selectBetween', { min, max });
      else if (min > 0) hint = ui('selectAtLeast', { min });
      else if (max !== undefined) hint = ui('selectAtMost', { max });
      shell.node.append(h('p', { class: 'hint', text: hint }));
    }
    shell.node.append(list, shell.message);
    return {
      node: shell.node, setMessage: shell.setMessage, focusTarget: () => inputs[0]?.input,
      set(value) {
        const chosen = new Set(multiple ? (Array.isArray(value) ? value : []) : [value]);
        for (const x of inputs) x.input.checked = chosen.has(x.option.id);
      },
    };
  }

  function renderMatrix(question) {
    const shell = questionShell(question, 'fieldset');
    const options = question.options ?? [];
    const grid = h('div', { class: 'matrix', part: 'matrix' });
    grid.style.setProperty('--_cols', String(options.length));
    grid.append(h('div', { class: 'matrix-head', 'aria-hidden': 'true' }, [
      h('span'), ...options.map((o) => h('span', { text: tx(o.label) })),
    ]));
    const rows = [];
    let current = {};
    for (const row of question.rows ?? []) {
      const name = `${shell.id}-${row.id}`;
      const inputs = [];
      const opts = h('div', { class: 'options' });
      for (const option of options) {
        const built = optionNode({
          type: 'radio', name, option, checked: false, describedBy: undefined,
          onChange: () => {
            current = { ...current, [row.id]: option.id };
            onAnswer(question.id, { ...current });
          },
        });
        inputs.push({ input: built.input, option });
        opts.append(built.node);
      }
      const fieldset = h('fieldset', { class: 'matrix-row', part: 'matrix-row', 'data-row': row.id }, [
        h('legend', { text: tx(row.label) }),
        h('div', { class: 'cells' }, [h('span', { class: 'row-label', 'aria-hidden': 'true', text: tx(row.label) }), opts]),
      ]);
      rows.push({ row, inputs });
      grid.append(fieldset);
    }
    shell.node.append(grid, shell.message);
    return {
      node: shell.node, setMessage: shell.setMessage, focusTarget: () => rows[0]?.inputs[0]?.input,
      set(value) {
        current = value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
        for (const r of rows) for (const x of r.inputs) x.input.checked = current[r.row.id] === x.option.id;
      },
    };
  }

  function renderNumber(question) {
    const shell = questionShell(question, 'div');
    const { min, max } = question;
    const input = h('input', {
      type: 'number', id: `${shell.id}-input`, inputmode: question.integer ? 'numeric' : 'decimal',
      min, max, step: question.integer ? 1 : 'any', 'aria-describedby': `${shell.id}-hint ${shell.describedBy}`,
    });
    const hasRange = typeof min === 'number' && typeof max === 'number';
    const hint = hasRange ? h('p', { class: 'hint', id: `${shell.id}-hint`, text: ui(question.integer ? 'numberInteger' : 'numberRange', { min, max }) }) : null;
    input.addEventListener('input', () => {
      const raw = input.value.trim();
      if (raw === '' && !input.validity.badInput) onAnswer(question.id, undefined);
      else if (raw !== '' && Number.isFinite(Number(raw))) onAnswer(question.id, Number(raw));
    });
    shell.node.append(h('div', { class: 'number-row' }, [input, question.unit ? h('span', { class: 'unit', text: tx(question.unit) }) : null]), hint, shell.message);
    return {
      node: shell.node, setMessage: shell.setMessage, focusTarget: () => input,
      set(value) {
        const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
        if (input.value !== text && !(text === '' && input.matches(':focus'))) input.value = text;
      },
    };
  }

  function renderText(question) {
    const shell = questionShell(question, 'div');
    const maxLength = question.maxLength ?? 2000;
    const input = h('textarea', {
      id: `${shell.id}-input`, maxlength: maxLength, rows: 4, 'aria-describedby': `${shell.id}-hint ${shell.describedBy}`,
    });
    input.addEventListener('input', () => onAnswer(question.id, input.value === '' ? undefined : input.value));
    shell.node.append(input, h('p', { class: 'hint', id: `${shell.id}-hint`, text: ui('textMax', { max: maxLength }) }), shell.message);
    return {
      node: shell.node, setMessage: shell.setMessage, focusTarget: () => input,
      set(value) {
        const text = typeof value === 'string' ? value : '';
        if (input.value !== text) input.value = text;
      },
    };
  }

  function renderQuestion(question) {
    switch (question.type) {
      case 'single': case 'scale': case 'multiple': return renderChoice(question);
      case 'matrix': return renderMatrix(question);
      case 'number': return renderNumber(question);
      default: return renderText(question);
    }
  }

  return {
    sections,
    questions,
    ensure,
    ensureAll,
    /** Puts `answers` into the controls (after a resume, a reset or the `answers` property); a section they touch is filled now. */
    setAnswers(answers) {
      values = answers ?? null;
      for (const id of Object.keys(answers ?? {})) {
        const i = sectionOf.get(id);
        if (i !== undefined) ensure(i);
      }
      for (const [id, drawn] of built) drawn.set(answers?.[id]);
    },
    /** Shows the questions the core lists as visible, hides the others. */
    applyVisibility(visible) {
      const set = new Set(visible ?? []);
      visibleSet = set;
      for (const [id, drawn] of built) drawn.node.hidden = !set.has(id);
      for (const section of sections) section.node.dataset.empty = String(!section.questionIds.some((id) => set.has(id)));
    },
  };
}
