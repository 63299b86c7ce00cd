// Every string the widget itself shows (buttons, labels, messages), in French and English.
// Questionnaire content (questions, levels, feedback) comes from the questionnaire, not from here.
// A file built for one language (the participant page's dist/event.fr.js and dist/event.en.js,
// scripts/build.sh: CATALYSE_UI_LANGUAGE defined as "fr" or "en") carries that language's strings
// only, and shows every page in it; anywhere else (CATALYSE_UI_LANGUAGE undefined or null) both.

export const UI_LANGUAGES = typeof CATALYSE_UI_LANGUAGE === 'string' ? [CATALYSE_UI_LANGUAGE] : ['fr', 'en'];

// Each language's condition is written out so that esbuild folds it, and leaves out the other
// language's table, in a one-language bundle; the same for the strings under CATALYSE_EVENT_PAGE:
// those of what the participant page's script leaves out (the `benchmark` attribute, the kiosk
// mode: element.js).
const STRINGS = {
  ...(typeof CATALYSE_UI_LANGUAGE !== 'string' || CATALYSE_UI_LANGUAGE === 'fr') && { fr: {
    loading: 'Chargement du questionnaire…',
    scoringLoading: 'Chargement du calcul de vos résultats… Vous pouvez déjà répondre.',
    errorTitle: 'Le questionnaire ne peut pas s’afficher',
    errorIntro: 'Le fichier du questionnaire contient des erreurs. Transmettez ce message à la personne qui l’a publié :',
    errorFetch: 'Impossible de récupérer le questionnaire {url} : {reason}',
    errorJson: 'Le fichier {url} n’est pas un JSON valide : {reason}',
    errorCore: 'Le moteur de calcul n’a pas pu démarrer : {reason}',
    errorCoreIntro: 'Le moteur de calcul du questionnaire n’a pas pu être chargé. Transmettez ce message à la personne qui a publié cette page :',
    errorCoreMissing: 'Le fichier du moteur de calcul est introuvable : {url} ({status}). Il doit être copié à côté du script du questionnaire.',
    errorCoreNetwork: 'Le fichier du moteur de calcul n’a pas pu être téléchargé : {url} (erreur réseau). Vérifiez la connexion, puis rechargez la page.',
    next: 'Suivant',
    back: 'Précédent',
    finish: 'Terminer',
    restart: 'Recommencer',
    restartConfirm: 'Effacer toutes les réponses et recommencer ?',
    erase: 'Effacer mes réponses',
    storedNote: 'Vos réponses restent sur cet appareil, pour reprendre plus tard.',
    resumeUnavailable: 'Ce navigateur ne permet pas d’enregistrer vos réponses sur cet appareil : vous ne pourrez pas reprendre plus tard. Vous pouvez tout de même aller jusqu’au bout et télécharger votre résultat.',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && { newResponse: 'Nouvelle réponse' },
    print: 'Imprimer',
    download: 'Télécharger les données (JSON, pour comparer plus tard)',
    sectionOf: 'Étape {current} sur {total}',
    answeredOf: '{answered}/{visible} questions répondues',
    required: 'obligatoire',
    requiredLegend: 'Les questions marquées * sont obligatoires.',
    requiredMissing: 'Répondez aux questions obligatoires signalées pour continuer.',
    requiredThis: 'Réponse obligatoire.',
    several: 'Plusieurs réponses possibles.',
    selectBetween: 'Choisissez entre {min} et {max} réponses.',
    selectAtLeast: 'Choisissez au moins {min} réponses.',
    selectAtMost: 'Choisissez au plus {max} réponses.',
    numberRange: 'Nombre entre {min} et {max}.',
    numberInteger: 'Nombre entier entre {min} et {max}.',
    textMax: '{max} caractères au plus.',
    feedbackTitle: 'Votre retour instantané',
    feedbackEmpty: 'Répondez aux questions : votre profil se construit au fur et à mesure.',
    doneEmpty: 'Trop peu de réponses pour calculer un indice : une dimension n’est calculée qu’avec assez de réponses à ses questions.',
    index: 'Indice de maturité',
    indicative: 'Niveau indicatif : aucun seuil n’a encore été validé.',
    noIndex: 'Pas encore assez de réponses',
    declaredTitle: 'Votre perception',
    declaredLabel: 'Stade déclaré : {label}',
    dimensions: 'Vos dimensions',
    radarTitle: 'Profil par dimension (0 à 100)',
    radarDesc: 'Graphique radar : {summary}',
    tableCaption: 'Scores par dimension',
    colDimension: 'Dimension',
    colScore: 'Score sur 100',
    colAnswered: 'Réponses',
    notEnough: 'Pas assez de réponses',
    answeredItems: '{answered}/{items} réponses',
    levers: 'Leviers prioritaires',
    leversEmpty: 'Les leviers apparaissent quand une dimension a assez de réponses.',
    insights: 'À noter',
    benchmarks: 'Repères',
    benchmarkSource: 'Source : {source}',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && {
      overlayLegend: 'médiane des {n} réponses de l’événement',
      colOverlay: 'Repère : médiane de l’événement',
    },
    you: 'Vous',
    live: 'Niveau indicatif : {level}, indice {index} sur 100.',
    liveNone: 'Pas encore assez de réponses pour un indice.',
    doneTitle: 'Merci, votre diagnostic est terminé',
    doneSelf: 'Vos réponses restent sur cet appareil.',
    doneKeep: 'Gardez votre synthèse : imprimez-la ou enregistrez-la en PDF.',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && { doneKiosk: 'Votre réponse est enregistrée sur cet appareil.' },
    summary: 'Votre synthèse',
    completedOn: 'Diagnostic réalisé en {month}.',
    submitting: 'Enregistrement de votre réponse…',
    submitError: 'Votre réponse n’a pas pu être enregistrée : {reason}. Vos réponses sont conservées ; réessayez.',
    unknownError: 'erreur inconnue',
    answerError: 'Réponse non prise en compte : {message}',
    resumeNote: 'Vos réponses précédentes ont été reprises (enregistrées sur cet appareil uniquement).',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && {
      benchmarkProblem: 'Les repères {url} n’ont pas pu être ajoutés ; le questionnaire reste utilisable :',
      benchmarkNone: 'ce fichier ne contient pas de repères (benchmarks)',
      benchmarkOther: 'ces repères concernent un autre questionnaire ({id})',
    },
    provisionalTitle: 'Lecture provisoire',
    provisionalRestsOne: 'Elle repose sur {scored} dimension sur {dimensions} ; il en faut {needed}.',
    provisionalRestsMany: 'Elle repose sur {scored} dimensions sur {dimensions} ; il en faut {needed}.',
    moreAnswersOne: 'Encore au moins {n} réponse pour une lecture d’ensemble',
    moreAnswersMany: 'Encore au moins {n} réponses pour une lecture d’ensemble',
    declaredLater: 'La comparaison avec votre perception viendra quand la lecture reposera sur assez de réponses.',
    lastChange: 'Dernière réponse : {label} {from} → {to}',
    lastNoChange: 'Dernière réponse : sans effet sur les scores',
    barOpen: 'Voir le détail',
    introMore: 'Lire la présentation',
    doneResult: 'Ce résultat n’est enregistré nulle part : imprimez-le ou enregistrez-le en PDF pour le garder.',
    backToQuestions: 'Revenir aux questions',
    totalNote: 'Le total suit vos réponses : certaines questions n’apparaissent que lorsqu’elles vous concernent.',
    checkTitle: 'Avant de terminer',
    checkIntro: 'Certaines parties ont peu de réponses : votre synthèse en tiendra moins compte. Vous pouvez les compléter ou terminer quand même.',
    checkSections: 'Étapes peu remplies',
    checkSection: '{title} ({answered}/{total} questions répondues)',
    checkDimensions: 'Dimensions sans assez de réponses',
    checkComplete: 'Compléter',
    finishAnyway: 'Terminer quand même',
    doneThin: 'Votre synthèse repose sur peu de réponses (dimensions calculées : {scored} sur {dimensions}). Vous pouvez rouvrir une étape pour la compléter.',
    doneNone: 'Votre synthèse ne contient pas encore d’indice : trop peu de réponses. Vous pouvez rouvrir une étape pour compléter.',
    reopenTitle: 'Revoir ou modifier une étape',
    reopen: 'Étape {n} : {title}',
    eraseRestart: 'Effacer mes réponses et recommencer',
    printSynthesis: 'Imprimer ou enregistrer en PDF',
    synthesisOf: 'Synthèse du diagnostic — {month}',
  } },
  ...(typeof CATALYSE_UI_LANGUAGE !== 'string' || CATALYSE_UI_LANGUAGE === 'en') && { en: {
    loading: 'Loading the questionnaire…',
    scoringLoading: 'Loading the scoring of your results… You can already answer.',
    errorTitle: 'The questionnaire cannot be shown',
    errorIntro: 'The questionnaire file has errors. Please pass this message on to whoever published it:',
    errorFetch: 'Could not fetch the questionnaire {url}: {reason}',
    errorJson: 'The file {url} is not valid JSON: {reason}',
    errorCore: 'The scoring engine could not start: {reason}',
    errorCoreIntro: 'The questionnaire’s scoring engine could not be loaded. Please pass this message on to whoever published this page:',
    errorCoreMissing: 'The scoring engine file cannot be found: {url} ({status}). It must be copied next to the questionnaire’s script.',
    errorCoreNetwork: 'The scoring engine file could not be downloaded: {url} (network error). Check the connection, then reload the page.',
    next: 'Next',
    back: 'Back',
    finish: 'Finish',
    restart: 'Start again',
    restartConfirm: 'Erase all answers and start again?',
    erase: 'Erase my answers',
    storedNote: 'Your answers stay on this device, so you can come back later.',
    resumeUnavailable: 'This browser does not let us save your answers on this device, so you cannot come back later. You can still go to the end and download your result.',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && { newResponse: 'New response' },
    print: 'Print',
    download: 'Download the data (JSON, to compare later)',
    sectionOf: 'Step {current} of {total}',
    answeredOf: '{answered}/{visible} questions answered',
    required: 'required',
    requiredLegend: 'Questions marked * are required.',
    requiredMissing: 'Please answer the highlighted required questions to continue.',
    requiredThis: 'An answer is required.',
    several: 'Several answers possible.',
    selectBetween: 'Choose between {min} and {max} answers.',
    selectAtLeast: 'Choose at least {min} answers.',
    selectAtMost: 'Choose at most {max} answers.',
    numberRange: 'A number between {min} and {max}.',
    numberInteger: 'A whole number between {min} and {max}.',
    textMax: 'At most {max} characters.',
    feedbackTitle: 'Your instant feedback',
    feedbackEmpty: 'Answer the questions: your profile builds up as you go.',
    doneEmpty: 'Too few answers to compute an index: a dimension is only computed once enough of its questions are answered.',
    index: 'Maturity index',
    indicative: 'Indicative level: no threshold has been validated yet.',
    noIndex: 'Not enough answers yet',
    declaredTitle: 'Your perception',
    declaredLabel: 'Declared stage: {label}',
    dimensions: 'Your dimensions',
    radarTitle: 'Profile by dimension (0 to 100)',
    radarDesc: 'Radar chart: {summary}',
    tableCaption: 'Scores by dimension',
    colDimension: 'Dimension',
    colScore: 'Score out of 100',
    colAnswered: 'Answers',
    notEnough: 'Not enough answers',
    answeredItems: '{answered}/{items} answered',
    levers: 'Priority levers',
    leversEmpty: 'Levers appear once a dimension has enough answers.',
    insights: 'Worth noting',
    benchmarks: 'Reference points',
    benchmarkSource: 'Source: {source}',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && {
      overlayLegend: 'median of the event’s {n} responses',
      colOverlay: 'Reference: the event’s median',
    },
    you: 'You',
    live: 'Indicative level: {level}, index {index} out of 100.',
    liveNone: 'Not enough answers for an index yet.',
    doneTitle: 'Thank you, your self-assessment is complete',
    doneSelf: 'Your answers stay on this device.',
    doneKeep: 'Keep your summary: print it or save it as a PDF.',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && { doneKiosk: 'Your response is saved on this device.' },
    summary: 'Your summary',
    completedOn: 'Self-assessment completed in {month}.',
    submitting: 'Saving your response…',
    submitError: 'Your response could not be saved: {reason}. Your answers are kept; please try again.',
    unknownError: 'unknown error',
    answerError: 'Answer not taken into account: {message}',
    resumeNote: 'Your previous answers were restored (stored on this device only).',
    ...(typeof CATALYSE_EVENT_PAGE !== 'boolean' || !CATALYSE_EVENT_PAGE) && {
      benchmarkProblem: 'The reference figures {url} could not be added; the questionnaire still works:',
      benchmarkNone: 'this file holds no reference figures (benchmarks)',
      benchmarkOther: 'these figures are about another questionnaire ({id})',
    },
    provisionalTitle: 'Provisional reading',
    provisionalRestsOne: 'It rests on {scored} dimension out of {dimensions}; {needed} are needed.',
    provisionalRestsMany: 'It rests on {scored} dimensions out of {dimensions}; {needed} are needed.',
    moreAnswersOne: 'At least {n} more answer for an overall reading',
    moreAnswersMany: 'At least {n} more answers for an overall reading',
    declaredLater: 'The comparison with your own view comes once the reading rests on enough answers.',
    lastChange: 'Last answer: {label} {from} → {to}',
    lastNoChange: 'Last answer: no effect on the scores',
    barOpen: 'See the details',
    introMore: 'Read the introduction',
    doneResult: 'This result is not saved anywhere: print it or save it as a PDF to keep it.',
    backToQuestions: 'Back to the questions',
    totalNote: 'The total follows your answers: some questions only appear when they concern you.',
    checkTitle: 'Before you finish',
    checkIntro: 'Some parts have few answers: your summary will reflect them less. You can complete them or finish anyway.',
    checkSections: 'Steps with few answers',
    checkSection: '{title} ({answered}/{total} questions answered)',
    checkDimensions: 'Dimensions without enough answers',
    checkComplete: 'Complete',
    finishAnyway: 'Finish anyway',
    doneThin: 'Your summary rests on few answers (dimensions computed: {scored} of {dimensions}). You can reopen a step to complete it.',
    doneNone: 'Your summary has no index yet: too few answers. You can reopen a step to complete it.',
    reopenTitle: 'Review or change a step',
    reopen: 'Step {n}: {title}',
    eraseRestart: 'Erase my answers and start again',
    printSynthesis: 'Print or save as PDF',
    synthesisOf: 'Self-assessment summary — {month}',
  } },
};

/** The UI language for a requested language tag: 'en-GB' → 'en'; anything unknown → 'fr' (a one-language file's language). */
export function uiLanguage(tag) {
  const primary = String(tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return UI_LANGUAGES.includes(primary) ? primary : UI_LANGUAGES[0];
}

const numberFormats = {};
/**
 * `template` with its `{name}` placeholders filled from `params`: a number in `lang`'s notation
 * (decimal comma in French, at most one decimal, no grouping: years stay 2018), anything else as
 * text, and a value that is missing (absent, null or undefined) as "—", never a blank or a raw
 * placeholder in front of a person. The one rule for the widget, the kiosk and the results page.
 * `format(value, format, lang)`, when given, writes each value instead, `format` being the
 * `fmt` of a `{name:fmt}` placeholder (`name` is its fourth argument); a placeholder without its
 * param then stays as it stands (the core's templates, core-messages.js).
 */
export function fill(template, params = {}, lang = 'fr', format = null) {
  const l = uiLanguage(lang);
  return String(template).replace(/\{([A-Za-z0-9]+)(?::([A-Za-z0-9]*))?\}/g, (whole, name, fmt) => {
    const value = params[name];
    if (format) return Object.hasOwn(params, name) ? format(String(value), fmt, l, name) : whole;
    if (value === null || value === undefined) return '—';
    if (typeof value !== 'number') return String(value);
    numberFormats[l] ??= new Intl.NumberFormat(l, { maximumFractionDigits: 1, useGrouping: false });
    return numberFormats[l].format(value);
  });
}

function translate(tables, lang, key, params) {
  const l = uiLanguage(lang);
  return fill(tables[l]?.[key] ?? tables.fr?.[key] ?? key, params, l);
}

/**
 * A page's translation function over its own string tables ({fr: {...}, en: {...}}):
 * `(key, params)` in the language `langOf()` answers, French where a string is missing.
 */
export function translator(tables, langOf) {
  return (key, params) => translate(tables, langOf(), key, params);
}

/** The widget's string `key` in `lang`, placeholders filled from `params` (see fill()). */
export function t(lang, key, params) {
  return translate(STRINGS, lang, key, params);
}

/** Keys of the string table (for tests: every key exists in every language). */
export function stringKeys(lang) {
  return Object.keys(STRINGS[lang] ?? {});
}

/**
 * Formats a core score (0–100) for display as a whole number: the levels are indicative (no
 * threshold has been validated), so decimals would claim a precision the reading does not have.
 * The core's exact figures stay in the result (and the downloaded file).
 */
export function formatScore(lang, value) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(uiLanguage(lang), { maximumFractionDigits: 0 }).format(value);
}

/** Picks a questionnaire Text ({fr, en}) in `lang`, else in the first of `fallbacks` present. */
export function pick(text, lang, fallbacks = []) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  if (typeof text[lang] === 'string') return text[lang];
  for (const l of fallbacks) if (typeof text[l] === 'string') return text[l];
  const first = Object.values(text).find((v) => typeof v === 'string');
  return first ?? '';
}
