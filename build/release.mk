# Release targets, included from the Makefile (docs/releasing.md).
#   make release        every download into build/release/ (.deb, .tar.gz, Windows .exe, relays, SHA256SUMS)
#   make release-test   install the .deb on this machine (root), test the INSTALLED app, uninstall
#   make release-macos  on a Mac: the universal .app, zipped, into build/release/
RELEASE_DIR := build/release

.PHONY: release release-test release-macos

release: deps frontend ## build the downloads into build/release/ (.deb, .tar.gz, Windows .exe, relays, SHA256SUMS)
	VERSION=$(VERSION) GO=$(GO) WAILS=$(WAILS) build/package/release.sh

release-test: ## install build/release/*.deb (needs root), test the installed app under Xvfb, uninstall
	build/package/release-test.sh

release-macos: ## on macOS: universal Forkcast.app (ad-hoc signed) zipped into build/release/
	VERSION=$(VERSION) build/package/release-macos.sh
