# Release targets, included from the Makefile (docs/releasing.md).
#   make release        every download into build/release/ (.deb, .tar.gz, Windows .exe, relays, SHA256SUMS)
#   make release-test   install the .deb on this machine (root), test the INSTALLED app, uninstall
#   make release-macos  on a Mac: the universal .app, zipped, into build/release/
#   make relay-image    after make release: the relay's container image (podman, offline) + its archive
#   make relay-image-test  load the image archive into a fresh podman storage and run it
RELEASE_DIR := build/release

.PHONY: release release-test release-macos relay-image relay-image-test

release: deps frontend ## build the downloads into build/release/ (.deb, .tar.gz, Windows .exe, relays, SHA256SUMS)
	VERSION=$(VERSION) GO=$(GO) WAILS=$(WAILS) build/package/release.sh

release-test: ## install build/release/*.deb (needs root), test the installed app under Xvfb, uninstall
	build/package/release-test.sh

release-macos: ## on macOS: universal Forkcast.app (ad-hoc signed) zipped into build/release/
	VERSION=$(VERSION) build/package/release-macos.sh

relay-image: ## after make release: the relay's image (podman, FROM scratch, --network=none) and build/release/forkcast-relay-<ver>-image-amd64.tar
	build/package/relay-image.sh

relay-image-test: ## load the relay's image archive into a fresh podman storage; run version and serve in it
	build/package/relay-image-test.sh
