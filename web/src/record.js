// The response record the widget hands to a submit handler (docs/FORMAT.md §6) and the resume
// store of a self-diagnosis. Pure functions: no DOM, injectable clock, id source and storage.

/** "YYYY-MM" of `date` in local time: the only time a record keeps. */
export function monthOf(date = new Date()) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** A deep copy of an answers object through JSON (drops undefined, functions, prototypes). */
export function cloneAnswers(answers) {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) return {};
  return JSON.parse(JSON.stringify(answers));
}

/**
 * A catalyse-response/1 record. `info` is the core's questionnaire info {id, version, hash}.
 * Holds no time beyond the month, no device or browser data.
 */
export function buildRecord({ info, lang, answers, now = new Date(), randomUUID = () => crypto.randomUUID() }) {
  return {
    format: 'catalyse-response/1',
    id: randomUUID(),
    questionnaire: { id: info.id, version: info.version, hash: info.hash },
    lang,
    completed: monthOf(now),
    answers: cloneAnswers(answers),
  };
}

/** The file a respondent downloads: their record and the core's result, nothing else. */
export function downloadDocument(record, result) {
  return { record, result };
}

// ---- resume store (mode="self" only) ----

export const RESUME_PREFIX = 'catalyse:answers:';

/**
 * localStorage key of a questionnaire's saved answers: "catalyse:answers:<questionnaire id>", and
 * "#<slot>" after it when `slot` names one of several widgets on a page (its id attribute, or its
 * position), so that two widgets with the same questionnaire keep one copy each.
 */
export function resumeKey(questionnaireId, slot = '') {
  return RESUME_PREFIX + questionnaireId + (slot ? `#${slot}` : '');
}

/** Saves answers and the current section; a full or blocked storage is not an error for the respondent. */
export function saveResume(storage, info, answers, section = 0, slot = '') {
  try {
    storage.setItem(resumeKey(info.id, slot), JSON.stringify({
      format: 'catalyse-resume/1', version: info.version, section, answers: cloneAnswers(answers),
    }));
    return true;
  } catch {
    return false;
  }
}

/** The saved {answers, section} for this questionnaire, or null (absent, unreadable or malformed). */
export function loadResume(storage, info, slot = '') {
  let text;
  try {
    text = storage.getItem(resumeKey(info.id, slot));
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    const saved = JSON.parse(text);
    if (!saved || saved.format !== 'catalyse-resume/1' || typeof saved.answers !== 'object' || saved.answers === null
      || Array.isArray(saved.answers)) return null;
    const section = Number.isInteger(saved.section) && saved.section >= 0 ? saved.section : 0;
    return { answers: saved.answers, section };
  } catch {
    return null;
  }
}

export function clearResume(storage, info, slot = '') {
  try {
    storage.removeItem(resumeKey(info.id, slot));
  } catch {
    /* storage blocked: nothing was saved either */
  }
}
