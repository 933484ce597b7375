#!/usr/bin/env bash
# summary.sh: the closing lines of `make test`: the wall time of each stage
# (build/artifacts/times.txt, written by stage.sh), the counts every test stage
# left in build/artifacts/counts-*.txt, and last the line
#   total: N passed, N failed, N skipped
# It fails when a test failed or a stage failed.
set -euo pipefail
cd "$(dirname "$0")/.."
art=build/artifacts
failed_stage=""
if [[ -f "$art/times.txt" ]]; then
	echo "stages (wall time):"
	sum=0
	while read -r name secs status; do
		printf '  %-10s %7.1f s  %s\n' "$name" "$secs" "$status"
		sum=$(awk -v a="$sum" -v b="$secs" 'BEGIN { print a + b }')
		[[ "$status" == ok ]] || failed_stage="$name"
	done <"$art/times.txt"
	printf '  %-10s %7.1f s\n' "all" "$sum"
fi
p=0 f=0 s=0
compgen -G "$art/counts-*.txt" >/dev/null && echo "tests:"
for c in "$art"/counts-*.txt; do
	[[ -f "$c" ]] || continue
	read -r a b d <"$c"
	printf '  %-10s %s passed, %s failed, %s skipped\n' "$(basename "$c" .txt | sed 's/counts-//')" "$a" "$b" "$d"
	p=$((p + a)) f=$((f + b)) s=$((s + d))
done
[[ -z "$failed_stage" ]] || echo "stage $failed_stage FAILED"
echo "total: $p passed, $f failed, $s skipped"
((f == 0)) && [[ -z "$failed_stage" ]]
