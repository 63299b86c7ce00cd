// The browser half of the benchmark: weight, time to first question and input → feedback, in one
// headless Chromium run against bench/server.mjs. Every load is a fresh context with the cache off.
import { launchBrowser } from '../tests/browser/support.mjs';
import { summary } from './stats.mjs';

// Runs in each page before its own scripts. "First answerable question": an input, select or
// textarea in the document or in any shadow root, enabled, rendered (checkVisibility) and with a
// box on screen (its own, or its label's when the control is visually hidden, as SurveyJS does).
// Times are performance.now(): milliseconds since the navigation started.
function firstQuestionProbe() {
  const state = { first: null, painted: null, ready: null, wasm: [], calls: [], roots: 1 };
  let readyResolve;
  // catalyse-ready: the form is built AND the core's first result is shown (the question may be
  // answerable before that: the widget renders while the core is still on its way).
  state.readyPromise = new Promise((r) => { readyResolve = r; });
  document.addEventListener('catalyse-ready', () => { state.ready ??= performance.now(); readyResolve(); }, true);
  let resolve;
  state.done = new Promise((r) => { resolve = r; });
  Object.defineProperty(window, '__bench', { value: state });
  const roots = [document];
  const SEL = 'input:not([type=hidden]), select, textarea';
  const boxed = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const answerable = (el) => el.matches(':enabled')
    && el.checkVisibility({ visibilityProperty: true })
    && (boxed(el) || boxed(el.closest('label')) || boxed(el.labels?.[0]));
  const observers = [];
  const check = () => {
    if (state.first !== null) return;
    for (const root of roots) {
      if (!root.querySelector(SEL)) continue;
      let n = 0;
      for (const el of root.querySelectorAll(SEL)) {
        if (answerable(el)) {
          state.first = performance.now();
          for (const o of observers) o.disconnect();
          requestAnimationFrame(() => { state.painted = performance.now(); resolve(); });
          return;
        }
        if (++n > 200) break;
      }
    }
  };
  const observe = (root) => {
    const o = new MutationObserver(check);
    o.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'disabled', 'class', 'style'] });
    observers.push(o);
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    const root = attach.call(this, init);
    roots.push(root);
    state.roots += 1;
    observe(root);
    return root;
  };
  observe(document);
  // Diagnostics: when WebAssembly compiles and instantiates (Catalyse's core), and how long each
  // call into the instance takes (calls of 0.3 ms or more are kept, by export name).
  const timedExports = (exports) => {
    const out = {};
    for (const [key, value] of Object.entries(exports)) {
      out[key] = typeof value !== 'function' ? value : function timedExport(...a) {
        const start = performance.now();
        try { return value.apply(this, a); } finally {
          const dur = performance.now() - start;
          if (dur >= 0.3) state.calls.push({ name: key, start, dur });
        }
      };
    }
    return out;
  };
  for (const name of ['instantiateStreaming', 'instantiate', 'compileStreaming', 'compile']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function timed(...args) {
      const entry = { name, start: performance.now(), end: null };
      state.wasm.push(entry);
      const p = original.apply(this, args);
      p.then(() => { entry.end = performance.now(); }, () => { entry.end = -1; });
      if (!name.startsWith('instantiate')) return p;
      return p.then((result) => (result && result.instance
        ? { module: result.module, instance: { exports: timedExports(result.instance.exports) } } : result));
    };
  }
}

/**
 * Chromium DevTools' "Slow 4G" network profile (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up)
 * with a 4× CPU slowdown: a phone on venue Wi-Fi or a weak mobile link.
 */
export const SLOW_PHONE = {
  network: { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1000 * 1000 / 8) * 0.9, uploadThroughput: (750 * 1000 / 8) * 0.9 },
  cpu: 4,
};

async function freshPage(browser, { width = 1280, height = 900, throttle = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fr-FR', serviceWorkers: 'block' });
  await context.addInitScript(firstQuestionProbe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', throttle.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle.cpu });
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e?.message ?? e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, cdp, errors };
}

/** One load: waits for the first answerable question; returns the probe's times and resource timing. */
async function loadOnce(browser, url, { timeout = 30000, waitReady = /\/(demo|variant|peers\/catalyse|e\/[^/]+$)/.test(url), throttle = null, width, height } = {}) {
  const { context, page, cdp, errors } = await freshPage(browser, { throttle, width, height });
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => {
    requests.set(e.requestId, { url: e.response.url, status: e.response.status, mime: e.response.mimeType,
      encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'identity' });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.encodedDataLength = e.encodedDataLength;
  });
  try {
    await page.goto(url, { waitUntil: 'commit', timeout });
    await page.evaluate((ms) => Promise.race([window.__bench.done,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answerable question')), ms))]), timeout);
    // A Catalyse page: also wait for the widget to be ready (scored), so that `ready` is known.
    if (waitReady) {
      await page.evaluate((ms) => Promise.race([window.__bench.readyPromise,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no catalyse-ready')), ms))]), timeout);
    }
    const probe = await page.evaluate(() => ({
      first: window.__bench.first,
      painted: window.__bench.painted,
      ready: window.__bench.ready,
      wasm: window.__bench.wasm,
      calls: window.__bench.calls.filter((c) => c.start <= window.__bench.first),
      navigation: (({ responseStart, responseEnd, domInteractive, domContentLoadedEventEnd }) => ({ responseStart, responseEnd, domInteractive, domContentLoadedEventEnd }))(performance.getEntriesByType('navigation')[0] ?? {}),
      resources: performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd, encodedBodySize: r.encodedBodySize, decodedBodySize: r.decodedBodySize })),
    }));
    return { probe, requests: [...requests.values()], errors, page, context };
  } catch (err) {
    await context.close();
    throw new Error(`${url}: ${err.message}${errors.length ? ` (page errors: ${errors.join(' | ')})` : ''}`);
  }
}

/**
 * Weight of each page: every response's encoded (compressed) length from CDP, split into what had
 * arrived when the first question became answerable and what came after (within `settleMs`).
 * Also saves a 1280 px screenshot of each page to `shotDir`.
 */
export async function measureWeight(browser, pages, { server, settleMs = 1000, shotDir } = {}) {
  const out = {};
  // One unmeasured load of each page first, so that the server has compressed every file once.
  for (const url of Object.values(pages)) await (await loadOnce(browser, url)).context.close();
  for (const [name, url] of Object.entries(pages)) {
    server?.sent.clear();
    const run = await loadOnce(browser, url);
    await run.page.waitForTimeout(settleMs);
    const { probe } = run;
    const timing = new Map(run.probe.resources.map((r) => [r.name, r]));
    timing.set(url, { end: probe.navigation.responseEnd, start: 0 });
    const files = run.requests.filter((r) => !r.url.startsWith('data:')).map((r) => {
      const t = timing.get(r.url);
      return { url: r.url.replace(/^https?:\/\/[^/]+/, ''), mime: r.mime, encoding: r.encoding, bytes: r.encodedDataLength ?? 0,
        bodyBytes: t?.encodedBodySize ?? null, start: t?.start ?? null, end: t?.end ?? null,
        beforeFirstQuestion: t?.end != null ? t.end <= probe.first : null };
    });
    const total = files.reduce((a, f) => a + f.bytes, 0);
    const beforeFirst = files.filter((f) => f.beforeFirstQuestion !== false).reduce((a, f) => a + f.bytes, 0);
    out[name] = { url, total, beforeFirst, serverBodyBytes: server ? [...server.sent.values()].reduce((a, b) => a + b, 0) : null,
      requests: files.length, files, firstQuestionMs: probe.first, errors: run.errors };
    if (shotDir) {
      await run.page.screenshot({ path: `${shotDir}/${name}-1280.png` });
    }
    await run.context.close();
  }
  return out;
}

/** Time to first question: `loads` fresh loads of each page, round-robin so that drift hits all alike. */
export async function measureFirstQuestion(browser, pages, { loads = 21, warmup = 1, onProgress, exportNames = {}, throttle = null, width, height } = {}) {
  const names = Object.keys(pages);
  const raw = Object.fromEntries(names.map((n) => [n, { first: [], painted: [], ready: [], calls: [], wasm: [], resources: [], navigation: [] }]));
  for (let i = 0; i < warmup + loads; i += 1) {
    for (const name of names) {
      const run = await loadOnce(browser, pages[name], { throttle, width, height, timeout: throttle ? 90000 : 30000 });
      await run.context.close();
      if (i < warmup) continue;
      const r = raw[name];
      r.first.push(run.probe.first);
      r.painted.push(run.probe.painted);
      r.ready.push(run.probe.ready);
      // Minified export names → the C functions they are (each page's own loader).
      r.calls.push(run.probe.calls.map((c) => ({ ...c, name: exportNames[name]?.[c.name] ?? c.name })));
      r.wasm.push(run.probe.wasm);
      r.resources.push(run.probe.resources);
      r.navigation.push(run.probe.navigation);
    }
    onProgress?.(i + 1, warmup + loads);
  }
  const out = {};
  for (const name of names) {
    const r = raw[name];
    // The load whose time to first question is the median one, step by step: what it waited for.
    const order = r.first.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
    const k = order[Math.floor(order.length / 2)][1];
    const path = (u) => u.replace(/^https?:\/\/[^/]+/, '');
    const medianLoad = {
      first: r.first[k],
      ready: r.ready[k],
      htmlEnd: r.navigation[k].responseEnd,
      domContentLoaded: r.navigation[k].domContentLoadedEventEnd,
      resources: r.resources[k].map((e) => ({ path: path(e.name), start: e.start, end: e.end })).sort((a, b) => a.start - b.start),
      wasm: r.wasm[k],
      calls: r.calls[k],
    };
    // The same steps summarised over every load.
    const instantiated = r.wasm.map((list) => list.find((w) => w.name.startsWith('instantiate') && w.end > 0)?.end).filter((x) => x != null);
    const byName = new Map();
    for (const list of r.calls) for (const c of list) { if (!byName.has(c.name)) byName.set(c.name, []); byName.get(c.name).push(c.dur); }
    const lastCallEnd = r.calls.map((list) => (list.length ? Math.max(...list.map((c) => c.start + c.dur)) : null));
    out[name] = {
      firstQuestion: summary(r.first),
      painted: summary(r.painted),
      samples: r.first.map((x) => Math.round(x * 100) / 100),
      stages: {
        htmlEnd: summary(r.navigation.map((n) => n.responseEnd)),
        domContentLoaded: summary(r.navigation.map((n) => n.domContentLoadedEventEnd)),
        wasmInstantiated: instantiated.length ? summary(instantiated) : null,
        calls: [...byName].map(([n, d]) => ({ name: n, count: d.length, duration: summary(d) })),
        ready: r.ready.some((x) => x != null) ? summary(r.ready.filter((x) => x != null)) : null,
        readyToFirst: r.ready.some((x) => x != null) ? summary(r.ready.map((x, i) => (x == null ? null : r.first[i] - x)).filter((x) => x != null)) : null,
        // Between the first call into wasm (loading the questionnaire) and the second (the first
        // scoring): the widget's own JavaScript, which builds the form and the feedback panel.
        betweenLoadAndScore: summary(r.calls.map((l) => {
          const load = l.find((c) => c.name === '_cat_load');
          const score = load && l.find((c) => c.name === '_cat_score' && c.start > load.start);
          return score ? score.start - (load.start + load.dur) : null;
        }).filter((x) => x != null)),
        lastCallToReady: r.ready.some((x) => x != null) ? summary(r.ready.map((x, i) => (x == null || lastCallEnd[i] == null ? null : x - lastCallEnd[i])).filter((x) => x != null)) : null,
      },
      medianLoad,
    };
  }
  return out;
}

/**
 * Input → feedback on the Catalyse page: `changes` clicks on answer options (cycling through the
 * radio options of the visible section, then of the next section), each timed from the click
 * event's timestamp to the widget's `catalyse-change` (feedback updated) and to the next
 * animation frame after it.
 */
export async function measureFeedback(browser, url, { changes = 120 } = {}) {
  const { context, page, errors } = await freshPage(browser);
  await page.goto(url, { waitUntil: 'commit' });
  await page.evaluate(() => Promise.all([window.__bench.done, window.__bench.readyPromise]));
  await page.evaluate(() => {
    const s = { pendingClick: null, samples: [] };
    window.__feedback = s;
    document.addEventListener('click', (e) => { if (e.isTrusted && s.pendingClick === null) s.pendingClick = e.timeStamp; }, true);
    document.addEventListener('catalyse-change', () => {
      const clicked = s.pendingClick;
      if (clicked === null) return;
      s.pendingClick = null;
      const updated = performance.now();
      requestAnimationFrame(() => { s.samples.push({ updated: updated - clicked, frame: performance.now() - clicked }); });
    });
  });
  // The unchecked radio options of the visible section, in document order: a click on one of them
  // always changes an answer.
  const visibleOptions = () => page.locator('catalyse-survey section.section:not([hidden]) label.option:has(input[type=radio]:not(:checked))')
    .filter({ visible: true });
  let done = 0;
  let round = 0;
  while (done < changes && round < 4) {
    const options = visibleOptions();
    const perSection = Math.ceil(changes / 2);
    for (let i = 0; done < changes && i < perSection; i += 1) {
      const count = await options.count();
      if (count < 1) throw new Error('input → feedback: no radio option to click in the visible section');
      const before = await page.evaluate(() => window.__feedback.samples.length);
      await options.nth(i % count).click();
      await page.waitForFunction((n) => window.__feedback.samples.length > n, before, { timeout: 5000 })
        .catch(() => { throw new Error(`input → feedback: no catalyse-change after click ${done + 1}`); });
      done += 1;
    }
    // On to the next section (every required question of this one is answered by now).
    round += 1;
    if (done < changes) await page.locator('catalyse-survey button[part~="next"]').click();
  }
  const samples = await page.evaluate(() => window.__feedback.samples);
  await context.close();
  return {
    changes: samples.length,
    updated: summary(samples.map((s) => s.updated)),
    frame: summary(samples.map((s) => s.frame)),
    errors,
  };
}

export { launchBrowser };

/** The core's start-up steps timed inside the browser (bench/out/peers/core-timing/): medians of `loads` fresh loads. */
export async function measureCoreStart(browser, url, { loads = 7 } = {}) {
  const samples = [];
  for (let i = 0; i < loads; i += 1) {
    const { context, page, errors } = await freshPage(browser);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__coreTiming, null, { timeout: 30000 })
      .catch(() => { throw new Error(`core timing page: no result (${errors.join(' | ')})`); });
    samples.push(await page.evaluate(() => window.__coreTiming));
    await context.close();
  }
  const keys = ['imported', 'instantiated', 'fetched', 'loadCold', 'scoreCold', 'loadWarm', 'scoreWarm', 'rescoreUs', 'formBuild', 'feedbackBuild'];
  return { ok: samples.every((s) => s.ok), loads, ...Object.fromEntries(keys.map((k) => [k, summary(samples.map((s) => s[k]))])) };
}
