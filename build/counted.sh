#!/usr/bin/env bash
# counted.sh NAME CMD...: run CMD, show its output, and record its pass/fail/skip
# counts in build/artifacts/counts-NAME.txt for the closing summary. Understands
# Vitest ("Tests  3 failed | 40 passed (43)") and node --test ("# pass 5").
set -uo pipefail
name="$1"; shift
art="$(cd "$(dirname "$0")" && pwd)/artifacts"
mkdir -p "$art"
log="$art/$name.log"
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
clean="$(sed -E 's/\x1b\[[0-9;]*m//g' "$log")"
p=0 f=0 s=0
if line="$(grep -E '^[[:space:]]*Tests[[:space:]]+' <<<"$clean" | tail -1)" && [[ -n "$line" ]]; then
	p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
	f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
	s=$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+' || echo 0)
elif grep -qE '^# pass [0-9]+' <<<"$clean"; then
	p=$(grep -oE '^# pass [0-9]+' <<<"$clean" | tail -1 | grep -oE '[0-9]+')
	f=$(grep -oE '^# fail [0-9]+' <<<"$clean" | tail -1 | grep -oE '[0-9]+' || echo 0)
	s=$(grep -oE '^# skipped [0-9]+' <<<"$clean" | tail -1 | grep -oE '[0-9]+' || echo 0)
fi
((rc != 0 && f == 0)) && f=1
echo "$p $f $s" >"$art/counts-$name.txt"
exit "$rc"
