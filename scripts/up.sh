#!/usr/bin/env bash
# Quick start: set everything up, build (API and web app), seed a demo sale, and run the platform with its queue
# worker (APP_ROLE=all): the storefront at /, the console at /admin, the API under /api.
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_CHROMIUM="${SKIP_CHROMIUM:-1}" bash scripts/setup.sh
printf '\033[1;34m==>\033[0m %s\n' "Building"
npm run --silent build
printf '\033[1;34m==>\033[0m %s\n' "Seeding the demo"
node dist/src/seed-demo.js
printf '\033[1;34m==>\033[0m %s\n' "Starting the platform (Ctrl-C stops it): storefront http://localhost:${PORT:-3000}/, console http://localhost:${PORT:-3000}/admin"
exec node --max-old-space-size=256 dist/src/main.js
