// web/src/core.js in a page: a core file that cannot be had rejects with an error that names it
// (code 'core-missing', its URL, the HTTP status, 0 when no answer came), and the page can ask
// again without a reload: the widget's core and the aggregating core alike.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pageProblems, startSession } from './support.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** A page on the server whose requests for `file` fail as `failures` says (status numbers or 'abort'), then pass. */
async function pageFailing(file, failures) {
  const page = await session.open('demo/?src=%2Fquestionnaires%2Fcatalyseurs-2018.json', { width: 800 });
  const plan = [...failures];
  let requests = 0;
  await page.context().route(`**/generated/${file}`, async (route) => {
    requests += 1;
    const next = plan.shift();
    if (next === 'abort') await route.abort('connectionrefused');
    else if (next !== undefined) await route.fulfill({ status: next, body: 'not here' });
    else await route.continue();
  });
  return { page, requests: () => requests };
}

async function attempts(page, loader, module, count) {
  return page.evaluate(async ({ loader, module, count }) => {
    const m = await import(module);
    const out = [];
    for (let i = 0; i < count; i += 1) {
      try {
        const core = await m[loader]();
        const q = core.load(await (await fetch('/questionnaires/catalyseurs-2018.json')).text());
        out.push({ ok: q.ok, hash: q.ok ? q.questionnaire.info.hash : null });
      } catch (err) {
        out.push({ name: err.name, code: err.code, url: err.url, status: err.status, message: err.message });
      }
    }
    return out;
  }, { loader, module, count });
}

describe('core.js', () => {
  test('the widget\'s core: 404, then no answer, then served: two errors that name the file, then the core, without a reload', async () => {
    const { page, requests } = await pageFailing('catalyse-core.wasm', [404, 'abort']);
    const [first, second, third, fourth] = await attempts(page, 'loadCore', '/src/core.js', 4);
    assert.equal(first.code, 'core-missing');
    assert.equal(first.name, 'CoreMissingError');
    assert.equal(first.status, 404);
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+\/generated\/catalyse-core\.wasm$/);
    assert.match(first.message, /catalyse-core\.wasm: HTTP 404/);
    assert.equal(second.code, 'core-missing');
    assert.equal(second.status, 0, 'no answer: status 0');
    assert.equal(third.ok, true, JSON.stringify(third));
    assert.match(third.hash, /^fnv1a64:[0-9a-f]{16}$/);
    assert.deepEqual(fourth, third, 'the same core, kept once it started');
    assert.equal(requests(), 3, 'asked for again after each failure, once after success');
    assert.deepEqual(pageProblems(page).filter((p) => !/catalyse-core\.wasm|404|ERR_CONNECTION_REFUSED/.test(p)), []);
    await page.closeContext();
  });

  test('the aggregating core: a 503 is named the same way, and the next call starts it', async () => {
    const { page, requests } = await pageFailing('catalyse-aggregate.wasm', [503]);
    const [first, second] = await attempts(page, 'loadAggregateCore', '/results/aggregate-core.js', 2);
    assert.equal(first.code, 'core-missing');
    assert.equal(first.status, 503);
    assert.match(first.url, /\/generated\/catalyse-aggregate\.wasm$/);
    assert.equal(second.ok, true, JSON.stringify(second));
    assert.equal(requests(), 2);
    await page.closeContext();
  });
});
