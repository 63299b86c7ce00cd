// Converts a Catalyse questionnaire (docs/FORMAT.md §1) to a SurveyJS survey JSON, so that the
// benchmark's SurveyJS page renders the same questions with the same options and conditions.
// Only what a respondent sees is converted: scoring, levels and feedback have no SurveyJS
// counterpart here (SurveyJS shows no maturity feedback).
//   node bench/to-surveyjs.mjs QUESTIONNAIRE.json [--lang fr] > survey.json
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A localised Text ({fr, en}) as a SurveyJS localizable string: the survey's locale first. */
function text(value, locale, languages) {
  if (value == null) return undefined;
  if (typeof value === 'string') return value;
  const out = {};
  // SurveyJS reads "default" when the current locale has no entry.
  out.default = value[locale] ?? value[languages[0]];
  for (const l of languages) if (value[l] != null && l !== 'en') out[l] = value[l];
  if (value.en != null) out.en = value.en;
  return out;
}

// ---- expressions: Catalyse syntax (docs/FORMAT.md §5) → SurveyJS expression syntax ----

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);

function tokenize(source) {
  const tokens = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i += 1; continue; }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < source.length && /[0-9.]/.test(source[i])) i += 1;
      tokens.push({ kind: 'num', value: source.slice(start, i), at: start });
    } else if (c === "'" || c === '"') {
      i += 1;
      let s = '';
      while (i < source.length && source[i] !== c) { s += source[i] === '\\' ? source[++i] : source[i]; i += 1; }
      if (source[i] !== c) throw new Error(`unterminated string at column ${start + 1}`);
      i += 1;
      tokens.push({ kind: 'str', value: s, at: start });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_.-]/.test(source[i])) {
        // a '-' belongs to an identifier only when a letter or digit follows it (ids like lieu-partage)
        if (source[i] === '-' && !/[A-Za-z0-9]/.test(source[i + 1] ?? '')) break;
        i += 1;
      }
      const word = source.slice(start, i);
      tokens.push({ kind: KEYWORDS.has(word) ? word : 'name', value: word, at: start });
    } else {
      const two = source.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : c;
      if (!['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ','].includes(op)) {
        throw new Error(`unexpected "${c}" at column ${start + 1}`);
      }
      i += op.length;
      tokens.push({ kind: op, value: op, at: start });
    }
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}

/** Parses to a small tree: {t:'or'|'and'|'not'|'cmp'|'in'|'arith'|'neg'|'lit'|'list'|'ref'|'call', …}. */
function parse(source) {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (kind) => {
    const tok = tokens[pos];
    if (kind && tok.kind !== kind) throw new Error(`expected ${kind} at column ${tok.at + 1}, got ${tok.kind}`);
    pos += 1;
    return tok;
  };
  const or = () => { let l = and(); while (peek().kind === 'or') { take(); l = { t: 'or', l, r: and() }; } return l; };
  const and = () => { let l = not(); while (peek().kind === 'and') { take(); l = { t: 'and', l, r: not() }; } return l; };
  const not = () => (peek().kind === 'not' ? (take(), { t: 'not', e: not() }) : cmp());
  const cmp = () => {
    const l = add();
    const k = peek().kind;
    if (['==', '!=', '<', '<=', '>', '>='].includes(k)) { take(); return { t: 'cmp', op: k, l, r: add() }; }
    if (k === 'in') { take(); return { t: 'in', l, r: add() }; }
    return l;
  };
  const add = () => { let l = mul(); while (['+', '-'].includes(peek().kind)) { const op = take().kind; l = { t: 'arith', op, l, r: mul() }; } return l; };
  const mul = () => { let l = unary(); while (['*', '/'].includes(peek().kind)) { const op = take().kind; l = { t: 'arith', op, l, r: unary() }; } return l; };
  const unary = () => (peek().kind === '-' ? (take(), { t: 'neg', e: unary() }) : primary());
  const primary = () => {
    const tok = take();
    switch (tok.kind) {
      case 'num': return { t: 'lit', v: Number(tok.value) };
      case 'str': return { t: 'lit', v: tok.value };
      case 'true': return { t: 'lit', v: true };
      case 'false': return { t: 'lit', v: false };
      case 'null': return { t: 'lit', v: null };
      case '(': { const e = or(); take(')'); return e; }
      case '[': {
        const items = [];
        if (peek().kind !== ']') { do { items.push(or()); } while (peek().kind === ',' && take()); }
        take(']');
        return { t: 'list', items };
      }
      case 'name': {
        if (peek().kind === '(') {
          take('(');
          const args = [];
          if (peek().kind !== ')') { do { args.push(or()); } while (peek().kind === ',' && take()); }
          take(')');
          return { t: 'call', name: tok.value, args };
        }
        return { t: 'ref', path: tok.value.split('.') };
      }
      default: throw new Error(`unexpected ${tok.kind} at column ${tok.at + 1}`);
    }
  };
  const tree = or();
  if (peek().kind !== 'end') throw new Error(`unexpected ${peek().kind} at column ${peek().at + 1}`);
  return tree;
}

function literal(v) {
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.replace(/'/g, "\\'")}'`;
  return String(v);
}

/**
 * Translates one visibleIf expression. `questions` maps question id → Catalyse question (for the
 * dontKnow options, which Catalyse reads as null and SurveyJS stores as an ordinary value).
 */
export function translateExpression(source, questions) {
  const ref = (node) => {
    if (node.t !== 'ref' || node.path[0] !== 'q' || node.path.length < 2 || node.path.length > 3) {
      throw new Error(`"${source}": only q.<question> and q.<matrix>.<row> references have a SurveyJS translation`);
    }
    const q = questions.get(node.path[1]);
    if (!q) throw new Error(`"${source}": unknown question ${node.path[1]}`);
    return { name: `{${node.path.slice(1).join('.')}}`, question: q };
  };
  const dontKnow = (q) => (q.options ?? []).filter((o) => o.dontKnow).map((o) => o.id);
  const answered = (r) => {
    const dk = dontKnow(r.question);
    const parts = [`${r.name} notempty`];
    if (r.question.type === 'multiple') for (const id of dk) parts.push(`${r.name} notcontains ${literal(id)}`);
    else for (const id of dk) parts.push(`${r.name} != ${literal(id)}`);
    return `(${parts.join(' and ')})`;
  };
  const go = (n) => {
    switch (n.t) {
      case 'or': return `(${go(n.l)} or ${go(n.r)})`;
      case 'and': return `(${go(n.l)} and ${go(n.r)})`;
      case 'not': return `!(${go(n.e)})`;
      case 'lit': return literal(n.v);
      case 'list': return `[${n.items.map(go).join(', ')}]`;
      case 'ref': return ref(n).name;
      case 'neg': return `-(${go(n.e)})`;
      case 'arith': return `(${go(n.l)} ${n.op} ${go(n.r)})`;
      case 'cmp': {
        const op = n.op === '==' ? '=' : n.op;
        // Catalyse: comparisons with null are false, so a reference must be answered to compare.
        const refs = [n.l, n.r].filter((x) => x.t === 'ref').map(ref);
        const guard = refs.map(answered);
        const body = `${go(n.l)} ${op} ${go(n.r)}`;
        return guard.length ? `(${[...guard, body].join(' and ')})` : `(${body})`;
      }
      case 'in': {
        if (n.r.t === 'list') return `(${go(n.l)} anyof ${go(n.r)})`;
        if (n.r.t === 'ref') return `(${go(n.r)} contains ${go(n.l)})`;
        throw new Error(`"${source}": "in" needs a list or a multiple-choice question on its right`);
      }
      case 'call': {
        if (n.name === 'answered' && n.args.length === 1) return answered(ref(n.args[0]));
        if (n.name === 'count' && n.args.length === 1) return `${ref(n.args[0]).name.slice(0, -1)}.length}`;
        throw new Error(`"${source}": function ${n.name} has no SurveyJS translation`);
      }
      default: throw new Error(`"${source}": cannot translate ${n.t}`);
    }
  };
  return go(parse(source));
}

// ---- questions ----

function choices(options, locale, languages) {
  return options.map((o) => ({ value: o.id, text: text(o.label, locale, languages) }));
}

function question(q, ctx) {
  const { locale, languages, questions } = ctx;
  const base = { name: q.id, title: text(q.text, locale, languages) };
  if (q.help) base.description = text(q.help, locale, languages);
  if (q.required) base.isRequired = true;
  if (q.visibleIf) base.visibleIf = translateExpression(q.visibleIf, questions);
  switch (q.type) {
    case 'single':
      return { type: 'radiogroup', ...base, choices: choices(q.options, locale, languages) };
    case 'scale':
      return { type: 'rating', ...base, rateValues: choices(q.options, locale, languages) };
    case 'multiple': {
      const out = { type: 'checkbox', ...base, choices: choices(q.options, locale, languages) };
      if (q.minSelected != null) out.minSelectedChoices = q.minSelected;
      if (q.maxSelected != null) out.maxSelectedChoices = q.maxSelected;
      return out;
    }
    case 'matrix':
      return {
        type: 'matrix', ...base,
        columns: choices(q.options, locale, languages),
        rows: q.rows.map((r) => ({ value: r.id, text: text(r.label, locale, languages) })),
      };
    case 'number': {
      const out = { type: 'text', inputType: 'number', ...base };
      if (q.min != null) out.min = q.min;
      if (q.max != null) out.max = q.max;
      if (q.integer) out.step = 1;
      return out;
    }
    case 'text':
      return { type: 'comment', ...base, maxLength: q.maxLength ?? 2000 };
    default:
      throw new Error(`question ${q.id}: type "${q.type}" has no SurveyJS counterpart`);
  }
}

/** The SurveyJS JSON of a Catalyse questionnaire: one page per section, `locale` first. */
export function toSurveyJS(questionnaire, { lang } = {}) {
  const languages = questionnaire.languages ?? ['fr'];
  const locale = lang ?? languages[0];
  const questions = new Map();
  for (const s of questionnaire.sections ?? []) for (const q of s.questions ?? []) questions.set(q.id, q);
  const ctx = { locale, languages, questions };
  const survey = {
    locale,
    title: text(questionnaire.title, locale, languages),
    pages: (questionnaire.sections ?? []).map((s) => {
      const page = { name: s.id, title: text(s.title, locale, languages), elements: s.questions.map((q) => question(q, ctx)) };
      if (s.intro) page.description = text(s.intro, locale, languages);
      return page;
    }),
  };
  if (questionnaire.intro) survey.description = text(questionnaire.intro, locale, languages);
  return survey;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/to-surveyjs.mjs QUESTIONNAIRE.json [--lang fr]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--lang');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(`${JSON.stringify(toSurveyJS(doc, { lang: i > 0 ? process.argv[i + 1] : undefined }), null, 1)}\n`);
}
