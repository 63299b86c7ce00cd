// Where the widget keeps the answers for resume on this device (docs/EMBED.md § Resume): the
// storage, the widget's slot among the page's widgets, whether the browser lets it write there (the
// probe), and the line that tells the respondent so.
import { h } from './dom.js';
import { t } from './i18n.js';
import { RESUME_PREFIX } from './record.js';

/** The page's localStorage, or a storage that keeps nothing when the browser refuses it. */
export function deviceStorage() {
  try { return window.localStorage; } catch { return { getItem: () => null, setItem() {}, removeItem() {} }; }
}

/** True when this page may write to localStorage (a locked-down browser or a full quota says no). */
export function resumeAvailable() {
  try {
    const storage = window.localStorage;
    const key = `${RESUME_PREFIX}probe`;
    storage.setItem(key, '1');
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which of the page's widgets `element` is, for its saved copy (two widgets with one questionnaire
 * on a page keep one copy each): '' for the page's first widget (the plain key), else its id
 * attribute, else its position (2, 3…).
 */
export function resumeSlot(element) {
  const position = [...document.querySelectorAll(element.localName)].indexOf(element);
  if (position <= 0) return '';
  return element.id || String(position + 1);
}

/**
 * Self-diagnosis, in `lang`: where the answers are kept and a button to erase them (`onErase`), or,
 * when the browser does not let them be kept (`available` false), why they cannot be.
 */
export function privacyNote(lang, available, onErase) {
  if (!available) {
    return h('p', { class: 'notice warn', part: 'storage-problem', role: 'note', 'data-resume': 'off', text: t(lang, 'resumeUnavailable') });
  }
  return h('p', { class: 'privacy', 'data-resume': 'on' }, [
    t(lang, 'storedNote'), ' ',
    h('button', { type: 'button', class: 'erase', part: 'button erase', text: t(lang, 'erase'), onclick: onErase }),
  ]);
}
