// The entry of dist/catalyse-single.js (scripts/build.sh): the widget of dist/catalyse.js with the
// wasm core inside it too, for a site where only one file can be uploaded. The core's bytes travel
// as base64 (esbuild's binary loader decodes them once, without eval) and are compiled under
// 'wasm-unsafe-eval' as the fetched core would be. The catalog of the core's messages travels inside
// too, so a French page shows the core's errors in French without a request, and the final screen's
// comparison module (dist/compare.js for the other bundle); nothing else is requested, except a
// questionnaire given by `src`.
import CORE_MESSAGES from '../generated/core-messages.json';
import WASM from '../generated/catalyse-core.wasm';
import DEFAULT_TEXT from '../generated/default-questionnaire.mjs';
import { builtInCoreMessages } from './core-messages.js';
import { instantiateCore, sharedOnce } from './core.js';
import * as compareView from './compare-view.js';
import { builtInCompare, builtInCore, builtInQuestionnaire } from './element.js';

builtInQuestionnaire(DEFAULT_TEXT);
builtInCore(sharedOnce(() => instantiateCore(WASM)));
builtInCoreMessages(CORE_MESSAGES);
builtInCompare(compareView);

export * from '../catalyse.js';
