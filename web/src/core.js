// The widget's door to the C++ core (compiled to wasm). JavaScript never scores: it passes JSON
// strings in and gets the core's JSON answers back. Works in browsers and in Node (tests).
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The widget's core is a standalone wasm (wasm/CMakeLists.txt): it needs no Emscripten loader,
// only how to stop (an abort, which the core never reaches on any input: errors are values) and
// a notice that its memory grew.
const IMPORTS = {
  wasi_snapshot_preview1: { proc_exit(code) { throw new WebAssembly.RuntimeError(`the core stopped (exit code ${code})`); } },
  env: { emscripten_notify_memory_growth() {} },
};

/** A core's C functions out of an object of exports: those named cat_…, under `prefix` + that name. */
export function coreFunctions(exports, prefix = '') {
  const functions = {};
  for (const [name, value] of Object.entries(exports)) {
    if (name.startsWith(`${prefix}cat_`) && typeof value === 'function') functions[name.slice(prefix.length)] = value;
  }
  return functions;
}

/** UTF-8 length of well-formed text (lone surrogates are refused before). */
function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i += 1; } else n += 3;
  }
  return n;
}

/**
 * The binding of an instantiated standalone core: its exports are the C functions by their own
 * names, and its memory. Runs the module's constructors first.
 * @param {WebAssembly.Instance} instance
 * @returns {{functions: Record<string, Function>, memory: () => ArrayBuffer}}
 */
export function standaloneBinding(instance) {
  const e = instance.exports;
  e._initialize();
  return { functions: coreFunctions(e), memory: () => e.memory.buffer };
}

/** A questionnaire loaded into the core. Release it with `dispose()` when no longer needed. */
export class LoadedQuestionnaire {
  #core;
  #handle;
  constructor(core, handle, info) {
    this.#core = core;
    this.#handle = handle;
    /** {id, version, hash, languages} */
    this.info = info;
  }
  /** The core's handle of this questionnaire, for the C functions that take one. */
  get handle() {
    this.#check();
    return this.#handle;
  }
  /** Scores answers (an object, see docs/FORMAT.md §2) for `lang`: {ok, result} or {ok:false, errors}. */
  score(answers, lang) {
    this.#check();
    return this.#core.call('cat_score', this.#handle, JSON.stringify(answers ?? {}), String(lang ?? ''));
  }
  /** Like score(), with the answers as JSON text and the core's answer as JSON text, untouched. */
  scoreText(answersText, lang) {
    this.#check();
    return this.#core.callText('cat_score', this.#handle, String(answersText), String(lang ?? ''));
  }
  /**
   * Aggregates response records: {ok, aggregate} or {ok:false, errors}. Only the aggregating core
   * (loadAggregateCore()) can: the widget's core leaves aggregation out.
   */
  aggregate(records, options = {}) {
    this.#check();
    if (!this.#core.has('cat_aggregate')) throw new Error('this core has no aggregation: load it with loadAggregateCore()');
    const text = typeof records === 'string' ? records : JSON.stringify(records);
    return this.#core.call('cat_aggregate', this.#handle, text, JSON.stringify(options));
  }
  dispose() {
    if (this.#handle) this.#core.functions.cat_unload(this.#handle);
    this.#handle = 0;
  }
  #check() {
    if (!this.#handle) throw new Error('questionnaire was disposed');
  }
}

/**
 * A compiled core driven through one small interface, whatever built it: `functions`, its C
 * functions by their C names (cat_load …), and `memory()`, its memory's current buffer (it is
 * replaced when the memory grows). standaloneBinding() makes it for the widget's core;
 * loadAggregateCore() for the aggregating one.
 */
export class CatalyseCore {
  #memory;
  #bytes = new Uint8Array(0);
  /** @param {{functions: Record<string, Function>, memory: () => ArrayBuffer}} binding */
  constructor({ functions, memory }) {
    /** The C functions by name, for tools that call them directly (tests, benchmarks). */
    this.functions = functions;
    this.#memory = memory;
  }

  /** True when the core exports the C function `name`. */
  has(name) {
    return typeof this.functions[name] === 'function';
  }

  /** The core's memory in bytes (it grows, never shrinks). */
  get memoryBytes() {
    return this.#memory().byteLength;
  }

  /** A view of the memory as it is now (a new one once it grew). */
  #heap() {
    const buffer = this.#memory();
    if (this.#bytes.buffer !== buffer) this.#bytes = new Uint8Array(buffer);
    return this.#bytes;
  }

  /** Copies `text` into the core's memory as NUL-terminated UTF-8: its address, freed with functions.cat_free; 0 when out of memory. */
  copyIn(text) {
    // A short string gets the most it can need (3 UTF-8 bytes per UTF-16 unit), a long one
    // (records to aggregate) its exact size.
    const size = (text.length < 65536 ? text.length * 3 : utf8Length(text)) + 1;
    const ptr = this.functions.cat_alloc(size);
    if (!ptr) return 0;
    const heap = this.#heap();
    heap[ptr + encoder.encodeInto(text, heap.subarray(ptr, ptr + size - 1)).written] = 0;
    return ptr;
  }

  /** The NUL-terminated UTF-8 text at `ptr`. */
  readText(ptr) {
    const heap = this.#heap();
    return decoder.decode(heap.subarray(ptr, heap.indexOf(0, ptr)));
  }

  /** Calls a C function whose string arguments are copied into wasm memory; parses its JSON answer. */
  call(name, ...args) {
    return JSON.parse(this.callText(name, ...args));
  }

  /** Same as call(), but returns the core's JSON text untouched (byte-for-byte comparisons, storage). */
  callText(name, ...args) {
    // Text with a lone surrogate has no UTF-8 form: refused here, as the core refuses bad UTF-8
    // (TextEncoder would silently turn it into U+FFFD).
    const broken = args.find((a) => typeof a === 'string' && a.isWellFormed && !a.isWellFormed());
    if (broken !== undefined) {
      const at = broken.search(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      return JSON.stringify({ ok: false, errors: [{ path: '', code: 'request.lone-surrogate', params: { at: String(at) }, message: `invalid text: a lone UTF-16 surrogate (not Unicode) at character ${at}` }] });
    }
    const f = this.functions;
    const owned = [];
    try {
      const mapped = args.map((a) => {
        if (typeof a !== 'string') return a;
        const ptr = this.copyIn(a);
        if (!ptr) throw new Error('out of memory in the core');
        owned.push(ptr);
        return ptr;
      });
      const out = f[name](...mapped);
      if (!out) return '{"ok":false,"errors":[{"path":"","code":"core.out-of-memory","params":{},"message":"out of memory"}]}';
      try {
        return this.readText(out); // read after the call: memory may have grown
      } finally {
        f.cat_free(out);
      }
    } finally {
      for (const p of owned) f.cat_free(p);
    }
  }

  version() {
    return this.call('cat_version');
  }

  /**
   * Compares two results of one respondent, an earlier one first (each a result, the widget's
   * download {record, result}, an object or JSON text), dimension by dimension by id, across
   * questionnaire versions: {ok:true, comparison} or {ok:false, errors} (docs/COMPARE.md).
   */
  compare(earlier, later, lang = '') {
    const text = (x) => (typeof x === 'string' ? x : JSON.stringify(x));
    return this.call('cat_compare', text(earlier), text(later), String(lang ?? ''));
  }

  /** The same for two aggregates of a group (the aggregating core only: loadAggregateCore()). */
  compareAggregates(earlier, later, lang = '') {
    if (!this.has('cat_compare_aggregates')) throw new Error('this core has no aggregation: load it with loadAggregateCore()');
    const text = (x) => (typeof x === 'string' ? x : JSON.stringify(x));
    return this.call('cat_compare_aggregates', text(earlier), text(later), String(lang ?? ''));
  }

  /**
   * Validates and loads a questionnaire (JSON text or object): {ok:true, questionnaire:
   * LoadedQuestionnaire} or {ok:false, errors:[{path, code, params, message}]}, the messages in
   * `lang` (fr, en; English when not given).
   */
  load(questionnaire, lang = '') {
    const text = typeof questionnaire === 'string' ? questionnaire : JSON.stringify(questionnaire);
    const answer = this.call('cat_load', text, String(lang ?? ''));
    if (!answer.ok) return answer;
    return { ok: true, questionnaire: new LoadedQuestionnaire(this, answer.handle, answer.questionnaire) };
  }
}

/**
 * Keeps one promise per page for `start()`, and forgets it when it rejects, so that the next call
 * (a later widget, a retry) starts again instead of getting the same failure.
 * @template T
 * @param {() => Promise<T>} start
 * @returns {() => Promise<T>}
 */
export function sharedOnce(start) {
  let shared;
  return () => {
    shared ??= start().catch((err) => {
      shared = undefined;
      throw err;
    });
    return shared;
  };
}

/**
 * The error of a core file that could not be had: `code` 'core-missing', the file's `url`, and the
 * HTTP `status` (0 when no answer came: offline, refused, blocked).
 */
export class CoreMissingError extends Error {
  constructor(url, status, cause) {
    super(status ? `${url}: HTTP ${status}` : `${url}: no answer (${cause?.message ?? cause ?? 'network error'})`, cause ? { cause } : undefined);
    this.name = 'CoreMissingError';
    this.code = 'core-missing';
    this.url = String(url);
    this.status = status;
  }
}

/**
 * Fetches a core file (at low priority: the questionnaire, fetched at high priority by the
 * element, never waits behind it). Rejects with a CoreMissingError.
 * @param {URL|string} url
 * @returns {Promise<Response>}
 */
export async function fetchCoreFile(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', priority: 'low' });
  } catch (err) {
    throw new CoreMissingError(url, 0, err);
  }
  if (!response.ok) throw new CoreMissingError(url, response.status);
  return response;
}

/** Instantiates a fetched wasm: streaming when served as application/wasm, else from an ArrayBuffer. */
async function instantiateFetched(response, imports) {
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.instantiateStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

// (PURE: a bundle that carries the core's bytes itself, dist/catalyse-single.js, leaves it out,
// and with it the file's address.)
const sharedCore = /* @__PURE__ */ sharedOnce(() => loadCoreFrom(new URL('../generated/catalyse-core.wasm', import.meta.url)));

/** The widget's core from its bytes (a new instance each time). */
export function instantiateCore(wasmBinary) {
  return WebAssembly.instantiate(wasmBinary, IMPORTS).then((r) => new CatalyseCore(standaloneBinding(r.instance)));
}

/**
 * A standalone core fetched from `url` (a new instance each call): the widget's core, or the comparing core
 * (generated/catalyse-compare.wasm: compare() only, docs/COMPARE.md), fetched by the final screen's
 * comparison when a respondent compares. Rejects with a CoreMissingError.
 * @param {URL|string} url
 * @returns {Promise<CatalyseCore>}
 */
export async function loadCoreFrom(url) {
  const { instance } = await instantiateFetched(await fetchCoreFile(url), IMPORTS);
  return new CatalyseCore(standaloneBinding(instance));
}

// (PURE: only the bundle that carries the default questionnaire uses it.)
const sharedTrustingCore = /* @__PURE__ */ sharedOnce(() => loadCoreFrom(new URL('../generated/catalyse-core-trusting.wasm', import.meta.url)));

/**
 * The trusting core (generated/catalyse-core-trusting.wasm) in front of the checking one: a
 * questionnaire checked beforehand (its hash is one of `hashes`) is read and scored by the
 * trusting core, which leaves the rules' checks out; any other questionnaire, or one the trusting
 * core refuses, is loaded into the checking core (`checking()`, fetched then), whose answer stands.
 * Its errors carry code and params without words (core-messages.js words them).
 */
export class TrustingCore {
  #core;
  #checking;
  #hashes;
  /**
   * @param {CatalyseCore} core the trusting core
   * @param {() => Promise<CatalyseCore>} checking the checking core, asked for when needed
   * @param {Iterable<string>} hashes the hashes of the questionnaires checked beforehand
   */
  constructor(core, checking, hashes) {
    this.#core = core;
    this.#checking = checking;
    this.#hashes = new Set(hashes);
  }

  /** The trusting core itself (tests, tools). */
  get trusting() {
    return this.#core;
  }

  version() {
    return this.#core.version();
  }

  /**
   * Loads a questionnaire (JSON text or object) as CatalyseCore.load() does; resolves to its
   * answer, from the trusting core when the questionnaire is one checked beforehand, else from the
   * checking core. Rejects with a CoreMissingError when the checking core is needed and cannot be had.
   */
  async load(questionnaire, lang = '') {
    const answer = this.#core.load(questionnaire, lang);
    if (answer.ok && this.#hashes.has(answer.questionnaire.info.hash)) return answer;
    if (answer.ok) answer.questionnaire.dispose();
    return (await this.#checking()).load(questionnaire, lang);
  }
}

/**
 * A TrustingCore for the questionnaires of `hashes` (checked beforehand), instantiated once per
 * page, with the widget's core (loadCore()) as its checking core; given `wasmBinary` (the trusting
 * core's bytes) and `checking` (Node, tools), a new one from those. A trusting core file that is not
 * there (HTTP 4xx: a site that copied only catalyse-core.wasm) gives the checking core itself.
 * @param {Iterable<string>} hashes
 * @param {{wasmBinary?: BufferSource, checking?: () => Promise<CatalyseCore>}} [options]
 * @returns {Promise<TrustingCore|CatalyseCore>}
 */
export async function loadTrustingCore(hashes, options = {}) {
  const checking = options.checking ?? (() => loadCore());
  let core;
  try {
    core = options.wasmBinary ? await instantiateCore(options.wasmBinary) : await sharedTrustingCore();
  } catch (err) {
    if (err?.code === 'core-missing' && err.status >= 400 && err.status < 500) return checking();
    throw err;
  }
  return new TrustingCore(core, checking, hashes);
}

/**
 * The widget's core (load, score; no aggregation), instantiated once per page; given `wasmBinary`
 * (Node, tools), a new instance from those bytes. In a page it is fetched from
 * generated/catalyse-core.wasm beside this folder; a failed download rejects with a
 * CoreMissingError and is asked for again on the next call.
 * @param {{wasmBinary?: BufferSource}} [options]
 * @returns {Promise<CatalyseCore>}
 */
export function loadCore(options = {}) {
  return options.wasmBinary ? instantiateCore(options.wasmBinary) : sharedCore();
}
