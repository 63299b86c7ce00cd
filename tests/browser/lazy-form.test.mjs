// Lazy first paint (progressive start): with the wasm core held, the first paint carries only the
// section shown first and the panel's loading note; the other sections are built right after it, or
// at once when something needs them (here: the `answers` property touching a later section); by
// data-ready every section and question exists, answers set early are shown, and the keyboard alone
// goes through every section.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, pageProblems, startSession } from './support.mjs';

const HOLD_MS = 4000;
const DOC = JSON.parse(readFileSync(path.join(ROOT, 'web/questionnaires/catalyseurs-2018.json'), 'utf8'));
const COUNTS = Object.fromEntries(DOC.sections.map((s) => [s.id, s.questions.length]));
const TOTAL = DOC.sections.reduce((a, s) => a + s.questions.length, 0);
// A question of a later section (the third), answered by the host before the core has arrived.
const LATER = { section: DOC.sections[2].id, question: DOC.sections[2].questions[1].id, option: DOC.sections[2].questions[1].options[1].id };

/**
 * Runs in the page before its scripts: at the first moment an input exists in the widget's shadow
 * root, notes which sections have their questions; then sets `answers` on a question of a later
 * section and notes again (still before the first paint, the core held).
 */
function probe(later) {
  window.__lazy = { first: null, afterAnswers: null };
  const attach = Element.prototype.attachShadow;
  const snapshot = (root) => ({
    sections: [...root.querySelectorAll('section.section')].map((s) => ({
      id: s.dataset.section, questions: s.querySelectorAll('[data-question]').length, heading: Boolean(s.querySelector('h3')),
    })),
    questions: root.querySelectorAll('[data-question]').length,
    feedbackBlocks: root.querySelectorAll('.feedback .score-card, .feedback .dims').length,
    pendingNote: Boolean(root.querySelector('.pending-note:not([hidden])')),
    ready: Boolean(root.querySelector('.root[data-ready]')),
    laterChecked: root.querySelector(`[data-question="${later.question}"] input[value="${later.option}"]`)?.checked ?? null,
  });
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    const host = this;
    const observer = new MutationObserver(() => {
      if (!root.querySelector('input')) return;
      observer.disconnect();
      window.__lazy.first = snapshot(root);
      host.answers = { [later.question]: later.option };
      window.__lazy.afterAnswers = snapshot(root);
    });
    observer.observe(root, { childList: true, subtree: true });
    return root;
  };
}

let session;
before(async () => { session = await startSession({ dir: ROOT }); });
after(async () => { await session?.close(); });

describe('lazy first paint (wasm held)', () => {
  test('first paint: the first section only; the rest right after, or on demand; all of it by data-ready; keyboard through every section', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    const hold = { released: false };
    await context.route('**/generated/catalyse-core*.wasm', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      hold.released = true;
      await route.continue().catch(() => {});
    });
    const page = await session.open('web/demo/', { context, init: `(${probe})(${JSON.stringify(LATER)})` });
    const survey = page.locator('catalyse-survey');
    await page.waitForFunction(() => window.__lazy?.afterAnswers, null, { timeout: 10000 });
    const { first, afterAnswers } = await page.evaluate(() => window.__lazy);
    assert.equal(hold.released, false);

    // The first paint: every section as a shell (heading), questions in the first one only, the
    // panel's loading note without its figures.
    assert.equal(first.ready, false);
    assert.deepEqual(first.sections.map((s) => s.id), DOC.sections.map((s) => s.id));
    assert.ok(first.sections.every((s) => s.heading));
    assert.deepEqual(first.sections.map((s) => s.questions), DOC.sections.map((s, i) => (i === 0 ? s.questions.length : 0)));
    assert.equal(first.questions, DOC.sections[0].questions.length);
    assert.equal(first.pendingNote, true);
    assert.equal(first.feedbackBlocks, 0, 'the full panel is not built for the first paint');
    assert.equal(first.laterChecked, null);

    // The host's answer for a later section builds that section at once and shows the answer.
    assert.equal(afterAnswers.laterChecked, true);
    assert.deepEqual(afterAnswers.sections.map((s) => s.questions),
      DOC.sections.map((s, i) => (i === 0 || s.id === LATER.section ? s.questions.length : 0)));

    // Right after the first paint, the rest is built (the core still held).
    await page.waitForFunction((n) => document.querySelector('catalyse-survey').shadowRoot.querySelectorAll('[data-question]').length === n,
      TOTAL, { timeout: HOLD_MS - 500 });
    assert.equal(hold.released, false, 'built before the core arrived');
    assert.ok(await survey.locator('.feedback .score-card').count() === 1 && !(await survey.locator('.feedback .score-card').isVisible()),
      'the panel is built after the first paint, hidden while the scoring loads');

    // data-ready: every section and question, once each; the early answer is scored and shown.
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    assert.equal(hold.released, true);
    const counts = await survey.evaluate((el) => Object.fromEntries([...el.shadowRoot.querySelectorAll('section.section')]
      .map((s) => [s.dataset.section, s.querySelectorAll('[data-question]').length])));
    assert.deepEqual(counts, COUNTS);
    assert.equal(await survey.evaluate((el) => new Set([...el.shadowRoot.querySelectorAll('[data-question]')].map((n) => n.dataset.question)).size), TOTAL);
    assert.deepEqual(await survey.evaluate((el) => el.answers), { [LATER.question]: LATER.option });
    assert.equal(await survey.evaluate((el) => el.result.progress.answered), 1);
    assert.equal(await survey.locator(`[data-question="${LATER.question}"] input[value="${LATER.option}"]`).isChecked(), true);

    // Keyboard only: answer the required first question, then "Suivant" section after section.
    const active = () => survey.evaluate((el) => {
      const a = el.shadowRoot.activeElement;
      return a ? { tag: a.tagName, part: a.getAttribute('part'), name: a.getAttribute('name'), text: a.textContent.trim(), type: a.type } : null;
    });
    const tabTo = async (match, limit = 120) => {
      for (let i = 0; i < limit; i += 1) {
        await page.keyboard.press('Tab');
        const a = await active();
        if (a && match(a)) return a;
      }
      assert.fail('focus never reached the expected control');
      return null;
    };
    await survey.locator('h2.title').focus();
    await tabTo((a) => a.tag === 'INPUT' && a.type === 'radio');
    await page.keyboard.press('Space');
    assert.ok((await survey.evaluate((el) => el.answers)).dynamique, 'the first question answered with the keyboard');
    for (let i = 1; i < DOC.sections.length; i += 1) {
      await tabTo((a) => a.part === 'button next');
      await page.keyboard.press('Enter');
      const heading = await active();
      assert.equal(heading?.tag, 'H3', `section ${i}: focus on its heading`);
      assert.equal(heading.text, DOC.sections[i].title.fr);
      const visible = await survey.evaluate((el) => [...el.shadowRoot.querySelectorAll('section.section')].filter((s) => !s.hidden).map((s) => s.dataset.section));
      assert.deepEqual(visible, [DOC.sections[i].id]);
    }
    assert.equal((await survey.locator('[part~="next"]').textContent()).trim(), 'Terminer');
    assert.equal(await survey.locator('[part="done"]').count(), 0);
    assert.deepEqual(pageProblems(page), []);
    await context.close();
  });
});
