#!/usr/bin/env bash
# install-deps.sh: install what Forkcast needs to build, run and test, skipping
# what is already there. Debian/Ubuntu: apt packages (as root, or with sudo).
# Other systems: print what to install and exit 1.
#
#   build/install-deps.sh            build + run deps (GTK, WebKitGTK 4.1, compilers)
#   build/install-deps.sh --test     also the test deps (Xvfb, Xorg's dummy driver, xrandr, xdotool, ImageMagick, Chromium)
set -euo pipefail

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

os="$(uname -s)"
if [[ "$os" != "Linux" ]] || ! command -v apt-get >/dev/null 2>&1; then
	cat >&2 <<'MSG'
forkcast: automatic set-up supports Debian/Ubuntu only. On this system install by hand:
  - Go 1.26+ (https://go.dev/dl/) and Node.js 20+ with npm
  - the Wails CLI, pinned:  go install github.com/wailsapp/wails/v2/cmd/wails@v2.16.0
  - macOS: Xcode command line tools (xcode-select --install); nothing else
  - Windows: the WebView2 runtime (preinstalled on Windows 10/11); no C compiler is needed
  - other Linux: gtk3 and webkit2gtk-4.1 development packages, pkg-config, a C compiler
then run: make build   (macOS/Windows: wails build)
MSG
	exit 1
fi

pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev)
if ((want_test)); then
	pkgs+=(xvfb xauth xdotool x11-utils x11-xserver-utils xserver-xorg-core xserver-xorg-video-dummy imagemagick chromium fonts-dejavu-core curl nginx ansible-core python3)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
if ((${#missing[@]} == 0)); then
	exit 0
fi

sudo=""
if [[ "$(id -u)" != 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "forkcast: need root or sudo to install: ${missing[*]}" >&2
		exit 1
	fi
fi
echo "forkcast: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another install (or unattended-upgrades on a fresh machine) may hold the
# dpkg lock: wait for it up to 10 minutes instead of failing at once.
lock=(-o DPkg::Lock::Timeout=600)
$sudo apt-get "${lock[@]}" update -q
$sudo apt-get "${lock[@]}" install -y -q --no-install-recommends "${missing[@]}"
