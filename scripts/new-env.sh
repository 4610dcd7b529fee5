#!/usr/bin/env bash
# Writes a NEW .env (or the file given) from .env.example with a freshly generated JWT_SECRET, so no two
# set-ups share the secret published in .env.example. An existing file is never touched.
# The demo admin password stays (the Quick start prints it): it works in development only, since production
# refuses every secret published in this repository (src/config/production-secrets.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-.env}
if [ -e "$target" ]; then
  echo "$target exists already: left as it is" >&2
  exit 0
fi
secret=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')
[ ${#secret} -eq 64 ] || { echo "could not generate a secret" >&2; exit 1; }
umask 077
sed -e "s/^JWT_SECRET=.*/JWT_SECRET=${secret}/" .env.example >"$target.tmp.$$"
mv "$target.tmp.$$" "$target"
echo "Created $target from .env.example with a freshly generated JWT_SECRET"
