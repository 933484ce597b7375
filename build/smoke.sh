#!/usr/bin/env bash
# smoke.sh BIN: the real desktop window under Xvfb.
#  1. the window appears and the page reports ready (the first slide is drawn);
#  2. a screenshot is not blank (unique colours counted with ImageMagick's identify);
#  3. keys sent with xdotool reach the demo story's first fork (checked on the
#     app's own loopback API), and a second screenshot is kept.
# Screenshots go to build/artifacts/. Runs itself under xvfb-run when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/bin/forkcast}"
art=build/artifacts
mkdir -p "$art"

if [[ -z "${SMOKE_IN_XVFB:-}" ]]; then
	export SMOKE_IN_XVFB=1
	exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$0" "$@"
fi

tmp="$(mktemp -d)"
out="$tmp/out.log"
pid=""
cleanup() {
	if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*"; echo "--- app output:"; cat "$out" || true; echo "0 1 0" >"$art/counts-smoke.txt"; exit 1; }

export FORKCAST_READY_FILE="$tmp/ready"
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
start=$(date +%s.%N)
"$bin" --story stories/demo.md --db "$tmp/smoke.db" --token smoke-token >"$out" 2>&1 &
pid=$!

# 1. window + ready
wid=""
for _ in $(seq 1 150); do
	kill -0 "$pid" 2>/dev/null || fail "the app exited early"
	wid="$(xdotool search --onlyvisible --name '^Forkcast' 2>/dev/null | head -1 || true)"
	[[ -n "$wid" && -f "$FORKCAST_READY_FILE" ]] && break
	sleep 0.2
done
[[ -n "$wid" ]] || fail "no window titled Forkcast appeared within 30 s"
[[ -f "$FORKCAST_READY_FILE" ]] || fail "the page did not report ready within 30 s"
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" -v w="$wid" 'BEGIN{printf "smoke: window %s ready after %.2f s\n", w, b-a}'
sleep 1 # let the first transition finish
import -window "$wid" "$art/smoke-first-slide.png"
colours=$(identify -format %k "$art/smoke-first-slide.png")
echo "smoke: first slide screenshot has $colours unique colours"
((colours >= 64)) || fail "the screenshot looks blank ($colours colours)"

# 2. keys to the first fork
api="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$out" || true)"
[[ -n "$api" ]] || fail "the app did not print its local server address"
state() { curl -fsS -H 'Authorization: Bearer smoke-token' "$api/api/state"; }
xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus --sync "$wid" || true
atfork=""
for _ in $(seq 1 25); do
	if state | grep -q '"atFork":true'; then atfork=1; break; fi
	xdotool key --window "$wid" Right
	sleep 0.3
done
[[ -n "$atfork" ]] || fail "Right-arrow presses did not reach the first fork"
xdotool key --window "$wid" o
for _ in $(seq 1 20); do state | grep -q '"state":"open"' && break; sleep 0.25; done
state | grep -q '"state":"open"' || fail "the O key did not open the poll"
sleep 3 # the simulated audience votes
import -window "$wid" "$art/smoke-first-fork.png"
colours=$(identify -format %k "$art/smoke-first-fork.png")
echo "smoke: first fork screenshot has $colours unique colours"
((colours >= 64)) || fail "the fork screenshot looks blank"
echo "2 0 0" >"$art/counts-smoke.txt"
echo "smoke: 2 passed, 0 failed"
