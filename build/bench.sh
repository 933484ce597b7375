#!/usr/bin/env bash
# bench.sh: run the benchmarks quoted in docs/benchmarks.md, 5 runs each, and
# keep the raw output in build/artifacts/bench-*.txt (feed them to benchstat
# for medians). BENCH_COUNT=N changes the run count.
set -euo pipefail
cd "$(dirname "$0")/.."
art=build/artifacts
mkdir -p "$art"
count="${BENCH_COUNT:-5}"
run() {
	local name="$1"; shift
	echo "== $name: go test -run '^\$' $* -count $count"
	go test -run '^$' "$@" -count "$count" | tee "$art/bench-$name.txt"
}
run engine    -bench . -benchtime 1x ./app/show/ ./app/sqlite/
run story     -bench . -benchtime 2s ./app/story/
run sim       -bench 'Plan|LoadMode' -benchtime 20x ./bridge/sim/
run rehearse  -bench LoadIntoEngine -benchtime 5x ./app/show/rehearse/
run web       -bench . -benchtime 2000x ./app/web/
run relay     -bench 'WebhookVsBare|WebhookToIngest' -benchtime 3x ./bridge/relay/
run modem     -bench . -benchtime 1x ./bridge/modem/
run e2e       -bench E2E -benchtime 1x .
echo "browser latency and frame rate: make build && cd frontend && FORKCAST_BIN=../build/bin/forkcast node --test e2e/perf.test.mjs"
