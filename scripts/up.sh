#!/usr/bin/env bash
# Quick start: set everything up, build, seed a demo sale, and run the API with its queue worker (APP_ROLE=all).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
printf '\033[1;34m==>\033[0m %s\n' "Building"
npm run --silent build
printf '\033[1;34m==>\033[0m %s\n' "Seeding the demo"
node dist/src/seed-demo.js
printf '\033[1;34m==>\033[0m %s\n' "Starting the platform (Ctrl-C stops it)"
exec node --max-old-space-size=256 dist/src/main.js
