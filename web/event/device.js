// What a phone remembers about one event, in localStorage under `catalyse:event:<CODE>` (no cookie,
// no account): the responses it made for that event, each waiting, sent or refused, so that a
// response made offline is still sent after the page was closed and reopened, and so that the
// page knows this device already answered. `again` is set by the deliberate "answer again" and
// spent by the next response. When the browser cannot store (private mode, quota), the same
// state lives in memory for the page's life and `durable` is false.
const FORMAT = 'catalyse-event-device/1';

export class EventDevice {
  #key;
  #storage;
  #state;
  durable = true;

  /** `storage`: window.localStorage (or null when the browser refuses it). */
  constructor(code, storage) {
    this.#key = `catalyse:event:${code}`;
    this.#storage = storage;
    this.#state = { format: FORMAT, again: false, responses: [] };
    try {
      const saved = JSON.parse(storage?.getItem(this.#key) ?? 'null');
      if (saved?.format === FORMAT && Array.isArray(saved.responses)) {
        this.#state = { format: FORMAT, again: saved.again === true, responses: saved.responses.filter((r) => r?.record?.id) };
      }
    } catch {
      this.durable = false;
    }
  }

  #save() {
    try {
      if (!this.#storage) throw new Error('no storage');
      this.#storage.setItem(this.#key, JSON.stringify(this.#state));
      this.durable = true;
    } catch {
      this.durable = false;
    }
  }

  /** True when this device made a response for the event and "answer again" was not chosen since. */
  get answered() { return this.#state.responses.length > 0 && !this.#state.again; }
  /** The latest response: {record, state: 'waiting'|'sent'|'refused', status?, message?}, or null. */
  get latest() { return this.#state.responses.at(-1) ?? null; }
  /** Records not sent yet, oldest first. */
  get waiting() { return this.#state.responses.filter((r) => r.state === 'waiting').map((r) => r.record); }

  /** Keeps a new response (waiting to be sent) and spends `again`; false when storage failed. */
  add(record) {
    this.#state.responses.push({ record, state: 'waiting' });
    this.#state.again = false;
    this.#save();
    return this.durable;
  }

  #set(id, fields) {
    const entry = this.#state.responses.find((r) => r.record.id === id);
    if (entry) Object.assign(entry, fields);
    this.#save();
  }

  markSent(id) { this.#set(id, { state: 'sent' }); }
  markRefused(id, { status, message }) { this.#set(id, { state: 'refused', status, message }); }

  /** The deliberate "answer again": the next finished form makes one more response. */
  answerAgain() {
    this.#state.again = true;
    this.#save();
  }
}
