// The participant page as catalyse-server sends it (/e/CODE, server/event_page.cpp): the event's
// description in a JSON data block (the same as GET /api/v1/events/CODE), the questionnaire's first
// section as a plain form inside <catalyse-survey>, in the language of ?lang= or Accept-Language,
// under the same strict Content-Security-Policy as every page. Hostile text in the event's name and
// its questionnaire (markup, a script, quotes, ampersands, a closing </script>) stays text. A real
// server on SQLite.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { t } from '../../web/src/i18n.js';
import { createEvent, database, root, startServer } from './support.mjs';

const template = readFileSync(`${root}/web/event/index.html`, 'utf8');
const questionnaire = JSON.parse(readFileSync(`${root}/web/questionnaires/catalyseurs-2018.json`, 'utf8'));
const HOSTILE = '<script>window.pwned=1</script></script><img src=x onerror="pwned()"> & "quoted" \'single\' &amp; \u2028';

/** The default questionnaire with hostile text in its title, first section and first question. */
function hostileQuestionnaire() {
  const doc = structuredClone(questionnaire);
  doc.id = 'hostile-texts';
  doc.title = { fr: `Titre ${HOSTILE}`, en: `Title ${HOSTILE}` };
  const section = doc.sections[0];
  section.title = { fr: `Section ${HOSTILE}`, en: `Section ${HOSTILE}` };
  section.intro = { fr: `Intro ${HOSTILE}`, en: `Intro ${HOSTILE}` };
  const first = section.questions[0];
  first.text = { fr: `Question ${HOSTILE}`, en: `Question ${HOSTILE}` };
  first.help = { fr: `Aide ${HOSTILE}`, en: `Help ${HOSTILE}` };
  first.options[0].label = { fr: `Option ${HOSTILE}`, en: `Option ${HOSTILE}` };
  return doc;
}

async function page(base, code, { query = '', language = 'fr-FR,fr;q=0.9', encoding = 'identity' } = {}) {
  const r = await fetch(new URL(`/e/${code}${query}`, base), { headers: { 'Accept-Language': language, 'Accept-Encoding': encoding } });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

const info = (html) => JSON.parse(html.match(/<script type="application\/json" id="event-info">(.*?)<\/script>/s)[1]);
const scripts = (html) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);

describe('participant page with the event in it', () => {
  let db;
  let server;
  before(async () => {
    db = await database('sqlite');
    server = await startServer(db.url);
  });
  after(async () => {
    await server?.stop();
    await db?.stop();
  });

  test('the event and the first section in the page, in the person\'s language, under the strict CSP', async () => {
    const event = await createEvent(server.url, { name: 'Atelier du matin', languages: ['fr', 'en'] });
    const fr = await page(server.url, event.code);
    assert.equal(fr.status, 200);
    assert.match(fr.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'; style-src 'self';.*require-trusted-types-for 'script'/);
    assert.doesNotMatch(fr.headers.get('content-security-policy'), /unsafe-inline|sha256-|nonce-/);
    assert.match(fr.headers.get('vary'), /Accept-Language/);
    assert.match(fr.text, /<html lang="fr">/);
    assert.match(fr.text, /<title>Atelier du matin — Catalyse<\/title>/);
    // The description is GET /api/v1/events/CODE's, word for word.
    const described = await (await fetch(new URL(`/api/v1/events/${event.code}`, server.url))).json();
    assert.deepEqual(info(fr.text), described);
    // The first section: its title and its first question with its five options, as radio buttons.
    const form = fr.text.match(/<catalyse-survey id="survey" lang="fr"><form class="fallback root"[^]*?<\/form><\/catalyse-survey>/)?.[0];
    assert.ok(form, 'the plain form inside the widget\'s element');
    assert.ok(form.includes('La dynamique de votre territoire'));
    assert.equal([...form.matchAll(/<input type="radio" name="fallback-dynamique-choice"/g)].length, 5);
    assert.doesNotMatch(form, /anciennete/, 'a question shown only after an answer is not in the plain form');
    assert.match(form, /<noscript><p class="needs-script">Cette page a besoin de JavaScript pour envoyer vos réponses/);
    assert.match(form, /<p class="progress-text">Étape 1 sur 8<\/p>/, 'the step, as the widget counts it');
    assert.match(fr.text, /<p id="loading" class="loading" hidden>/);
    // Above it, the widget's header with the widget's own words, so that the widget takes the
    // form's place without moving it: the intro and its "more", the step, what the device keeps.
    const header = (text, lang) => {
      const head = text.match(/<form class="fallback root"[^>]*><header class="head">([^]*?)<\/header><div class="layout"><div class="form-column">/)?.[1];
      assert.ok(head, `${lang}: the header, then the form's column`);
      assert.ok(head.includes(`<button type="button" class="erase intro-more" aria-expanded="false" aria-controls="fallback-intro">${t(lang, 'introMore')}</button>`), `${lang}: the intro's "more"`);
      assert.ok(head.includes(`<p class="privacy">${t(lang, 'storedNote')} <button type="reset" class="erase">${t(lang, 'erase')}</button></p>`), `${lang}: what the device keeps`);
      assert.ok(head.includes(`<p class="progress-text">${t(lang, 'sectionOf', { current: 1, total: 8 })}</p>`), `${lang}: the step`);
    };
    header(fr.text, 'fr');
    // The scripts of the page: its own module and the data block, nothing else.
    assert.deepEqual(scripts(fr.text), ['<script type="module" src="/dist/event.js">', '<script type="application/json" id="event-info">']);

    const en = await page(server.url, event.code, { language: 'en-GB,en;q=0.9,fr;q=0.5' });
    assert.match(en.text, /<html lang="en">/);
    assert.ok(en.text.includes('Your territory’s dynamic'));
    assert.match(en.text, /This page needs JavaScript to send your answers/);
    header(en.text, 'en');
    const asked = await page(server.url, event.code, { query: '?lang=fr', language: 'en-GB,en;q=0.9' });
    assert.match(asked.text, /<html lang="fr">/, '?lang= wins over Accept-Language');
    const unknownLanguage = await page(server.url, event.code, { query: '?lang=de', language: 'de-DE' });
    assert.match(unknownLanguage.text, /<html lang="fr">/, 'a language the event does not offer: its first');
    // Made once per event and language, and again when the event changes (here: revealed).
    const revealed = await fetch(new URL(`/api/v1/events/${event.code}/reveal`, server.url), {
      method: 'POST', headers: { Authorization: `Bearer ${event.organiserToken}`, 'Content-Type': 'application/json' }, body: '{"revealed":true}' });
    assert.equal(revealed.status, 200);
    assert.equal(info((await page(server.url, event.code)).text).revealed, true);
  });

  test('hostile text in the event\'s name and questionnaire stays text', async () => {
    const event = await createEvent(server.url, { name: `Atelier ${HOSTILE}`, languages: ['fr', 'en'], questionnaire: hostileQuestionnaire() });
    const { text } = await page(server.url, event.code);
    assert.deepEqual(scripts(text), ['<script type="module" src="/dist/event.js">', '<script type="application/json" id="event-info">'], 'no script element but the page\'s own');
    assert.doesNotMatch(text, /<img/, 'no element made of the text');
    assert.doesNotMatch(text, /onerror="/);
    const escaped = '&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;/script&gt;&lt;img src=x onerror=&quot;pwned()&quot;&gt; &amp; &quot;quoted&quot; &#39;single&#39; &amp;amp; \u2028';
    for (const place of ['<title>Atelier ', 'id="event-name">Atelier ', '<h2 class="title">Titre ', 'id="fallback-s0">Section ',
      '<p class="section-intro">Intro ', '<span class="question-text">Question ', 'id="fallback-dynamique-help">Aide ', '<span class="label-text">Option ']) {
      assert.ok(text.includes(`${place}${escaped}`), `escaped after ${place}`);
    }
    // The data block cannot be closed by the name, and reads back as the very same text.
    const block = text.match(/<script type="application\/json" id="event-info">(.*?)<\/script>/s)[1];
    assert.doesNotMatch(block, /[<>&\u2028]/);
    assert.equal(info(text).name, `Atelier ${HOSTILE}`);
    // The event's own questionnaire: the page says where it is (the widget loads it).
    assert.notEqual(info(text).questionnaire.hash, (await createEvent(server.url, { name: 'x' })).questionnaireHash);
  });

  test('the head announces the questionnaire the page\'s script fetches (the one-language copy, the whole one, the event\'s own) and the trusting core', async () => {
    const preloads = (html) => [...html.matchAll(/<link rel="preload"[^>]*>/g)].map((m) => m[0]);
    const own = structuredClone(questionnaire);
    own.id = 'own-preload';
    // With the script the page gets: an event in one language, the file with its strings alone.
    const cases = [
      [{ name: 'Atelier fr', languages: ['fr'] }, '/generated/catalyseurs-2018.fr.json', ['fr'], '/dist/event.fr.js'],
      [{ name: 'Workshop en', languages: ['en'] }, '/generated/catalyseurs-2018.en.json', ['en'], '/dist/event.en.js'],
      [{ name: 'Atelier fr en', languages: ['fr', 'en'] }, '/generated/catalyseurs-2018.json', ['fr', 'en'], '/dist/event.js'],
      [{ name: 'Atelier propre', languages: ['fr'], questionnaire: own }, null, ['fr', 'en'], '/dist/event.fr.js'],
    ];
    for (const [request, expected, languages, script] of cases) {
      const event = await createEvent(server.url, request);
      const { text } = await page(server.url, event.code);
      assert.deepEqual(scripts(text), [`<script type="module" src="${script}">`, '<script type="application/json" id="event-info">'], request.name);
      const file = await fetch(new URL(script, server.url));
      assert.equal(file.status, 200, script);
      assert.match(file.headers.get('content-type'), /javascript/, script);
      const body = await file.text();
      // Its strings: the page's own "Loading…" in the event's languages, and no other.
      for (const [lang, word] of [['fr', 'Chargement…'], ['en', 'Loading…']])
        assert.equal(body.includes(word), script === '/dist/event.js' || script.includes(`.${lang}.`), `${script}: ${lang}`);
      // The event's own questionnaire: where its description says it is.
      const url = expected ?? info(text).questionnaireUrl;
      assert.deepEqual(preloads(text), [`<link rel="preload" href="${url}" as="fetch" crossorigin>`,
        '<link rel="preload" href="/generated/catalyse-core-trusting.wasm" as="fetch" crossorigin fetchpriority="low">'], request.name);
      assert.ok(text.indexOf(preloads(text)[0]) < text.indexOf('</head>'), `${request.name}: in the head`);
      // The address answers with that questionnaire's text.
      const served = await fetch(new URL(url, server.url));
      assert.equal(served.status, 200, url);
      assert.deepEqual((await served.json()).languages, languages, url);
    }
  });

  test('a closed event: its description says so, no form; an unknown code: the page as it is', async () => {
    const event = await createEvent(server.url, { name: 'Atelier clos', languages: ['fr'] });
    const closed = await fetch(new URL(`/api/v1/events/${event.code}/close`, server.url), { method: 'POST', headers: { Authorization: `Bearer ${event.organiserToken}` } });
    assert.equal(closed.status, 200);
    const { text } = await page(server.url, event.code);
    assert.equal(info(text).state, 'closed');
    assert.doesNotMatch(text, /<catalyse-survey|<form/);
    assert.doesNotMatch(text, /\.wasm/, 'no core announced for a page without a form');
    const unknown = await page(server.url, 'ZZZZ-ZZZZ');
    assert.equal(unknown.status, 200);
    assert.equal(unknown.text, template);
  });

  test('bytes: what the event adds to the page on the default questionnaire', async (t) => {
    const event = await createEvent(server.url, { name: 'Rencontres des catalyseurs', languages: ['fr', 'en'] });
    const { headers } = await page(server.url, event.code, { encoding: 'br' });
    assert.equal(headers.get('content-encoding'), 'br', 'sent compressed');
    const served = (await page(server.url, event.code)).text;
    const sizes = (s) => ({ raw: Buffer.byteLength(s), gzip: gzipSync(s, { level: 9 }).length,
      br: brotliCompressSync(s, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length });
    const before = sizes(template);
    const now = sizes(served);
    t.diagnostic(`page ${before.raw} → ${now.raw} bytes raw, ${before.gzip} → ${now.gzip} gzip -9, ${before.br} → ${now.br} br`);
    // The event and one section of plain form: at most 2 kB more, compressed.
    assert.ok(now.gzip - before.gzip <= 2048, `the page grows by ${now.gzip - before.gzip} bytes gzip -9`);
  });
});
