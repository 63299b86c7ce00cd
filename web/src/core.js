// The widget's door to the C++ core (compiled to wasm). JavaScript never scores: it passes JSON
// strings in and gets the core's JSON answers back. Works in browsers and in Node (tests).
const WASM_URL = new URL('../generated/catalyse-core.wasm', import.meta.url);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The widget's core is a standalone wasm (wasm/CMakeLists.txt): it needs no Emscripten loader,
// only how to stop (an abort, which the core never reaches on any input: errors are values) and
// a notice that its memory grew.
const IMPORTS = {
  wasi_snapshot_preview1: { proc_exit(code) { throw new WebAssembly.RuntimeError(`the core stopped (exit code ${code})`); } },
  env: { emscripten_notify_memory_growth() {} },
};

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

/** Writes `s` as NUL-terminated UTF-8 at `ptr` in `heap`, within `size` bytes (NUL included). */
function writeUtf8(heap, s, ptr, size) {
  heap[ptr + encoder.encodeInto(s, heap.subarray(ptr, ptr + size - 1)).written] = 0;
}

/**
 * The instance as CatalyseCore uses a module: its C functions (_cat_load …) and views of its
 * memory, renewed when the memory grows. Runs the module's constructors first.
 */
function coreModule(instance) {
  const e = instance.exports;
  e._initialize();
  let bytes = new Uint8Array(e.memory.buffer);
  const heap = () => (bytes.buffer === e.memory.buffer ? bytes : (bytes = new Uint8Array(e.memory.buffer)));
  return {
    _cat_alloc: e.cat_alloc,
    _cat_free: e.cat_free,
    _cat_version: e.cat_version,
    _cat_load: e.cat_load,
    _cat_unload: e.cat_unload,
    _cat_score: e.cat_score,
    get HEAPU8() { return heap(); },
    get HEAP8() { return new Int8Array(e.memory.buffer); },
    lengthBytesUTF8: utf8Length,
    stringToUTF8(s, ptr, size) { writeUtf8(heap(), s, ptr, size); },
    UTF8ToString(ptr) {
      const h = heap();
      return decoder.decode(h.subarray(ptr, h.indexOf(0, ptr)));
    },
  };
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
  /** The core's handle of this questionnaire (0 once disposed), for the aggregation (results/aggregate-core.js). */
  get handle() {
    return this.#handle;
  }
  /** Scores answers (an object, see docs/FORMAT.md §2) for `lang`: {ok, result} or {ok:false, errors}. */
  score(answers, lang) {
    this.#check();
    return this.#core.call('_cat_score', this.#handle, JSON.stringify(answers ?? {}), String(lang ?? ''));
  }
  /** Like score(), with the answers as JSON text and the core's answer as JSON text, untouched. */
  scoreText(answersText, lang) {
    this.#check();
    return this.#core.callText('_cat_score', this.#handle, String(answersText), String(lang ?? ''));
  }
  /**
   * Aggregates response records: {ok, aggregate} or {ok:false, errors}. Only a core loaded with
   * loadAggregateCore() (results/aggregate-core.js) can: the widget's core leaves aggregation out.
   */
  aggregate(records, options = {}) {
    this.#check();
    if (!this.#core.module._cat_aggregate) throw new Error('this core has no aggregation: load it with loadAggregateCore() from results/aggregate-core.js');
    const text = typeof records === 'string' ? records : JSON.stringify(records);
    return this.#core.call('_cat_aggregate', this.#handle, text, JSON.stringify(options));
  }
  dispose() {
    if (this.#handle) this.#core.module._cat_unload(this.#handle);
    this.#handle = 0;
  }
  #check() {
    if (!this.#handle) throw new Error('questionnaire was disposed');
  }
}

export class CatalyseCore {
  constructor(module) {
    this.module = module;
  }

  /** Calls an exported function whose string arguments are copied into wasm memory; parses its JSON answer. */
  call(name, ...args) {
    return JSON.parse(this.callText(name, ...args));
  }

  /** Same as call(), but returns the core's JSON text untouched (byte-for-byte comparisons, storage). */
  callText(name, ...args) {
    const m = this.module;
    // Text with a lone surrogate has no UTF-8 form: refused here, as the core refuses bad UTF-8
    // (TextEncoder would silently turn it into U+FFFD).
    const broken = args.find((a) => typeof a === 'string' && a.isWellFormed && !a.isWellFormed());
    if (broken !== undefined) {
      const at = broken.search(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      return JSON.stringify({ ok: false, errors: [{ path: '', message: `invalid text: a lone UTF-16 surrogate (not Unicode) at character ${at}` }] });
    }
    const owned = [];
    try {
      const mapped = args.map((a) => {
        if (typeof a !== 'string') return a;
        // encodeInto writes straight into wasm memory; a short string gets the most it can need
        // (3 UTF-8 bytes per UTF-16 unit), a long one (records to aggregate) its exact size.
        const size = (a.length < 65536 ? a.length * 3 : m.lengthBytesUTF8(a)) + 1;
        const ptr = m._cat_alloc(size);
        if (!ptr) throw new Error('out of memory in the core');
        owned.push(ptr);
        writeUtf8(m.HEAPU8, a, ptr, size);
        return ptr;
      });
      const out = m[name](...mapped);
      if (!out) return '{"ok":false,"errors":[{"path":"","message":"out of memory in the core"}]}';
      try {
        const heap = m.HEAPU8; // read after the call: memory may have grown
        return decoder.decode(heap.subarray(out, heap.indexOf(0, out)));
      } finally {
        m._cat_free(out);
      }
    } finally {
      for (const p of owned) m._cat_free(p);
    }
  }

  version() {
    return this.call('_cat_version');
  }

  /**
   * Validates and loads a questionnaire (JSON text or object).
   * Resolves {ok:true, questionnaire: LoadedQuestionnaire} or {ok:false, errors:[{path, message}]}.
   */
  load(questionnaire) {
    const text = typeof questionnaire === 'string' ? questionnaire : JSON.stringify(questionnaire);
    const answer = this.call('_cat_load', text);
    if (!answer.ok) return answer;
    return { ok: true, questionnaire: new LoadedQuestionnaire(this, answer.handle, answer.questionnaire) };
  }
}

let shared;

/**
 * Instantiates the widget's core (load, score; no aggregation) once per page, or once per
 * `wasmBinary` in Node. For aggregation see loadAggregateCore() in results/aggregate-core.js.
 * @param {{wasmBinary?: Uint8Array}} [options]
 */
export function loadCore(options = {}) {
  if (options.wasmBinary) {
    return WebAssembly.instantiate(options.wasmBinary, IMPORTS).then((r) => new CatalyseCore(coreModule(r.instance)));
  }
  // In a page: the core is fetched at low priority, so that the questionnaire (fetched at high
  // priority by the element) never waits behind it; the form can show before the core arrives.
  // (In Node, pass the module's bytes as wasmBinary.)
  shared ??= instantiateCore(WASM_URL, IMPORTS).then((r) => new CatalyseCore(coreModule(r.instance)), (err) => {
    shared = undefined; // asked for again on the next call
    throw err;
  });
  return shared;
}

/** Fetches and instantiates the wasm: streaming when served as application/wasm, else from an ArrayBuffer. */
async function instantiateCore(url, imports) {
  const response = await fetch(url, { credentials: 'same-origin', priority: 'low' });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.instantiateStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
