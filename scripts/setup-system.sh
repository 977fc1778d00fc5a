#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing (no apt call at all
# when everything is present). Runs as root directly, otherwise through sudo.
set -euo pipefail
packages=(
  libsocket-wrapper   # the LD_PRELOAD library under test
  tshark tcpdump      # reference decoders the tests and benchmarks compare against
  chromium            # headless browser for the VS Code suite and e2e tests
  ripgrep             # code-server's search needs rg; its npm install would download one
  libkrb5-dev         # code-server's kerberos module builds against it
  build-essential python3 pkg-config  # node-gyp and the native code
  gdb strace          # delegated-debugger (real gdb) and cross-check tests
  python3-debugpy     # debugging a wrapped Python program (integration test, Debian's /usr/bin/python3)
  procps psmisc unzip git ca-certificates
)
missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all Debian packages present"
  exit 0
fi
echo "setup-system: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
