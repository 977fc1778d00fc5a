#!/usr/bin/env bash
# npm ci (which also builds the native code through the "install" script), only when
# package-lock.json changed since the last install or the native build is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.swdebug-lock-hash"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] && [ -f build/Release/swdebug_addon.node ]; then
  echo "setup-npm: node_modules up to date"
  exit 0
fi
npm ci --no-audit --no-fund
echo "$lock_hash" > "$stamp"
