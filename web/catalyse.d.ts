// Type declarations for the <catalyse-survey> element (web/catalyse.js). Formats: docs/FORMAT.md.

/** A localised string: one entry per language of the questionnaire. */
export type Text = Record<string, string>;

/** Answers: question id → option id, option ids, matrix row → option id, number or text. */
export type Answers = Record<string, string | string[] | Record<string, string> | number>;

export interface ErrorItem {
  /** JSON Pointer into the questionnaire or the answers ('' for the whole document). */
  path: string;
  /** A stable code (docs/FORMAT.md §8), e.g. "answer.above-maximum"; the core's errors always have one. */
  code?: string;
  /** The values the message is made from, as strings. */
  params?: Record<string, string>;
  /** In the language asked for. */
  message: string;
}

export interface QuestionnaireInfo {
  id: string;
  version: string;
  /** "fnv1a64:" + 16 hex digits of the canonical questionnaire. */
  hash: string;
  languages: string[];
}

export interface DimensionResult {
  id: string;
  label: string;
  status: 'ok' | 'insufficient';
  score: number | null;
  answered: number;
  items: number;
  level: string | null;
}

/** catalyse-result/1, as computed by the core. */
export interface Result {
  format: 'catalyse-result/1';
  questionnaire: { id: string; version: string; hash: string };
  lang: string;
  visible: string[];
  progress: { answered: number; visible: number; requiredMissing: string[] };
  dimensions: DimensionResult[];
  index: number | null;
  level: { id: string; label: string; interpretation: string; min: number } | null;
  declared: { option: string; level: string; label: string; agrees: boolean | null; message: string | null } | null;
  strongest?: string | null;
  weakest?: string | null;
  recommendations: { dimension: string; level: string; text: string }[];
  insights: { id: string; title: string; text: string }[];
  benchmarks: {
    /** `row`: the matrix row's label, null outside matrices. */
    id: string; question: string; row: string | null; option: string; count: number; n: number; year: number;
    source: string; text: string;
  }[];
  answerErrors: ErrorItem[];
}

/** catalyse-response/1: what a submit handler receives. */
export interface ResponseRecord {
  format: 'catalyse-response/1';
  /** A random UUID v4 for this response only. */
  id: string;
  questionnaire: { id: string; version: string; hash: string };
  lang: string;
  /** "YYYY-MM": the month only. */
  completed: string;
  answers: Answers;
}

export interface CatalyseReadyDetail { questionnaire: QuestionnaireInfo & { title: string }; lang: string }
export interface CatalyseChangeDetail { answers: Answers; result: Result }
export interface CatalyseCompleteDetail { record: ResponseRecord; result: Result | null }
export interface CatalyseErrorDetail { errors: ErrorItem[] }

/**
 * <catalyse-survey src lang layout mode view benchmark>
 * @fires catalyse-ready
 * @fires catalyse-change
 * @fires catalyse-complete
 * @fires catalyse-error
 */
export class CatalyseSurvey extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The questionnaire document; setting it loads it instead of `src`. */
  questionnaire: Record<string, unknown> | null;
  /** A copy of the current answers; setting replaces them all and rescores. */
  answers: Answers;
  /** The core's latest result, or null before the questionnaire is loaded. */
  readonly result: Result | null;
  /** Awaited on finishing; the final screen appears once it resolves. A rejection is shown and the answers kept. */
  submitHandler: ((record: ResponseRecord) => Promise<void> | void) | null;
  /** "self" or "kiosk": mirrors the `mode` attribute (setting it writes the attribute). */
  mode: 'self' | 'kiosk';
  /** "sections" or "page": mirrors the `layout` attribute. */
  layout: 'sections' | 'page';
  /** "form" or "result" (only the summary of the given answers, nothing stored): mirrors the `view` attribute. */
  view: 'form' | 'result';
  /** Mirrors the boolean `intro-open` attribute: the intro shown whole on a narrow widget (set as the person opens it). */
  introOpen: boolean;
  /** Mirrors the `src` attribute; reads the questionnaire URL in use (absolute, the default one when unset). */
  src: string;
  /** Mirrors the `benchmark` attribute (absolute URL or null): reference figures added to the questionnaire's own. */
  benchmark: string | null;
  /** The language the content is shown in. */
  readonly contentLang: string;
  /** A fresh, empty form; previous answers and their saved copy are gone. */
  reset(): void;
  /** Moves the focus to question `id`'s control (the one of `option`, in matrix row `row`), now or once the form shows it. */
  focusQuestion(id: string, place?: { row?: string; option?: string }): void;
  /** Moves the focus to the intro's "more" button (a narrow widget's), now or once the form is drawn. */
  focusIntro(): void;
}

/** The default questionnaire URL, next to catalyse.js. */
export const DEFAULT_SRC: string;

/** Defines the element under `name` (default "catalyse-survey") unless that name is taken. */
export function define(name?: string): CustomElementConstructor;

declare global {
  interface HTMLElementTagNameMap {
    'catalyse-survey': CatalyseSurvey;
  }
  interface HTMLElementEventMap {
    'catalyse-ready': CustomEvent<CatalyseReadyDetail>;
    'catalyse-change': CustomEvent<CatalyseChangeDetail>;
    'catalyse-complete': CustomEvent<CatalyseCompleteDetail>;
    'catalyse-error': CustomEvent<CatalyseErrorDetail>;
  }
}
