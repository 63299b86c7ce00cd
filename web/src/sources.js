// Where <catalyse-survey> gets its questionnaire and its cores. The shipped bundles
// (src/bundle.js, src/bundle-single.js) hand over the default questionnaire's text and core.js's
// loaders, so that the bundle neither fetches the default questionnaire nor holds an import() of
// the core; the unbundled modules (development, kiosk) fetch and import them.

export const DEFAULT_SRC = new URL('../questionnaires/catalyseurs-2018.json', import.meta.url).href;

/** The default questionnaire's text when the bundle carries it (then DEFAULT_SRC is not fetched), else null. */
export let builtInText = null;
/** Used by the bundles' entries only. */
export function builtInQuestionnaire(text) {
  builtInText = typeof text === 'string' ? text : null;
}

// The core's module when the bundle carries it: the bundle, built with CATALYSE_BUNDLE defined
// (scripts/build.sh), then has no import() of it, which esbuild would wrap in a lazy-module shim.
// The unbundled modules import it once the form is painted.
let bundledLoadCore = null;
let bundledLoadCoreFrom = null;
/** Used by the bundles' entries only: core.js's loadCore (or the single file's own) and loadCoreFrom. */
export function builtInCore(loadCore, loadCoreFrom) {
  bundledLoadCore = loadCore;
  bundledLoadCoreFrom = loadCoreFrom;
}

/**
 * The shared core instance (a rejected promise when it could not be fetched or started). core.js's
 * loadCore() keeps the one instance of the page, and forgets a failed download so that the next
 * call fetches again.
 */
export function getCore() {
  return typeof CATALYSE_BUNDLE === 'boolean'
    ? Promise.resolve().then(() => bundledLoadCore())
    : import('./core.js').then((m) => m.loadCore());
}

// "Compare with an earlier result" (compare-view.js) is loaded only when the final screen shows: the
// shipped widgets fetch dist/compare.js beside them (scripts/build.sh), the unbundled modules
// import it. It fetches the comparing core itself (loadCompareCore) when the person compares.
const COMPARE_FILE = './compare.js';
export function getCompare() {
  return typeof CATALYSE_BUNDLE === 'boolean' ? import(new URL(COMPARE_FILE, import.meta.url).href) : import('./compare-view.js');
}
export function loadCompareCore(url) {
  return typeof CATALYSE_BUNDLE === 'boolean' ? bundledLoadCoreFrom(url) : import('./core.js').then((m) => m.loadCoreFrom(url));
}
