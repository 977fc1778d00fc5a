#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) into .cache/code-server without running
# its install scripts, which would download ripgrep from the internet. See DESIGN.md,
# "A real VS Code on these machines". Idempotent: a finished install leaves a stamp file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/code-server"
version="4.100.3"
stamp="$dest/.installed-$version"
if [ -f "$stamp" ] && [ -n "$(find "$dest/node_modules/argon2" -name '*.node' -print -quit 2>/dev/null)" ]; then
  exit 0
fi
command -v rg >/dev/null || { echo "setup-code-server: ripgrep (rg) is missing; run scripts/setup-system.sh" >&2; exit 1; }
mkdir -p "$dest"
cd "$dest"
[ -f package.json ] || echo '{"name":"swdebug-code-server","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$version"
cd "$dest/node_modules/code-server/lib/vscode"
npm install --no-audit --no-fund --ignore-scripts --omit=dev
npm_config_yes=true npm rebuild kerberos node-pty @vscode/spdlog native-watchdog @parcel/watcher
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
# argon2 is hoisted next to code-server, not under it.
cd "$dest"
npm rebuild argon2
[ -n "$(find "$dest/node_modules/argon2" -name '*.node' -print -quit)" ] || { echo "setup-code-server: argon2 did not build" >&2; exit 1; }
touch "$stamp"
echo "code-server $version installed in $dest"
