// Catalyse: an embeddable maturity self-assessment. Load this module once (or twice: it is safe)
// and write <catalyse-survey></catalyse-survey>. The contract is in README.md § Widget.
//
// The scoring core (wasm) starts downloading and compiling at once, alongside the widget's own
// modules, instead of after them; a core that fails to load is reported by the element itself.
import('./src/core.js').then((m) => m.loadCore()).catch(() => {});
const { CatalyseSurvey, DEFAULT_SRC, define } = await import('./src/element.js');

define();

export { CatalyseSurvey, DEFAULT_SRC, define };
