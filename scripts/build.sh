#!/usr/bin/env bash
# Builds the native core, tools and tests ("$out/native") and the WebAssembly core ("$out/wasm"),
# then copies the wasm loader and module next to the widget (web/generated/).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}   # Emscripten's optimizer needs Debian's acorn
jobs=${CATALYSE_JOBS:-2}
type=${CATALYSE_BUILD_TYPE:-Release}
out=${CATALYSE_BUILD_DIR:-build}   # a separate folder per parallel worker, e.g. build-alice

echo "build: native ($type)"
cmake -S . -B "$out/native" -DCMAKE_BUILD_TYPE="$type" >/dev/null
cmake --build "$out/native" -j "$jobs"

if [ "${CATALYSE_SKIP_WASM:-0}" != 1 ]; then
  echo "build: wasm"
  emcmake cmake -S . -B "$out/wasm" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
  cmake --build "$out/wasm" -j "$jobs"
  mkdir -p web/generated
  # The widget's core, and the core with aggregation (results page, tools).
  cp "$out"/wasm/wasm/catalyse-core.mjs "$out"/wasm/wasm/catalyse-core.wasm \
     "$out"/wasm/wasm/catalyse-aggregate.mjs "$out"/wasm/wasm/catalyse-aggregate.wasm web/generated/
fi

# The widget as one minified file (web/dist/catalyse.js: its modules and the wasm loader; the wasm
# and the questionnaire stay separate files). It sits one folder below web/ like src/, so its
# new URL('../generated/…' | '../questionnaires/…', import.meta.url) resolve as in src/.
if [ -f web/generated/catalyse-core.mjs ]; then
  echo "build: widget bundle"
  esbuild web/catalyse.js --bundle --format=esm --minify --target=es2022 --legal-comments=none \
    --log-level=warning --outfile=web/dist/catalyse.js
fi
echo "build: done"
