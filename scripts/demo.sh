#!/usr/bin/env bash
# Serves VS Code (code-server) in the foreground with socket_wrapper Debug installed from its
# VSIX, exactly as a user would install it, and the echo sample open: open the printed URL
# in a browser and press F5. Ctrl+C stops it. Every run starts from a clean .cache/demo.
# Assumes scripts/setup.sh has run (system packages, npm ci, code-server, build).
# Environment: DEMO_PORT (default 8080).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${DEMO_PORT:-8080}"
demo="$root/.cache/demo"
entry="$root/.cache/code-server/node_modules/code-server/out/node/entry.js"
vsix="$root/socket-wrapper-debug-linux-x64.vsix"

fail() { echo "demo: $*" >&2; exit 1; }

[ -f "$entry" ] || fail "code-server is not installed at $entry; run scripts/setup.sh"
# Fail before the slow steps if the port is taken (bash connects to it if something listens).
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  fail "127.0.0.1:$port is already in use; choose another port with DEMO_PORT=..."
fi

echo "demo: packaging the extension (scripts/package.sh)"
bash "$root/scripts/package.sh" > "$root/.cache/demo-package.log" || fail "packaging failed, see $root/.cache/demo-package.log"

rm -rf "$demo"
mkdir -p "$demo/user-data/User" "$demo/extensions" "$demo/tmp"
cp -r "$root/samples/echo" "$demo/echo"
# An empty config file keeps code-server away from ~/.config/code-server/config.yaml
# (which would turn on password auth).
: > "$demo/config.yaml"
# Workspace trust is off so the sample runs without a trust prompt; the rest keeps the
# first screen quiet (.cache/demo sits inside this git checkout) and the machine off the network.
cat > "$demo/user-data/User/settings.json" <<'EOF'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "git.openRepositoryInParentFolders": "never"
}
EOF

# code-server's vscode-ipc-*.sock files then stay inside .cache/demo instead of /tmp.
export TMPDIR="$demo/tmp"
dirs=(--config "$demo/config.yaml" --user-data-dir "$demo/user-data" --extensions-dir "$demo/extensions")

echo "demo: installing $(basename "$vsix")"
node "$entry" "${dirs[@]}" --install-extension "$vsix" --force

folder="$(node -p 'encodeURI(process.argv[1])' "$demo/echo")"
cat <<EOF

  socket_wrapper Debug demo: open http://127.0.0.1:$port/?folder=$folder

  Then press F5 on "Run under socket_wrapper: echo server + client", or run
  "socket_wrapper: Show Native Component Status" from the command palette (F1).
  Ctrl+C here stops the server.

EOF
# exec: code-server is the foreground process, so Ctrl+C reaches it (and it stops its children).
exec node "$entry" "${dirs[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
  --disable-update-check --disable-getting-started-override "$demo/echo"
