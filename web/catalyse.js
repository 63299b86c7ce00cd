// Catalyse: an embeddable maturity self-assessment. Load this module once (or twice: it is safe)
// and write <catalyse-survey></catalyse-survey>. The contract is in README.md § Widget.
//
// The scoring core's module is fetched alongside the widget's own modules (unbundled), and the core
// (wasm, low priority) is started right after the elements have asked for their questionnaires
// (high priority): the form is drawn from the questionnaire before the core is needed. A core that
// fails to load is reported by the element itself. scripts/build.sh bundles this file into dist/.
const core = import('./src/core.js');
core.catch(() => {});
const { CatalyseSurvey, DEFAULT_SRC, define } = await import('./src/element.js');

define();
core.then((m) => m.loadCore()).catch(() => {});

export { CatalyseSurvey, DEFAULT_SRC, define };
