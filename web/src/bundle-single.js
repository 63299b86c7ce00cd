// The entry of dist/catalyse-single.js (scripts/build.sh): the widget of dist/catalyse.js with the
// wasm core inside it too, for a site where only one file can be uploaded. The core's bytes travel
// as base64 (esbuild's binary loader decodes them once, without eval) and are compiled under
// 'wasm-unsafe-eval' as the fetched core would be. The catalog of the core's messages travels inside
// too, so a French page shows the core's errors in French without a request; nothing else is
// requested, except a questionnaire given by `src`, and, on the final screen, the comparison's
// module and core (dist/compare.js, generated/catalyse-compare.wasm) when they were uploaded beside
// it (without them the final screen offers no comparison).
import CORE_MESSAGES from '../generated/core-messages.json';
import WASM from '../generated/catalyse-core.wasm';
import DEFAULT_TEXT from '../generated/default-questionnaire.mjs';
import { builtInCoreMessages } from './core-messages.js';
import { instantiateCore, loadCoreFrom, sharedOnce } from './core.js';
import { builtInCore, builtInQuestionnaire } from './sources.js';

builtInQuestionnaire(DEFAULT_TEXT);
builtInCore(sharedOnce(() => instantiateCore(WASM)), loadCoreFrom);
builtInCoreMessages(CORE_MESSAGES);

export * from '../catalyse.js';
