// Catalyse: an embeddable maturity self-assessment. Load this module once (or twice: it is safe)
// and write <catalyse-survey></catalyse-survey>. The contract is in README.md § Widget.
import { CatalyseSurvey, DEFAULT_SRC, define } from './src/element.js';

define();

export { CatalyseSurvey, DEFAULT_SRC, define };
