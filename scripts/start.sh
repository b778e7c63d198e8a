#!/usr/bin/env bash
# npm start: install what is missing, build, and serve the app on http://127.0.0.1:4173.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npx vite build --logLevel warn
echo
echo "Sift is running at http://127.0.0.1:4173  (Ctrl+C to stop; click \"Try the sample\" to load demo data)"
exec npx vite preview --host 127.0.0.1 --port 4173 --strictPort
