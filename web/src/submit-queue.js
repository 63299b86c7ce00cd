// Optional submission of kiosk responses to the organiser's endpoint.
// Each record is POSTed as JSON with its response id as `Idempotency-Key`; one request at a time;
// a failure (offline, timeout, non-2xx) is retried with exponential backoff and jitter; a record
// leaves the queue only after a 2xx answer. The endpoint is expected to treat a repeated key as
// the same submission (a retry after a lost answer must not create a second response).
// The queue lives in memory: records stay sealed on the device, and the kiosk re-queues the ones
// not yet sent when the organiser unlocks it after a reload (docs/KIOSK.md).

export class SubmitQueue {
  #endpoint;
  #fetch;
  #onSent;
  #onChange;
  #base;
  #max;
  #timeout;
  #random;
  #setTimer;
  #clearTimer;
  #queue = [];          // records waiting, in order
  #known = new Set();   // ids queued, in flight or sent during this session
  #inFlight = null;
  #failures = 0;
  #timer = 0;
  #nextAt = 0;
  #lastError = '';
  #stopped = false;
  #sent = 0;
  #attempts = 0;

  /**
   * @param {object} o
   * @param {string} o.endpoint URL to POST to
   * @param {(id: string) => Promise<void>|void} [o.onSent] called after a 2xx, before the next record
   * @param {(state: object) => void} [o.onChange] called whenever the state changes
   */
  constructor({ endpoint, fetch = (...a) => globalThis.fetch(...a), onSent = () => {}, onChange = () => {},
    baseDelay = 1000, maxDelay = 60000, timeout = 15000, random = Math.random,
    setTimer = (f, ms) => setTimeout(f, ms), clearTimer = (t) => clearTimeout(t) }) {
    if (!endpoint) throw new TypeError('an endpoint URL is needed');
    this.#endpoint = endpoint;
    this.#fetch = fetch;
    this.#onSent = onSent;
    this.#onChange = onChange;
    this.#base = baseDelay;
    this.#max = maxDelay;
    this.#timeout = timeout;
    this.#random = random;
    this.#setTimer = setTimer;
    this.#clearTimer = clearTimer;
  }

  /** Queues a record (once per id and session). */
  add(record) {
    if (!record || typeof record.id !== 'string' || this.#known.has(record.id)) return false;
    this.#known.add(record.id);
    this.#queue.push(record);
    this.#changed();
    if (!this.#inFlight && !this.#timer) this.#pump();
    return true;
  }

  /** Tries again now (e.g. on the browser's `online` event). */
  kick() {
    if (this.#stopped || this.#inFlight) return;
    if (this.#timer) this.#clearTimer(this.#timer);
    this.#timer = 0;
    this.#pump();
  }

  stop() {
    this.#stopped = true;
    if (this.#timer) this.#clearTimer(this.#timer);
    this.#timer = 0;
  }

  get state() {
    return {
      pending: this.#queue.length + (this.#inFlight ? 1 : 0),
      sent: this.#sent,
      attempts: this.#attempts,
      failures: this.#failures,
      lastError: this.#lastError,
      nextRetryAt: this.#timer ? this.#nextAt : 0,
    };
  }

  /** Resolves when nothing is pending (for tests and for the organiser's view). */
  idle() {
    if (!this.state.pending) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.#onChange;
      this.#onChange = (s) => {
        previous(s);
        if (!s.pending) {
          this.#onChange = previous;
          resolve();
        }
      };
    });
  }

  #changed() {
    try {
      this.#onChange(this.state);
    } catch {
      /* a display problem must not stop the queue */
    }
  }

  async #pump() {
    while (!this.#stopped && !this.#inFlight && this.#queue.length) {
      const record = this.#queue.shift();
      this.#inFlight = record;
      this.#attempts += 1;
      this.#changed();
      let ok = false;
      let retryable = true;
      try {
        const controller = typeof AbortController === 'function' ? new AbortController() : null;
        const guard = controller ? this.#setTimer(() => controller.abort(), this.#timeout) : 0;
        let response;
        try {
          response = await this.#fetch(this.#endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': record.id },
            body: JSON.stringify(record),
            credentials: 'omit',
            cache: 'no-store',
            signal: controller?.signal,
          });
        } finally {
          if (guard) this.#clearTimer(guard);
        }
        ok = response.status >= 200 && response.status < 300;
        if (!ok) {
          this.#lastError = `HTTP ${response.status}`;
          // A refusal that will not change by itself goes to the back, so it does not block the others.
          retryable = response.status >= 500 || response.status === 408 || response.status === 429;
        }
      } catch (err) {
        this.#lastError = err?.name === 'AbortError' ? 'timeout' : String(err?.message ?? err);
      }
      this.#inFlight = null;
      if (ok) {
        this.#failures = 0;
        this.#lastError = '';
        this.#sent += 1;
        try {
          await this.#onSent(record.id);
        } catch {
          /* the record was accepted; marking it locally failed and it may be sent again (same key) */
        }
        this.#changed();
        continue;
      }
      if (retryable) this.#queue.unshift(record);
      else this.#queue.push(record);
      this.#failures += 1;
      const delay = Math.min(this.#max, this.#base * 2 ** Math.min(this.#failures - 1, 20)) * (0.5 + this.#random() / 2);
      this.#nextAt = Date.now() + delay;
      this.#timer = this.#setTimer(() => {
        this.#timer = 0;
        this.#pump();
      }, delay);
      this.#changed();
      return;
    }
  }
}
