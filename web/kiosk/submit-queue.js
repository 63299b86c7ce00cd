// Optional submission of kiosk responses to the organiser's endpoint.
// Each record is POSTed as JSON with its response id as `Idempotency-Key`; one request at a time;
// a failure that may pass (offline, timeout, 5xx, 408, 429) is retried with exponential backoff and
// jitter; a record leaves the queue after a 2xx answer, or is set aside when the endpoint refuses it
// (any other 4xx: sending it again would be refused again) with the status and the server's message,
// for the organiser to see (and send again once the endpoint is fixed). The endpoint is expected to
// treat a repeated key as the same submission (a retry after a lost answer must not create a second
// response).
// The queue lives in memory: records stay sealed on the device, and the kiosk re-queues the ones
// not yet sent when the organiser unlocks it after a reload (docs/KIOSK.md).

export class SubmitQueue {
  #endpoint;
  #fetch;
  #onSent;
  #onChange;
  #onRefused;
  #base;
  #max;
  #timeout;
  #random;
  #setTimer;
  #clearTimer;
  #queue = [];          // records waiting, in order
  #known = new Set();   // ids queued, in flight, sent or refused during this session
  #refused = new Map(); // id → {record, status, message}
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
   * @param {(id: string, refusal: {status: number, message: string}) => Promise<void>|void} [o.onRefused]
   *   called when the endpoint refuses a record (a 4xx other than 408/429): it is set aside, not retried
   * @param {(state: object) => void} [o.onChange] called whenever the state changes
   */
  constructor({ endpoint, fetch = (...a) => globalThis.fetch(...a), onSent = () => {}, onRefused = () => {}, onChange = () => {},
    baseDelay = 1000, maxDelay = 60000, timeout = 15000, random = Math.random,
    setTimer = (f, ms) => setTimeout(f, ms), clearTimer = (t) => clearTimeout(t) }) {
    if (!endpoint) throw new TypeError('an endpoint URL is needed');
    this.#endpoint = endpoint;
    this.#fetch = fetch;
    this.#onSent = onSent;
    this.#onRefused = onRefused;
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

  /** Queues again the records the endpoint refused (the organiser fixed the endpoint); their ids. */
  retryRefused() {
    const ids = [...this.#refused.keys()];
    for (const { record } of this.#refused.values()) this.#queue.push(record);
    this.#refused.clear();
    this.#changed();
    if (ids.length && !this.#inFlight && !this.#timer) this.#pump();
    return ids;
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
      /** Records the endpoint refused, set aside: [{id, status, message}]. */
      refused: [...this.#refused.entries()].map(([id, r]) => ({ id, status: r.status, message: r.message })),
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
      let refusal = null;
      try {
        const controller = typeof AbortController === 'function' ? new AbortController() : null;
        const guard = controller ? this.#setTimer(() => controller.abort(), this.#timeout) : 0;
        try {
          const response = await this.#fetch(this.#endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': record.id },
            body: JSON.stringify(record),
            credentials: 'omit',
            cache: 'no-store',
            signal: controller?.signal,
          });
          ok = response.status >= 200 && response.status < 300;
          if (!ok) {
            this.#lastError = `HTTP ${response.status}`;
            const lasting = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
            if (lasting) refusal = { status: response.status, message: await serverMessage(response) };
          }
        } finally {
          if (guard) this.#clearTimer(guard);
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
      if (refusal) {
        // The endpoint answered and will answer the same: set aside, the next record goes at once.
        this.#refused.set(record.id, { record, ...refusal });
        try {
          await this.#onRefused(record.id, refusal);
        } catch {
          /* shown from the queue's state all the same */
        }
        this.#changed();
        continue;
      }
      this.#queue.unshift(record);
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

/**
 * What the server said with a refusal, for the organiser: a JSON body's `message`, `error` or
 * `errors[].message`, else its text; one line, at most 300 characters; '' when it said nothing.
 */
export async function serverMessage(response) {
  let text = '';
  try {
    text = typeof response.text === 'function' ? await response.text() : '';
  } catch {
    return '';
  }
  let said = text;
  try {
    const doc = JSON.parse(text);
    const errors = Array.isArray(doc?.errors) ? doc.errors.map((e) => (typeof e === 'string' ? e : e?.message)).filter((m) => typeof m === 'string') : [];
    said = [doc?.message, doc?.error, errors.join('; ')].find((m) => typeof m === 'string' && m.trim()) ?? text;
  } catch {
    /* not JSON: its text */
  }
  said = said.replace(/\s+/g, ' ').trim();
  return said.length > 300 ? `${said.slice(0, 299)}…` : said;
}
