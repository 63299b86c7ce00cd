// Shared helper for the browser suites: one headless Chromium (the machine's /usr/bin/chromium
// driven by playwright-core), the project's static server (scripts/serve.mjs, strict CSP) on
// 127.0.0.1, and pages that record console errors, uncaught exceptions and CSP violations.
//
//   import { startSession } from './support.mjs';
//   const session = await startSession();              // browser + server on web/
//   const page = await session.open('demo/?lang=en', { width: 375 });
//   ...                                                  // page.problems: {console, errors, csp}
//   await session.close();
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where screenshots go: $CATALYSE_BUILD_DIR/screenshots (default build/screenshots). */
export const SCREENSHOT_DIR = path.join(ROOT, process.env.CATALYSE_BUILD_DIR ?? 'build', 'screenshots');

/** Launches the machine's Chromium with the team's flags (Playwright gives it a fresh temporary profile). */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a fresh browser context (own storage) and records problems on `page.problems`:
 * console errors/warnings about CSP, uncaught page errors, and securitypolicyviolation events.
 * Options: width/height (viewport), locale, waitFor (a selector to wait for, pierces shadow roots),
 * storageState, colorScheme, init (a function or script run in the page before its own scripts,
 * e.g. to record events from the start), context (an existing browser context to reuse, e.g. to
 * reload with the same localStorage).
 */
export async function openPage(browser, url, options = {}) {
  const context = options.context ?? await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? 'fr-FR',
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
    serviceWorkers: options.serviceWorkers ?? 'allow',
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  const page = await context.newPage();
  const problems = { console: [], errors: [], csp: [], requests: [] };
  page.problems = problems;
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content.Security.Policy|Trusted Type/i.test(msg.text())) problems.console.push(msg.text());
  });
  page.on('pageerror', (err) => problems.errors.push(String(err?.stack ?? err)));
  await page.exposeBinding('__catalyseCsp', (_source, v) => problems.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__catalyseCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    }, true);
  });
  if (options.init) await page.addInitScript(options.init);
  const origin = new URL(url).origin;
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.requests.push(u);
  });
  await page.goto(url, { waitUntil: options.waitUntil ?? 'load' });
  if (options.waitFor) await page.locator(options.waitFor).first().waitFor({ timeout: options.timeout ?? 15000 });
  page.context_ = context;
  page.closeContext = () => context.close();
  return page;
}

/** Every problem recorded on `page`, as one list of strings (empty when the page behaved). */
export function pageProblems(page) {
  const p = page.problems;
  return [...p.console.map((x) => `console: ${x}`), ...p.errors.map((x) => `error: ${x}`),
    ...p.csp.map((x) => `csp: ${x}`), ...p.requests.map((x) => `third-party request: ${x}`)];
}

/** Saves a full-page screenshot under SCREENSHOT_DIR; returns its path. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true, animations: 'disabled' });
  return file;
}

/**
 * A browser and a static server on `dir` (default web/, served with the product's CSP).
 * Returns {browser, url, open(relativeUrl, options), close()}.
 */
export async function startSession({ dir, headers } = {}) {
  const { server, url } = await serve({ dir, headers });
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    server.close();
    throw err;
  }
  const pages = [];
  return {
    browser,
    url,
    async open(relative, options) {
      const page = await openPage(browser, new URL(relative, url).href, options);
      pages.push(page);
      return page;
    },
    async close() {
      for (const p of pages) await p.closeContext().catch(() => {});
      await browser.close().catch(() => {});
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * axe-core's WCAG 2.1 A and AA violations on the page, one 'rule: element: what fails' per element
 * ([] when there are none). axe is put in the page the first time (it runs under the page's CSP).
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.flat().join(' ')}: ${n.failureSummary}`));
  });
}
