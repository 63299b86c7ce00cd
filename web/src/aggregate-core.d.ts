// Type declarations for the aggregating core (the package's "./aggregate-core" export).
import type { CatalyseCore } from './core.js';

export type { CatalyseCore, CoreAnswer, LoadedQuestionnaire } from './core.js';

/**
 * The core with aggregation, once per page (a failed download, a CoreMissingError, is asked for
 * again on the next call); given `wasmBinary`, a new instance from those bytes.
 */
export function loadAggregateCore(options?: { wasmBinary?: BufferSource }): Promise<CatalyseCore>;
