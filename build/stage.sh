#!/usr/bin/env bash
# stage.sh NAME CMD...: run one stage of `make test` and time it. Appends
# "NAME SECONDS ok|FAILED" to build/artifacts/times.txt, which summary.sh
# prints at the end, so a slow stage is visible. When CMD fails, it prints the
# summary so far (times and counts) and exits with CMD's status.
set -uo pipefail
name="$1"
shift
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/artifacts"
echo "==> stage $name"
t0=$(date +%s.%N)
"$@"
rc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
status=ok
((rc == 0)) || status=FAILED
echo "$name $secs $status" >>"$here/artifacts/times.txt"
echo "<== stage $name: $secs s, $status"
if ((rc != 0)); then
	"$here/summary.sh" || true
fi
exit "$rc"
