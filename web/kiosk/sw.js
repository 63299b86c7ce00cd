// The kiosk's service worker (scope /kiosk/): keeps a copy of everything the kiosk page needs, so
// that it opens and works without network after one load. Same-origin GET requests only; answers
// never pass through here (responses go to IndexedDB; endpoint POSTs are not intercepted).
// Strategy: network first with a short timeout (fresh code when the network is there), the cached
// copy otherwise.
const CACHE = 'catalyse-kiosk-v8';  // a new name when the files below change: old copies are dropped
const NETWORK_TIMEOUT_MS = 3000;
const PRECACHE = [
  './', './kiosk.js', '../pages.css', './kiosk.css', './kiosk-crypto.js', './kiosk-export.js', './kiosk-store.js', './submit-queue.js',
  './organiser.js', './qr-code.js', './result-link.js', '../generated/qr.mjs',
  '../catalyse.js', '../src/core.js', '../src/element.js', '../src/sources.js', '../src/check.js', '../src/done.js',
  '../src/error-screen.js', '../src/resume.js', '../src/dom.js', '../src/feedback.js', '../src/form.js',
  '../src/i18n.js', '../src/load.js', '../src/core-messages.js', '../src/radar.js', '../src/record.js', '../src/styles.js', '../src/benchmark.js',
  '../src/compare-view.js', '../generated/catalyse-compare.wasm',
  '../generated/catalyse-core.wasm', '../generated/core-messages.json',
  '../questionnaires/catalyseurs-2018.json',
];

async function put(cache, url) {
  try {
    const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
    if (response.ok) await cache.put(url, response);
  } catch {
    /* best effort: a missing file is cached when the page first asks for it */
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(PRECACHE.map((p) => put(cache, new URL(p, self.registration.scope).href)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('catalyse-kiosk-') && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page lists what it loaded (modules imported on demand, the questionnaire it was given).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache' || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const u of data.urls.slice(0, 200)) {
      let url;
      try { url = new URL(u); } catch { continue; }
      if (url.origin !== self.location.origin) continue;
      url.hash = '';
      if (!(await cache.match(url.href))) await put(cache, url.href);
    }
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function respond(request) {
  const cache = await caches.open(CACHE);
  // The kiosk page itself, whatever its query (?lang=en, ?idle=…); another page (result.html) is
  // cached under its own address.
  const page = new URL('./', self.registration.scope);
  const navigation = request.mode === 'navigate' && new URL(request.url).pathname === page.pathname;
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.ok && response.type === 'basic') {
      const key = navigation ? page.href : request.url;
      await cache.put(key, response.clone()).catch(() => {});
    }
    return response;
  } catch (err) {
    const cached = navigation
      ? await cache.match(page.href)
      : await cache.match(request, { ignoreSearch: false }) ?? await cache.match(request.url.split('?')[0]);
    if (cached) return cached;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(request));
});
