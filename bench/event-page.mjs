// The live room's participant page (/e/CODE, web/event/) on a slow phone: the time until its first
// question is answerable under Chromium's "Slow 4G" profile with a 4× CPU slowdown, beside the plain
// HTML form of the same questionnaire (bench/to-html.mjs, no script) in the same run and under the
// same throttling, both at 375 px. The participant page is served by a real catalyse-server (SQLite,
// a throwaway event on the default questionnaire), the plain form by the bench's static server;
// both compress with brotli. Also the bytes the participant page moves over the network (CDP's
// encoded lengths, unthrottled load). Goal: first question ≤ 1.3 × the plain form.
import { SLOW_PHONE, measureFirstQuestion, measureWeight } from './browser.mjs';
import { buildPages, ROOT } from './pages.mjs';
import { startServer as startStatic } from './server.mjs';
import { createEvent, database, startServer } from '../tests/server/support.mjs';
import path from 'node:path';

export const EVENT_PAGE_GOAL = 1.3;

export async function runEventPageBench(browser, { loads = 11, log = () => {} } = {}) {
  buildPages();
  const db = await database('sqlite');
  const server = await startServer(db.url);
  const plain = await startStatic({ mounts: [['/', path.join(ROOT, 'web')], ['/peers/', path.join(ROOT, 'bench/out/peers')]] });
  try {
    const event = await createEvent(server.url, { name: 'Bench', languages: ['fr'] });
    // The same page for an event in French and English: the whole questionnaire instead of its French copy.
    const bilingual = await createEvent(server.url, { name: 'Bench', languages: ['fr', 'en'] });
    const pages = { participant: new URL(`/e/${event.code}`, server.url).href, html: `${plain.url}/peers/html/` };
    log(`participant page: weight (${pages.participant})`);
    const weight = await measureWeight(browser, { participant: pages.participant, bilingual: new URL(`/e/${bilingual.code}`, server.url).href });
    log(`participant page vs plain form, Slow 4G + 4× CPU, 375 px: ${loads} loads each`);
    const first = await measureFirstQuestion(browser, pages, {
      loads, warmup: 1, throttle: SLOW_PHONE, width: 375, height: 800,
      onProgress: (i, n) => { if (i % 3 === 0 || i === n) log(`  round ${i}/${n}`); },
    });
    const ratio = first.participant.firstQuestion.median / first.html.firstQuestion.median;
    const paintedRatio = first.participant.painted.median / first.html.painted.median;
    return {
      throttle: SLOW_PHONE, loads,
      weight: { total: weight.participant.total, requests: weight.participant.requests,
        files: weight.participant.files.map((f) => ({ url: f.url.replace(/\/e\/[^/]+$/, '/e/CODE').replace(/events\/[^/]+/, 'events/CODE'), encoding: f.encoding, bytes: f.bytes })),
        bilingual: { total: weight.bilingual.total, requests: weight.bilingual.requests,
          questionnaire: weight.bilingual.files.filter((f) => /catalyseurs-2018[\w.]*\.json$/.test(f.url)).map((f) => ({ url: f.url, bytes: f.bytes })) } },
      firstQuestion: { participant: first.participant.firstQuestion, html: first.html.firstQuestion,
        painted: { participant: first.participant.painted, html: first.html.painted },
        htmlEnd: { participant: first.participant.stages.htmlEnd, html: first.html.stages.htmlEnd },
        widgetReady: first.participant.stages.ready,
        participantSteps: first.participant.medianLoad.resources.map((r) => ({ path: r.path.replace(/\/e\/[^/]+$/, '/e/CODE').replace(/events\/[^/]+/, 'events/CODE'), start: Math.round(r.start), end: Math.round(r.end) })) },
      ratio: Math.round(ratio * 100) / 100,
      paintedRatio: Math.round(paintedRatio * 100) / 100,
      goalMet: ratio <= EVENT_PAGE_GOAL,
    };
  } finally {
    await plain.close();
    await server.stop();
    await db.stop();
  }
}

const ms = (x) => `${Math.round(x)} ms`;

/** The report's section (markdown). */
export function eventPageSection(r) {
  const L = ['## Live room: the participant page on a slow phone', ''];
  L.push(`Chromium's Slow 4G profile (${r.throttle.network.latency} ms latency, ${Math.round(r.throttle.network.downloadThroughput * 8 / 1000)} kbit/s down) and a ${r.throttle.cpu}× CPU slowdown, 375 px, ${r.loads} fresh loads of each page (cache off), same run. `
    + 'The participant page (/e/CODE, a real catalyse-server and an event in French on the default questionnaire) against the plain HTML form of the same questions (no script). '
    + 'Time = until the first question is answerable (an enabled, rendered control with a box: the probe sees it as the parser inserts it); '
    + 'painted = the next animation frame after it (the first frame that shows it, after the render-blocking stylesheets); HTML = the page\'s response end; '
    + 'widget took over = the widget\'s catalyse-ready (its form drawn in the plain form\'s place and its core\'s first result shown).', '');
  L.push('| page | measure | median | p95 | min | max |', '|---|---|---|---|---|---|');
  const rows = [['participant page', 'first question', r.firstQuestion.participant], ['plain HTML form', 'first question', r.firstQuestion.html]];
  if (r.firstQuestion.painted) {
    rows.push(['participant page', 'painted', r.firstQuestion.painted.participant], ['plain HTML form', 'painted', r.firstQuestion.painted.html],
      ['participant page', 'HTML', r.firstQuestion.htmlEnd.participant], ['plain HTML form', 'HTML', r.firstQuestion.htmlEnd.html]);
  }
  if (r.firstQuestion.widgetReady) rows.push(['participant page', 'widget took over', r.firstQuestion.widgetReady]);
  for (const [name, what, s] of rows) L.push(`| ${name} | ${what} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.min)} | ${ms(s.max)} |`);
  L.push('', `Participant page / plain form, first question: **${r.ratio} ×** (goal ≤ ${EVENT_PAGE_GOAL} ×: ${r.goalMet ? 'met' : 'not met'})${r.paintedRatio ? `; painted: ${r.paintedRatio} ×` : ''}.`, '');
  L.push(`Over the network (unthrottled load, encoded bytes): ${r.weight.total} bytes in ${r.weight.requests} requests:`, '');
  L.push('| file | encoding | bytes |', '|---|---|---|');
  for (const f of r.weight.files) L.push(`| ${f.url} | ${f.encoding} | ${f.bytes} |`);
  if (r.weight.bilingual) {
    const q = r.weight.bilingual.questionnaire.map((f) => `${f.url}, ${f.bytes} bytes`).join('; ');
    L.push('', `The bench's event is in French only: the page loads the default questionnaire in French. For an event in French and English it loads the whole questionnaire (${q}): ${r.weight.bilingual.total} bytes in ${r.weight.bilingual.requests} requests.`);
  }
  L.push('', 'The median throttled load of the participant page, request by request (ms since navigation):', '');
  L.push('| file | start | end |', '|---|---|---|');
  for (const s of r.firstQuestion.participantSteps) L.push(`| ${s.path} | ${s.start} | ${s.end} |`);
  L.push('');
  return L.join('\n');
}
