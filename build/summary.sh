#!/usr/bin/env bash
# summary.sh: add up the counts every test stage left in build/artifacts/counts-*.txt
# and print the closing line of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
p=0 f=0 s=0
for c in build/artifacts/counts-*.txt; do
	[[ -f "$c" ]] || continue
	read -r a b d <"$c"
	printf '  %-10s %s passed, %s failed, %s skipped\n' "$(basename "$c" .txt | sed 's/counts-//')" "$a" "$b" "$d"
	p=$((p + a)) f=$((f + b)) s=$((s + d))
done
echo "total: $p passed, $f failed, $s skipped"
((f == 0))
