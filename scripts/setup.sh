#!/usr/bin/env bash
# Installs what this project needs on a Debian bookworm machine, and nothing when it is all there.
# Idempotent: the second run costs a few dpkg/npm checks.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Debian packages (see ../shared/docs/TOOLCHAIN.md for why each one).
packages=(
  cmake g++ make            # native build
  emscripten                # em++ / emcmake (3.1.6)
  nlohmann-json3-dev        # JSON
  libboost1.81-dev          # Boost.Describe (1.74 lacks it)
  doctest-dev               # C++ tests
  clang libclang-rt-14-dev  # fuzzing and sanitizers
  chromium chromium-driver  # browser tests
  esbuild                   # the widget's minified files (web/dist/) and the kiosk's QR encoder
  zbar-tools                # zbarimg: the kiosk test reads the result's QR code from a screenshot
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev  # catalyse-server: HTTP, tokens, precompression
  util-linux                # setpriv and mount, for the event server's fault tests
  pkg-config                # finds sqlite3 and libpqxx for the event server
  libsqlite3-dev sqlite3    # the event server's embedded database
  postgresql libpq-dev libpqxx-dev  # the shared database, and the throwaway test cluster (scripts/postgres.mjs)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: this machine has no apt-get. Install these Debian packages (or their equivalents) by hand: ${missing[*]}" >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; fi
  fi
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  say "Debian packages installed"
else
  say "Debian packages present"
fi

if ! command -v node >/dev/null 2>&1; then
  echo "setup: Node.js (18 or newer) is needed and was not found" >&2; exit 1
fi

# npm packages from the committed lock file; skipped when node_modules already matches it.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages present"
fi
