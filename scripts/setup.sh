#!/usr/bin/env bash
# Sets up everything a fresh clone needs, skipping what is already done:
# Debian packages, npm dependencies (with the native build), code-server, the bundles
# and the compiled tests. `npm test` and `npm run demo` call it first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash scripts/setup-system.sh

bash scripts/setup-npm.sh
bash scripts/setup-code-server.sh

echo "setup: build"
npx webpack --mode production --no-stats
npx tsc -p . --outDir out
