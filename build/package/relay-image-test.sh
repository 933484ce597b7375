#!/usr/bin/env bash
# relay-image-test.sh: test the shipped image archive (make relay-image-test,
# after make relay-image), not the image in the build's storage: it is loaded
# into a fresh, temporary podman storage, then
#  1. the image runs as 65532:65532 with /forkcast-relay as entrypoint;
#  2. `version` in the container prints the version the archive is named for;
#  3. `serve` (with test secrets, no network: --network=none) answers its own
#     health check (/readyz, run inside the container) within 30 s.
# podman here: crun refuses this machine's hybrid cgroup layout, so runc is
# used when installed (PODMAN_RUNTIME overrides); the container has no
# CAP_SYS_RESOURCE to raise rlimits, so they are given at or below the host's.
set -euo pipefail
cd "$(dirname "$0")/../.."
rel=build/release
fail() { echo "relay-image-test: FAIL: $*"; exit 1; }
ok() { echo "relay-image-test: ok: $*"; }
command -v podman >/dev/null 2>&1 || fail "podman is not installed (apt-get install podman runc)"
shopt -s nullglob
tars=("$rel"/forkcast-relay-*-image-amd64.tar)
((${#tars[@]} == 1)) || fail "want one $rel/forkcast-relay-*-image-amd64.tar (run make relay-image), found ${#tars[@]}"
tar="${tars[0]}"
version="${tar##*/forkcast-relay-}"; version="${version%-image-amd64.tar}"
runtime="${PODMAN_RUNTIME:-$(command -v runc || true)}"
store="$(mktemp -d)"
name="forkcast-relay-test-$$"
P=(podman --root "$store/root" --runroot "$store/run" --storage-driver vfs)
[[ -n "$runtime" ]] && P+=(--runtime "$runtime")
cleanup() {
	"${P[@]}" rm -f -t 2 "$name" >/dev/null 2>&1 || true
	"${P[@]}" rmi -a -f >/dev/null 2>&1 || true
	rm -rf "$store"
}
trap cleanup EXIT
run=(--network=none --no-healthcheck --ulimit "nofile=$(ulimit -Sn):$(ulimit -Hn)" --ulimit nproc=4096:4096)

loaded="$("${P[@]}" load -q -i "$tar")" || fail "podman load -i $tar failed: $loaded"
image="$(sed -nE 's/^Loaded image(\(s\))?: *//p' <<<"$loaded" | head -1)"
[[ -n "$image" ]] || fail "podman load printed no image name: $loaded"
cfg="$("${P[@]}" image inspect --format '{{.Config.User}} {{json .Config.Entrypoint}}' "$image")"
[[ "$cfg" == '65532:65532 ["/forkcast-relay"]' ]] || fail "image config is \"$cfg\", want 65532:65532 [\"/forkcast-relay\"]"
ok "$(basename "$tar") ($(du -k "$tar" | cut -f1) KiB) loads as $image; runs as 65532:65532, entrypoint /forkcast-relay"

got="$("${P[@]}" run --rm "${run[@]}" "$image" version 2>&1)" || fail "the container's version failed: $got"
[[ "$got" == "forkcast-relay $version" ]] || fail "the container printed \"$got\", want \"forkcast-relay $version\""
ok "the container prints: $got"

token="$("$rel/forkcast-relay-$version-linux-amd64" token)"
"${P[@]}" run -d --name "$name" "${run[@]}" -e TWILIO_AUTH_TOKEN=relay-image-test \
	-e FORKCAST_RELAY_TOKEN="$token" -e FORKCAST_RELAY_PUBLIC_URL=https://relay.example.com "$image" >/dev/null ||
	fail "podman run -d of $image failed"
end=$(($(date +%s) + 30))
until "${P[@]}" exec "$name" /forkcast-relay health --url http://127.0.0.1:8080/readyz >/dev/null 2>&1; do
	state="$("${P[@]}" inspect --format '{{.State.Status}}' "$name" 2>&1 || true)"
	[[ "$state" == running ]] || fail "the relay container is $state; its log: $("${P[@]}" logs "$name" 2>&1 | tail -5)"
	(($(date +%s) < end)) || fail "no ready answer from the relay in the container after 30 s; its log: $("${P[@]}" logs "$name" 2>&1 | tail -5)"
	sleep 0.2 # how often readiness is checked, not a wait for an outcome
done
ok "serve in the container answers its health check: $("${P[@]}" logs "$name" 2>&1 | grep -m1 'relay listening' || true)"
echo "relay-image-test: 3 passed, 0 failed"
