// The published package: `npm pack` makes a tarball holding the widget (as its bundle, its
// single-file variant and its modules), the wasm cores, the default questionnaire and the type
// declarations, nothing else (no kiosk, results or demo page); installed with npm
// into a scratch project (offline: it has no runtime dependency), it resolves through "exports"
// in Node and in TypeScript, and a scratch page served under the strict CSP loads the widget from
// node_modules/catalyse/ and scores an answer. Needs a build (web/generated/).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { serveSite } from '../pages/host-server.mjs';
import { launchBrowser, openPage, pageProblems } from '../browser/support.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let scratch;
let packed;
let tarball;
before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'catalyse-pack-'));
  [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], ROOT));
  tarball = path.join(scratch, packed.filename);
});
after(() => { if (scratch) rmSync(scratch, { recursive: true, force: true }); });

test('the tarball holds the widget, its modules, the wasm cores, the questionnaire and the types, nothing else', (t) => {
  const files = packed.files.map((f) => f.path).sort();
  t.diagnostic(`${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${files.length} files`);
  for (const f of ['package.json', 'README.md', 'web/catalyse.js', 'web/dist/catalyse.js', 'web/dist/catalyse-single.js', 'web/catalyse.d.ts',
    'web/src/element.js', 'web/src/core.js', 'web/src/core.d.ts', 'web/generated/catalyse-core.wasm', 'web/generated/catalyse-core-trusting.wasm', 'web/questionnaires/catalyseurs-2018.json',
    'docs/FORMAT.md', 'docs/EMBED.md']) {
    assert.ok(files.includes(f), `${f} packed`);
  }
  const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE(\.md)?|docs\/(FORMAT|EMBED)\.md|web\/(catalyse\.js|dist\/(catalyse(-single)?|compare)\.js|catalyse\.d\.ts|src\/[\w-]+\.(js|d\.ts)|results\/aggregate-core\.(js|d\.ts)|generated\/(catalyse-(core|core-trusting|aggregate|compare)\.(mjs|wasm)|core-messages\.json)|questionnaires\/[\w-]+\.json))$/.test(f));
  assert.deepEqual(stray, [], 'no tests, sources, builds, demo or kiosk pages in the package');
  // The kiosk's own modules (sealing, IndexedDB, exports, the endpoint queue, the QR link) live
  // with the kiosk page and are not part of the widget's package; nor are the bundles' entries.
  const kioskOnly = files.filter((f) => /kiosk|submit-queue|result-link|qr|bundle/.test(f));
  assert.deepEqual(kioskOnly, [], 'nothing of the kiosk in the package');
  // Every code export has its types.
  for (const [name, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    assert.ok(files.includes(target.types.replace(/^\.\//, '')), `${name} has its types (${target.types}) packed`);
  }
  // every exports target is in it
  const targets = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)));
  for (const target of targets) {
    const re = new RegExp(`^${target.replace(/^\.\//, '').replace(/[.]/g, '\\.').replace('*', '.+')}$`);
    assert.ok(files.some((f) => re.test(f)), `exports target ${target} packed`);
  }
  // every module or asset a packed module refers to relatively is packed too
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const source = readFileSync(path.join(ROOT, f), 'utf8');
    const refs = [...source.matchAll(/(?:from\s+|import\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
    for (const ref of refs) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(f), ref));
      assert.ok(files.includes(resolved), `${f} refers to ${ref}, which is packed`);
    }
  }
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'no runtime dependency');
});

test('npm installs it offline into a scratch project; Node and TypeScript resolve it through "exports"', () => {
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-site', private: true, type: 'module' }));
  npm(['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], scratch);
  const installed = path.join(scratch, 'node_modules/catalyse');
  assert.equal(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version, pkg.version);
  assert.ok(!existsSync(path.join(installed, 'node_modules')), 'nothing installed beside it');
  const resolved = execFileSync(process.execPath, ['--input-type=module', '-e',
    "for (const s of ['catalyse', 'catalyse/single', 'catalyse/core', 'catalyse/questionnaires/catalyseurs-2018.json', 'catalyse/package.json']) console.log(import.meta.resolve(s))"],
  { cwd: scratch, encoding: 'utf8' }).trim().split('\n').map((u) => path.relative(scratch, fileURLToPath(u)));
  assert.deepEqual(resolved, ['node_modules/catalyse/web/dist/catalyse.js', 'node_modules/catalyse/web/dist/catalyse-single.js', 'node_modules/catalyse/web/src/core.js',
    'node_modules/catalyse/web/questionnaires/catalyseurs-2018.json', 'node_modules/catalyse/package.json']);
  // the README's TypeScript usage compiles against the installed package's declarations
  copyFileSync(path.join(ROOT, 'tests/types/usage.ts'), path.join(scratch, 'usage.ts'));
  copyFileSync(path.join(ROOT, 'tests/types/tsconfig.json'), path.join(scratch, 'tsconfig.json'));
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', scratch, '--pretty', 'false', '--traceResolution'], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout.split('\n').filter((l) => /error TS/.test(l)).join('\n'));
  assert.match(tsc.stdout, /Module name 'catalyse' was successfully resolved to '[^']*catalyse-pack-[^']*\/node_modules\/catalyse\/web\/catalyse\.d\.ts'/);
});

test('a scratch page under the strict CSP loads the widget from node_modules/catalyse/ and scores an answer', async () => {
  writeFileSync(path.join(scratch, 'index.html'), `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Scratch site</title><link rel="icon" href="favicon.svg">
<script type="module" src="./node_modules/catalyse/web/dist/catalyse.js"></script></head>
<body><main><h1>Scratch</h1><catalyse-survey></catalyse-survey></main></body></html>
`);
  writeFileSync(path.join(scratch, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  const site = await serveSite({ mounts: { '/': scratch } });
  const browser = await launchBrowser();
  try {
    const page = await openPage(browser, `${site.url}index.html`);
    const survey = page.locator('catalyse-survey');
    await survey.locator('[data-ready] h2.title').waitFor({ timeout: 15000 });
    await survey.getByLabel('Oui, tout à fait, cela est ancré dans le fonctionnement du territoire').check();
    assert.equal(await survey.evaluate((el) => el.result.declared.level), 'ancrage');
    const outside = site.requests.filter((u) => !u.startsWith('/node_modules/catalyse/web/') && !['/index.html', '/favicon.svg'].includes(u));
    assert.deepEqual(outside, []);
    assert.ok(site.requests.includes('/node_modules/catalyse/web/generated/catalyse-core-trusting.wasm'));
    assert.deepEqual(pageProblems(page), []);
    await page.closeContext();
  } finally {
    await browser.close();
    await site.close();
  }
});
