#!/usr/bin/env bash
# gotest.sh PKG...: go test -v with no build tags (no GTK, no display). The full
# log goes to build/artifacts/go-test.log; the console shows each package's
# result, every failure and skip, and a closing "go: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
art=build/artifacts
mkdir -p "$art"
log="$art/go-test.log"
go test -count=1 -v ${GOTEST_FLAGS:-} "$@" >"$log" 2>&1
rc=$?
# Show what a reader needs: package lines, failures with the last lines their
# test wrote (so a CI log that holds only this console says why), skips.
awk '
	/^=== (RUN|CONT|NAME|PAUSE)/ { cur = $3; next }
	/^[[:space:]]*--- FAIL: / {
		print
		name = $3
		from = n[name] - 60
		if (from < 0) from = 0
		for (i = from + 1; i <= n[name]; i++) print "    | " out[name, i]
		next
	}
	/^[[:space:]]*--- SKIP/ { print; next }
	/^[[:space:]]*--- PASS/ { next }
	/^(ok|FAIL|PASS$|panic:)/ || /^\?/ { print; next }
	cur != "" { n[cur]++; out[cur, n[cur]] = $0 }
' "$log" || true
passed=$(grep -c -E '^[[:space:]]*--- PASS' "$log" || true)
failed=$(grep -c -E '^[[:space:]]*--- FAIL' "$log" || true)
skipped=$(grep -c -E '^[[:space:]]*--- SKIP' "$log" || true)
if ((rc != 0)) && ((failed == 0)); then
	# a build failure or panic: show the log's failing part
	grep -n -E 'FAIL|panic|cannot|undefined|error' "$log" | head -50
	failed=1
fi
echo "$passed $failed $skipped" >"$art/counts-go.txt"
echo "go: $passed passed, $failed failed, $skipped skipped"
exit $rc
