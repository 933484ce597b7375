#!/usr/bin/env bash
# bench.sh: run exactly the benchmark commands quoted in docs/benchmarks.md and
# keep the raw output in build/artifacts/bench-*.txt (benchstat gives medians).
set -euo pipefail
cd "$(dirname "$0")/.."
art=build/artifacts
mkdir -p "$art"
run() {
	local name="$1"; shift
	echo "== $name: go test -run '^\$' $*"
	go test -run '^$' "$@" | tee "$art/bench-$name.txt"
}
run engine-ingest   -bench IngestVsRaw -benchtime 2x -count 5 ./app/sqlite/
run engine-latency  -bench TallyLatency -benchtime 1x -count 3 ./app/sqlite/
run engine-memory   -bench Memory100k -benchtime 1x -count 3 ./app/sqlite/
run story           -bench . -benchtime 2s -count 5 ./app/story/
run sim-plan        -bench Plan -benchtime 20x -count 5 ./bridge/sim/
run sim-load        -bench LoadMode -benchtime 20x -count 5 ./bridge/sim/
run rehearse-load   -bench LoadIntoEngine -benchtime 5x -count 5 ./app/cli/
run web             -bench . -benchtime 2000x ./app/web/
run relay-rate      -bench WebhookVsBare -benchtime=3x -count=5 ./bridge/relay/server
run relay-latency   -bench WebhookToIngest -benchtime=1x -count=5 ./bridge/relay/server
run modem-drain     -bench Drain255 -benchtime 3x -count 5 ./bridge/modem/
run modem-cmti      -bench CMTIToIngest -benchtime 100x -count 5 ./bridge/modem/
run android-drain   -bench InboxDrain -benchtime 3x -count 5 ./bridge/android/
run android-latency -bench WebhookLatency -benchtime 1x -count 5 ./bridge/android/
run e2e-webhook     -bench E2EWebhookToTally -benchtime=1x -count=5 ./app/cli
run e2e-modem       -bench E2EModemCMTIToTally -benchtime=1x -count=5 ./app/cli
run e2e-android-webhook -bench E2EAndroidWebhookToTally -benchtime 1x -count 5 ./app/cli/
run e2e-android-drain   -bench E2EAndroidInboxDrain -benchtime 1x -count 5 ./app/cli/
echo "== browser latency and frame rate (needs make build):"
(cd frontend && PERF_RUNS=5 FORKCAST_BIN=../build/bin/forkcast node e2e/perf.bench.mjs) | tee "$art/bench-page.txt"
