// Encryption of kiosk responses (threat model: docs/KIOSK.md). WebCrypto only.
//
// At set-up the organiser's secret turns into a "vault": an ECDH P-256 key pair whose public half
// is stored in the clear and whose private half is stored encrypted (AES-GCM, key from PBKDF2 of
// the secret). Saving a response needs only the public key: each record is sealed with a fresh
// ephemeral key pair (ECDH → HKDF-SHA-256 → AES-256-GCM, the response id as associated data).
// Reading needs the secret: it unwraps the private key, which never leaves this module's CryptoKey
// (imported as non-extractable) and is dropped when the organiser locks the view.

export const VAULT_FORMAT = 'catalyse-kiosk-vault/1';
export const ENVELOPE_FORMAT = 'catalyse-sealed/1';
export const PBKDF2_ITERATIONS = 600000;
const HKDF_INFO = new TextEncoder().encode('catalyse kiosk response v1');
const VAULT_AAD = new TextEncoder().encode(VAULT_FORMAT);

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (the kiosk needs a secure context: https or localhost)');
  return s;
};

export function toBase64(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text) {
  if (typeof text !== 'string') throw new TypeError('expected base64 text');
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i += 1) out[i] = s.charCodeAt(i);
  return out;
}

function random(n) {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** The organiser typed a wrong secret (or the vault was altered). */
export class WrongSecretError extends Error {
  constructor() {
    super('wrong organiser secret');
    this.name = 'WrongSecretError';
  }
}

async function secretKey(secret, salt, iterations) {
  const material = await subtle().importKey('raw', new TextEncoder().encode(secret.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/**
 * Creates a vault from the organiser's secret. Returns a plain object to store (no secret in it).
 * @param {string} secret at least 8 characters
 */
export async function createVault(secret, { iterations = PBKDF2_ITERATIONS } = {}) {
  if (typeof secret !== 'string' || [...secret].length < 8) throw new RangeError('the organiser secret needs at least 8 characters');
  const pair = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const publicRaw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  const salt = random(16);
  const iv = random(12);
  const key = await secretKey(secret, salt, iterations);
  const wrapped = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: VAULT_AAD }, key, pkcs8);
  pkcs8.fill(0);
  return {
    format: VAULT_FORMAT,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    publicKey: toBase64(publicRaw),
    privateKey: { iv: toBase64(iv), data: toBase64(wrapped) },
  };
}

function checkVault(vault) {
  if (!vault || vault.format !== VAULT_FORMAT || !vault.kdf || !vault.privateKey || typeof vault.publicKey !== 'string') {
    throw new TypeError('not a kiosk vault');
  }
}

/** The vault's public key, for sealing. */
export function publicKeyOf(vault) {
  checkVault(vault);
  return subtle().importKey('raw', fromBase64(vault.publicKey), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
}

/**
 * Unlocks the vault with the organiser's secret: the private key (non-extractable CryptoKey).
 * Throws WrongSecretError when the secret does not open it, or when the stored public key is not
 * the pair of the private key (someone replaced it to receive the next responses).
 */
export async function unlockVault(vault, secret) {
  checkVault(vault);
  const key = await secretKey(String(secret ?? ''), fromBase64(vault.kdf.salt), vault.kdf.iterations);
  let pkcs8;
  try {
    pkcs8 = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(vault.privateKey.iv), additionalData: VAULT_AAD },
      key, fromBase64(vault.privateKey.data)));
  } catch {
    throw new WrongSecretError();
  }
  // Check the pair: the private key's own public point must be the stored public key.
  const extractable = await subtle().importKey('pkcs8', pkcs8, { name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const jwk = await subtle().exportKey('jwk', extractable);
  const raw = fromBase64(vault.publicKey);
  const x = toBase64(raw.subarray(1, 33)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const y = toBase64(raw.subarray(33, 65)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (jwk.x !== x || jwk.y !== y) throw new WrongSecretError();
  const privateKey = await subtle().importKey('pkcs8', pkcs8, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  pkcs8.fill(0);
  return privateKey;
}

async function contentKey(privateKey, publicKey, salt, usage) {
  const bits = await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const material = await subtle().importKey('raw', bits, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: HKDF_INFO }, material,
    { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/**
 * Seals a response record for the vault's owner. The envelope keeps the response id in the clear
 * (it is random and says nothing about the respondent) and binds it to the ciphertext.
 */
export async function sealRecord(publicKey, record) {
  if (!record || typeof record.id !== 'string' || !record.id) throw new TypeError('a response record with an id is needed');
  const eph = await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const epk = new Uint8Array(await subtle().exportKey('raw', eph.publicKey));
  const key = await contentKey(eph.privateKey, publicKey, epk, 'encrypt');
  const iv = random(12);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(record.id) }, key,
    new TextEncoder().encode(JSON.stringify(record)));
  return { format: ENVELOPE_FORMAT, id: record.id, epk: toBase64(epk), iv: toBase64(iv), data: toBase64(data) };
}

/** Opens an envelope with the unlocked private key: the record. Throws when it was altered. */
export async function openRecord(privateKey, envelope) {
  if (!envelope || envelope.format !== ENVELOPE_FORMAT || typeof envelope.id !== 'string') throw new TypeError('not a sealed response');
  const epkRaw = fromBase64(envelope.epk);
  const epk = await subtle().importKey('raw', epkRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const key = await contentKey(privateKey, epk, epkRaw, 'decrypt');
  const plain = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(envelope.iv), additionalData: new TextEncoder().encode(envelope.id) },
    key, fromBase64(envelope.data));
  const record = JSON.parse(new TextDecoder().decode(plain));
  if (!record || record.id !== envelope.id) throw new TypeError('the sealed response does not match its id');
  return record;
}
