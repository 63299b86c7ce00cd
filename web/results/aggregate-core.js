// The core with aggregation (web/generated/catalyse-aggregate.{mjs,wasm}), for the group results
// page and tools. The widget never imports this file: its own core (src/core.js) leaves aggregation
// out and is smaller. Same API as loadCore(), plus openAggregate(): exports handed to the core one
// at a time, each file's text in wasm memory only while it is read.
import createCatalyseAggregate from '../generated/catalyse-aggregate.mjs';
import { CatalyseCore, coreFunctions, fetchCoreFile, sharedOnce } from '../src/core.js';

const WASM_URL = new URL('../generated/catalyse-aggregate.wasm', import.meta.url);

/** The binding of an Emscripten-built core: its C functions (exported as _cat_…) and its memory. */
function emscriptenBinding(module) {
  return { functions: coreFunctions(module, '_'), memory: () => module.HEAPU8.buffer };
}

// The memory of each core made here, as bytes, for exports handed over as bytes (addExport).
const heaps = new WeakMap();

const create = (wasmBinary) => createCatalyseAggregate({ wasmBinary }).then((m) => {
  const core = new CatalyseCore(emscriptenBinding(m));
  heaps.set(core, () => m.HEAPU8);
  return core;
});

const OUT_OF_MEMORY = { ok: false, errors: [{ path: '', code: 'core.out-of-memory', params: {}, message: 'out of memory' }] };

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

/** A live aggregate in the core: exports added one at a time, the aggregate read at any time. */
export class AggregateSession {
  #core;
  #id;
  constructor(core, id) {
    this.#core = core;
    this.#id = id;
  }
  /**
   * Reads one export: a file's name, and its bytes as read from the file (a Uint8Array or an
   * ArrayBuffer, written once into the core's memory and read there as UTF-8, as the command-line
   * tool reads a file) or its text. {ok:true, n: responses kept so far} or {ok:false, errors}.
   */
  addExport(name, data) {
    this.#check();
    const heap = heaps.get(this.#core);
    const isBytes = data instanceof ArrayBuffer || ArrayBuffer.isView(data);
    if (!isBytes || !heap) {
      // Text (or bytes for a core made elsewhere, whose memory this module does not hold).
      const text = isBytes ? new TextDecoder().decode(data) : String(data);
      return this.#core.call('cat_aggregate_add_export', this.#id, String(name ?? ''), text, -1);
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const f = this.#core.functions;
    const ptr = f.cat_alloc(bytes.length + 1);
    if (!ptr) return OUT_OF_MEMORY;
    try {
      heap().set(bytes, ptr); // the memory as it is after the allocation (it may have grown)
      return this.#core.call('cat_aggregate_add_export', this.#id, String(name ?? ''), ptr, bytes.length);
    } finally {
      f.cat_free(ptr);
    }
  }
  /** {ok:true, aggregate: catalyse-aggregate/1} (docs/AGGREGATE.md). */
  snapshot() {
    this.#check();
    return this.#core.call('cat_aggregate_snapshot', this.#id);
  }
  /** Releases the aggregate's memory in the core. */
  close() {
    if (this.#id) this.#core.functions.cat_aggregate_close(this.#id);
    this.#id = 0;
  }
  #check() {
    if (!this.#id) throw new Error('aggregate was closed');
  }
}

/**
 * Opens an aggregate of `questionnaire` (loaded by this core) with `options`
 * ({lang, minGroup, breakdowns, benchmark}, docs/AGGREGATE.md): {ok:true, aggregate: AggregateSession}
 * or {ok:false, errors}.
 */
export function openAggregate(core, questionnaire, options = {}) {
  const answer = core.call('cat_aggregate_open', questionnaire.handle, JSON.stringify(options));
  if (!answer.ok) return answer;
  return { ok: true, aggregate: new AggregateSession(core, answer.aggregate) };
}
