// Writes a Catalyse questionnaire as a static HTML form: the benchmark's floor (no script, no
// framework, the browser's own controls). Every section and question is there, in order, with the
// same options; visibility conditions need a script and are left out (every question is shown).
//   node bench/to-html.mjs QUESTIONNAIRE.json [--lang fr] > form.html   (a fragment: one <form>)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The static <form> of a questionnaire in `lang` (default: its first language). */
export function toHtmlForm(questionnaire, { lang } = {}) {
  const languages = questionnaire.languages ?? ['fr'];
  const l = lang ?? languages[0];
  const tx = (t) => escapeHtml(t == null ? '' : typeof t === 'string' ? t : t[l] ?? t[languages[0]]);
  const out = [];
  const help = (q) => (q.help ? `<p class="help" id="${q.id}-help">${tx(q.help)}</p>` : '');
  const req = (q) => (q.required ? ' required' : '');
  const described = (q) => (q.help ? ` aria-describedby="${q.id}-help"` : '');
  out.push(`<form class="plain-form" action="#" method="post">`);
  out.push(`<h2>${tx(questionnaire.title)}</h2>`);
  if (questionnaire.intro) out.push(`<p>${tx(questionnaire.intro)}</p>`);
  for (const s of questionnaire.sections ?? []) {
    out.push(`<section><h3>${tx(s.title)}</h3>`);
    if (s.intro) out.push(`<p>${tx(s.intro)}</p>`);
    for (const q of s.questions ?? []) {
      switch (q.type) {
        case 'single':
        case 'scale':
        case 'multiple': {
          const type = q.type === 'multiple' ? 'checkbox' : 'radio';
          out.push(`<fieldset${described(q)}><legend>${tx(q.text)}</legend>${help(q)}`);
          for (const o of q.options) {
            out.push(`<label><input type="${type}" name="${q.id}" value="${escapeHtml(o.id)}"${type === 'radio' ? req(q) : ''}> ${tx(o.label)}</label><br>`);
          }
          out.push('</fieldset>');
          break;
        }
        case 'matrix': {
          out.push(`<fieldset${described(q)}><legend>${tx(q.text)}</legend>${help(q)}<table><thead><tr><td></td>`);
          for (const o of q.options) out.push(`<th scope="col">${tx(o.label)}</th>`);
          out.push('</tr></thead><tbody>');
          for (const r of q.rows) {
            out.push(`<tr><th scope="row">${tx(r.label)}</th>`);
            for (const o of q.options) {
              out.push(`<td><input type="radio" name="${q.id}.${r.id}" value="${escapeHtml(o.id)}" aria-label="${tx(r.label)} : ${tx(o.label)}"></td>`);
            }
            out.push('</tr>');
          }
          out.push('</tbody></table></fieldset>');
          break;
        }
        case 'number': {
          const attrs = [q.min != null ? ` min="${q.min}"` : '', q.max != null ? ` max="${q.max}"` : '', q.integer ? ' step="1"' : ' step="any"'].join('');
          out.push(`<p><label for="${q.id}">${tx(q.text)}</label>${help(q)}<input type="number" id="${q.id}" name="${q.id}"${attrs}${req(q)}${described(q)}>${q.unit ? ` ${tx(q.unit)}` : ''}</p>`);
          break;
        }
        case 'text':
          out.push(`<p><label for="${q.id}">${tx(q.text)}</label>${help(q)}<textarea id="${q.id}" name="${q.id}" maxlength="${q.maxLength ?? 2000}" rows="4"${req(q)}${described(q)}></textarea></p>`);
          break;
        default:
          throw new Error(`question ${q.id}: unknown type "${q.type}"`);
      }
    }
    out.push('</section>');
  }
  out.push(`<p><button type="submit">${l === 'en' ? 'Send' : 'Envoyer'}</button></p></form>`);
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/to-html.mjs QUESTIONNAIRE.json [--lang fr]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--lang');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(`${toHtmlForm(doc, { lang: i > 0 ? process.argv[i + 1] : undefined })}\n`);
}
