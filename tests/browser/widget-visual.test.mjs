// The demo page with the default questionnaire, at phone and desktop widths: no horizontal
// overflow, feedback below the form on a phone and beside it on a desktop, tap targets of a usable
// size, no console or CSP problem, in every state a respondent meets (a provisional reading, before
// finishing, the final screen thin and full, printed). Saves screenshots
// ($CATALYSE_BUILD_DIR/screenshots) to look at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, pageProblems, screenshot, startSession } from './support.mjs';

const essor = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

async function layoutFacts(page) {
  return page.locator('catalyse-survey').evaluate((el) => {
    const root = el.shadowRoot;
    const form = root.querySelector('.form-column').getBoundingClientRect();
    const feedback = root.querySelector('.feedback').getBoundingClientRect();
    const smallTargets = [...root.querySelectorAll('.option, .button')]
      .filter((n) => n.offsetParent !== null)
      .map((n) => n.getBoundingClientRect())
      .filter((r) => r.height < 40).length;
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      side: feedback.left >= form.right - 1,
      below: feedback.top >= form.bottom - 1,
      smallTargets,
    };
  });
}

for (const [width, lang] of [[375, 'fr'], [375, 'en'], [1280, 'fr'], [1280, 'en']]) {
  describe(`default questionnaire at ${width} px (${lang})`, () => {
    test('first screen and a filled-in state lay out cleanly', async () => {
      const page = await session.open(`demo/?lang=${lang}`, { width, height: 900 });
      const survey = page.locator('catalyse-survey');
      await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
      await screenshot(page, `widget-${width}-${lang}-start`);
      await survey.evaluate((el, answers) => { el.answers = answers; }, essor);
      await survey.getByRole('button', { name: lang === 'en' ? 'Next' : 'Suivant' }).click();
      const facts = await layoutFacts(page);
      assert.equal(facts.overflow, 0, 'no horizontal scrolling');
      if (width < 600) assert.ok(facts.below, 'feedback below the form on a phone');
      else assert.ok(facts.side, 'feedback beside the form on a desktop');
      assert.equal(facts.smallTargets, 0, 'options and buttons at least 40 px high');
      const index = await survey.evaluate((el) => el.result.index);
      assert.equal(typeof index, 'number');
      await screenshot(page, `widget-${width}-${lang}-answered`);
      await survey.locator('.feedback').screenshot({ path: path.join(path.dirname(await screenshot(page, `widget-${width}-${lang}-answered`)), `widget-${width}-${lang}-feedback.png`) });
      assert.deepEqual(pageProblems(page), []);
      await page.closeContext();
    });

    test('a provisional reading, before finishing, the final screen (thin, then full) and its print', async () => {
      const en = lang === 'en';
      const page = await session.open(`demo/?lang=${lang}`, { width, height: width < 600 ? 812 : 900 });
      const survey = page.locator('catalyse-survey');
      await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
      const shot = async (state) => {
        assert.equal((await layoutFacts(page)).overflow, 0, `${state}: no horizontal scrolling`);
        await screenshot(page, `widget-${width}-${lang}-${state}`, { fullPage: state !== 'provisional' });
      };
      const some = Object.fromEntries(Object.entries(essor).slice(0, 3));
      await survey.evaluate((el, answers) => { el.answers = answers; }, some);
      await survey.getByRole('button', { name: en ? 'Next' : 'Suivant' }).click();
      await survey.locator('[part="reading"]:not([hidden])').waitFor();
      await shot('provisional');
      const next = survey.locator('[part~="next"]');
      for (let i = 0; i < 10 && !(await survey.locator('[part="check"]').count()); i += 1) await next.click();
      await shot('before-finish');
      await next.click();
      await survey.locator('[part="done-thin"]').waitFor();
      await shot('done-thin');
      await survey.locator('[part~="reopen"]').first().click();
      await survey.evaluate((el, answers) => { el.answers = answers; }, essor);
      for (let i = 0; i < 10 && !(await survey.locator('[part="done"]').count()); i += 1) await next.click();
      await survey.locator('[part="done"]').waitFor();
      await shot('done');
      await page.emulateMedia({ media: 'print' });
      await shot('print');
      assert.deepEqual(pageProblems(page), []);
      await page.closeContext();
    });
  });
}
