// The core with aggregation (web/generated/catalyse-aggregate.{mjs,wasm}), for the group results
// page and tools. The widget never imports this file: its own core (core.js) leaves aggregation
// out and is smaller. Same API as loadCore(), plus LoadedQuestionnaire.aggregate().
import createCatalyseAggregate from '../generated/catalyse-aggregate.mjs';
import { CatalyseCore, coreFunctions, fetchCoreFile, sharedOnce } from './core.js';

const WASM_URL = new URL('../generated/catalyse-aggregate.wasm', import.meta.url);

/** The binding of an Emscripten-built core: its C functions (exported as _cat_…) and its memory. */
function emscriptenBinding(module) {
  return { functions: coreFunctions(module, '_'), memory: () => module.HEAPU8.buffer };
}

const create = (wasmBinary) => createCatalyseAggregate({ wasmBinary }).then((m) => new CatalyseCore(emscriptenBinding(m)));

// The bytes are fetched here (not by Emscripten's loader), so that a missing file rejects as the
// widget's core does (CoreMissingError: code 'core-missing', url, status) and is asked for again.
const shared = sharedOnce(async () => create(await (await fetchCoreFile(WASM_URL)).arrayBuffer()));

/**
 * The aggregating core, instantiated once per page (a failed download is asked for again on the
 * next call); given `wasmBinary` (Node, tools), a new instance from those bytes.
 * @param {{wasmBinary?: BufferSource}} [options]
 */
export function loadAggregateCore(options = {}) {
  return options.wasmBinary ? create(options.wasmBinary) : shared();
}
