#!/usr/bin/env bash
# Runs every test tier in order, printing how long each took. Assumes scripts/setup.sh ran
# (`npm test` does both). A failing tier stops the run with its exit code.
set -euo pipefail
cd "$(dirname "$0")/.."
stage() {
  local name="$1"; shift
  local start=$SECONDS
  echo "=== $name ==="
  "$@"
  echo "=== $name: ok in $((SECONDS - start)) s ==="
}
stage lint npx eslint .
stage unit npx mocha --config test/mocharc.unit.json
stage integration npx mocha --config test/mocharc.integration.json
stage suite node out/test/runSuite.js
stage package bash scripts/package.sh
stage e2e npx mocha --config test/mocharc.e2e.json
