// Catalyse: an embeddable maturity self-assessment. Load this module once (or twice: it is safe)
// and write <catalyse-survey></catalyse-survey>. The contract is in README.md § Widget.
//
// The element is defined while this module evaluates (no top-level await): elements already in the
// page are upgraded at once and ask for their questionnaire (high priority) in the same task. The
// form is drawn from the questionnaire; the scoring core (wasm, low priority) is requested once the
// form is painted. A core that fails to load is reported by the element itself.
// scripts/build.sh bundles this file and its modules into dist/catalyse.js.
import { CatalyseSurvey, DEFAULT_SRC, define } from './src/element.js';

define();

export { CatalyseSurvey, DEFAULT_SRC, define };
