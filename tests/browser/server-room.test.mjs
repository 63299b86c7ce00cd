// The live room against the real catalyse-server (SQLite): participants answer on their own
// "phones" (separate browser contexts at 375 px) at /e/CODE, the projector (/e/CODE/screen at
// 1920×1080) counts them live and, once the organiser reveals them, draws the room's results from
// the server's live aggregate. Also: an unknown code and a closed event say so; one response per
// device; a participant offline at the end keeps the response on the phone and sends it when the
// page is opened again with the network back, counted once; nothing is drawn under 5 responses;
// freeze; the projector's QR code read by zbarimg from a screenshot; axe-core; keyboard only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations, launchBrowser, openPage, pageProblems, ROOT, screenshot } from './support.mjs';
import { api, answerSets, createEvent, record, serverForSuite, submit } from '../server/support.mjs';

const PARTICIPANTS = 30;
const BATCH = 5;

/** The page's problems, without the 404 the page itself asked for to learn that a code is unknown. */
function problemsBut404(page) {
  return pageProblems(page).filter((p) => !/status of 404/.test(p));
}

const suite = serverForSuite('sqlite');
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Opens the participant page on a fresh "phone" (its own context, 375 px). */
function phone(code, options = {}) {
  return openPage(browser, new URL(`/e/${code}`, suite.base).href, { width: 375, height: 800, waitFor: 'body[data-ready]', ...options });
}

/**
 * Answers the whole questionnaire on a participant page (the answers set through the element's
 * `answers` property, as a person's clicks would leave them) and finishes; resolves once the
 * final screen is shown, with the response's POST if one was sent while finishing.
 */
async function answerAndFinish(page, answers) {
  const survey = page.locator('catalyse-survey');
  await survey.locator('[part~="next"]').waitFor();
  await survey.evaluate((el, a) => { el.answers = a; }, answers);
  for (let i = 0; i < 12 && await survey.locator('[part~="done"]').count() === 0; i += 1) {
    await survey.locator('[part~="next"]').click();
    await page.waitForTimeout(50);
  }
  await survey.locator('[part~="done"]').waitFor();
}

/**
 * A phone whose widget's questionnaire (the default one, whole or in one language, or the event's
 * own: the page defines the widget once it has that text) is held back until `release()`: a slow
 * link, where the page's plain form is all there is for a while.
 */
async function slowPhone(code, { javaScriptEnabled = true, width = 375, locale = 'fr-FR' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale, javaScriptEnabled });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/\/(questionnaires\/catalyseurs-2018\.json|generated\/catalyseurs-2018(\.\w+)?\.json|api\/v1\/events\/[^/]+\/questionnaire)$/, async (route) => { await held; await route.continue(); });
  const page = await openPage(browser, new URL(`/e/${code}`, suite.base).href, { context, waitUntil: 'domcontentloaded' });
  return { page, release };
}

describe('live room', () => {
  test('the plain form the page comes with: answerable before the widget, taken over by it (answers and focus), sent', async () => {
    const event = await createEvent(suite.base, { name: 'Atelier du soir', languages: ['fr', 'en'] });
    const { page, release } = await slowPhone(event.code);
    try {
      const choice = page.locator('#fallback input[value="ancre"]');
      await choice.waitFor();
      assert.equal(await page.evaluate(() => Boolean(customElements.get('catalyse-survey'))), false, 'the widget is not there yet');
      assert.match(await page.locator('#fallback legend').first().textContent(), /^Votre territoire est-il porteur d’une dynamique de co-construction entre les différents acteurs\s\?\* \(obligatoire\)$/);
      assert.equal(await page.locator('.needs-script').isVisible(), false, 'the line for pages without JavaScript is not shown with it');
      await page.locator('#fallback label', { hasText: 'ancré dans le fonctionnement' }).click();
      assert.equal(await choice.isChecked(), true);
      assert.equal(await page.evaluate(() => document.activeElement?.value), 'ancre');
      await screenshot(page, 'room-participant-plain-375', { fullPage: false });
      assert.deepEqual(await axeViolations(page), [], 'axe: the plain form');

      release();
      const survey = page.locator('catalyse-survey');
      await survey.locator('[part~="next"]').waitFor();
      await page.locator('body[data-ready]').waitFor();
      assert.equal(await page.locator('#fallback').count(), 0, 'the plain form is gone');
      assert.equal(await page.locator('#survey-slot > catalyse-survey').count(), 1, 'the element the page came with is the widget');
      assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'ancre' }, 'the answer is the widget\'s');
      assert.deepEqual(await survey.evaluate((el) => ({ value: el.shadowRoot.activeElement?.value, checked: el.shadowRoot.activeElement?.checked })),
        { value: 'ancre', checked: true }, 'the focus is on the same choice in the widget');
      await survey.evaluate((el) => new Promise((resolve) => {
        if (el.shadowRoot.querySelector('[data-ready]')) resolve();
        else el.addEventListener('catalyse-ready', resolve, { once: true });
      }));
      await screenshot(page, 'room-participant-upgraded-375', { fullPage: false });
      // The page's script carries no copy of the widget's stylesheet: the shadow root's is made of
      // the rules the page's stylesheet holds inside `@container plain` (where they style the plain
      // form), the same as src/styles.js's.
      const styles = await survey.evaluate(async (el) => {
        const rules = (sheet) => [...sheet.cssRules].map((r) => r.cssText.replace(/,\s+/g, ','));
        const { CSS } = await import('/src/styles.js');
        const readable = new CSSStyleSheet();
        readable.replaceSync(CSS);
        return { shadow: el.shadowRoot.adoptedStyleSheets.flatMap(rules), readable: rules(readable), script: [...document.scripts].map((s) => s.src) };
      });
      assert.ok(styles.readable.length > 100, `the readable stylesheet has its rules (${styles.readable.length})`);
      assert.deepEqual(styles.shadow, styles.readable, 'the shadow root has the widget\'s rules');
      const script = await (await fetch(styles.script.find((s) => /\/dist\/event/.test(s)))).text();
      assert.doesNotMatch(script, /container-name:catalyse/, 'the page\'s script carries no copy of them');

      // The rest answered in the widget; the response sent carries the plain form's answer.
      const posted = page.waitForRequest((r) => r.method() === 'POST' && /\/responses$/.test(r.url()));
      await survey.evaluate((el, rest) => { el.answers = { ...rest, ...el.answers }; }, answerSets[0]);
      for (let i = 0; i < 12 && await survey.locator('[part~="done"]').count() === 0; i += 1) {
        await survey.locator('[part~="next"]').click();
        await page.waitForTimeout(50);
      }
      await survey.locator('[part~="done"]').waitFor();
      assert.equal((await posted).postDataJSON().answers.dynamique, 'ancre', 'the response sent has the plain form\'s answer');
      await page.locator('#send[data-state="sent"]').waitFor();
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
  });

  test('the widget takes the plain form\'s place without moving the first question (375 and 1280 px, fr and en)', async () => {
    const event = await createEvent(suite.base, { name: 'Atelier du soir', languages: ['fr', 'en'] });
    // The first question's text and first control, in the plain form while it is there, else in
    // the widget's shadow root; null while neither shows one.
    const firstQuestion = () => {
      const survey = document.querySelector('catalyse-survey');
      const scope = document.querySelector('#fallback') ?? survey?.shadowRoot;
      const question = scope?.querySelector('.question');
      if (!question || !question.getClientRects().length) return null;
      const box = (node) => { const r = node.getBoundingClientRect(); return { x: r.x, y: r.y }; };
      return { widget: scope !== document.querySelector('#fallback'), text: box(question.querySelector('.question-text')), control: box(question.querySelector('input, textarea')) };
    };
    for (const [width, locale] of [[375, 'fr-FR'], [1280, 'fr-FR'], [375, 'en-GB'], [1280, 'en-GB']]) {
      const { page, release } = await slowPhone(event.code, { width, locale });
      try {
        await page.locator('#fallback .question').first().waitFor();
        const plain = await page.evaluate(firstQuestion);
        assert.equal(plain.widget, false);
        if (locale === 'fr-FR') await screenshot(page, `room-participant-takeover-plain-${width}`, { fullPage: false });
        // Every frame from the widget's arrival until its core has scored: where the question is.
        const frames = page.evaluate(`new Promise((resolve) => {
          const seen = [];
          const look = () => {
            seen.push((${firstQuestion})());
            const ready = document.querySelector('catalyse-survey')?.shadowRoot?.querySelector('.root[data-ready]');
            if (ready && seen.filter((f) => f?.widget).length > 2) resolve(seen); else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        })`);
        release();
        const seen = await frames;
        await page.locator('body[data-ready]').waitFor();
        const widget = seen.filter((f) => f?.widget);
        assert.ok(widget.length > 2, 'frames of the widget were seen');
        assert.equal(seen.slice(seen.indexOf(widget[0])).filter((f) => !f?.widget).length, 0, `${width} px ${locale}: no frame without the question once the widget shows`);
        for (const f of [...widget, await page.evaluate(firstQuestion)]) {
          for (const part of ['text', 'control']) {
            const moved = Math.max(Math.abs(f[part].x - plain[part].x), Math.abs(f[part].y - plain[part].y));
            assert.ok(moved <= 2, `${width} px ${locale}: the first question's ${part} moved by ${moved.toFixed(1)} px (${JSON.stringify(plain[part])} → ${JSON.stringify(f[part])})`);
          }
        }
        if (locale === 'fr-FR') await screenshot(page, `room-participant-takeover-widget-${width}`, { fullPage: false });
        assert.deepEqual(pageProblems(page), []);
      } finally {
        await page.closeContext();
      }
    }
  });

  test('an intro opened in the plain form stays open in the widget: the first question does not move (375 px)', async () => {
    const event = await createEvent(suite.base, { name: 'Atelier du soir', languages: ['fr'] });
    const { page, release } = await slowPhone(event.code);
    // The intro's height and the first question's place, in the plain form while it is there, else in the widget.
    const place = () => page.evaluate(() => {
      const scope = document.querySelector('#fallback') ?? document.querySelector('catalyse-survey').shadowRoot;
      const more = scope.querySelector('.intro-more');
      return { intro: scope.querySelector('.intro').getBoundingClientRect().height, question: scope.querySelector('.question-text').getBoundingClientRect().y,
        expanded: more.getAttribute('aria-expanded') };
    });
    try {
      await page.locator('#fallback .intro-more').click();
      const plain = await place();
      assert.equal(plain.expanded, 'true');
      release();
      const survey = page.locator('catalyse-survey');
      await survey.locator('.root[data-ready]').waitFor();
      await page.locator('body[data-ready]').waitFor();
      assert.equal(await page.locator('#fallback').count(), 0, 'the plain form is gone');
      const widget = await place();
      assert.equal(widget.expanded, 'true', 'the widget\'s "more" says the intro is open');
      assert.equal(await survey.evaluate((el) => el.introOpen && el.hasAttribute('intro-open')), true);
      assert.ok(Math.abs(widget.intro - plain.intro) <= 2, `the intro is as tall as in the plain form (${plain.intro} → ${widget.intro} px)`);
      assert.ok(Math.abs(widget.question - plain.question) <= 2, `the first question moved by ${(widget.question - plain.question).toFixed(1)} px`);
      // Closed in the widget: cut again, and the attribute says so.
      await survey.locator('.intro-more').click();
      const closed = await place();
      assert.equal(closed.expanded, 'false');
      assert.ok(closed.intro < plain.intro / 2, 'the intro is cut again');
      assert.equal(await survey.evaluate((el) => el.hasAttribute('intro-open')), false);
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
  });

  test('an event in one language: the default questionnaire in that language and the trusting core only; the response names the whole questionnaire', async () => {
    const event = await createEvent(suite.base, { name: 'Workshop', languages: ['en'] });
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'en-GB' });
    const fetched = [];
    context.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    const page = await openPage(browser, new URL(`/e/${event.code}`, suite.base).href, { context, waitFor: 'body[data-ready]' });
    try {
      const survey = page.locator('catalyse-survey');
      await survey.locator('[part~="next"]').waitFor();
      assert.match(await survey.evaluate((el) => el.shadowRoot.querySelector('.question-text').textContent), /^Does your territory carry a co-construction dynamic/);
      // The page's script with the English strings alone, and the widget's words in English.
      assert.equal((await survey.locator('[part~="next"]').textContent()).trim(), 'Next');
      const posted = page.waitForRequest((r) => r.method() === 'POST' && /\/responses$/.test(r.url()));
      await answerAndFinish(page, answerSets[1]);
      assert.equal((await posted).postDataJSON().questionnaire.hash, event.questionnaireHash, 'the response names the event\'s questionnaire');
      await page.locator('#send[data-state="sent"]').waitFor();
      const files = fetched.filter((f) => /\.(js|json|wasm)$/.test(f));
      assert.ok(files.includes('/generated/catalyseurs-2018.en.json') && files.includes('/generated/catalyse-core-trusting.wasm') && files.includes('/dist/event.en.js'), files.join(' '));
      for (const other of ['/questionnaires/catalyseurs-2018.json', '/generated/catalyseurs-2018.json', '/generated/catalyseurs-2018.fr.json', '/generated/catalyse-core.wasm', '/dist/catalyse.js', '/dist/event.js']) {
        assert.ok(!files.includes(other), `${other} is not loaded: ${files.join(' ')}`);
      }
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
  });

  test('the questionnaire and core the page announces are the ones its widget reads, fetched once: in one language, in two, the event\'s own', async () => {
    const doc = JSON.parse(readFileSync(path.join(ROOT, 'web/questionnaires/catalyseurs-2018.json'), 'utf8'));
    doc.id = 'own-preloaded';
    for (const request of [{ name: 'Atelier fr', languages: ['fr'] }, { name: 'Atelier fr en', languages: ['fr', 'en'] }, { name: 'Atelier propre', languages: ['fr'], questionnaire: doc }]) {
      const event = await createEvent(suite.base, request);
      const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'fr-FR' });
      const fetched = [];
      const unused = [];
      context.on('request', (r) => fetched.push(r.url()));
      context.on('console', (m) => { if (/preload/i.test(m.text())) unused.push(m.text()); });
      const page = await openPage(browser, new URL(`/e/${event.code}`, suite.base).href, { context, waitFor: 'body[data-ready]' });
      try {
        await page.locator('catalyse-survey').locator('.root[data-ready]').waitFor();
        const announced = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"][as="fetch"]')].map((l) => l.href));
        assert.equal(announced.length, 2, `${request.name}: a questionnaire and a core announced`);
        const loaded = fetched.filter((u) => /(\/catalyseurs-2018(\.\w+)?\.json|\/questionnaire|\.wasm)$/.test(u));
        assert.deepEqual(loaded.sort(), announced.sort(), `${request.name}: the announced questionnaire and core are the only ones fetched, once each`);
        assert.deepEqual(unused, [], `${request.name}: no preload left unused`);
        assert.deepEqual(pageProblems(page), []);
      } finally {
        await page.closeContext();
      }
    }
  });

  test('the focus on the plain form\'s "Lire la présentation" stays on the widget\'s (375 px)', async () => {
    const event = await createEvent(suite.base, { name: 'Atelier du soir', languages: ['fr'] });
    const { page, release } = await slowPhone(event.code);
    try {
      await page.locator('#fallback .intro-more').focus();
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('intro-more')), true);
      release();
      const survey = page.locator('catalyse-survey');
      await survey.locator('.root[data-ready]').waitFor();
      await page.locator('body[data-ready]').waitFor();
      assert.equal(await page.locator('#fallback').count(), 0, 'the plain form is gone');
      assert.deepEqual(await survey.evaluate((el) => ({ host: document.activeElement === el, more: el.shadowRoot.activeElement?.classList.contains('intro-more') ?? false })),
        { host: true, more: true }, 'the focus is on the widget\'s "Lire la présentation"');
      await screenshot(page, 'room-participant-intro-focus-375', { fullPage: false });
      // The keyboard goes on from there: Enter opens the intro.
      await page.keyboard.press('Enter');
      assert.equal(await survey.locator('.intro-more').getAttribute('aria-expanded'), 'true');
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
  });

  test('an event on its own questionnaire: the plain form stays, answerable, until the widget draws the first question, without a loading line (375 px)', async () => {
    const doc = JSON.parse(readFileSync(path.join(ROOT, 'web/questionnaires/catalyseurs-2018.json'), 'utf8'));
    doc.id = 'own-room';
    const event = await createEvent(suite.base, { name: 'Atelier du soir', languages: ['fr'], questionnaire: doc });
    const { page, release } = await slowPhone(event.code);
    try {
      await page.locator('#fallback .question').first().waitFor();
      // Every script the page asks for is there (and a moment to run), the event's questionnaire is
      // not: the plain form is still the page's, answerable.
      await page.waitForFunction(() => {
        const arrived = new Set(performance.getEntriesByType('resource').map((e) => e.name));
        return [...document.querySelectorAll('script[src], link[rel="modulepreload"]')].every((n) => arrived.has(n.src || n.href));
      });
      await page.waitForTimeout(300);
      assert.equal(await page.locator('#fallback').isVisible(), true, 'the plain form is shown while the questionnaire arrives');
      await screenshot(page, 'room-participant-own-questionnaire-waiting-375', { fullPage: false });
      await page.locator('#fallback label', { hasText: 'ancré dans le fonctionnement' }).click();
      assert.equal(await page.locator('#fallback input[value="ancre"]').isChecked(), true);
      // Every frame from then until the widget's core has scored: the first question, never the loading line.
      const frames = page.evaluate(`new Promise((resolve) => {
        const seen = [];
        const shown = (node) => Boolean(node && node.getClientRects().length);
        const look = () => {
          const root = document.querySelector('catalyse-survey')?.shadowRoot;
          const widget = root?.querySelector('.question-text');
          seen.push({ question: shown(document.querySelector('#fallback .question-text')) || shown(widget), widget: shown(widget),
            loading: shown(root?.querySelector('.loading')) || shown(document.querySelector('#loading')) });
          if (root?.querySelector('.root[data-ready]') && seen.filter((f) => f.widget).length > 2) resolve(seen); else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      })`);
      release();
      const seen = await frames;
      await page.locator('body[data-ready]').waitFor();
      assert.ok(seen.some((f) => f.widget), 'frames of the widget were seen');
      assert.deepEqual(seen.filter((f) => !f.question || f.loading), [], 'every frame shows the first question, none a loading line');
      const survey = page.locator('catalyse-survey');
      assert.equal(await page.locator('#fallback').count(), 0, 'the plain form is gone');
      assert.deepEqual(await survey.evaluate((el) => el.answers), { dynamique: 'ancre' }, 'the answer is the widget\'s');
      assert.equal(await survey.evaluate((el) => el.shadowRoot.activeElement?.value), 'ancre', 'the focus is on the same choice in the widget');
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
  });

  test('hostile text in the event\'s questionnaire stays text in the plain form and in the widget; without JavaScript, the questions and a clear line', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> & "quoted"';
    const doc = JSON.parse(readFileSync(path.join(ROOT, 'web/questionnaires/catalyseurs-2018.json'), 'utf8'));
    doc.id = 'hostile-room';
    doc.sections[0].questions[0].text = { fr: `Question ${hostile}`, en: `Question ${hostile}` };
    doc.sections[0].questions[0].options[0].label = { fr: `Option ${hostile}`, en: `Option ${hostile}` };
    const event = await createEvent(suite.base, { name: `Atelier ${hostile}`, languages: ['fr'], questionnaire: doc });
    const { page, release } = await slowPhone(event.code);
    try {
      await page.locator('#fallback').waitFor();
      assert.equal(await page.locator('#fallback .question-text').first().textContent(), `Question ${hostile}`);
      // The intro, cut to two lines on a phone, opens with "Lire la présentation" as the widget's does.
      const more = page.locator('#fallback .intro-more');
      const introHeight = () => page.locator('#fallback .intro').evaluate((n) => n.getBoundingClientRect().height);
      const cut = await introHeight();
      await more.click();
      assert.equal(await more.getAttribute('aria-expanded'), 'true');
      assert.ok(await introHeight() > cut * 2, 'the intro opened');
      assert.equal(await page.locator('#event-name').textContent(), `Atelier ${hostile}`);
      const injected = () => page.evaluate(() => ({ pwned: window.pwned ?? null, images: document.querySelectorAll('img').length,
        scripts: [...document.scripts].map((s) => s.type || 'classic') }));
      assert.deepEqual(await injected(), { pwned: null, images: 0, scripts: ['module', 'application/json'] });
      release();
      const survey = page.locator('catalyse-survey');
      await survey.locator('[part~="next"]').waitFor();
      assert.match(await survey.evaluate((el) => el.shadowRoot.querySelector('.question-text').textContent), /^Question <img src=x/);
      assert.deepEqual(await injected(), { pwned: null, images: 0, scripts: ['module', 'application/json'] });
      // The event's own questionnaire, checked by the server, is read by the trusting core too.
      const cores = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm')));
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')));
      await survey.locator('.root[data-ready]').waitFor();
      assert.deepEqual(await cores(), ['/generated/catalyse-core-trusting.wasm']);
      assert.deepEqual(pageProblems(page), []);
    } finally {
      await page.closeContext();
    }
    const noScript = await slowPhone(event.code, { javaScriptEnabled: false });
    try {
      const p = noScript.page;
      assert.equal(await p.locator('#fallback input[type="radio"]').first().isVisible(), true, 'the first question, without JavaScript');
      assert.match(await p.locator('.needs-script').textContent(), /Cette page a besoin de JavaScript pour envoyer vos réponses/);
      assert.equal(await p.locator('.needs-script').isVisible(), true);
      await screenshot(p, 'room-participant-nojs-375', { fullPage: false });
    } finally {
      await noScript.page.closeContext();
    }
  });

  test('an unknown code and a closed event: a clear message, no form', async () => {
    const unknown = await phone('ZZZZ-ZZZZ');
    try {
      assert.match(await unknown.locator('#problem').textContent(), /Aucun événement n’a ce code.*ZZZZ-ZZZZ/s);
      assert.equal(await unknown.locator('catalyse-survey').count(), 0);
      assert.deepEqual(problemsBut404(unknown), []);
    } finally {
      await unknown.closeContext();
    }
    const event = await createEvent(suite.base, { name: 'Atelier clos', languages: ['fr', 'en'] });
    assert.equal((await api(suite.base, 'POST', `/api/v1/events/${event.code}/close`, { token: event.organiserToken })).status, 200);
    const closed = await phone(event.code, { locale: 'en-GB' });
    try {
      assert.match(await closed.locator('#problem').textContent(), /This event is closed.*Atelier clos/s);
      assert.equal(await closed.locator('catalyse-survey').count(), 0);
      assert.deepEqual(pageProblems(closed), []);
    } finally {
      await closed.closeContext();
    }
    const screen = await openPage(browser, new URL('/e/ZZZZ-ZZZZ/screen', suite.base).href, { width: 1920, height: 1080, waitFor: 'body[data-ready]' });
    try {
      assert.match(await screen.locator('#problem').textContent(), /Aucun événement n’a ce code/);
    } finally {
      await screen.closeContext();
    }
    // A projector asked for a language the event does not offer: the event's own, and live.
    const french = await createEvent(suite.base, { name: 'Atelier', languages: ['fr'] });
    const other = await openPage(browser, new URL(`/e/${french.code}/screen?lang=en`, suite.base).href, { width: 1920, height: 1080, waitFor: 'body[data-ready]' });
    try {
      await other.waitForFunction(() => document.querySelector('#link')?.dataset.state === 'live');
      assert.equal(await other.evaluate(() => document.documentElement.lang), 'fr');
      assert.deepEqual(pageProblems(other), []);
    } finally {
      await other.closeContext();
    }
  });

  test('30 phones answer; the projector counts them live, draws the room once revealed and from 5 responses on', async (t) => {
    const event = await createEvent(suite.base, { name: 'Rencontres 2026', languages: ['fr', 'en'] });
    const joinUrl = new URL(`/e/${event.code}`, suite.base).href;
    const screen = await openPage(browser, new URL(`/e/${event.code}/screen#token=${event.organiserToken}`, suite.base).href,
      { width: 1920, height: 1080, waitFor: 'body[data-ready]' });
    const phones = [];
    try {
      await screen.waitForFunction(() => document.querySelector('#link')?.dataset.state === 'live');
      assert.equal(await screen.locator('#count').textContent(), '0');
      assert.equal(await screen.locator('#join-code').textContent(), event.code);
      assert.equal(await screen.locator('#join-url').textContent(), joinUrl.replace(/^http:\/\//, ''));
      // The QR code, read from a screenshot by a real decoder: the join address.
      const shot = await screenshot(screen, 'room-screen-waiting-1920', { fullPage: false });
      const zbar = spawnSync('zbarimg', ['--quiet', '--raw', shot], { encoding: 'utf8' });
      assert.equal(zbar.status, 0, `zbarimg found no code: ${zbar.stderr}`);
      assert.equal(zbar.stdout.trim(), joinUrl);
      assert.deepEqual(await axeViolations(screen), [], 'axe: the projector, waiting');

      // The organiser reveals from the projector's keyboard (the token is in the fragment).
      await screen.keyboard.press('r');
      await screen.waitForFunction(() => /Masquer/.test(document.querySelector('#reveal').textContent));
      assert.equal((await api(suite.base, 'GET', `/api/v1/events/${event.code}`)).json.revealed, true);

      // Four responses: revealed, yet nothing of the room is drawn under 5.
      for (let i = 0; i < 4; i += 1) assert.equal((await submit(suite.base, event, record(event, i))).status, 201);
      await screen.waitForFunction(() => document.querySelector('#count').textContent === '4');
      await screen.waitForTimeout(300);
      assert.equal(await screen.locator('#results > *').count(), 0, 'nothing under 5 responses');
      assert.equal(await screen.locator('main.room.showing').count(), 0);
      assert.match(await screen.locator('#state').textContent(), /à partir de 5 réponses/);
      // Those four were sent by the API; the phones below make the rest: 26 on line in batches,
      // then one more offline, i.e. 4 + 25 + 1 = 30.
      const online = PARTICIPANTS - 4 - 1;
      const took = [];
      for (let start = 0; start < online; start += BATCH) {
        const batch = await Promise.all(Array.from({ length: Math.min(BATCH, online - start) }, () => phone(event.code)));
        phones.push(...batch);
        await Promise.all(batch.map(async (page, k) => {
          const started = Date.now();
          await answerAndFinish(page, answerSets[(start + k) % answerSets.length]);
          await page.locator('#send[data-state="sent"]').waitFor({ timeout: 60000 });
          took.push(Date.now() - started);
        }));
        for (const page of batch) await page.closeContext();
      }
      t.diagnostic(`${online} phones answered (answer set, through ${Math.ceil(online / BATCH)} batches): finish → sent, median ${took.sort((a, b) => a - b)[took.length >> 1]} ms`);
      await screen.waitForFunction((n) => document.querySelector('#count').textContent === String(n), 4 + online);

      // One phone answers with the network gone: the response stays on the phone, the screen says so.
      const last = await phone(event.code);
      await last.context_.setOffline(true);
      await answerAndFinish(last, answerSets[2]);
      await last.locator('#send[data-state="waiting"]').waitFor();
      assert.match(await last.locator('#send').textContent(), /gardée sur ce téléphone.*dès que le réseau revient/);
      const kept = await last.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('catalyse:event:')));
      assert.equal(kept.length, 1, 'the response is kept in this browser');
      await last.close();
      assert.equal(await screen.locator('#count').textContent(), String(4 + online), 'not counted while offline');

      // The network is back; the page is opened again: the response goes, once, and the phone
      // knows it answered.
      await last.context_.setOffline(false);
      const again = await last.context_.newPage();
      const againErrors = [];
      again.on('pageerror', (e) => againErrors.push(String(e)));
      again.on('console', (m) => { if (m.type() === 'error') againErrors.push(m.text()); });
      const posted = again.waitForResponse((r) => /\/responses$/.test(r.url()), { timeout: 60000 });
      await again.goto(joinUrl);
      const response = await posted;
      const acceptedAt = Date.now();
      assert.equal(response.status(), 201);
      await screen.waitForFunction((n) => document.querySelector('#count').textContent === String(n) && document.querySelector('#results')?.dataset.count === String(n), PARTICIPANTS);
      const lag = Date.now() - acceptedAt;
      t.diagnostic(`the 30th response accepted → the projector's count and charts at 30: ${lag} ms`);
      assert.ok(lag <= 1000, `the projector reached 30 ${lag} ms after the last accepted response`);
      await again.locator('#answered').waitFor();
      assert.match(await again.locator('#answered').textContent(), /déjà répondu/);
      assert.match(await again.locator('#send').textContent(), /envoyée/);
      assert.equal(await again.locator('catalyse-survey').count(), 0, 'no second form without a deliberate choice');

      // Counted once: the server holds 30 responses with 30 ids.
      const exported = (await api(suite.base, 'GET', `/api/v1/events/${event.code}/export.json`, { token: event.organiserToken })).json;
      assert.equal(exported.records.length, PARTICIPANTS);
      assert.equal(new Set(exported.records.map((r) => r.id)).size, PARTICIPANTS);

      // The room: the challenges table with the 2018 figures, levels, dimensions, declared vs computed.
      const rows = await screen.locator('.challenges-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
      assert.ok(rows.length >= 4, JSON.stringify(rows));
      const numerique = rows.find((r) => r[0].startsWith('Transformation numérique'));
      assert.match(numerique.at(-1), /^82\s%\s\(28\)$/, 'the 2018 figure beside the line: 14 + 14 of 34');
      assert.match(await screen.locator('.challenges-table thead').textContent(), /2018 \(n\s=\s34\)/);
      const levels = await screen.locator('.levels .bar-row').allTextContents();
      assert.equal(levels.length, 4, levels.join('\n'));
      const levelTotal = levels.reduce((sum, l) => sum + Number(l.match(/\((\d+)\/30\)/)[1]), 0);
      assert.equal(levelTotal, PARTICIPANTS);
      assert.equal(await screen.locator('.dimensions .dimension').count(), 6, 'the index and the five dimensions');
      assert.equal(await screen.locator('.declared-table tbody tr').count(), 4);
      await screenshot(screen, 'room-screen-1920', { fullPage: false });
      const overflow = await screen.evaluate(() => document.documentElement.scrollHeight - innerHeight);
      assert.ok(overflow <= 0, `the projector view fits 1080 px (${overflow} px more)`);
      assert.deepEqual(await axeViolations(screen), [], 'axe: the projector, results');

      // C: the room's regards croisés (the aggregate's crossed block, as on /results/), then back.
      await screen.keyboard.press('c');
      await screen.locator('#results.crossed-view .crossed').waitFor();
      assert.equal(await screen.locator('.crossed .spreads .spread-row').count(), 6, 'the five dimensions and the index');
      assert.ok(await screen.locator('.crossed .discuss .point').count() > 0, 'points to discuss');
      assert.equal(await screen.locator('#view-crossed').getAttribute('aria-pressed'), 'true');
      await screenshot(screen, 'room-screen-crossed-1920', { fullPage: false });
      const crossedOverflow = await screen.evaluate(() => document.documentElement.scrollHeight - innerHeight);
      assert.ok(crossedOverflow <= 0, `the regards croisés fit 1080 px (${crossedOverflow} px more)`);
      const clipped = await screen.evaluate(() => {
        const bottom = document.querySelector('#results').getBoundingClientRect().bottom;
        return [...document.querySelectorAll('.crossed-part, .crossed .point')]
          .filter((n) => n.offsetParent && n.getBoundingClientRect().bottom > bottom + 1).map((n) => n.className);
      });
      assert.deepEqual(clipped, [], 'nothing of the regards croisés is cut off at the bottom of the screen');
      assert.deepEqual(await axeViolations(screen), [], 'axe: the projector, regards croisés');
      await screen.keyboard.press('c');
      await screen.locator('#results .challenges-table').waitFor();

      // Freeze (F): the picture stays while responses arrive; Space resumes and the latest is drawn.
      await screen.keyboard.press('f');
      assert.equal(await screen.locator('#frozen').isVisible(), true);
      assert.equal((await submit(suite.base, event, record(event, 5))).status, 201);
      await screen.waitForTimeout(1200);
      assert.equal(await screen.locator('#count').textContent(), String(PARTICIPANTS), 'frozen: not updated');
      await screen.keyboard.press(' ');
      await screen.waitForFunction((n) => document.querySelector('#count').textContent === String(n), PARTICIPANTS + 1);
      assert.equal(await screen.locator('#frozen').isVisible(), false);
      assert.deepEqual(pageProblems(screen), []);
      assert.deepEqual(againErrors, []);
      await again.close();
    } finally {
      for (const p of phones) await p.closeContext().catch(() => {});
      await screen.closeContext();
    }
  });

  test('the participant page: one response per phone, "answer again" on purpose, languages, keyboard, axe, 375 px', async () => {
    const event = await createEvent(suite.base, { name: 'Atelier du matin', languages: ['fr', 'en'] });
    const page = await phone(event.code);
    try {
      assert.equal(await page.title(), 'Atelier du matin — Catalyse');
      assert.deepEqual(await axeViolations(page), [], 'axe: the form');
      await screenshot(page, 'room-participant-375', { fullPage: false });
      // Languages: the event's two, switched in place.
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('catalyse-survey [part~="next"]', { hasText: 'Next' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.getByRole('button', { name: 'Français' }).click();
      // Keyboard only: the first answer by Tab and Space.
      await page.keyboard.press('Tab');
      let reached = false;
      for (let i = 0; i < 20 && !reached; i += 1) {
        reached = await page.evaluate(() => document.querySelector('catalyse-survey')?.shadowRoot?.activeElement?.type === 'radio');
        if (!reached) await page.keyboard.press('Tab');
      }
      assert.ok(reached, 'a radio button of the first question is reached with Tab');
      await page.keyboard.press('Space');
      assert.equal(await page.evaluate(() => document.querySelector('catalyse-survey').shadowRoot.activeElement.checked), true);

      await answerAndFinish(page, answerSets[0]);
      await page.locator('#send[data-state="sent"]').waitFor();
      assert.match(await page.locator('#send').textContent(), /Votre réponse est envoyée/);
      assert.match(await page.locator('catalyse-survey').evaluate((el) => el.shadowRoot.textContent), /Essor/, 'the person sees their own level at once');
      const kept = await page.evaluate(() => Object.keys(localStorage).sort());
      assert.deepEqual(kept.map((k) => k.replace(/:[^:]+$/, ':…')), ['catalyse:event:…'], 'the response, kept by the page; not the widget\'s resume copy');
      await screenshot(page, 'room-participant-done-375', { fullPage: false });
      assert.deepEqual(await axeViolations(page), [], 'axe: the final screen');

      // Reopened: the phone remembers; its result can be seen again; no second response unless chosen.
      await page.reload();
      await page.locator('#answered').waitFor();
      await page.click('#show-result');
      await page.locator('catalyse-survey [part~="done"]').waitFor();
      page.once('dialog', (d) => d.accept());
      await page.click('#again-after');
      // This one is finished without network, and goes as soon as the network is back (page open).
      await page.context_.setOffline(true);
      await answerAndFinish(page, answerSets[1]);
      await page.locator('#send[data-state="waiting"]').waitFor();
      await page.context_.setOffline(false);
      await page.locator('#send[data-state="sent"]').waitFor({ timeout: 5000 });
      const count = (await api(suite.base, 'GET', `/api/v1/events/${event.code}/organiser`, { token: event.organiserToken })).json.count;
      assert.equal(count, 2, 'a second response, made on purpose');
      // The only failed requests: the ones made while offline.
      assert.deepEqual(pageProblems(page).filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)), []);
      const cookies = await page.context_.cookies();
      assert.deepEqual(cookies, [], 'no cookie');
    } finally {
      await page.closeContext();
    }
  });
});
