// The phone's result page: a kiosk respondent scanned the QR code of their result. The answers
// are in this page's fragment (result-link.js), which the browser never sends to a server; the
// widget loads the questionnaire and the core from this site, scores the answers again here and
// shows the summary. Nothing is stored (the widget in kiosk mode keeps nothing) and nothing sent.
import { DEFAULT_SRC } from '../catalyse.js';
import { translator } from '../src/i18n.js';
import { decodeResult, parseResultFragment } from './result-link.js';

const STRINGS = {
  fr: {
    loading: 'Chargement de votre résultat…',
    privacy: 'Ce résultat a été recalculé sur ce téléphone à partir du lien que vous avez scanné : rien n’a été envoyé ni enregistré. Pour le revoir, gardez ce lien (ajoutez-le à vos favoris).',
    damaged: 'Ce lien de résultat est incomplet ou abîmé : scannez à nouveau le code sur le kiosque.',
    otherQuestionnaire: 'Ce lien a été fait pour une autre version du questionnaire que celle de ce site : le résultat ne peut pas être recalculé ici.',
    failed: 'Le résultat n’a pas pu être affiché : {reason}',
  },
  en: {
    loading: 'Loading your result…',
    privacy: 'This result was computed again on this phone from the link you scanned: nothing was sent or stored. To see it again, keep this link (bookmark it).',
    damaged: 'This result link is incomplete or damaged: scan the code on the kiosk again.',
    otherQuestionnaire: 'This link was made for another version of the questionnaire than this site’s: the result cannot be computed here.',
    failed: 'The result could not be shown: {reason}',
  },
};

const $ = (id) => document.getElementById(id);
const parsed = parseResultFragment(location.hash);
const lang = parsed?.lang === 'en' ? 'en' : 'fr';
const t = translator(STRINGS, () => lang);

function problem(text) {
  $('loading').hidden = true;
  $('problem').textContent = text;
  $('problem').hidden = false;
}

function main() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  if (!parsed) {
    problem(t('damaged'));
    return;
  }
  const src = new URLSearchParams(location.search).get('src');
  const survey = document.createElement('catalyse-survey');
  survey.setAttribute('mode', 'kiosk');
  survey.setAttribute('view', 'result');
  survey.setAttribute('lang', lang);
  survey.setAttribute('src', src ? new URL(src, location.href).href : DEFAULT_SRC);
  survey.addEventListener('catalyse-ready', (e) => {
    const decoded = decodeResult(survey.questionnaire, e.detail.questionnaire.hash, parsed);
    if (!decoded.ok) {
      survey.remove();
      problem(t(decoded.reason === 'other-questionnaire' ? 'otherQuestionnaire' : 'damaged'));
      return;
    }
    survey.answers = decoded.answers;
    $('loading').hidden = true;
    $('privacy').hidden = false;
  }, { once: true });
  survey.addEventListener('catalyse-error', (e) => {
    problem(t('failed', { reason: (e.detail?.errors ?? []).map((x) => x.message).join('; ') }));
  });
  $('slot').replaceChildren(survey);
}

main();
