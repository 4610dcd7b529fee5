#!/usr/bin/env bash
# Quick start: set everything up and run the whole suite: types, lint, format, layer rules, unit, integration, e2e.
# The suites create and drop their own databases and use their own Redis key prefixes.
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_MIGRATIONS=1 bash scripts/setup.sh
npm test
