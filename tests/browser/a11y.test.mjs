// Accessibility (WCAG 2.1 AA): axe-core finds no violation in every state of the widget
// (empty, partly answered, required answers missing, resumed, final screen, error; both layouts;
// phone and desktop; French and English); the whole default questionnaire can be completed with
// Tab, Space, the arrow keys and Enter only; focus goes to the section heading on next and back;
// the live region announces level changes politely and rarely.
//
// How axe gets in under the page's strict CSP (no inline script, Trusted Types): its source is
// evaluated through Playwright's page.evaluate, i.e. the DevTools protocol's Runtime.evaluate,
// which the page's Content-Security-Policy does not govern. The page itself stays under the
// product's policy, and pageProblems() still reports any violation the widget causes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PAGES, ROOT, WEB, serveSite } from '../pages/host-server.mjs';
import { launchBrowser, openPage, pageProblems } from './support.mjs';

const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const W = '/catalyse/';
const essor = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));
const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

let browser;
let site;
before(async () => {
  browser = await launchBrowser();
  site = await serveSite({ mounts: { '/': PAGES, [W]: WEB, '/fixtures/': path.join(ROOT, 'tests/fixtures') }, vars: { WIDGET: W } });
});
after(async () => { await browser?.close(); await site?.close(); });

async function open({ width = 1280, lang = 'fr', attrs = {}, context } = {}) {
  const page = await openPage(browser, `${site.url}neutral.html`, { width, height: 900, context });
  const survey = page.locator('catalyse-survey');
  await survey.evaluate((el, { a, l }) => {
    for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    if (l !== 'fr') el.setAttribute('lang', l);
  }, { a: attrs, l: lang });
  if (!attrs.src) await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  return { page, survey };
}

/** Runs axe on the whole page; returns {violations: ['rule: target…'], passes, incomplete}. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
    return {
      violations: r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.flat().join(' ')}: ${n.failureSummary}`)),
      passes: r.passes.length,
      incomplete: r.incomplete.map((i) => `${i.id}×${i.nodes.length}`),
      // what axe could not decide, other than the radar's SVG labels (see check())
      undecided: r.incomplete.flatMap((i) => i.nodes.map((n) => ({ id: i.id, target: n.target.flat().join(' '), why: n.any.map((a) => a.message).join('; ') })))
        .filter((n) => !(n.id === 'color-contrast' && /^catalyse-survey (text|tspan)\[/.test(n.target)))
        .map((n) => `${n.id}: ${n.target}: ${n.why}`),
    };
  }, TAGS);
}

/**
 * What stays in sight while scrolling (the phone's reading bar over the form; the laptop's panel,
 * which scrolls inside its bounded height) taken out of its sticky place, or put back.
 */
const unstick = (page, on) => page.locator('catalyse-survey').first().evaluate((el, o) => {
  for (const n of el.shadowRoot.querySelectorAll('.reading-bar, .feedback')) {
    n.style.position = o ? 'static' : '';
    n.style.maxHeight = o ? 'none' : '';
  }
}, on);

async function check(t, page, state) {
  // The sticky reading bar covers part of the form (by design, on phones), and the panel beside the
  // form scrolls inside itself: axe cannot tell the background of what lies under the bar or out of
  // the panel's view. So the page is checked twice: in place (only "overlapped" or "obscured" left
  // undecided), and with both in the flow (nothing undecided).
  await unstick(page, true);
  const flat = await axe(page);
  await unstick(page, false);
  assert.deepEqual(flat.violations, [], `${state} (reading bar in the flow)`);
  assert.deepEqual(flat.undecided, [], `${state} (reading bar in the flow): axe could not decide`);
  const r = await axe(page);
  r.undecided = r.undecided.filter((u) => !/^color-contrast: .*(overlap|obscured)/.test(u));
  t.diagnostic(`${state}: ${r.violations.length} violations, ${r.passes} rules passed, needs review: ${r.incomplete.join(', ') || 'none'}`);
  assert.deepEqual(r.violations, [], state);
  assert.ok(r.passes >= 10, `axe really ran (${r.passes} rules passed)`);
  // axe cannot tell the background of SVG text (the radar's labels): their colours (text and muted
  // on the panel) are checked by tests/js/widget-styles.test.mjs. Anything else undecided fails.
  assert.deepEqual(r.undecided, [], `${state}: axe could not decide`);
  assert.deepEqual(pageProblems(page), [], `${state}: no console, CSP or third-party problem`);
}

describe('axe-core, WCAG 2.1 A and AA, in every state', () => {
  for (const [layout, width, lang] of [['sections', 1280, 'fr'], ['sections', 375, 'fr'], ['page', 1280, 'fr'], ['sections', 1280, 'en']]) {
    test(`${layout} layout, ${width} px, ${lang}: empty, required missing, partly answered, final screen`, async (t) => {
      const { page, survey } = await open({ width, lang, attrs: { layout } });
      await check(t, page, 'empty');
      const next = survey.locator('[part~="next"]');
      await next.click(); // nothing answered: the required-answer alert and messages
      await survey.locator('.alert:not([hidden])').waitFor();
      await check(t, page, 'required answers missing');
      const partial = Object.fromEntries(Object.entries(essor).slice(0, 8));
      await survey.evaluate((el, a) => { el.answers = a; }, partial);
      if (layout === 'sections') { await next.click(); await next.click(); }
      await survey.locator('details summary').first().click().catch(() => {}); // an insight opened, if any
      await check(t, page, 'partly answered');
      await survey.evaluate((el, a) => { el.answers = a; }, essor);
      for (let i = 0; i < 10 && (await text(next)) !== (lang === 'en' ? 'Finish' : 'Terminer'); i++) await next.click();
      await next.click();
      await survey.locator('[part="done"]').waitFor();
      await check(t, page, 'final screen');
      await page.closeContext();
    });
  }

  for (const [width, lang] of [[375, 'fr'], [1280, 'en']]) {
    test(`${width} px, ${lang}: the reading bar, "before you finish" with thin answers, a thin final screen, a reopened step, the result view`, async (t) => {
      const { page, survey } = await open({ width, lang });
      const next = survey.locator('[part~="next"]');
      await survey.locator('input[type="radio"]').first().check();
      await check(t, page, 'one answer (reading bar)');
      await survey.evaluate((el, a) => { el.answers = a; }, Object.fromEntries(Object.entries(essor).slice(0, 4)));
      for (let i = 0; i < 10 && !(await survey.locator('[part="check"]').count()); i++) await next.click();
      await survey.locator('[part="check"]').waitFor();
      await check(t, page, 'before you finish');
      await next.click();
      await survey.locator('[part="done-thin"]').waitFor();
      await check(t, page, 'final screen, thin');
      await survey.locator('[part~="reopen"]').nth(1).click();
      await survey.locator('.section:not([hidden])').waitFor();
      await check(t, page, 'a step reopened from the final screen');
      await survey.evaluate((el, a) => { el.setAttribute('view', 'result'); el.answers = a; }, essor);
      await survey.locator('[part="done"]').waitFor();
      await check(t, page, 'result view');
      await page.closeContext();
    });
  }

  test('resumed answers (notice) and the error state of an invalid questionnaire', async (t) => {
    let { page, survey } = await open();
    await survey.evaluate((el, a) => { el.answers = a; }, { dynamique: 'emerge' });
    const context = page.context();
    await page.reload();
    await survey.locator('.notice').waitFor({ timeout: 15000 });
    await check(t, page, 'resumed');
    await page.closeContext();
    void context;
    ({ page, survey } = await open({ attrs: { src: '/fixtures/widget-invalid.json' } }));
    await survey.locator('[part="error"]').waitFor({ timeout: 15000 });
    assert.ok((await survey.locator('[part="error"] li').count()) >= 2);
    await check(t, page, 'error (invalid questionnaire)');
    await page.closeContext();
  });
});

describe('axe-core with an event benchmark', () => {
  test('medians drawn over the radar and bars, then a benchmark file with problems (notice)', async (t) => {
    let { page, survey } = await open({ attrs: { src: '/fixtures/widget-small.json', benchmark: '/fixtures/widget-benchmark.json' } });
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    await survey.evaluate((el) => { el.answers = { dynamique: 'nombreuses', actions: ['dialogue', 'projets'] }; });
    assert.ok((await survey.locator('.radar .overlay').count()) >= 1, 'the event medians are drawn');
    await check(t, page, 'benchmark overlay');
    await page.closeContext();
    ({ page, survey } = await open({ attrs: { src: '/fixtures/widget-small.json', benchmark: '/fixtures/widget-benchmark-bad.json' } }));
    await survey.locator('[part="benchmark-problem"]').waitFor({ timeout: 15000 });
    await check(t, page, 'benchmark problem notice');
    await page.closeContext();
  });
});

describe('keyboard only', () => {
  test('the whole default questionnaire with Tab, Space, arrows and Enter; focus on the section heading on next and back', async (t) => {
    const { page, survey } = await open();
    await survey.evaluate((el) => {
      // every change to a live region (role status/alert, aria-live) inside the widget
      window.__live = [];
      const root = el.shadowRoot;
      new MutationObserver((records) => {
        for (const r of records) {
          const region = (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest('[aria-live],[role="status"],[role="alert"]');
          if (region && region.getAttribute('aria-live') !== 'off') window.__live.push({ cls: region.className, text: region.textContent });
        }
      }).observe(root, { childList: true, characterData: true, subtree: true });
    });
    const kb = page.keyboard;
    const used = new Set();
    const press = async (key) => { used.add(key); await kb.press(key); };
    // what has focus, and whether its question (or matrix row) is answered
    const focus = () => survey.evaluate((el) => {
      const a = el.shadowRoot.activeElement;
      if (!a) return { tag: '' };
      const q = a.closest('[data-question]');
      const row = a.closest('[data-row]');
      const qid = q?.dataset.question;
      const value = qid ? el.answers[qid] : undefined;
      const answered = row ? Boolean(value?.[row.dataset.row]) : value !== undefined;
      return { tag: a.tagName.toLowerCase(), type: a.type ?? '', part: a.getAttribute('part') ?? '', text: a.textContent.trim(), qid, answered, heading: a.matches('h3') };
    });
    const sectionTitles = await survey.evaluate((el) => [...el.shadowRoot.querySelectorAll('.section-title')].map((h) => h.textContent.trim()));
    const headings = [];
    let wentBack = false;
    let arrowed = false;
    for (let step = 0; step < 900; step++) {
      const f = await focus();
      if (f.heading && f.text.startsWith('Merci')) break;
      if (f.tag === 'input' && (f.type === 'radio' || f.type === 'checkbox') && !f.answered) {
        if (f.type === 'radio' && !arrowed) { await press('ArrowDown'); arrowed = true; } else await press('Space');
        continue;
      }
      if (f.tag === 'input' && f.type === 'number' && !f.answered) { used.add('digits'); await kb.type('4'); }
      if (f.tag === 'textarea' && !f.answered) { used.add('typing'); await kb.type('Une remarque au clavier.'); }
      if (f.tag === 'button' && /\b(next)\b/.test(f.part)) {
        await press('Enter');
        const after = await focus();
        if (after.heading) headings.push(after.text);
        if (headings.length === 2 && !wentBack) {
          // back once: Tab to the Back button, Enter, focus on the previous heading; then on again
          for (let i = 0; i < 80 && !/\bback\b/.test((await focus()).part); i++) await press('Tab');
          await press('Enter');
          headings.push(`back:${(await focus()).text}`);
          wentBack = true;
        }
        continue;
      }
      await press('Tab');
    }
    const done = await focus();
    assert.ok(done.heading && done.text === 'Merci, votre diagnostic est terminé', `reached the final screen (${JSON.stringify(done)})`);
    const result = await survey.evaluate((el) => ({ answered: el.result.progress.answered, visible: el.result.progress.visible, index: el.result.index }));
    t.diagnostic(`keyboard run: ${result.answered}/${result.visible} visible questions answered, index ${result.index}, keys ${[...used].join(' ')}`);
    assert.equal(result.answered, result.visible, 'every visible question answered');
    assert.equal(typeof result.index, 'number');
    assert.deepEqual([...used].sort(), ['ArrowDown', 'Enter', 'Space', 'Tab', 'digits', 'typing']);
    // next → each following section's heading; back → the previous one's
    const expected = [sectionTitles[1], sectionTitles[2], `back:${sectionTitles[1]}`, sectionTitles[2], ...sectionTitles.slice(3), done.text];
    assert.deepEqual(headings, expected);
    // live announcements: polite, only the settled level changes, never one per keystroke
    const live = await page.evaluate(() => window.__live);
    const announcements = live.filter((x) => x.cls.includes('feedback-live'));
    t.diagnostic(`live region: ${announcements.length} announcement(s): ${announcements.map((x) => x.text).join(' | ')}`);
    assert.ok(announcements.length >= 1 && announcements.length <= 4, `${announcements.length} announcements`);
    assert.ok(announcements.every((x) => /^Niveau indicatif|^Pas encore/.test(x.text)), JSON.stringify(announcements));
    assert.deepEqual(live.filter((x) => !x.cls.includes('feedback-live') && x.text), [], 'no other live region spoke');
    assert.equal(await survey.locator('.feedback-live').getAttribute('aria-live'), 'polite');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });
});
