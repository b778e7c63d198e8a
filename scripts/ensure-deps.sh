#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need on a fresh machine: npm packages and, for tests, Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip

stamp=node_modules/.sift-lock-stamp
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "sift: installing npm packages (npm ci)…"
  npm ci --no-fund --no-audit
  cp package-lock.json "$stamp"
fi

if [ "${1:-}" = "--browser" ]; then
  chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$chromium_bin" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "sift: installing Debian's chromium…"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "sift: no Chromium at $chromium_bin. Install it (Debian/Ubuntu: sudo apt-get install chromium)" >&2
      echo "      or point CHROMIUM_PATH at a Chromium or Chrome binary." >&2
      exit 1
    fi
  fi
fi
