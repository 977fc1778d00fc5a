#!/usr/bin/env bash
# Every benchmark in one run (`npm run bench`): the capture engine against tcpdump and cat,
# the Packet Timeline's live latency and scrolling frame times in headless Chromium, and the
# fd tracer's overhead. Each prints its own table with the issue's target beside each number.
# Run it on a machine that is otherwise idle: they all compare against something measured in
# the same run, but a busy neighbour still widens the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
echo "=== capture engine (bench/capture/run.sh) ==="
bash bench/capture/run.sh
echo "=== Packet Timeline (bench/timeline) ==="
npx tsc -p . --outDir out
npx tsc -p bench/timeline
node out/bench/timeline/liveLatency.js
node out/bench/timeline/scrollFrames.js
echo "=== long fuzz run (bench/fuzz/run.sh) ==="
bash bench/fuzz/run.sh
echo "=== fd tracer overhead (bench/fdtrace/run.sh) ==="
bash bench/fdtrace/run.sh
