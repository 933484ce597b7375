#!/usr/bin/env bash
# check-tracked.sh: fail when git tracks something built. It reads the index
# (what the next commit holds, staged files included), not the working tree:
#  - an executable binary (ELF, PE/DOS "MZ", Mach-O, fat Mach-O) anywhere;
#  - any binary file larger than 1 MB, outside the allow-list below.
# Git itself tells binary from text (`git ls-files --eol`: i/-text). Run by
# `make lint` and early in `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

max=$((1024 * 1024))
# Binaries that may be large: icons, fonts, test fixtures.
allowed() {
	case "$1" in
	*.png | *.ico | *.icns | *.svg | *.woff | *.woff2 | *.ttf | *.otf) return 0 ;;
	testdata/* | */testdata/*) return 0 ;;
	esac
	return 1
}

bad=0
# --eol prints "i/<index eol> w/<worktree eol> attr/<attr>\t<path>"; i/-text is binary.
while IFS=$'\t' read -r info path; do
	[[ "$info" == i/-text* ]] || continue
	blob="$(git rev-parse ":$path")"
	size="$(git cat-file -s "$blob")"
	# head stops reading after 4 bytes: cat-file's SIGPIPE is expected, not a failure
	magic="$( (git cat-file blob "$blob" || true) | head -c 4 | od -An -tx1 | tr -d ' \n')"
	kind=""
	case "$magic" in
	7f454c46) kind="ELF executable" ;;
	4d5a*) kind="PE/DOS executable" ;;
	feedface | feedfacf | cefaedfe | cffaedfe) kind="Mach-O executable" ;;
	cafebabe | bebafeca) kind="fat Mach-O executable" ;;
	esac
	if [[ -n "$kind" ]]; then
		echo "check-tracked: $path is a tracked $kind ($size bytes): git rm --cached it and ignore it"
		bad=1
	elif ((size > max)) && ! allowed "$path"; then
		echo "check-tracked: $path is a tracked binary of $size bytes (> 1 MB) outside the allow-list in $0"
		bad=1
	fi
done < <(git ls-files --eol)

if ((bad)); then
	echo "check-tracked: FAIL: built files are tracked (see above)"
	exit 1
fi
echo "check-tracked: ok, no executable or large binary is tracked"
