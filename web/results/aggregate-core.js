// The core with aggregation (web/generated/catalyse-aggregate.{mjs,wasm}), for the group results
// page and tools. The widget never imports this file: its own core (src/core.js) leaves aggregation
// out and is smaller. Same API as loadCore(), plus openAggregate(): exports handed to the core one
// at a time, each file's text in wasm memory only while it is read.
import createCatalyseAggregate from '../generated/catalyse-aggregate.mjs';
import { CatalyseCore } from '../src/core.js';

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

/** A live aggregate in the core: exports added one at a time, the aggregate read at any time. */
export class AggregateSession {
  #core;
  #id;
  constructor(core, id) {
    this.#core = core;
    this.#id = id;
  }
  /** Reads one export (a file's name and text): {ok:true, n: responses kept so far} or {ok:false, errors}. */
  addExport(name, text) {
    this.#check();
    return this.#core.call('_cat_aggregate_add_export', this.#id, String(name ?? ''), String(text));
  }
  /** {ok:true, aggregate: catalyse-aggregate/1} (docs/AGGREGATE.md). */
  snapshot() {
    this.#check();
    return this.#core.call('_cat_aggregate_snapshot', this.#id);
  }
  /** Releases the aggregate's memory in the core. */
  close() {
    if (this.#id) this.#core.module._cat_aggregate_close(this.#id);
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
  const answer = core.call('_cat_aggregate_open', questionnaire.handle, JSON.stringify(options));
  if (!answer.ok) return answer;
  return { ok: true, aggregate: new AggregateSession(core, answer.aggregate) };
}
