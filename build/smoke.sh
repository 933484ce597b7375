#!/usr/bin/env bash
# smoke.sh BIN: the real desktop window under Xvfb.
#  1. the window is mapped and the page reports ready (the first slide is drawn);
#  2. a screenshot is not blank (unique colours counted with ImageMagick's identify);
#  3. a whole talk with a clicker's keys only (PageDown, PageUp, B), sent by
#     xdotool, from the first slide through the forks to the end screen, each
#     key checked on the app's own loopback API (build/smoke-talk.mjs); a
#     screenshot of the end screen is kept.
# Every wait is on a condition (window mapped, ready file, position changed,
# poll open, votes counted) with a generous deadline; a timeout says what was
# awaited and what was seen last. Screenshots go to build/artifacts/. It
# starts its own Xvfb on a display the server picks (build/lib.sh start_x),
# whatever DISPLAY says.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/bin/forkcast}"
# shellcheck source=build/lib.sh
. build/lib.sh
smoke_init smoke
start_x Xvfb Xvfb -screen 0 1280x800x24 -nolisten tcp

start=$(date +%s.%N)
# The demo with ties broken by the first listed choice and a short grace, and an
# audience leaning one way, so that every fork is decided by votes.
node -e 'const fs=require("fs");const s=fs.readFileSync("stories/demo.md","utf8");const a=s.indexOf("vote:\n"),b=s.indexOf("\n---\n",a);if(a<0||b<0)process.exit(1);fs.writeFileSync(process.argv[1],s.slice(0,a)+"vote:\n  number: \"+1 503 555 0142\"\n  timer: 0\n  ties: first-listed\n  open: key\n  grace: 1s"+s.slice(b))' "$tmp/demo.md" || fail "stories/demo.md has no vote: block to replace"
"$bin" --story "$tmp/demo.md" --db "$tmp/smoke.db" --token smoke-token --source sim:audience=120,seed=3,bias=70/30,rate=40 >"$out" 2>&1 &
pid=$!

# 1. window mapped + page ready
eventually "a visible window titled Forkcast" 60 window_mapped
eventually "the page to report ready" 60 page_ready
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" -v w="$wid" 'BEGIN{printf "smoke: window %s ready after %.2f s\n", w, b-a}'

# not_blank FILE: a screenshot of the window with at least 64 colours. The
# ready page has drawn its first slide, but the X server may show the frame a
# moment later: the shot is taken again until it is drawn or the deadline passes.
colours=0
not_blank() {
	import -window "$wid" "$1" 2>/dev/null || { seen="import could not grab window $wid"; return 1; }
	colours=$(identify -format %k "$1")
	seen="a screenshot with $colours unique colours"
	((colours >= 64))
}
eventually "the first slide on screen (a screenshot with >= 64 colours)" 30 not_blank "$art/smoke-first-slide.png"
echo "smoke: first slide screenshot has $colours unique colours"

# 3. a whole talk with the clicker's keys
eventually "the app to print its local server address" 30 api_printed
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid" || true
node build/smoke-talk.mjs "$api" smoke-token "$wid" || fail "the clicker keys did not drive the talk to its end"
eventually "the end screen on screen (a screenshot with >= 64 colours)" 30 not_blank "$art/smoke-end-screen.png"
echo "3 0 0" >"$art/counts-smoke.txt"
echo "smoke: 3 passed, 0 failed"
