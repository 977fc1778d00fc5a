#!/usr/bin/env bash
# Packages socket_wrapper Debug as a linux-x64 VSIX (platform-specific: it ships a native
# addon built for this platform) and checks that only runtime files went in: bundles, the
# CLI launcher, native binaries and the manifest. Sources, tests and node_modules must not.
# Usage: scripts/package.sh   (writes socket-wrapper-debug-linux-x64.vsix at the repo root)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
vsix="socket-wrapper-debug-linux-x64.vsix"

fail() { echo "package: $*" >&2; exit 1; }
# A VSIX that failed the checks is deleted, so nothing (the e2e tests, the demo) installs it.
reject() { rm -f "$vsix"; fail "$@"; }

# vsce turns README.md into the extension's details page; refuse rather than ship none.
[ -f README.md ] || fail "README.md is missing in $root; write it before packaging"
[ -f LICENSE ] || fail "LICENSE is missing in $root"
[ -f build/Release/swdebug_addon.node ] || fail "build/Release/swdebug_addon.node is missing; run 'npx node-gyp rebuild' (npm ci runs it)"
if [ ! -f dist/extension.js ] || [ ! -f dist/cli.js ] || [ ! -f dist/webview.js ]; then
  echo "package: dist/ is incomplete, building"
  npm run build
fi

rm -f "$vsix"
# --no-dependencies: everything is bundled by webpack, node_modules stays out.
# stdin from /dev/null: any prompt vsce might still raise fails instead of hanging.
npx vsce package --target linux-x64 --no-dependencies --allow-missing-repository -o "$vsix" < /dev/null

echo "package: $vsix, $(stat -c %s "$vsix") bytes"
unzip -l "$vsix"

# Every entry must match one of these (vsce lower-cases readme/changelog and may add .txt to LICENSE).
allowed='^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension/(package\.json|readme\.md|LICENSE[^/]*|changelog\.md|dist/[^/]+\.js|bin/swdebug|build/Release/[^/]+\.(node|so)|media/.+))$'
# The listing is read once into a variable: `unzip | grep -q` under pipefail fails at random
# when grep stops reading early and unzip dies of SIGPIPE.
entries="$(unzip -Z1 "$vsix")"
unexpected="$(grep -Ev "$allowed" <<<"$entries" || true)"
if [ -n "$unexpected" ]; then
  while IFS= read -r entry; do echo "  unexpected: $entry" >&2; done <<<"$unexpected"
  reject "$vsix contained files that do not belong in it (see above; fix .vscodeignore)"
fi
for required in extension/package.json extension/dist/extension.js extension/build/Release/swdebug_addon.node; do
  grep -qxF "$required" <<<"$entries" || reject "$vsix lacked $required"
done
echo "package: contents OK"
