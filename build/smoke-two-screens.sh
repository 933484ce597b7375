#!/usr/bin/env bash
# smoke-two-screens.sh BIN: the desktop app on a machine with two displays.
# An Xvfb server hosts Xephyr with two 1280x800 screens side by side
# (Xinerama; RandR off, so GTK takes its monitors from Xinerama), a laptop on
# the left and a projector on the right. Checked, each by waiting on a condition:
#  1. the window opens on the console (the app's title says Console), on the left display;
#  2. S (Present) opens the stage in a browser window on the right display,
#     full screen, and the app logs which display it chose;
#  3. a screenshot of both displays: each half is not blank (unique colours),
#     saved to build/artifacts/smoke-two-screens.png (and each half alone).
# STATUS (2026-12-05): NOT run by `make smoke` yet, because it fails at step 2:
# GTK 3 takes its monitors from RandR only (not Xinerama), and neither Xvfb nor
# Xephyr here accepted `xrandr --setmonitor` (the monitor list stays at one),
# so the app sees one display and opens the stage windowed on the left. Step 1
# passes. A way to give GTK two RandR monitors under X (Xorg's dummy driver
# with two outputs?) is the missing piece.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/bin/forkcast}"
art=build/artifacts
mkdir -p "$art"

if [[ -z "${SMOKE2_IN_XVFB:-}" ]]; then
	export SMOKE2_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 2600x900x24 -nolisten tcp" "$0" "$@"
fi
command -v Xephyr >/dev/null || { echo "smoke-two-screens: FAIL: Xephyr is missing (apt-get install xserver-xephyr)"; exit 1; }

tmp="$(mktemp -d)"
out="$tmp/out.log"
pid="" xephyr=""
cleanup() {
	if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	# The stage browser is the app's child no longer: end it by its pids (its profile is in $tmp).
	for p in $(pgrep -f -- "--user-data-dir=$tmp/" || true); do kill "$p" 2>/dev/null || true; done
	if [[ -n "$xephyr" ]]; then kill "$xephyr" 2>/dev/null || true; wait "$xephyr" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "smoke-two-screens: FAIL: $*"; echo "--- app output:"; cat "$out" || true; echo "0 1 0" >"$art/counts-smoke-two-screens.txt"; exit 1; }

seen=""
# eventually WHAT SECONDS CMD...: run CMD until it succeeds; CMD sets $seen.
eventually() {
	local what="$1" secs="$2"
	shift 2
	local end=$(($(date +%s) + secs))
	seen="nothing yet"
	until "$@"; do
		(($(date +%s) < end)) || fail "timed out after $secs s waiting for $what; last seen: $seen"
		sleep 0.2 # how often the condition is checked, not a wait for an outcome
	done
}

# The two-display machine: a free display number for Xephyr.
n=70
while [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]]; do n=$((n + 1)); done
Xephyr ":$n" -screen 1280x800 -screen 1280x800 +xinerama -extension RANDR -nolisten tcp >"$tmp/xephyr.log" 2>&1 &
xephyr=$!
xephyr_up() { seen="$(tail -c 200 "$tmp/xephyr.log")"; DISPLAY=":$n" xdpyinfo >/dev/null 2>&1; }
eventually "Xephyr on :$n" 30 xephyr_up
export DISPLAY=":$n"
heads="$(xdpyinfo -ext XINERAMA | grep -c 'head #' || true)"
((heads == 2)) || fail "the X server shows $heads displays, want 2: $(xdpyinfo -ext XINERAMA | grep 'head #')"
echo "smoke-two-screens: displays: $(xdpyinfo -ext XINERAMA | grep 'head #' | tr -s ' ' | tr '\n' ';')"

export FORKCAST_READY_FILE="$tmp/ready"
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
"$bin" --story stories/demo.md --db "$tmp/smoke.db" --token smoke-token >"$out" 2>&1 &
pid=$!

wid=""
window_mapped() {
	kill -0 "$pid" 2>/dev/null || fail "the app exited"
	wid="$(xdotool search --onlyvisible --name '^Forkcast' 2>/dev/null | head -1 || true)"
	seen="visible windows: $(xdotool search --onlyvisible --name . getwindowname %@ 2>/dev/null | tr '\n' ',' || true)"
	[[ -n "$wid" ]]
}
eventually "the app's window" 60 window_mapped
page_ready() { seen="no ready file"; [[ -f "$FORKCAST_READY_FILE" ]]; }
eventually "the page to report ready" 60 page_ready
# geometry WID: "X Y W H" of a window.
geometry() { xdotool getwindowgeometry --shell "$1" | awk -F= '/^X=|^Y=|^WIDTH=|^HEIGHT=/{printf "%s ", $2}'; }
read -r ax _ _ _ <<<"$(geometry "$wid")"
((ax < 1280)) || fail "the app's window is at x=$ax, want it on the left display"

api="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$out" || true)"
[[ -n "$api" ]] || fail "the app printed no local address"

# 2. Present.
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid" || true
xdotool key --window "$wid" s
swid=""
stage_mapped() {
	kill -0 "$pid" 2>/dev/null || fail "the app exited"
	swid="$(xdotool search --onlyvisible --name 'Stage · Forkcast$' 2>/dev/null | head -1 || true)"
	seen="visible windows: $(xdotool search --onlyvisible --name . getwindowname %@ 2>/dev/null | tr '\n' ',' || true); log: $(grep -i present "$out" | tail -2)"
	[[ -n "$swid" ]]
}
eventually "the stage window after S (Present)" 60 stage_mapped
on_projector() {
	read -r sx sy sw sh <<<"$(geometry "$swid")"
	seen="stage window at x=$sx y=$sy ${sw}x$sh"
	((sx >= 1280 && sw >= 1200 && sh >= 760))
}
eventually "the stage full screen on the right display" 30 on_projector
echo "smoke-two-screens: $seen"
logged() { seen="$(grep -i 'present' "$out" | tail -1)"; grep -q 'present: the stage is on display.*display=2' "$out"; }
eventually "the app to log that the stage is on display 2" 10 logged

# 3. The screenshot of both displays; each half drawn.
shot="$art/smoke-two-screens.png"
drawn() {
	import -window root "$shot" 2>/dev/null || { seen="import failed"; return 1; }
	magick "$shot" -crop 1280x800+0+0 +repage "$art/smoke-two-screens-console.png" 2>/dev/null || convert "$shot" -crop 1280x800+0+0 +repage "$art/smoke-two-screens-console.png"
	magick "$shot" -crop 1280x800+1280+0 +repage "$art/smoke-two-screens-stage.png" 2>/dev/null || convert "$shot" -crop 1280x800+1280+0 +repage "$art/smoke-two-screens-stage.png"
	local l r
	l=$(identify -format %k "$art/smoke-two-screens-console.png")
	r=$(identify -format %k "$art/smoke-two-screens-stage.png")
	seen="console half $l colours, stage half $r colours"
	((l >= 64 && r >= 64))
}
eventually "both displays drawn (>= 64 colours each)" 30 drawn
echo "smoke-two-screens: $seen ($shot)"
echo "1 0 0" >"$art/counts-smoke-two-screens.txt"
echo "smoke-two-screens: 1 passed, 0 failed"
