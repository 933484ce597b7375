#!/usr/bin/env bash
# relay-image.sh: the relay's container image (make relay-image, after make
# release), built offline with podman from build/release's static amd64
# relay and build/package/relay.Containerfile (FROM scratch: nothing to pull;
# --network=none):
#   forkcast-relay:<ver> in podman's local image storage, and
#   build/release/forkcast-relay-<ver>-image-amd64.tar  (docker-archive:
#   `docker load -i` or `podman load -i` on the server); SHA256SUMS is redone.
set -euo pipefail
cd "$(dirname "$0")/../.."
rel=build/release
PODMAN="${PODMAN:-podman}"
command -v "$PODMAN" >/dev/null 2>&1 || { echo "relay-image: $PODMAN is not installed (apt-get install podman)"; exit 1; }
shopt -s nullglob
relays=("$rel"/forkcast-relay-*-linux-amd64)
((${#relays[@]} == 1)) || { echo "relay-image: want one $rel/forkcast-relay-*-linux-amd64 (run make release), found ${#relays[@]}"; exit 1; }
relay="${relays[0]}"
version="${relay##*/forkcast-relay-}"; version="${version%-linux-amd64}"
certs=/etc/ssl/certs/ca-certificates.crt
[[ -f "$certs" ]] || { echo "relay-image: no $certs (apt-get install ca-certificates)"; exit 1; }
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
cp "$relay" "$ctx/forkcast-relay"
cp "$certs" "$ctx/ca-certificates.crt"
mkdir "$ctx/data"
tag="forkcast-relay:$version"
# Image tags allow [A-Za-z0-9_.-] only: a version with "+" (0.2.0+3.gabc) would not do.
[[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || tag="forkcast-relay:$(printf '%s' "$version" | tr -c 'A-Za-z0-9_.-' '-')"
# --format docker keeps the HEALTHCHECK (the OCI format has none).
"$PODMAN" build --network=none --pull=never --format docker -f build/package/relay.Containerfile -t "$tag" "$ctx"
out="$rel/forkcast-relay-$version-image-amd64.tar"
rm -f "$out"
"$PODMAN" save --format docker-archive -o "$out" "$tag"
(cd "$rel" && sha256sum -- $(ls | grep -vx SHA256SUMS) >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
echo "relay-image: $tag, $out ($(du -k "$out" | cut -f1) KiB)"
