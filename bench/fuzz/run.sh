#!/usr/bin/env bash
# The long fuzz run: the capture fuzz test (test/unit/capture/fuzz.test.ts: reader, summary,
# flow table, index, full decoder, and both record counters of `swdebug stats`) over far more
# cases than CI's 110,000, from a fresh seed each run unless one is given. A failure prints
# the case, the seed and the file's bytes; SWDEBUG_FUZZ_SEED=<seed> replays it.
#
#   bench/fuzz/run.sh [CASES] [SEED]      defaults: 2,000,000 cases (~5 min here), seed from the clock
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-2000000}
seed=${2:-$(( $(date +%s%N) % 4294967295 + 1 ))}
npx tsc -p . --outDir out
echo "fuzzing $cases cases, seed $seed (replay: SWDEBUG_FUZZ_SEED=$seed bench/fuzz/run.sh $cases $seed)"
SWDEBUG_FUZZ_CASES=$cases SWDEBUG_FUZZ_SEED=$seed npx mocha --config test/mocharc.unit.json --grep 'capture fuzz'
