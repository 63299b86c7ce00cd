// The kiosk's storage on the device: IndexedDB, sealed responses only (kiosk-crypto.js).
// A write resolves only after its transaction's `complete` event (with "strict" durability where
// the browser supports it), so "saved" means committed, not queued.
//
// Database "catalyse-kiosk", version 1:
//   settings  key → value   ("vault": the organiser's vault, "setup": kiosk settings,
//                            "lastExport": {ids, at} of the last export)
//   responses keyPath "id"  {id, sealed: envelope, sent: 0 | 1 | -1, refused?: {status, message, at}}
//                           (sent: 0 waiting, 1 accepted by the organiser's endpoint, -1 refused by
//                           it, set aside with what it answered)

export const DB_NAME = 'catalyse-kiosk';

/** The database is held open, at an older version, by another page (another tab of the kiosk). */
export class StoreBlockedError extends Error {
  constructor() {
    super('the kiosk\'s storage is held by another tab or window of this kiosk: close it, then reload this page');
    this.name = 'StoreBlockedError';
  }
}
const DB_VERSION = 1;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
  });
}

export class KioskStore {
  #db;

  constructor(db) {
    this.#db = db;
    // Another tab upgrading the database: let it, this page reopens on its next load.
    db.onversionchange = () => db.close();
  }

  /**
   * Opens (and creates) the database. Rejects when IndexedDB is unavailable, or with a
   * StoreBlockedError when another page holds an older version open and will not let it upgrade
   * (the connection, if it comes later, is closed at once: the page works from memory meanwhile).
   */
  static async open({ name = DB_NAME, factory = globalThis.indexedDB, version = DB_VERSION } = {}) {
    if (!factory) throw new Error('IndexedDB is not available in this browser');
    const req = factory.open(name, version);
    let blocked = false;
    const opened = new Promise((resolve, reject) => {
      req.onblocked = () => {
        blocked = true;
        reject(new StoreBlockedError());
      };
      req.onsuccess = () => {
        if (blocked) req.result.close();
        else resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('settings')) db.createObjectStore('settings');
      if (!db.objectStoreNames.contains('responses')) {
        const responses = db.createObjectStore('responses', { keyPath: 'id' });
        responses.createIndex('sent', 'sent');
      }
    };
    return new KioskStore(await opened);
  }

  #tx(stores, mode) {
    const options = mode === 'readwrite' ? { durability: 'strict' } : undefined;
    return this.#db.transaction(stores, mode, options);
  }

  async getSetting(key) {
    const tx = this.#tx('settings', 'readonly');
    return request(tx.objectStore('settings').get(key));
  }

  async setSetting(key, value) {
    const tx = this.#tx('settings', 'readwrite');
    tx.objectStore('settings').put(value, key);
    await done(tx);
  }

  /**
   * Saves one sealed response. Resolves after the transaction committed; rejects (e.g. with a
   * QuotaExceededError) otherwise. Saving the same id again keeps the first copy: a response is
   * written once.
   */
  async saveResponse(sealed) {
    const tx = this.#tx('responses', 'readwrite');
    const store = tx.objectStore('responses');
    const existing = store.get(sealed.id);
    existing.onsuccess = () => {
      if (existing.result === undefined) store.add({ id: sealed.id, sealed, sent: 0 });
    };
    await done(tx);
  }

  async count() {
    const tx = this.#tx('responses', 'readonly');
    return request(tx.objectStore('responses').count());
  }

  /** Every stored entry {id, sealed, sent}. */
  async all() {
    const tx = this.#tx('responses', 'readonly');
    return request(tx.objectStore('responses').getAll());
  }

  /** Ids of responses not yet accepted by the organiser's endpoint. */
  async unsentIds() {
    const tx = this.#tx('responses', 'readonly');
    return request(tx.objectStore('responses').index('sent').getAllKeys(0));
  }

  async markSent(id) {
    await this.#update(id, { sent: 1, refused: undefined });
  }

  /** Sets a response aside as refused by the endpoint ({status, message}): it is not sent again by itself. */
  async markRefused(id, { status, message }) {
    await this.#update(id, { sent: -1, refused: { status, message, at: new Date().toISOString() } });
  }

  /** Puts refused responses back among those waiting to be sent. */
  async markWaiting(ids) {
    for (const id of ids) await this.#update(id, { sent: 0, refused: undefined });
  }

  /** The responses the endpoint refused: [{id, status, message, at}]. */
  async refused() {
    const tx = this.#tx('responses', 'readonly');
    const entries = await request(tx.objectStore('responses').index('sent').getAll(-1));
    return entries.map((e) => ({ id: e.id, ...e.refused }));
  }

  async #update(id, change) {
    const tx = this.#tx('responses', 'readwrite');
    const store = tx.objectStore('responses');
    const req = store.get(id);
    req.onsuccess = () => {
      if (!req.result) return;
      const next = { ...req.result, ...change };
      for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
      store.put(next);
    };
    await done(tx);
  }

  /** Deletes the given ids (the ones an export contained) and nothing else. */
  async remove(ids) {
    const tx = this.#tx('responses', 'readwrite');
    const store = tx.objectStore('responses');
    for (const id of ids) store.delete(id);
    await done(tx);
  }

  close() {
    this.#db.close();
  }
}
