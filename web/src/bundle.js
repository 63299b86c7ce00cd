// The entry of the shipped file, dist/catalyse.js (scripts/build.sh bundles it with esbuild): the
// widget of ../catalyse.js with the default questionnaire built in, so that a page showing the
// default questionnaire draws its first question without waiting for one more request. The text
// is web/questionnaires/catalyseurs-2018.json without its whitespace (same canonical JSON, same
// hash in the records), written to ../generated/ by the build. Another `src`, or the
// `questionnaire` property, is fetched or used as before.
// The core's module (its wasm is still fetched once the form is painted) is in the file too.
import DEFAULT_TEXT from '../generated/default-questionnaire.mjs';
import { loadCoreFrom, loadCore } from './core.js';
import { builtInCore, builtInQuestionnaire } from './sources.js';

builtInQuestionnaire(DEFAULT_TEXT);
builtInCore(loadCore, loadCoreFrom);

export * from '../catalyse.js';
