// The demo host page's own script (external: the page runs under a strict CSP). It switches the
// page and the widget to ?lang=en / ?lang=fr and lets the widget pick up a ?src= questionnaire.
const params = new URLSearchParams(window.location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'fr';
document.documentElement.lang = lang;

function apply() {
  for (const node of document.querySelectorAll('[data-fr]')) {
    node.textContent = node.getAttribute(`data-${lang}`) ?? node.getAttribute('data-fr');
  }
  const survey = document.getElementById('survey');
  const src = params.get('src');
  if (survey && src) survey.setAttribute('src', src);
  if (survey) survey.setAttribute('lang', lang);
  for (const l of ['fr', 'en']) {
    const link = document.getElementById(`lang-${l}`);
    if (!link) continue;
    const next = new URLSearchParams(params);
    next.set('lang', l);
    link.setAttribute('href', `?${next}`);
    if (l === lang) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  document.title = lang === 'en'
    ? 'Self-assessment of territorial co-construction — Pioneers network (demo)'
    : 'Autodiagnostic de la co-construction territoriale — Réseau des pionniers (démo)';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', apply);
else apply();
