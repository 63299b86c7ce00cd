// The link that carries a kiosk respondent's answers to their own phone: the answers live in the
// URL's fragment (after "#"), which a browser never sends to a server, and the phone's result page
// (result.html) scores them again with the core. Nothing is stored or sent by the kiosk.
//
// Fragment: r1~<lang>~<hash>~<choices>[~<numbers>]
//   lang     the language the person answered in (fr, en)
//   hash     the first 8 hex digits of the questionnaire's hash: the phone refuses answers made
//            for another questionnaire or version, whose positions would mean other answers
//   choices  base64url of a bit string, question by question in questionnaire order:
//              single, scale  one field: 0 = no answer, k = the k-th option
//              matrix         one such field per row
//              multiple       1 bit "answered", then 1 bit per option
//              number         1 bit "answered" (the value goes to <numbers>)
//            a field is as wide as the option count needs (3 options: 2 bits; 5 to 7: 3 bits)
//   numbers  the answered numbers' values in order, joined by "_"
// Free text is never carried: it is not scored, and it may be personal.

export const LINK_FORMAT = 'r1';

/** The questions in questionnaire order. */
function questions(questionnaire) {
  return (questionnaire?.sections ?? []).flatMap((s) => s.questions ?? []);
}

/** Bits needed to write 0…n. */
const widthFor = (n) => Math.max(1, Math.ceil(Math.log2(n + 1)));

/** The first 8 hex digits of a questionnaire hash ("fnv1a64:0123…"). */
export function hashTag(hash) {
  const hex = String(hash ?? '').replace(/^[a-z0-9]+:/, '');
  return /^[0-9a-f]{8}/.test(hex) ? hex.slice(0, 8) : '';
}

function toBase64Url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * The fragment (without "#") for `answers` to `questionnaire` (the document; `hash`: its hash as
 * the core gives it), in `lang`.
 */
export function encodeResult(questionnaire, hash, answers, lang) {
  const bits = [];
  const numbers = [];
  const put = (value, width) => {
    for (let i = width - 1; i >= 0; i -= 1) bits.push((value >> i) & 1);
  };
  const choice = (options, id) => {
    const k = options.findIndex((o) => o.id === id);
    return k < 0 ? 0 : k + 1;
  };
  for (const q of questions(questionnaire)) {
    const a = answers?.[q.id];
    const options = q.options ?? [];
    switch (q.type) {
      case 'single':
      case 'scale':
        put(choice(options, a), widthFor(options.length));
        break;
      case 'matrix':
        for (const row of q.rows ?? []) put(choice(options, a && typeof a === 'object' ? a[row.id] : undefined), widthFor(options.length));
        break;
      case 'multiple': {
        const chosen = Array.isArray(a) ? a : [];
        put(chosen.length ? 1 : 0, 1);
        if (chosen.length) for (const o of options) put(chosen.includes(o.id) ? 1 : 0, 1);
        break;
      }
      case 'number': {
        const ok = typeof a === 'number' && Number.isFinite(a);
        put(ok ? 1 : 0, 1);
        if (ok) numbers.push(String(a));
        break;
      }
      default:
        break; // text: never carried
    }
  }
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => { if (b) bytes[i >> 3] |= 0x80 >> (i & 7); });
  const fields = [LINK_FORMAT, String(lang ?? '').slice(0, 2).toLowerCase(), hashTag(hash), toBase64Url(bytes)];
  if (numbers.length) fields.push(numbers.join('_'));
  return fields.join('~');
}

/** The parts of a fragment (with or without "#"): {lang, hash, choices, numbers}, or null when it is not such a link. */
export function parseResultFragment(fragment) {
  const fields = String(fragment ?? '').replace(/^#/, '').split('~');
  if (fields[0] !== LINK_FORMAT || fields.length < 4 || fields.length > 5) return null;
  const [, lang, hash, choices, numbers = ''] = fields;
  if (!/^[a-z]{2}$/.test(lang) || !/^[0-9a-f]{8}$/.test(hash)) return null;
  const bytes = fromBase64Url(choices);
  if (!bytes) return null;
  return { lang, hash, bytes, numbers: numbers ? numbers.split('_') : [] };
}

/**
 * The answers a parsed fragment carries for `questionnaire` (whose hash is `hash`):
 * {ok: true, answers, lang} or {ok: false, reason} with reason 'other-questionnaire' (made for
 * another questionnaire or version) or 'damaged' (cut short, or a choice that does not exist).
 */
export function decodeResult(questionnaire, hash, parsed) {
  if (!parsed) return { ok: false, reason: 'damaged' };
  if (parsed.hash !== hashTag(hash)) return { ok: false, reason: 'other-questionnaire' };
  const { bytes } = parsed;
  let at = 0;
  let damaged = false;
  const take = (width) => {
    let v = 0;
    for (let i = 0; i < width; i += 1, at += 1) {
      if (at >= bytes.length * 8) { damaged = true; return 0; }
      v = (v << 1) | ((bytes[at >> 3] >> (7 - (at & 7))) & 1);
    }
    return v;
  };
  const option = (options) => {
    const k = take(widthFor(options.length));
    if (k > options.length) damaged = true;
    return k > 0 && k <= options.length ? options[k - 1].id : undefined;
  };
  const numbers = [...parsed.numbers];
  const answers = {};
  for (const q of questions(questionnaire)) {
    const options = q.options ?? [];
    switch (q.type) {
      case 'single':
      case 'scale': {
        const id = option(options);
        if (id !== undefined) answers[q.id] = id;
        break;
      }
      case 'matrix': {
        const rows = {};
        for (const row of q.rows ?? []) {
          const id = option(options);
          if (id !== undefined) rows[row.id] = id;
        }
        if (Object.keys(rows).length) answers[q.id] = rows;
        break;
      }
      case 'multiple':
        if (take(1)) {
          const chosen = options.filter(() => take(1) === 1).map((o) => o.id);
          if (chosen.length) answers[q.id] = chosen;
        }
        break;
      case 'number':
        if (take(1)) {
          const text = numbers.shift();
          const value = Number(text);
          if (text === undefined || text === '' || !Number.isFinite(value)) damaged = true;
          else answers[q.id] = value;
        }
        break;
      default:
        break;
    }
  }
  // What is left must be the last byte's padding (zeros), and no number may be left over.
  if (bytes.length * 8 - at >= 8 || numbers.length) damaged = true;
  while (at < bytes.length * 8) if (take(1)) damaged = true;
  return damaged ? { ok: false, reason: 'damaged' } : { ok: true, answers, lang: parsed.lang };
}

/** The phone's address of the result page for a fragment: `page` (result.html's URL, with its ?src= if any) + "#" + fragment. */
export function resultUrl(page, fragment) {
  const url = new URL(page);
  url.hash = fragment;
  return url.href;
}
