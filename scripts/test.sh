#!/usr/bin/env bash
# npm test: install what is missing, type-check, run unit tests (vitest) and browser tests (Playwright),
# then print one closing line "N passed, N failed" summed over both suites.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser || exit 1
mkdir -p test-results
rm -f test-results/unit.json test-results/e2e.json

status=0
echo "== type-check"
npx tsc --noEmit -p tsconfig.json || status=1
# src/core is shared by pages, workers and Node: it must build with neither DOM nor Node types.
npx tsc --noEmit -p tsconfig.core.json || status=1
echo "== unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json || status=1
echo "== build"
npx vite build --logLevel warn || status=1
echo "== browser tests (Playwright, Chromium)"
npx playwright test "$@" || status=1

node scripts/summary.mjs test-results/unit.json test-results/e2e.json || status=1
exit $status
