// Style isolation: on tests/pages/hostile.html (a global `* { all: unset }` reset, 62.5 %
// root size, huge italic spaced-out fonts, hidden inputs, !important rules aimed at
// <catalyse-survey> itself) the widget's inner elements compute exactly the styles and boxes they
// have on tests/pages/neutral.html; and the widget's styles never reach the host page's own
// elements, even those that share its tag and class names. Screenshots of both pages, at phone and
// desktop widths, go to $CATALYSE_BUILD_DIR/screenshots to be looked at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PAGES, ROOT, WEB, serveSite } from '../pages/host-server.mjs';
import { launchBrowser, openPage, pageProblems, screenshot } from './support.mjs';

const W = '/catalyse/';
const essor = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));
// Elements of the first screen, sampled across the header, the form, the navigation and the feedback panel.
const SELECTORS = ['.root', 'h2.title', '.intro', '.progress-step', '.privacy', '.erase', '.section-title', '.section-intro',
  '.question > legend', '.question-text', '.help', '.option', '.option input', '.label-text', '.option.dont-know',
  'input[type="number"]', '.nav', '.nav .button:not([hidden])', '.feedback', '.feedback-title', '.score-card', '.index-none', '.radar',
  '.radar .axis-label', '.dim-name', '.dim-bar', '.list'];
const PROPERTIES = ['display', 'visibility', 'font-family', 'font-size', 'font-style', 'font-weight', 'font-variant',
  'line-height', 'letter-spacing', 'word-spacing', 'text-transform', 'text-indent', 'text-align', 'text-shadow',
  'white-space', 'color', 'background-color', 'border-top-style', 'border-top-width', 'border-top-color',
  'padding-top', 'padding-left', 'margin-top', 'outline-style', 'cursor', 'width', 'height', '-webkit-text-stroke-width'];

let browser;
let site;
before(async () => {
  browser = await launchBrowser();
  site = await serveSite({ mounts: { '/': PAGES, [W]: WEB }, vars: { WIDGET: W } });
});
after(async () => { await browser?.close(); await site?.close(); });

/** Computed styles and boxes (relative to the element) of the sampled inner elements. */
function innerFacts(el, { selectors, properties }) {
  const host = el.getBoundingClientRect();
  const out = {};
  for (const sel of selectors) {
    const node = el.shadowRoot.querySelector(sel);
    if (!node) { out[sel] = null; continue; }
    const cs = getComputedStyle(node);
    const r = node.getBoundingClientRect();
    out[sel] = Object.fromEntries(properties.map((p) => [p, cs.getPropertyValue(p)]));
    out[sel].box = r.width || r.height ? [r.left - host.left, r.top - host.top, r.width, r.height].map((v) => Math.round(v)) : 'no box';
  }
  return out;
}

async function openAt(name, width) {
  const page = await openPage(browser, `${site.url}${name}.html`, { width, height: 900 });
  const survey = page.locator('catalyse-survey');
  await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  // the same outer width on both pages (the host decides the element's box, not what is inside)
  await survey.evaluate((el, w) => { el.style.width = `${w}px`; }, width - 40);
  await survey.getByLabel('Oui, les initiatives de co-construction sont de plus en plus nombreuses').check();
  return { page, survey };
}

for (const width of [375, 1280]) {
  describe(`hostile host page at ${width} px`, () => {
    test('every sampled inner element computes the same style and box as on a neutral page', async () => {
      const neutral = await openAt('neutral', width);
      const hostile = await openAt('hostile', width);
      // the hostile sheet is really there: the host's own heading is spaced-out, uppercase and 40 px+
      const h1 = await hostile.page.locator('h1').evaluate((n) => {
        const cs = getComputedStyle(n);
        return [cs.textTransform, cs.fontStyle, cs.letterSpacing !== 'normal'];
      });
      assert.deepEqual(h1, ['uppercase', 'italic', true]);
      const args = { selectors: SELECTORS, properties: PROPERTIES };
      const expected = await neutral.survey.evaluate(innerFacts, args);
      const actual = await hostile.survey.evaluate(innerFacts, args);
      assert.ok(Object.values(expected).every(Boolean), `every selector found: ${Object.keys(expected).filter((k) => !expected[k])}`);
      const differences = [];
      for (const sel of SELECTORS) {
        for (const [prop, value] of Object.entries(expected[sel])) {
          if (JSON.stringify(actual[sel][prop]) !== JSON.stringify(value)) differences.push(`${sel} ${prop}: ${JSON.stringify(actual[sel][prop])} instead of ${JSON.stringify(value)}`);
        }
      }
      assert.deepEqual(differences, []);
      // the layout the widget chose from its own width: feedback beside the form on a desktop, below on a phone
      const side = await hostile.survey.evaluate((el) => {
        const f = el.shadowRoot.querySelector('.form-column').getBoundingClientRect();
        const b = el.shadowRoot.querySelector('.feedback').getBoundingClientRect();
        return b.left >= f.right - 1;
      });
      assert.equal(side, width > 600);
      await screenshot(neutral.page, `embed-neutral-${width}`, { fullPage: false });
      await screenshot(hostile.page, `embed-hostile-${width}`, { fullPage: false });
      assert.deepEqual(pageProblems(neutral.page), []);
      assert.deepEqual(pageProblems(hostile.page), []);
      await neutral.page.closeContext();
      await hostile.page.closeContext();
    });
  });
}

describe('hostile host page, final screen and theme', () => {
  test('the final summary computes the same styles as on a neutral page; the --catalyse-* theme still gets in', async () => {
    const finish = async (name) => {
      const { page, survey } = await openAt(name, 1280);
      await survey.evaluate((el, answers) => { el.layout = 'page'; el.answers = answers; }, essor);
      await survey.locator('[part~="next"]').click();
      await survey.locator('[part="done"]').waitFor();
      return { page, survey };
    };
    const selectors = ['.done', '.done h3', '.done .actions', '[part~="download"]', '[part~="restart"]', '.feedback', '.feedback-title',
      '.score-card', '.index-value', '.level-badge', '.declared', '.radar', '.dims', '.dim', '.list li'];
    const neutral = await finish('neutral');
    const hostile = await finish('hostile');
    const expected = await neutral.survey.evaluate(innerFacts, { selectors, properties: PROPERTIES });
    const actual = await hostile.survey.evaluate(innerFacts, { selectors, properties: PROPERTIES });
    assert.ok(Object.values(expected).every(Boolean), `every selector found: ${Object.keys(expected).filter((k) => !expected[k])}`);
    assert.deepEqual(actual, expected);
    await screenshot(hostile.page, 'embed-hostile-1280-done', { fullPage: false });
    // theming goes through the custom properties, even on the hostile page
    const themed = await hostile.survey.evaluate((el) => {
      el.style.setProperty('--catalyse-accent', '#7a2e0e');
      el.style.setProperty('--catalyse-font-size', '18px');
      const button = el.shadowRoot.querySelector('.level-badge'); // no transition on its background
      return [getComputedStyle(button).backgroundColor, getComputedStyle(el.shadowRoot.querySelector('.root')).fontSize];
    });
    assert.deepEqual(themed, ['rgb(122, 46, 14)', '18px']);
    assert.deepEqual(pageProblems(hostile.page), []);
    await neutral.page.closeContext();
    await hostile.page.closeContext();
  });
});

describe('nothing leaks out', () => {
  test('host elements named like the widget’s (.root, .option, .button, h2.title…) look the same with and without the widget', async () => {
    const probes = ['#probe-root', '#probe-root h2.title', '#probe-root .intro', '#probe-root label.option', '#probe-root .button',
      '#probe-root section.section', '#probe-root h3.section-title', 'body', 'h1'];
    const facts = (sels) => sels.map((sel) => {
      const n = document.querySelector(sel);
      const cs = getComputedStyle(n);
      const keep = ['display', 'font-size', 'font-family', 'font-weight', 'color', 'background-color', 'padding-top', 'border-top-width',
        'border-top-color', 'border-radius', 'outline-color', 'outline-width', 'box-sizing', 'min-height', 'line-height', 'gap'];
      return [sel, Object.fromEntries(keep.map((p) => [p, cs.getPropertyValue(p)]))];
    });
    const withWidget = await openPage(browser, `${site.url}hostile.html`, { width: 1280 });
    await withWidget.locator('catalyse-survey [data-ready] h2.title').waitFor({ timeout: 15000 });
    const withoutWidget = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await withoutWidget.route('**/catalyse.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    await withoutWidget.goto(`${site.url}hostile.html`);
    assert.equal(await withoutWidget.evaluate(() => customElements.get('catalyse-survey')), undefined, 'control page has no widget');
    const a = await withWidget.evaluate(facts, probes);
    const b = await withoutWidget.evaluate(facts, probes);
    assert.deepEqual(a, b);
    // and the widget added nothing to the document outside its element
    const outside = await withWidget.evaluate(() => ({
      sheets: document.styleSheets.length + document.adoptedStyleSheets.length,
      bodyChildren: [...document.body.children].map((n) => n.tagName.toLowerCase()),
    }));
    assert.deepEqual(outside, { sheets: 1, bodyChildren: ['main'] });
    assert.deepEqual(pageProblems(withWidget), []);
    await withWidget.closeContext();
    await withoutWidget.close();
  });
});
