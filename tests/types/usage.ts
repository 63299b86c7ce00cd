// A host page's script, written against the published types: `catalyse` resolves through
// package.json's "exports" (the package refers to itself by name) to web/catalyse.d.ts.
// Checked by `tsc -p tests/types` in tests/js/types.test.mjs. Each @ts-expect-error line is a
// misuse the declarations must refuse: if they stop refusing it, tsc fails ("unused directive").
import { CatalyseSurvey, DEFAULT_SRC, define } from 'catalyse';
import type { Answers, CatalyseChangeDetail, ErrorItem, ResponseRecord, Result } from 'catalyse';
import { CoreMissingError, loadCore } from 'catalyse/core';
import type { CatalyseCore, LoadedQuestionnaire } from 'catalyse/core';
import { loadAggregateCore } from 'catalyse/aggregate-core';

const ctor: CustomElementConstructor = define();
void ctor;
const el = document.createElement('catalyse-survey');
const typed: CatalyseSurvey = el; // the tag name map knows the element
document.body.append(typed);

el.layout = 'page';
el.introOpen = true;
const introShown: boolean = el.introOpen;
void introShown;
el.mode = 'kiosk';
el.src = DEFAULT_SRC;
el.benchmark = null;
el.lang = 'en';
const answers: Answers = {
  dynamique: 'emerge', actions: ['dialogue', 'projets'], implication: { publics: 'souvent' }, anciennete: 4, remarque: 'texte',
};
el.answers = answers;
el.questionnaire = { format: 'catalyse-questionnaire/1', id: 'mine' };
el.submitHandler = async (record: ResponseRecord) => {
  const month: string = record.completed;
  const id: string = record.questionnaire.hash;
  await fetch('/responses', { method: 'POST', body: JSON.stringify({ month, id, answers: record.answers }) });
};
el.submitHandler = null;

el.addEventListener('catalyse-ready', (e) => {
  const languages: string[] = e.detail.questionnaire.languages;
  const title: string = e.detail.questionnaire.title;
  console.log(languages, title, e.detail.lang);
});
el.addEventListener('catalyse-change', (e) => {
  const detail: CatalyseChangeDetail = e.detail;
  const index: number | null = detail.result.index;
  const level: string | undefined = detail.result.level?.label;
  const first = detail.result.dimensions[0];
  const score: number = first?.score ?? 0;
  console.log(index, level, score, detail.result.progress.requiredMissing.length);
});
el.addEventListener('catalyse-complete', (e) => {
  const record: ResponseRecord = e.detail.record;
  const result: Result | null = e.detail.result;
  console.log(record.id, result?.benchmarks.map((b) => `${b.count}/${b.n} (${b.year})`));
  const row: string | null = result?.benchmarks[0]?.row ?? null;
  console.log(row);
});
el.addEventListener('catalyse-error', (e) => {
  const errors: ErrorItem[] = e.detail.errors;
  console.log(errors.map((x) => `${x.path}: ${x.message}`));
});

const result: Result | null = el.result;
const lang: string = el.contentLang;
const observed: string[] = CatalyseSurvey.observedAttributes;
console.log(result?.visible, lang, observed, el.answers.dynamique);
el.reset();

// The cores, for tools: load, score, aggregate, and the error of a core file that is missing.
async function tools(): Promise<void> {
  let core: CatalyseCore;
  try {
    core = await loadCore();
  } catch (err) {
    if (err instanceof CoreMissingError) console.log(err.code, err.url, err.status);
    return;
  }
  const loaded = core.load('{}');
  if (!loaded.ok) {
    const paths: string[] = loaded.errors.map((e) => e.path);
    console.log(paths);
    return;
  }
  const q: LoadedQuestionnaire = loaded.questionnaire;
  const scored = q.score({ dynamique: 'emerge' }, 'fr');
  if (scored.ok) console.log(scored.result.index, q.info.hash);
  const aggregating = await loadAggregateCore();
  const group = aggregating.load('{}');
  if (group.ok) {
    const answer = group.questionnaire.aggregate([], { lang: 'fr' });
    console.log(answer.ok ? answer.aggregate : answer.errors);
  }
  q.dispose();
}
void tools;

// ---- misuses the declarations refuse ----
// @ts-expect-error result is read-only
el.result = null;
// @ts-expect-error contentLang is read-only
el.contentLang = 'fr';
// @ts-expect-error layout is 'sections' or 'page'
el.layout = 'grid';
// @ts-expect-error mode is 'self' or 'kiosk'
el.mode = 'anonymous';
// @ts-expect-error reset() takes no argument
el.reset(true);
// @ts-expect-error an answer is never a boolean
el.answers = { dynamique: true };
// @ts-expect-error a submit handler receives a record, not a string
el.submitHandler = (record: string) => console.log(record);
// @ts-expect-error the change event carries answers and result, nothing else
el.addEventListener('catalyse-change', (e) => console.log(e.detail.record));
// @ts-expect-error an error item has a path and a message, no line number
el.addEventListener('catalyse-error', (e) => console.log(e.detail.errors[0]?.line));
// @ts-expect-error a benchmark statement's row is null outside matrices, never undefined
el.addEventListener('catalyse-complete', (e) => { const row: string | undefined = e.detail.result?.benchmarks[0]?.row; console.log(row); });
// @ts-expect-error a scored answer may be a failure: its result is read after checking ok
void loadCore().then((core) => core.load('{}')).then((r) => r.questionnaire);
// @ts-expect-error loadCore takes the wasm's bytes, not its URL
void loadCore({ wasmBinary: '/catalyse-core.wasm' });
