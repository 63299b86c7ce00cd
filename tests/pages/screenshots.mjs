// Makes the README's screenshots (docs/screenshots/*.png) from the demo host page, at phone and
// desktop widths, with the answers of tests/fixtures/answers-essor.json.
// Usage: node tests/pages/screenshots.mjs   (after a build; writes 4 PNG files and prints their sizes)
// Viewport-sized captures at device scale 1 keep each file near 100 KB.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { launchBrowser } from '../browser/support.mjs';
import { ROOT } from './host-server.mjs';

const OUT = path.join(ROOT, 'docs/screenshots');
const essor = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/answers-essor.json'), 'utf8'));
mkdirSync(OUT, { recursive: true });
const { server, url } = await serve();
const browser = await launchBrowser();
const shots = [];

async function open(width, height) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fr-FR', colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${url}demo/?lang=fr`);
  const survey = page.locator('catalyse-survey');
  await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  // a respondent halfway: the first four sections answered, on the fifth
  const partial = Object.fromEntries(Object.entries(essor).slice(0, 17));
  await survey.evaluate((el, a) => { el.answers = a; }, partial);
  for (let i = 0; i < 4; i++) await survey.locator('[part~="next"]').click();
  await page.mouse.move(0, 0);
  return { page, survey, context };
}

async function save(target, name, options = {}) {
  const file = path.join(OUT, `${name}.png`);
  await target.screenshot({ path: file, animations: 'disabled', ...options });
  shots.push(file);
}

try {
  let { page, survey, context } = await open(1280, 800);
  await survey.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await save(page, 'widget-desktop');
  await context.close();

  ({ page, survey, context } = await open(375, 740));
  await survey.locator('[part="section"]:not([hidden]) .section-title').evaluate((n) => n.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -16));
  await save(page, 'widget-phone');
  await survey.locator('[part="feedback"]').evaluate((n) => n.scrollIntoView({ block: 'start' }));
  await save(page, 'widget-phone-feedback');
  await context.close();

  ({ page, survey, context } = await open(1280, 800));
  await survey.evaluate((el, a) => { el.answers = a; el.layout = 'page'; }, essor);
  await survey.locator('[part~="next"]').click();
  await survey.locator('[part="done"]').waitFor();
  await survey.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await save(page, 'widget-final-desktop');
  await context.close();
} finally {
  await browser.close();
  server.close();
}

for (const file of shots) console.log(`${path.relative(ROOT, file)}  ${statSync(file).size} bytes`);
