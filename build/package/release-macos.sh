#!/usr/bin/env bash
# release-macos.sh (make release-macos), on a Mac only: Wails cannot
# cross-compile the macOS app from Linux. Builds the universal (arm64 +
# x86_64) Forkcast.app with the version from git describe, signs it ad hoc,
# checks the signature and the two architectures, and zips it with ditto
# into build/release/forkcast-<ver>-macos-universal.zip (+ its SHA-256).
# Needs Go 1.26+, Node.js 20.19+, the Xcode command line tools. docs/macos.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ "$(uname -s)" == Darwin ]] || { echo "release-macos: run this on a Mac (Wails cannot build macOS apps on $(uname -s)); see docs/macos.md"; exit 1; }
GO="${GO:-go}"
VERSION="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
WAILS="$("$GO" env GOPATH)/bin/wails"
"$WAILS" version 2>/dev/null | grep -q v2.16.0 || "$GO" install github.com/wailsapp/wails/v2/cmd/wails@v2.16.0
(cd frontend && npm ci --no-audit --no-fund && npm run build)
touch frontend/dist/.keep
"$WAILS" build -platform darwin/universal -s -skipbindings -m -trimpath -ldflags "-X main.version=$VERSION"
app="$(ls -d build/bin/*.app | head -1)"
[[ -d "$app" ]] || { echo "release-macos: wails build made no .app"; exit 1; }
codesign --force --deep --sign - "$app"
codesign --verify --deep --strict --verbose=2 "$app"
bin="$(ls "$app/Contents/MacOS/" | head -1)"
lipo -archs "$app/Contents/MacOS/$bin" | grep -q arm64 || { echo "release-macos: no arm64 slice"; exit 1; }
lipo -archs "$app/Contents/MacOS/$bin" | grep -q x86_64 || { echo "release-macos: no x86_64 slice"; exit 1; }
"$app/Contents/MacOS/$bin" version | grep -qF "$VERSION" || { echo "release-macos: the app does not report $VERSION"; exit 1; }
mkdir -p build/release
zip="build/release/forkcast-$VERSION-macos-universal.zip"
rm -f "$zip"
ditto -c -k --sequesterRsrc --keepParent "$app" "$zip"
(cd build/release && shasum -a 256 "$(basename "$zip")" >"$(basename "$zip").sha256")
echo "release-macos: $zip ($(du -k "$zip" | cut -f1) KiB)"
