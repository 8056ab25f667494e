#!/bin/sh
# Runs a command with the project's npm dependencies installed and current.
# Both README commands start here, so a fresh clone needs nothing done by hand:
# `npm ci` runs when node_modules is missing or package-lock.json changed since the
# last install. Node 24 comes in as the `node` devDependency and lands first on PATH.
set -eu
cd "$(dirname "$0")/.."

stamp=node_modules/.ephemeral-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$want" != "$have" ] || [ ! -x node_modules/.bin/node ]; then
  start=$(date +%s)
  echo "bootstrap: npm dependencies ... installing (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" >"$stamp"
  echo "bootstrap: npm dependencies ok ($(( $(date +%s) - start ))s)" >&2
fi

PATH="$PWD/node_modules/.bin:$PATH"
export PATH
exec "$@"
