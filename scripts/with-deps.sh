#!/bin/sh
# Runs a command with the project's npm dependencies installed and current.
# Both README commands start here, so a fresh clone needs nothing done by hand:
# `npm ci` runs in the tool (.) and in the reference app (app/) whenever node_modules
# is missing or package-lock.json changed since the last install. Node 24 comes in as
# the tool's `node` devDependency and lands first on PATH.
set -eu
cd "$(dirname "$0")/.."

install_if_stale() {
  dir=$1
  stamp="$dir/node_modules/.ephemeral-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  have=$(cat "$stamp" 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    start=$(date +%s)
    echo "bootstrap: npm dependencies of $dir ... installing (npm ci)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$want" >"$stamp"
    echo "bootstrap: npm dependencies of $dir ok ($(( $(date +%s) - start ))s)" >&2
  fi
}

install_if_stale .
[ -x node_modules/.bin/node ] || { echo "bootstrap: node_modules/.bin/node is missing after npm ci" >&2; exit 2; }
PATH="$PWD/node_modules/.bin:$PATH"
export PATH
# The app is installed with the project's Node 24 and npm on PATH.
install_if_stale app
# Node keeps the code it compiled (Pulumi's SDK, vitest, the driver) for the next start:
# a third less time to load.
NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-${EPHEMERAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ephemeral}/node-compile-cache}"
export NODE_COMPILE_CACHE
exec "$@"
