#!/usr/bin/env bash
# release.sh: build every file a speaker or an operator downloads into
# build/release/ (make release; the frontend is built first by the Makefile):
#   forkcast_<debver>_amd64.deb           Linux package (nfpm), depends on GTK 3 + WebKitGTK 4.1
#   forkcast-<ver>-linux-amd64.tar.gz     portable Linux archive
#   forkcast-<ver>-windows-amd64.exe      Windows desktop app (wails build -platform windows/amd64)
#   forkcast-<ver>-windows-amd64-installer.exe   NSIS installer, when makensis is installed
#   forkcast-relay-<ver>-linux-{amd64,arm64}      static relay binaries
#   forkcast-relay.Dockerfile             the relay's container recipe (build from a checkout)
#   SHA256SUMS
# Every binary carries VERSION (git describe) in main.version.
set -euo pipefail
cd "$(dirname "$0")/../.."

GO="${GO:-go}"
NFPM_PIN="${NFPM_PIN:-v2.48.0}"
WAILS="${WAILS:-$("$GO" env GOPATH)/bin/wails}"
VERSION="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
out=build/release
stage=build/release-stage
pkgver="$(build/package/debversion.sh "$VERSION")"

log() { printf 'release: %s\n' "$*"; }
[[ -f frontend/dist/index.html ]] || { echo "release: frontend/dist is not built (make frontend)"; exit 1; }

rm -rf "$out" "$stage"
mkdir -p "$out" "$stage/stories"
ldver="-X main.version=$VERSION"

log "version $VERSION (package version $pkgver)"
log "linux/amd64 desktop binary"
"$GO" build -trimpath -tags desktop,production,webkit2_41 -ldflags "-w -s $ldver" -o "$stage/forkcast" .

log "relay binaries (static, linux/amd64 and linux/arm64)"
for arch in amd64 arm64; do
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch "$GO" build -trimpath -ldflags "-w -s $ldver" \
		-o "$out/forkcast-relay-$VERSION-linux-$arch" ./bridge/relay/cmd/forkcast-relay
done
cp bridge/relay/Dockerfile "$out/forkcast-relay.Dockerfile"

log "windows/amd64 desktop binary (wails build)"
# wails build rewrites the committed JS runtime (dropping its file modes),
# which would fail make bindings-check: note the modes, put them back after.
modes="$(cd frontend/wailsjs/runtime && stat -c '%a %n' -- *)"
nsis=()
if command -v makensis >/dev/null 2>&1; then nsis=(-nsis); fi
# -s: the frontend is already built; -skipbindings: the committed bindings
# are checked by make bindings-check; -m: leave go.mod alone.
"$WAILS" build -platform windows/amd64 -s -skipbindings -m -trimpath -clean=false \
	"${nsis[@]}" -ldflags "$ldver" -o forkcast.exe >"$stage/wails-windows.log" 2>&1 ||
	{ cat "$stage/wails-windows.log"; exit 1; }
(cd frontend/wailsjs/runtime && while read -r m f; do chmod "$m" "$f"; done <<<"$modes")
mv build/bin/forkcast.exe "$out/forkcast-$VERSION-windows-amd64.exe"
if ((${#nsis[@]})); then
	inst="$(ls build/bin/*installer*.exe 2>/dev/null | head -1 || true)"
	[[ -n "$inst" ]] || { cat "$stage/wails-windows.log"; echo "release: wails -nsis made no installer"; exit 1; }
	mv "$inst" "$out/forkcast-$VERSION-windows-amd64-installer.exe"
else
	log "makensis not installed: no Windows installer (apt install nsis)"
fi

log "staging the Linux files"
cp build/package/forkcast.desktop "$stage/"
cp build/appicon.png "$stage/forkcast.png"
cp build/appicon.svg "$stage/forkcast.svg"
cp README.md CHANGELOG.md "$stage/"
cp stories/*.md "$stage/stories/"
cp -r stories/django-deployment "$stage/stories/"

log "portable archive"
tdir="forkcast-$VERSION-linux-amd64"
mkdir -p "$stage/tar/$tdir"
cp -r "$stage/forkcast" "$stage/forkcast.desktop" "$stage/forkcast.png" "$stage/README.md" \
	"$stage/CHANGELOG.md" "$stage/stories" "$stage/tar/$tdir/"
tar -C "$stage/tar" --owner=0 --group=0 --sort=name -czf "$out/$tdir.tar.gz" "$tdir"

log "Debian package (nfpm $NFPM_PIN)"
# nfpm expands the environment in some fields only (not in contents' src):
# fill the recipe's two variables here.
sed -e "s|\${FORKCAST_STAGE}|$stage|g" -e "s|\${FORKCAST_PKG_VERSION}|$pkgver|g" \
	build/package/nfpm.yaml >"$stage/nfpm.yaml"
"$GO" run "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_PIN" package \
	--config "$stage/nfpm.yaml" --packager deb --target "$out/"

rm -rf "$stage"
(cd "$out" && sha256sum -- * >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
log "done: $out"
(cd "$out" && ls -l --block-size=K)
