#!/usr/bin/env bash
# debversion.sh DESCRIBE: the Debian package version for a `git describe`
# string. A tag (v0.2.0, v0.2.0-3-gabc1234, -dirty) gives 0.2.0,
# 0.2.0+3.gabc1234, 0.2.0+3.gabc1234.dirty; an untagged tree gives the
# productVersion of wails.json before "~git.<hash>" (which sorts below it).
set -euo pipefail
d="${1:?usage: debversion.sh DESCRIBE}"
if [[ "$d" =~ ^v?([0-9]+\.[0-9]+(\.[0-9]+)?)(-(.*))?$ ]]; then
	base="${BASH_REMATCH[1]}" rest="${BASH_REMATCH[4]}"
	if [[ -n "$rest" ]]; then echo "$base+${rest//-/.}"; else echo "$base"; fi
else
	cd "$(dirname "$0")/../.."
	base="$(sed -nE 's/.*"productVersion": *"([^"]+)".*/\1/p' wails.json | head -1)"
	clean="$(printf '%s' "$d" | tr -c 'A-Za-z0-9.+~\n' '.')"
	echo "${base:-0.0.0}~git.$clean"
fi
