#!/usr/bin/env bash
# release-test.sh: test what is shipped, not the build tree (make release-test;
# needs root and a finished `make release`).
#  1. the Windows .exe is a PE32+ for x86-64 (GUI subsystem) that embeds the
#     built frontend (every asset file name of frontend/dist is in it) and the version;
#  2. the relay binaries are static ELF for x86-64 and aarch64 and print the version;
#  3. SHA256SUMS matches every file;
#  4. `apt-get install ./forkcast_*.deb` (timed), then, with a PATH that has
#     no Go and no Node: /usr/bin/forkcast --version / version, check and
#     rehearse --walk on the installed bundled talks, the desktop entry and
#     icon are where menus look, and build/smoke.sh against /usr/bin/forkcast;
#  5. apt-get remove, and nothing of the package is left.
# Each step prints what it checked; the first failure stops the script (exit 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
rel=build/release
art=build/artifacts
mkdir -p "$art"
pass=0
ok() { pass=$((pass + 1)); echo "release-test: ok: $*"; }
fail() { echo "release-test: FAIL: $*"; exit 1; }

[[ $(id -u) == 0 ]] || fail "run as root (it installs the .deb with apt-get)"
shopt -s nullglob
debs=("$rel"/forkcast_*_amd64.deb)
exes=("$rel"/forkcast-*-windows-amd64.exe)
((${#debs[@]} == 1)) || fail "want one .deb in $rel (run make release), found ${#debs[@]}"
((${#exes[@]} == 1)) || fail "want one Windows .exe in $rel, found ${#exes[@]}"
deb="${debs[0]}" exe="${exes[0]}"
version="$(basename "$exe")"; version="${version#forkcast-}"; version="${version%-windows-amd64.exe}"
echo "release-test: version $version"

# 1. the Windows binary
desc="$(file -b "$exe")"
[[ "$desc" == *"PE32+ executable (GUI) x86-64"* ]] || fail "$exe: want a PE32+ GUI x86-64 executable, file says: $desc"
ok "$(basename "$exe"): $desc, $(du -k "$exe" | cut -f1) KiB"
missing=0
while IFS= read -r -d '' f; do
	name="${f#frontend/dist/}"
	[[ "$name" == .keep ]] && continue
	grep -qaF "$name" "$exe" || { echo "  not embedded: $name"; missing=$((missing + 1)); }
	n=$((${n:-0} + 1))
done < <(find frontend/dist -type f -print0)
((${n:-0} > 0)) || fail "frontend/dist is empty: nothing to compare the .exe with"
((missing == 0)) || fail "$missing of $n frontend files are not embedded in the .exe"
grep -qaF "$version" "$exe" || fail "the .exe does not carry the version $version"
ok "the .exe embeds all $n frontend files and the version string"

# 2. the relays
for arch in amd64:x86-64 arm64:aarch64; do
	r="$rel/forkcast-relay-$version-linux-${arch%%:*}"
	d="$(file -b "$r")"
	[[ "$d" == *"ELF 64-bit"*"${arch##*:}"*"statically linked"* ]] || fail "$r: want a static ELF for ${arch##*:}, file says: $d"
	ok "$(basename "$r"): static ${arch##*:}, $(du -k "$r" | cut -f1) KiB"
done
got="$("$rel/forkcast-relay-$version-linux-amd64" version 2>&1 || true)"
[[ "$got" == *"$version"* ]] || fail "forkcast-relay version printed \"$got\", want it to contain $version"
ok "forkcast-relay version: $got"

# 3. checksums
(cd "$rel" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match"
[[ $(wc -l <"$rel/SHA256SUMS") == $(($(ls "$rel" | wc -l) - 1)) ]] || fail "SHA256SUMS does not list every file"
ok "SHA256SUMS matches all $(wc -l <"$rel/SHA256SUMS") files"

# 4a. the .deb declares what the binary links: the package owning every
# NEEDED library is one of its Depends or among their dependencies (so apt
# on a fresh system pulls it). dpkg-shlibdeps would say the same from the
# build tree; this reads the shipped package.
deps="$(dpkg-deb -f "$deb" Depends)"
echo "release-test: Depends: $deps"
for want in libgtk-3-0 libwebkit2gtk-4.1-0; do
	grep -qE "(^|, )$want( |,|\$)" <<<"$deps" || fail "the .deb does not depend on $want"
done
tmpx="$(mktemp -d)"
dpkg-deb -x "$deb" "$tmpx"
needed="$(readelf -d "$tmpx/usr/bin/forkcast" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p')"
rm -rf "$tmpx"
closure="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
	--no-replaces --no-enhances $(echo "$deps" | sed -E 's/\([^)]*\)//g; s/,/ /g') 2>/dev/null |
	sed -nE 's/^ *(Pre)?Depends: <?([^ >:]+).*/\2/p; s/^([^ ]+)$/\1/p' | sed 's/:.*//' | sort -u)"
nlib=0
for lib in $needed; do
	path="$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !f {print $NF; f = 1}')"
	[[ -n "$path" ]] || fail "the binary needs $lib, which this machine does not have"
	# usr-merge: dpkg may know the file under /lib or /usr/lib, so try both names.
	owner=""
	for p in "$path" "$(readlink -f "$path")" "/usr${path}" "${path#/usr}"; do
		owner="$(dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 || true)"
		[[ -n "$owner" ]] && break
	done
	[[ -n "$owner" ]] || fail "no package owns $path ($lib)"
	grep -qx "$owner" <<<"$closure" || fail "the binary needs $lib ($owner), which the .deb's Depends do not bring"
	nlib=$((nlib + 1))
done
ok "all $nlib libraries the binary links come with the .deb's Depends"

# 4b. install and test the installed app with no Go and no Node on PATH
if [[ "$(dpkg-query -W -f='${Status}' forkcast 2>/dev/null)" == *" installed" ]]; then fail "forkcast is already installed: apt-get remove forkcast first"; fi
tmp="$(mktemp -d)"
installed=""
cleanup() {
	if [[ -n "$installed" ]]; then
		echo "release-test: removing the package (after a failure)"
		DEBIAN_FRONTEND=noninteractive apt-get purge -y forkcast >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
t0=$(date +%s.%N)
DEBIAN_FRONTEND=noninteractive apt-get install -y "./$deb" >"$tmp/apt.log" 2>&1 ||
	{ cat "$tmp/apt.log"; fail "apt-get install ./$deb failed"; }
installed=1
t1=$(date +%s.%N)
ok "$(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) installed in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"

# A bin folder with everything of /usr/bin and /bin except Go and Node.
mkdir -p "$tmp/bin"
for d in /usr/sbin /usr/bin /sbin /bin; do
	for f in "$d"/*; do
		b="${f##*/}" # no basename process per file: 1,100 forks took minutes on a loaded machine
		case "$b" in go | gofmt | node | nodejs | npm | npx | corepack) continue ;; esac
		[[ -e "$tmp/bin/$b" ]] || ln -s "$f" "$tmp/bin/$b"
	done
done
clean_path="$tmp/bin"
for tool in go node npm; do
	if PATH="$clean_path" command -v "$tool" >/dev/null; then fail "$tool is still on the test PATH"; fi
done
run() { env -i PATH="$clean_path" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" \
	XDG_DATA_HOME="$tmp/data" "$@"; }
mkdir -p "$tmp/home"
[[ "$(PATH="$clean_path" command -v forkcast)" == "$clean_path/forkcast" && "$(readlink "$clean_path/forkcast")" == /usr/bin/forkcast ]] || fail "forkcast is not /usr/bin/forkcast on PATH"

got="$(run forkcast --version)" || fail "forkcast --version failed: $got"
[[ "$got" == "forkcast $version "* ]] || fail "forkcast --version printed \"$got\", want forkcast $version ..."
ok "installed forkcast --version: $got"
got="$(run forkcast version)"
[[ "$got" == "forkcast $version "* ]] || fail "forkcast version printed \"$got\""
ok "installed forkcast version agrees"

share=/usr/share/forkcast/stories
run forkcast check "$share/demo.md" "$share/django-deployment.md" >"$tmp/check.log" 2>&1 ||
	{ cat "$tmp/check.log"; fail "forkcast check on the installed talks failed"; }
ok "installed forkcast check: $(tail -n 1 "$tmp/check.log")"
# check must also fail on a broken talk, or the line above proves nothing.
printf -- '---\ntitle: broken\n---\n# A\n-> nowhere\n' >"$tmp/broken.md"
if run forkcast check "$tmp/broken.md" >"$tmp/broken.log" 2>&1; then
	cat "$tmp/broken.log"; fail "forkcast check accepted a broken talk"
fi
ok "installed forkcast check refuses a broken talk: $(head -n 1 "$tmp/broken.log")"

run forkcast rehearse --walk "$share/django-deployment.md" >"$tmp/walk.log" 2>&1 ||
	{ cat "$tmp/walk.log"; fail "forkcast rehearse --walk on the installed Django talk failed"; }
ok "installed rehearse --walk: $(grep -m1 -iE 'path|branch|visited|cover' "$tmp/walk.log" || tail -n 1 "$tmp/walk.log")"

desktop=/usr/share/applications/forkcast.desktop
[[ -f "$desktop" ]] || fail "no $desktop"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop" || fail "$desktop is not valid"; fi
grep -qx 'Exec=forkcast %F' "$desktop" && grep -qx 'Icon=forkcast' "$desktop" || fail "$desktop: wrong Exec or Icon"
[[ "$(file -b /usr/share/icons/hicolor/512x512/apps/forkcast.png)" == "PNG image data, 512 x 512"* ]] || fail "the 512x512 icon is missing"
ok "desktop entry and icon installed"

# The real window, from the installed binary, with the clean PATH: a wrapper
# execs the app with it (so the app runs with no Go and no Node), while
# smoke.sh, the test harness, reads the app's JSON with node from the
# ordinary PATH.
printf '#!/bin/bash\nexec env PATH=%q /usr/bin/forkcast "$@"\n' "$clean_path" >"$tmp/forkcast-clean-path"
chmod +x "$tmp/forkcast-clean-path"
build/smoke.sh "$tmp/forkcast-clean-path" || fail "the window smoke test against /usr/bin/forkcast failed"
ok "window smoke test against /usr/bin/forkcast"

# 5. uninstall
t0=$(date +%s.%N)
DEBIAN_FRONTEND=noninteractive apt-get purge -y forkcast >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; fail "apt-get remove forkcast failed"; }
installed=""
t1=$(date +%s.%N)
for f in /usr/bin/forkcast "$desktop" /usr/share/icons/hicolor/512x512/apps/forkcast.png "$share"; do
	[[ ! -e "$f" ]] || fail "$f is still there after apt-get remove"
done
ok "removed in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s; no files left"
echo "release-test: $pass passed, 0 failed"
