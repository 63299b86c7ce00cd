// The core with aggregation (web/generated/catalyse-aggregate.{mjs,wasm}), for the group results
// page and tools. The widget never imports this file: its own core (core.js) leaves aggregation
// out and is smaller. Same API as loadCore(), plus LoadedQuestionnaire.aggregate().
import createCatalyseAggregate from '../generated/catalyse-aggregate.mjs';
import { CatalyseCore } from './core.js';

const WASM_URL = new URL('../generated/catalyse-aggregate.wasm', import.meta.url);

let shared;

/**
 * Instantiates the aggregating core once per page (or once per `wasmBinary` in Node).
 * @param {{wasmBinary?: Uint8Array}} [options]
 */
export function loadAggregateCore(options = {}) {
  if (options.wasmBinary) return createCatalyseAggregate({ wasmBinary: options.wasmBinary }).then((m) => new CatalyseCore(m));
  shared ??= createCatalyseAggregate({ locateFile: () => WASM_URL.href }).then((m) => new CatalyseCore(m));
  return shared;
}
