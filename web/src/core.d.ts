// Type declarations for the widget's core (web/src/core.js, the package's "./core" export): the
// C++ core compiled to wasm, driven with JSON. Formats: docs/FORMAT.md.
import type { ErrorItem, QuestionnaireInfo, Result } from '../catalyse.js';

/** What the core answers: its value, or the errors that say where and what. */
export type CoreAnswer<T> = ({ ok: true } & T) | { ok: false; errors: ErrorItem[] };

/** The C functions a core exports, by their C names. `cat_aggregate…` only in the aggregating core. */
export interface CoreFunctions {
  [name: `cat_${string}`]: ((...args: number[]) => number | void) | undefined;
  cat_alloc(size: number): number;
  cat_free(ptr: number): void;
  cat_version(): number;
  cat_load(text: number, lang?: number): number;
  cat_unload(handle: number): void;
  cat_score(handle: number, answers: number, lang: number): number;
  cat_aggregate?(handle: number, records: number, options: number): number;
  cat_compare?(earlier: number, later: number, lang: number): number;
  cat_compare_aggregates?(earlier: number, later: number, lang: number): number;
}

/** Why a figure is not compared, or a note (docs/COMPARE.md): a catalog code, its params, its message. */
export interface ComparisonReason {
  code: string;
  params: Record<string, string>;
  message: string;
}

/** Two results or two aggregates compared over time ("catalyse-comparison/1", docs/COMPARE.md). */
export interface Comparison {
  format: 'catalyse-comparison/1';
  kind: 'result' | 'aggregate';
  lang: string;
  earlier: { questionnaire: { id: string; version: string; hash: string }; n?: number };
  later: { questionnaire: { id: string; version: string; hash: string }; n?: number };
  sameQuestionnaire: boolean;
  sameVersion: boolean;
  notes: ComparisonReason[];
  minGroup?: number;
  dimensions: Array<{ id: string; label: string; earlierLabel?: string; earlier: unknown; later: unknown; change: unknown; comparable: boolean; reason: ComparisonReason | null }>;
  index: { earlier: unknown; later: unknown; change: unknown; comparable: boolean; reason: ComparisonReason | null };
  level?: { earlier: { id: string; label: string } | null; later: { id: string; label: string } | null };
  questions?: Array<Record<string, unknown>>;
}

/** The one interface CatalyseCore drives a compiled core through. */
export interface CoreBinding {
  functions: CoreFunctions;
  /** The memory's current buffer (a new one once the memory grew). */
  memory(): ArrayBuffer;
}

/** A core's C functions out of an object of exports: those named cat_…, under `prefix` + that name. */
export function coreFunctions(exports: object, prefix?: string): CoreFunctions;

/** A questionnaire loaded into the core. */
export class LoadedQuestionnaire {
  private constructor();
  readonly info: QuestionnaireInfo;
  /** The core's handle of this questionnaire, for the C functions that take one. */
  readonly handle: number;
  /** Scores answers (docs/FORMAT.md §2) for a language. */
  score(answers: Record<string, unknown> | null | undefined, lang: string): CoreAnswer<{ result: Result }>;
  /** Like score(), answers and answer as JSON text, untouched. */
  scoreText(answersText: string, lang: string): string;
  /** Aggregates response records (an array, an export document, or their JSON text): only the aggregating core can, others throw. */
  aggregate(records: unknown, options?: { lang?: string; [option: string]: unknown }): CoreAnswer<{ aggregate: Record<string, unknown> }>;
  /** Releases it; any later call throws. */
  dispose(): void;
}

export class CatalyseCore {
  constructor(binding: CoreBinding);
  readonly functions: CoreFunctions;
  /** True when the core exports that C function. */
  has(name: keyof CoreFunctions): boolean;
  /** The core's memory in bytes. */
  readonly memoryBytes: number;
  /** Copies text into the core's memory as NUL-terminated UTF-8: its address (free it with functions.cat_free), 0 when out of memory. */
  copyIn(text: string): number;
  /** The NUL-terminated UTF-8 text at an address. */
  readText(ptr: number): string;
  /** Calls a C function, text arguments copied in; parses its JSON answer. */
  call(name: keyof CoreFunctions, ...args: (string | number)[]): any;
  /** Same as call(), the answer as JSON text. */
  callText(name: keyof CoreFunctions, ...args: (string | number)[]): string;
  /** The core's version and the formats it reads and writes. */
  version(): { core: string; formats: string[] };
  /** Two results of one respondent, the earlier first (results, result files {record, result}, or their JSON text), compared by dimension id. */
  compare(earlier: unknown, later: unknown, lang?: string): CoreAnswer<{ comparison: Comparison }>;
  /** Two aggregates of a group, the earlier first: only the aggregating core can, others throw. */
  compareAggregates(earlier: unknown, later: unknown, lang?: string): CoreAnswer<{ comparison: Comparison }>;
  /** Validates and loads a questionnaire (JSON text or object); error messages in `lang` (fr, en; English when not given). */
  load(questionnaire: string | Record<string, unknown>, lang?: string): CoreAnswer<{ questionnaire: LoadedQuestionnaire }>;
}

/** A core file that could not be had: its URL and HTTP status (0: no answer). */
export class CoreMissingError extends Error {
  constructor(url: string | URL, status: number, cause?: unknown);
  readonly code: 'core-missing';
  readonly url: string;
  readonly status: number;
}

/** The binding of an instantiated standalone core (runs its constructors). */
export function standaloneBinding(instance: WebAssembly.Instance): CoreBinding;

/** One promise per page for start(), forgotten when it rejects so that the next call starts again. */
export function sharedOnce<T>(start: () => Promise<T>): () => Promise<T>;

/** Fetches a core file at low priority; rejects with a CoreMissingError. */
export function fetchCoreFile(url: string | URL): Promise<Response>;

/** The widget's core from its bytes (a new instance each time). */
export function instantiateCore(wasmBinary: BufferSource): Promise<CatalyseCore>;

/** A standalone core fetched from `url`, a new instance each call (e.g. the comparing core, generated/catalyse-compare.wasm); rejects with a CoreMissingError. */
export function loadCoreFrom(url: URL | string): Promise<CatalyseCore>;

/**
 * The widget's core (load, score), once per page; given `wasmBinary`, a new instance from those bytes. A failed download
 * rejects with a CoreMissingError and is asked for again on the next call.
 */
export function loadCore(options?: { wasmBinary?: BufferSource }): Promise<CatalyseCore>;

/**
 * The trusting core (generated/catalyse-core-trusting.wasm: reads and scores a questionnaire checked beforehand, without
 * checking its rules; its errors' messages are their codes) in front of the checking core: a questionnaire whose hash is
 * one of `hashes` is answered by the trusting core, any other (or one it refuses) by the checking core, fetched then.
 */
export class TrustingCore {
  constructor(core: CatalyseCore, checking: () => Promise<CatalyseCore>, hashes: Iterable<string>);
  /** The trusting core itself. */
  readonly trusting: CatalyseCore;
  version(): { core: string; formats: string[] };
  /** As CatalyseCore.load(), resolved; rejects with a CoreMissingError when the checking core is needed and cannot be had. */
  load(questionnaire: string | Record<string, unknown>, lang?: string): Promise<CoreAnswer<{ questionnaire: LoadedQuestionnaire }>>;
}

/**
 * A TrustingCore for the questionnaires of `hashes`, once per page, with loadCore() as its checking core; given
 * `wasmBinary` (the trusting core's bytes) and `checking`, a new one. A trusting core file that is not there (HTTP 4xx)
 * gives the checking core itself.
 */
export function loadTrustingCore(hashes: Iterable<string>, options?: { wasmBinary?: BufferSource; checking?: () => Promise<CatalyseCore> }): Promise<TrustingCore | CatalyseCore>;
