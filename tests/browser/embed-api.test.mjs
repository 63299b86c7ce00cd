// The element's public API as documented : docs/EMBED.md's tables (attributes, properties and
// methods, events, CSS custom properties, parts) against what the element really has in Chromium,
// and against the hand-written web/catalyse.d.ts (read with the TypeScript compiler's parser).
// Attributes are mirrored by properties; events bubble and cross shadow roots (composed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ts from 'typescript';
import { PAGES, ROOT, WEB, serveSite } from '../pages/host-server.mjs';
import { launchBrowser, openPage, pageProblems } from './support.mjs';

const README = readFileSync(path.join(ROOT, 'docs/EMBED.md'), 'utf8');
const CSS_SOURCE = readFileSync(path.join(ROOT, 'web/src/styles.js'), 'utf8');
const W = '/catalyse/';
const LIFECYCLE = ['constructor', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback'];

/** The property mirroring attribute `name`, as the DOM names them (`intro-open` → `introOpen`). */
const propertyName = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** First-column names of the README table whose header row starts with `| header |`. */
function tableNames(header) {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${header}\\s*\\|`).test(l));
  assert.ok(start >= 0, `README has a table headed "${header}"`);
  const names = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const m = line.match(/^\|\s*`([^`]+)`/);
    if (m) names.push(m[1].replace(/\(\)$/, '()'));
  }
  return names;
}

/** Members of `class CatalyseSurvey` in web/catalyse.d.ts: {name: {readonly, method, static}}. */
function declaredMembers() {
  const file = ts.createSourceFile('catalyse.d.ts', readFileSync(path.join(WEB, 'catalyse.d.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
  const out = {};
  let events = [];
  const visit = (node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'CatalyseSurvey') {
      for (const m of node.members) {
        const mods = ts.getModifiers?.(m) ?? m.modifiers ?? [];
        out[m.name.getText(file)] = {
          readonly: mods.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword),
          method: ts.isMethodDeclaration(m),
          static: mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword),
        };
      }
    }
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'HTMLElementEventMap') {
      events = node.members.map((m) => m.name.getText(file).replace(/'/g, ''));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { members: out, events };
}

let browser;
let site;
before(async () => {
  browser = await launchBrowser();
  site = await serveSite({ mounts: { '/': PAGES, [W]: WEB, '/fixtures/': path.join(ROOT, 'tests/fixtures') }, vars: { WIDGET: W } });
});
after(async () => { await browser?.close(); await site?.close(); });

async function open() {
  const page = await openPage(browser, `${site.url}neutral.html`);
  const survey = page.locator('catalyse-survey');
  await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
  return { page, survey };
}

describe('README, runtime and catalyse.d.ts agree', () => {
  test('attributes: documented = observed, each mirrored by a read/write property', async () => {
    const { page, survey } = await open();
    const documented = tableNames('attribute');
    const properties = documented.map(propertyName);
    assert.deepEqual(await survey.evaluate((el) => [...el.constructor.observedAttributes].sort()), [...documented].sort());
    const mirror = await survey.evaluate((el, names) => names.map((name) => {
      let proto = Object.getPrototypeOf(el);
      let desc;
      while (proto && !desc) { desc = Object.getOwnPropertyDescriptor(proto, name); proto = Object.getPrototypeOf(proto); }
      return [name, Boolean(desc?.get), Boolean(desc?.set)];
    }), properties);
    assert.deepEqual(mirror, properties.map((n) => [n, true, true]));
    // property → attribute → property, on a live element
    const roundTrip = await survey.evaluate((el) => {
      el.layout = 'page';
      const a = [el.getAttribute('layout'), el.layout];
      el.setAttribute('layout', 'sections');
      el.mode = 'kiosk';
      const b = [el.getAttribute('mode'), el.mode];
      el.removeAttribute('mode');
      el.benchmark = 'bench.json';
      const c = [el.getAttribute('benchmark'), new URL(el.benchmark).pathname];
      el.benchmark = null;
      el.lang = 'en';
      const d = [el.getAttribute('lang'), el.lang];
      el.introOpen = true;
      const e = [el.getAttribute('intro-open'), el.introOpen];
      el.removeAttribute('intro-open');
      return { a, b, c, d, e, introOpen: el.introOpen, mode: el.mode, benchmark: el.benchmark, src: el.src };
    });
    assert.deepEqual(roundTrip, {
      a: ['page', 'page'], b: ['kiosk', 'kiosk'], c: ['bench.json', '/bench.json'], d: ['en', 'en'], e: ['', true], introOpen: false,
      mode: 'self', benchmark: null, src: `${site.origin}${W}questionnaires/catalyseurs-2018.json`,
    });
    await survey.getByRole('heading', { name: 'Territorial co-construction self-assessment' }).waitFor();
    await survey.evaluate((el) => { el.src = '/fixtures/widget-small.json'; });
    await survey.getByRole('heading', { name: 'Small test diagnosis' }).waitFor();
    assert.equal(await survey.evaluate((el) => el.getAttribute('src')), '/fixtures/widget-small.json');
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  });

  test('properties and methods: README table = runtime prototype = catalyse.d.ts class, read-only ones alike', async () => {
    const { page, survey } = await open();
    const { members } = declaredMembers();
    const runtime = await survey.evaluate((el, skip) => {
      const proto = Object.getPrototypeOf(el);
      return Object.fromEntries(Object.getOwnPropertyNames(proto).filter((n) => !skip.includes(n)).map((n) => {
        const d = Object.getOwnPropertyDescriptor(proto, n);
        return [n, { readonly: Boolean(d.get && !d.set), method: typeof d.value === 'function' }];
      }));
    }, LIFECYCLE);
    const instance = Object.fromEntries(Object.entries(members).filter(([, m]) => !m.static).map(([n, m]) => [n, { readonly: m.readonly, method: m.method }]));
    assert.deepEqual(Object.keys(instance).sort(), Object.keys(runtime).sort(), 'same members in catalyse.d.ts and at run time');
    assert.deepEqual(instance, Object.fromEntries(Object.keys(instance).map((n) => [n, runtime[n]])), 'read-only and methods alike');
    assert.ok(members.observedAttributes?.static);
    const documented = tableNames('property').map((n) => n.replace(/\(\)$/, ''));
    for (const name of documented) assert.ok(name in runtime, `README property ${name} exists`);
    for (const name of Object.keys(runtime)) {
      assert.ok(documented.includes(name) || tableNames('attribute').map(propertyName).includes(name), `${name} is in a README table`);
    }
    await page.closeContext();
  });

  test('events: README = catalyse.d.ts = fired, each bubbling and composed (seen outside an enclosing shadow root)', async () => {
    const { events: declared } = declaredMembers();
    const documented = tableNames('event');
    assert.deepEqual([...declared].sort(), [...documented].sort());
    const page = await openPage(browser, `${site.url}neutral.html`);
    // the widget inside another component's shadow root: composed events still reach the document
    const seen = await page.evaluate(async (names) => {
      const log = [];
      for (const name of names) document.addEventListener(name, (e) => log.push({ name, bubbles: e.bubbles, composed: e.composed, target: e.target.id }));
      const wrapper = document.createElement('div');
      wrapper.id = 'wrapper';
      document.body.append(wrapper);
      const inner = wrapper.attachShadow({ mode: 'open' });
      const el = document.createElement('catalyse-survey');
      el.setAttribute('layout', 'page');
      inner.append(el);
      const wait = (n) => new Promise((resolve) => { const t = () => (log.some((x) => x.name === n && x.target === 'wrapper') ? resolve() : setTimeout(t, 20)); t(); });
      await wait('catalyse-ready');
      el.answers = { dynamique: 'emerge' };
      el.shadowRoot.querySelector('[part~="next"]').click(); // few answers: "before you finish"
      el.shadowRoot.querySelector('[part~="next"]').click(); // "finish anyway"
      await wait('catalyse-complete');
      el.src = '/fixtures/widget-invalid.json';
      await wait('catalyse-error');
      return log.filter((x) => x.target === 'wrapper');
    }, documented);
    for (const name of documented) {
      const got = seen.filter((x) => x.name === name);
      assert.ok(got.length >= 1, `${name} reached the document from inside a shadow root`);
      assert.ok(got.every((x) => x.bubbles && x.composed), name);
    }
    await page.closeContext();
  });

  test('CSS custom properties and parts: README lists = what the stylesheet reads and the shadow DOM exposes', async () => {
    const documentedVars = [...new Set([...README.matchAll(/`(--catalyse-[a-z-]+)`/g)].map((m) => m[1]))].sort();
    const usedVars = [...new Set([...CSS_SOURCE.matchAll(/var\((--catalyse-[a-z-]+)/g)].map((m) => m[1]))].sort();
    assert.deepEqual(documentedVars, usedVars);
    const partsLine = README.split('\n').find((l) => l.startsWith('Parts for `::part()`') || l.includes('Parts for `::part()`'));
    assert.ok(partsLine, 'README lists the parts');
    const at = README.indexOf(partsLine);
    const partsText = README.slice(at, README.indexOf('\n\n', at));
    const documented = [...new Set([...partsText.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]))].filter((p) => p !== 'part').sort();
    // every part seen in some state: form (both layouts), final screen, a benchmark problem, error
    const { page, survey } = await open();
    const collect = () => survey.evaluate((el) => [...el.shadowRoot.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part').split(/\s+/)));
    const seen = new Set(await collect());
    await survey.evaluate((el) => { el.layout = 'page'; el.answers = JSON.parse(JSON.stringify({ dynamique: 'emerge' })); });
    await survey.locator('[part~="next"]').click();
    await survey.locator('[part="check"]').waitFor();
    for (const p of await collect()) seen.add(p);
    await survey.locator('[part~="next"]').click();
    await survey.locator('[part="done"]').waitFor();
    await survey.locator('[part~="compare-file"]').waitFor();  // the comparison panel is loaded after the final screen
    for (const p of await collect()) seen.add(p);
    // a benchmark file that holds no benchmark: a notice, the questionnaire still shown; and storage
    // now refuses writes (full quota), so the re-rendered form says resume is unavailable
    await page.evaluate(() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; });
    await survey.evaluate((el) => { el.benchmark = '/fixtures/minimal.json'; });
    await survey.locator('[part="benchmark-problem"]').waitFor({ timeout: 15000 });
    await survey.locator('[part="storage-problem"]').waitFor();
    for (const p of await collect()) seen.add(p);
    await survey.evaluate((el) => { el.src = '/fixtures/widget-invalid.json'; });
    await survey.locator('[part="error"]').waitFor();
    for (const p of await collect()) seen.add(p);
    assert.deepEqual([...seen].sort(), documented);
    await page.closeContext();
  });
});
