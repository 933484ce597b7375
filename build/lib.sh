# build/lib.sh: what the window smoke tests share. Sourced (never run) by
# build/smoke.sh and build/smoke-two-screens.sh, after `set -euo pipefail`
# and a `cd` to the repository's root:
#
#   smoke_init NAME       a temporary folder ($tmp), the app's log ($out), the
#                         ready file and fresh XDG folders for the app, and an
#                         EXIT trap that ends what the script started
#   start_x WHAT CMD...   an X server on a display it picks itself (see there)
#   fail MSG              the failure line, the logs, counts "0 1 0", exit 1
#   eventually WHAT SECONDS CMD...   wait on a condition (see there)
#   window_mapped, page_ready, api_printed   conditions for eventually
#   end_pids PID...       end processes this shell did not start directly
#
# Variables the scripts read: tmp, out, art, pid (the app: set it when it is
# started), xserver, wid, api, seen. A script may define smoke_cleanup_hook,
# which the EXIT trap calls after ending the app and before the X server.

art=build/artifacts
name=smoke
tmp=""
out=/dev/null
pid=""
xserver=""
wid=""
api=""
seen=""

# smoke_init NAME: NAME starts every message and names the counts file
# (build/artifacts/counts-NAME.txt, read by build/summary.sh).
smoke_init() {
	name="$1"
	mkdir -p "$art"
	tmp="$(mktemp -d)"
	out="$tmp/out.log"
	: >"$out"
	trap smoke_cleanup EXIT
	export FORKCAST_READY_FILE="$tmp/ready"
	export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
}

# smoke_cleanup ends the app, then what the script's hook ends, then the X
# server, each by its own pid, and removes $tmp. It never fails: a test that
# passed stays passed.
smoke_cleanup() {
	if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	if declare -F smoke_cleanup_hook >/dev/null; then smoke_cleanup_hook || true; fi
	if [[ -n "$xserver" ]]; then kill "$xserver" 2>/dev/null || true; wait "$xserver" 2>/dev/null || true; fi
	if [[ -n "$tmp" ]]; then rm -rf "$tmp" 2>/dev/null || echo "$name: could not remove $tmp" >&2; fi
	return 0
}

# end_pids PID...: end processes that are not this shell's children (it
# cannot wait for them): SIGTERM, then up to 10 s for them to exit (a
# browser writes its profile until it does), then SIGKILL for any left.
end_pids() {
	local p i alive
	for p in "$@"; do kill "$p" 2>/dev/null || true; done
	for ((i = 0; i < 50; i++)); do
		alive=""
		for p in "$@"; do if kill -0 "$p" 2>/dev/null; then alive+=" $p"; fi; done
		if [[ -z "$alive" ]]; then return 0; fi
		sleep 0.2 # how often the processes are checked, not a wait for an outcome
	done
	for p in $alive; do kill -9 "$p" 2>/dev/null || true; done
}

fail() {
	echo "$name: FAIL: $*"
	echo "--- app output:"
	cat "$out" 2>/dev/null || true
	if [[ -n "$xserver" ]] && ! kill -0 "$xserver" 2>/dev/null; then
		echo "--- the X server exited; its output:"
		cat "$tmp/x.log" 2>/dev/null || true
	fi
	echo "0 1 0" >"$art/counts-$name.txt"
	exit 1
}

# eventually WHAT SECONDS CMD...: run CMD until it succeeds. CMD sets $seen to
# what it found; past the deadline the failure quotes WHAT and $seen. It fails
# at once when the app ($pid) or the X server ($xserver) has exited.
eventually() {
	local what="$1" secs="$2"
	shift 2
	local end=$(($(date +%s) + secs))
	seen="nothing yet"
	until "$@"; do
		if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then fail "the app exited while waiting for $what"; fi
		if [[ -n "$xserver" ]] && ! kill -0 "$xserver" 2>/dev/null; then fail "the X server exited while waiting for $what"; fi
		(($(date +%s) < end)) || fail "timed out after $secs s waiting for $what; last seen: $seen"
		sleep 0.2 # how often the condition is checked, not a wait for an outcome
	done
}

# start_x WHAT CMD...: start the X server CMD (Xvfb or Xorg, without a display
# number) and export DISPLAY and XAUTHORITY for everything started after it.
# The server picks its display itself: with -displayfd it claims the first
# free number (its lock file and its socket, each taken atomically) and
# writes the number to the descriptor once it accepts connections. Two
# scripts started at once therefore never share a display; `xvfb-run -a`
# looks for a free number first and starts the server after, so two runs can
# pick the same one. The server takes only clients holding a fresh cookie
# (it reads every cookie of its -auth file, whatever display the file names).
start_x() {
	local what="$1"
	shift
	local cookie
	cookie="$(mcookie)"
	xauth -q -f "$tmp/x-server.auth" add :0 MIT-MAGIC-COOKIE-1 "$cookie" 2>/dev/null || fail "xauth could not write the X server's cookie"
	: >"$tmp/display"
	"$@" -displayfd 3 -auth "$tmp/x-server.auth" 3>"$tmp/display" >"$tmp/x.log" 2>&1 &
	xserver=$!
	x_listening() {
		seen="X server output: $(tail -c 300 "$tmp/x.log" | tr '\n' ' ')"
		grep -qE '^[0-9]+$' "$tmp/display"
	}
	eventually "$what to accept connections" 60 x_listening
	local n
	n="$(head -1 "$tmp/display")"
	export DISPLAY=":$n" XAUTHORITY="$tmp/x-client.auth"
	xauth -q -f "$XAUTHORITY" add "$DISPLAY" MIT-MAGIC-COOKIE-1 "$cookie" 2>/dev/null || fail "xauth could not write the clients' cookie"
	echo "$name: $what on display $DISPLAY"
}

# window_mapped: a visible window titled Forkcast...; sets $wid.
window_mapped() {
	wid="$(xdotool search --onlyvisible --name '^Forkcast' 2>/dev/null | head -1 || true)"
	seen="visible windows: $(xdotool search --onlyvisible --name . getwindowname %@ 2>/dev/null | tr '\n' ',' || true)"
	[[ -n "$wid" ]]
}

# page_ready: the app's page has drawn its first view (the app writes
# $FORKCAST_READY_FILE then).
page_ready() {
	seen="no $FORKCAST_READY_FILE yet"
	[[ -f "$FORKCAST_READY_FILE" ]]
}

# api_printed: the app has printed its local server's address; sets $api.
api_printed() {
	api="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$out" || true)"
	seen="app output: $(tail -c 300 "$out")"
	[[ -n "$api" ]]
}
