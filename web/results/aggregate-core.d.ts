// Type declarations for the aggregating core (the package's "./aggregate-core" export).
import type { CatalyseCore } from '../src/core.js';

export type { CatalyseCore, CoreAnswer, LoadedQuestionnaire } from '../src/core.js';

/**
 * The core with aggregation, once per page (a failed download, a CoreMissingError, is asked for
 * again on the next call); given `wasmBinary`, a new instance from those bytes.
 */
export function loadAggregateCore(options?: { wasmBinary?: BufferSource }): Promise<CatalyseCore>;

/** A live aggregate in the core: exports added one at a time, the aggregate read at any time. */
export class AggregateSession {
  /** Reads one export: a file's name, and its bytes as read from the file (read as UTF-8 in the core) or its text. */
  addExport(name: string, data: string | ArrayBuffer | ArrayBufferView): { ok: true; n: number } | { ok: false; errors: unknown[] };
  /** The catalyse-aggregate/1 document (docs/AGGREGATE.md). */
  snapshot(): { ok: true; aggregate: unknown } | { ok: false; errors: unknown[] };
  /** Releases the aggregate's memory in the core. */
  close(): void;
}

/** Opens an aggregate of `questionnaire` (loaded by this core) with options {lang, minGroup, breakdowns, benchmark}. */
export function openAggregate(
  core: CatalyseCore,
  questionnaire: import('../src/core.js').LoadedQuestionnaire,
  options?: { lang?: string; minGroup?: number; breakdowns?: string[]; benchmark?: { id?: string; source?: Record<string, string> } },
): { ok: true; aggregate: AggregateSession } | { ok: false; errors: unknown[] };
