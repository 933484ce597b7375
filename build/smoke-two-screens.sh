#!/usr/bin/env bash
# smoke-two-screens.sh BIN: the desktop app on a machine with two displays.
# A plain Xorg with the dummy video driver (xserver-xorg-video-dummy), on a
# display it picks itself (build/lib.sh start_x), gives two RandR outputs of
# 1280x800 side by side (DUMMY0, then DUMMY1 switched on with xrandr), a
# laptop on the left and a projector on the right: GTK 3 takes its monitors from RandR, and Xvfb and Xephyr offer
# one RandR monitor only (they ignore `xrandr --setmonitor`). Checked, each by
# waiting on a condition:
#  1. the window opens on the console (the app's title says Console), on the left display;
#  2. S (Present) opens the stage in the native stage window (a second
#     forkcast process, `forkcast stage-window`, the link on its stdin) on the
#     right display, full screen: its title, its process, its geometry
#     (xdotool and xwininfo), the link not on its command line, no browser
#     started, and the app logs which display and which way it chose;
#  3. a screenshot of both displays: each half is not blank (unique colours;
#     the stage window's own start page is one flat colour, so colours on the
#     right half are the stage page), saved to build/artifacts/smoke-two-screens.png
#     (and each half alone); then Next through the loopback API changes the
#     right half: the stage page in the window follows the show live;
#  3b. the app killed with SIGKILL: the stage window stays up on the same
#     slide; the app restarted on the same database adopts it (logged), and
#     the stage page, reconnected by itself, follows Next (the time from the
#     restart command is printed);
#  4. S again (on the restarted app) closes the stage window: the window
#     goes, its process ends.
# `make smoke` runs it after build/smoke.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/bin/forkcast}"
# shellcheck source=build/lib.sh
. build/lib.sh

command -v Xorg >/dev/null && [[ -f /usr/lib/xorg/modules/drivers/dummy_drv.so ]] ||
	{ echo "smoke-two-screens: FAIL: Xorg's dummy driver is missing (apt-get install xserver-xorg-core xserver-xorg-video-dummy)"; exit 1; }

smoke_init smoke-two-screens
# The stage browser is the app's child no longer: end it by its pids (its profile is in $tmp).
smoke_cleanup_hook() {
	# shellcheck disable=SC2046 # one pid a word
	end_pids $(pgrep -f -- "--user-data-dir=$tmp/" || true)
	# The stage window outlives a killed app: end it by its pid.
	if [[ -n "${spid:-}" ]]; then end_pids "$spid"; fi
}

# The two-display machine: Xorg with the dummy driver.
cat >"$tmp/xorg.conf" <<'CONF'
Section "Device"
	Identifier "dummy"
	Driver "dummy"
	VideoRam 65536
EndSection
Section "Monitor"
	Identifier "monitor"
	HorizSync 5.0-1000.0
	VertRefresh 5.0-200.0
	Modeline "1280x800" 83.50 1280 1352 1480 1680 800 803 809 831
EndSection
Section "Screen"
	Identifier "screen"
	Device "dummy"
	Monitor "monitor"
	DefaultDepth 24
	SubSection "Display"
		Depth 24
		Virtual 2560 800
		Modes "1280x800"
	EndSubSection
EndSection
CONF
start_x "Xorg (dummy driver)" Xorg -config "$tmp/xorg.conf" -noreset -nolisten tcp -logfile "$tmp/xorg.log"
xrandr --addmode DUMMY1 1280x800 || fail "xrandr --addmode DUMMY1 failed"
xrandr --output DUMMY0 --mode 1280x800 --pos 0x0 --primary --output DUMMY1 --mode 1280x800 --right-of DUMMY0 || fail "xrandr could not switch DUMMY1 on"
heads="$(xrandr --listmonitors | sed -n 's/^Monitors: //p')"
((heads == 2)) || fail "the X server shows $heads monitors, want 2: $(xrandr --listmonitors | tr '\n' ';')"
echo "smoke-two-screens: displays: $(xrandr --listmonitors | tail -n +2 | tr -s ' ' | tr '\n' ';')"

"$bin" --story stories/demo.md --db "$tmp/smoke.db" --token smoke-token >"$out" 2>&1 &
pid=$!

eventually "the app's window" 60 window_mapped
eventually "the page to report ready" 60 page_ready
# geometry WID: "X Y W H" of a window.
geometry() { xdotool getwindowgeometry --shell "$1" | awk -F= '/^X=|^Y=|^WIDTH=|^HEIGHT=/{printf "%s ", $2}'; }
read -r ax _ _ _ <<<"$(geometry "$wid")"
((ax < 1280)) || fail "the app's window is at x=$ax, want it on the left display"

eventually "the app to print its local server address" 30 api_printed
# api_state: "scene/slide" of the show, from the local server.
api_state() {
	node -e 'fetch(process.argv[1]+"/api/state",{headers:{Authorization:"Bearer smoke-token"}}).then(r=>r.json()).then(s=>console.log(s.scene+"/"+s.slide),e=>{console.log("no answer: "+e.message);process.exit(1)})' "$api"
}

# 2. Present.
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid" || true
xdotool key --window "$wid" s
swid=""
stage_mapped() {
	swid="$(xdotool search --onlyvisible --name 'Stage · Forkcast$' 2>/dev/null | head -1 || true)"
	seen="visible windows: $(xdotool search --onlyvisible --name . getwindowname %@ 2>/dev/null | tr '\n' ',' || true); log: $(grep -i present "$out" | tail -2)"
	[[ -n "$swid" ]]
}
eventually "the stage window after S (Present)" 60 stage_mapped
# The native stage window: titled exactly so, owned by `forkcast stage-window`
# (a child of the app), the stage link (with its token) only on its stdin.
title="$(xdotool getwindowname "$swid")"
[[ "$title" == "Stage · Forkcast" ]] || fail "the stage window is titled '$title', want 'Stage · Forkcast' (the native window)"
spid="$(xdotool getwindowpid "$swid" 2>/dev/null || true)"
[[ -n "$spid" ]] || fail "the stage window has no _NET_WM_PID"
scmd="$(tr '\0' ' ' <"/proc/$spid/cmdline")"
[[ "$scmd" == *" stage-window --display 2 "* ]] || fail "the stage window belongs to '$scmd', want forkcast stage-window --display 2"
[[ "$(ps -o ppid= -p "$spid" | tr -d ' ')" == "$pid" ]] || fail "the stage window's process $spid is not the app's child"
[[ "$scmd" != *smoke-token* && "$scmd" != *127.0.0.1* ]] || fail "the stage window's command line carries the link: $scmd"
on_projector() {
	read -r sx sy sw sh <<<"$(geometry "$swid")"
	# xwininfo too: the absolute position of the window's top-left corner.
	local wx wy
	wx="$(xwininfo -id "$swid" | awk '/Absolute upper-left X/{print $NF}')"
	wy="$(xwininfo -id "$swid" | awk '/Absolute upper-left Y/{print $NF}')"
	seen="stage window at x=$sx y=$sy ${sw}x$sh (xwininfo: $wx,$wy)"
	((sx == 1280 && sy == 0 && sw == 1280 && sh == 800 && wx == 1280 && wy == 0))
}
eventually "the stage window covering the right display (1280x800 at 1280,0)" 30 on_projector
echo "smoke-two-screens: $seen, pid $spid: $scmd"
logged() { seen="$(grep -i 'present' "$out" | tail -1)"; grep -q 'present: the stage is on display.*display=2 how=window' "$out"; }
eventually "the app to log that the stage window is on display 2" 10 logged
browsers="$(pgrep -f -- "--user-data-dir=$tmp/" || true)"
[[ -z "$browsers" ]] || fail "a browser was started as well (pids $browsers)"

# stage_shot OUT: a screenshot of the right display (the projector) into OUT;
# prints its pixel signature. Fails (seen says so) when X gives no image.
stage_shot() {
	import -window root "$tmp/root.png" 2>/dev/null || { seen="import failed"; return 1; }
	magick "$tmp/root.png" -crop 1280x800+1280+0 +repage "$1" 2>/dev/null || convert "$tmp/root.png" -crop 1280x800+1280+0 +repage "$1"
	identify -format %# "$1"
}

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
# The stage page drawn and still (fonts loaded): two shots in a row alike.
before=""
still() {
	local now
	now="$(stage_shot "$tmp/still-stage.png")" || return 1
	seen="stage half's signature ${now:0:12}, the shot before ${before:0:12}"
	[[ "$now" == "$before" ]] && return 0
	before="$now"
	return 1
}
eventually "the stage half to stop changing (the page drawn)" 30 still
node -e 'fetch(process.argv[1]+"/api/next",{method:"POST",headers:{Authorization:"Bearer smoke-token"}}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$api" ||
	fail "POST /api/next failed"
followed() {
	shot_at=$(date +%s%N) # when this try's screenshot starts
	local now
	now="$(stage_shot "$art/smoke-two-screens-stage-next.png")" || return 1
	seen="stage half's signature ${now:0:12}, before Next ${before:0:12}"
	[[ "$now" != "$before" ]]
}
eventually "the stage window to show the next slide after Next (server-sent events)" 30 followed
echo "smoke-two-screens: the stage window followed Next ($art/smoke-two-screens-stage-next.png)"

# 3b. A crash mid-talk: the app killed (SIGKILL). The stage window outlives
# it (only the app's close line ends it), still on the projector, showing the
# same slide. The app restarted on the same database (its port and token kept)
# adopts the window, and the stage page, reconnected by itself, follows Next.
slide_before="$(api_state)" || fail "GET /api/state failed: $slide_before"
killed="$pid"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=""
orphaned() {
	local ppid
	ppid="$(ps -o ppid= -p "$spid" 2>/dev/null | tr -d ' ' || true)"
	seen="process $spid: parent '${ppid:-gone}'; stage windows: $(xdotool search --onlyvisible --name 'Stage · Forkcast$' 2>/dev/null | tr '\n' ',' || true)"
	[[ -n "$ppid" && "$ppid" != "$killed" ]] && [[ "$(xdotool search --onlyvisible --name 'Stage · Forkcast$' 2>/dev/null | head -1 || true)" == "$swid" ]]
}
eventually "the stage window to outlive the killed app (still mapped, its process handed on)" 10 orphaned
echo "smoke-two-screens: the app killed; $seen"
# What the projector shows once the new slide is drawn and still (its fonts
# loaded, its fade done): two screenshots in a row alike.
before=""
eventually "the stage half to stop changing after Next" 30 still
shown="$before"
same_slide() {
	local now
	now="$(stage_shot "$art/smoke-two-screens-stage-app-down.png")" || return 1
	seen="stage half's signature ${now:0:12}, the slide before the kill ${shown:0:12}"
	[[ "$now" == "$shown" ]]
}
# While the app is down nothing can change the show: the projector shows
# exactly what it showed (no "reconnecting" on the stage).
eventually "the stage window to show the same slide, unchanged, while the app is down" 10 same_slide
echo "smoke-two-screens: the app is down, the projector unchanged ($art/smoke-two-screens-stage-app-down.png)"
out="$tmp/out-restarted.log"
: >"$out"
rm -f "$FORKCAST_READY_FILE"
restarted_at=$(date +%s%N)
"$bin" --story stories/demo.md --db "$tmp/smoke.db" --token smoke-token >"$out" 2>&1 &
pid=$!
eventually "the restarted app to print its local server address" 60 api_printed
answered() { seen="$(api_state 2>&1)"; [[ "$seen" == "$slide_before" ]]; }
eventually "the restarted app's server to answer on the same slide ($slide_before)" 60 answered
answered_at=$(date +%s%N)
# The page reconnects by itself: Next on the restarted server reaches it
# (any change of the stage half comes from the new server: the old one is dead).
node -e 'fetch(process.argv[1]+"/api/next",{method:"POST",headers:{Authorization:"Bearer smoke-token"}}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$api" ||
	fail "POST /api/next to the restarted app failed"
posted_at=$(date +%s%N)
before="$shown"
eventually "the stage window to follow Next after the restart (its page reconnected)" 30 followed
# The screenshot that showed the new slide started at shot_at: the page had
# reconnected and drawn it by then (an upper bound; a screenshot takes 1-3 s
# on a busy machine, and the POST a node start).
echo "smoke-two-screens: the stage window outlived the app and showed Next in the screenshot started $(((shot_at - answered_at) / 1000000)) ms after the restarted server answered (the POST returned at $(((posted_at - answered_at) / 1000000)) ms; $(((shot_at - restarted_at) / 1000000)) ms after the restart command)"
adopted() { seen="$(grep -i 'present' "$out" | tail -2 | tr '\n' ' ')"; grep -q "present: adopted the stage window.*pid=$spid" "$out"; }
eventually "the restarted app to adopt the stage window $spid" 30 adopted
echo "smoke-two-screens: $seen"
eventually "the restarted app's window" 60 window_mapped

# 4. S again, on the console: the stage window closes and its process is reaped.
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid" || true
xdotool key --window "$wid" s
stage_gone() {
	seen="stage windows: $(xdotool search --onlyvisible --name 'Stage · Forkcast$' 2>/dev/null | tr '\n' ',' || true); process $spid: $(ps -o stat= -p "$spid" || echo gone); log: $(grep -i 'present' "$out" | tail -1)"
	# The app logs the closing once the process is reaped: wait for all three.
	# Adopted, it is no child of the app: gone, or a zombie its new parent has not reaped.
	[[ -z "$(xdotool search --onlyvisible --name 'Stage · Forkcast$' 2>/dev/null || true)" ]] && [[ "$(ps -o stat= -p "$spid" 2>/dev/null || echo Z)" == Z* ]] &&
		grep -q 'present: the stage window closed' "$out"
}
eventually "S again to close the stage window, end its process and log it" 30 stage_gone
echo "1 0 0" >"$art/counts-smoke-two-screens.txt"
echo "smoke-two-screens: 1 passed, 0 failed"
