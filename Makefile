# Forkcast. The two commands: `make run` and `make test`. Each installs what is
# missing first (apt packages via build/install-deps.sh, the pinned Wails CLI,
# npm packages from the lockfile). `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
WAILS_PIN   := v2.16.0
WAILS       := $(GOBIN)/wails
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -X main.version=$(VERSION)
DESKTOP_TAGS:= desktop,production,webkit2_41
BIN         := build/bin/forkcast
RELAY_BIN   := build/bin/forkcast-relay
DEV_BIN     := build/bin/forkcast-dev
ART         := build/artifacts
# A count, not a duration: with a duration Go 1.26's fuzz coordinator can fail
# a target with a bare "context deadline exceeded" (no failing input) when a
# starved worker is mid-call at the deadline (golang/go#75804, fixed in Go 1.27).
FUZZTIME    ?= 2000x
UNAME_S     := $(shell uname -s)

# Every fuzz target (package:Target), run briefly by `make test`; `make fuzz-long` runs each for 10m.
FUZZ_TARGETS = $(shell grep -rnE '^func Fuzz[A-Za-z0-9_]*' --include='*_test.go' --exclude-dir=node_modules . | \
	sed -E 's|^\./(.*)/[^/]*:[0-9]+:func (Fuzz[A-Za-z0-9_]*).*|./\1:\2|; s|^\./[^/]*_test.go:[0-9]+:func (Fuzz[A-Za-z0-9_]*).*|.:\1|' | sort -u)

.PHONY: help run test deps deps-test wails-cli node-modules frontend bindings bindings-check build \
        binaries relay lint check-tracked vet gotest fuzz fuzz-long fetest smoke e2e e2e-run bench clean platform-check

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

platform-check:
ifneq ($(UNAME_S),Linux)
	@echo "forkcast: 'make run' and 'make test' set up Debian/Ubuntu automatically."
	@echo "On $(UNAME_S): install Go 1.26+, Node.js 20+, and the Wails CLI $(WAILS_PIN):"
	@echo "  go install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_PIN)"
	@echo "then: cd frontend && npm ci && cd .. && wails build && ./build/bin/forkcast (see README)."
	@exit 1
endif

deps: platform-check ## install build and run dependencies (apt, Wails CLI, npm)
	build/install-deps.sh
	@$(MAKE) --no-print-directory wails-cli node-modules

deps-test: platform-check ## install test dependencies too (Xvfb, xdotool, ImageMagick, Chromium)
	build/install-deps.sh --test
	@$(MAKE) --no-print-directory wails-cli node-modules

wails-cli:
	@if ! "$(WAILS)" version 2>/dev/null | grep -q '$(WAILS_PIN)'; then \
		echo "forkcast: installing the Wails CLI $(WAILS_PIN)"; \
		$(GO) install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_PIN); \
	fi

node-modules: frontend/node_modules/.package-lock.json

frontend/node_modules/.package-lock.json: frontend/package-lock.json frontend/package.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("forkcast: Node.js 20.19+ is needed, found "+process.version); process.exit(1) }'
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend: node-modules ## build the frontend into frontend/dist
	cd frontend && npm run build
	@touch frontend/dist/.keep

bindings: wails-cli ## regenerate the Wails bindings in frontend/wailsjs
	"$(WAILS)" generate module -tags webkit2_41 >/dev/null
	@touch frontend/dist/.keep

bindings-check: bindings ## fail if the committed bindings drifted from the Go code
	@if ! git diff --quiet -- frontend/wailsjs; then \
		echo "forkcast: the Wails bindings are out of date; run 'make bindings' and commit frontend/wailsjs:"; \
		git --no-pager diff --stat -- frontend/wailsjs; exit 1; fi
	@if [ -n "$$(git ls-files --others --exclude-standard frontend/wailsjs)" ]; then \
		echo "forkcast: new binding files are not committed:"; git ls-files --others --exclude-standard frontend/wailsjs; exit 1; fi

build: deps frontend ## build the desktop binary (build/bin/forkcast) and the relay
	@$(MAKE) --no-print-directory binaries

binaries: ## build the desktop binary and the relay from the frontend already in frontend/dist
	$(GO) build -tags $(DESKTOP_TAGS) -ldflags "-w -s $(LDFLAGS)" -o $(BIN) .
	@$(MAKE) --no-print-directory relay

relay: ## build the static relay binary (build/bin/forkcast-relay)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-w -s -X main.version=$(VERSION)" -o $(RELAY_BIN) ./bridge/relay/cmd/forkcast-relay

run: build ## install what is missing, build, open the app on the bundled talk (rehearsal, simulated audience)
	./$(BIN) $(ARGS)

vet:
	$(GO) vet ./...

gotest: ## go test ./... (no build tags, no display), with a summary line
	@mkdir -p $(ART)
	build/gotest.sh ./...

fuzz: ## run every fuzz target for FUZZTIME (default 2000x: executions, not seconds)
	@mkdir -p $(ART)
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) "$$pkg" > $(ART)/fuzz-$$name.log 2>&1 || { cat $(ART)/fuzz-$$name.log; exit 1; }; \
	done

fuzz-long: ## run every fuzz target for 10 minutes
	@$(MAKE) --no-print-directory fuzz FUZZTIME=10m

fetest: node-modules ## frontend type-check and unit tests (Vitest)
	cd frontend && npm run check
	cd frontend && ../build/counted.sh vitest npm test

smoke: ## the real desktop window under Xvfb: appears, page ready, not blank, a whole talk with a clicker's keys (xdotool); then two displays (Xorg dummy driver): Present puts the stage on the right one
	build/smoke.sh $(BIN)
	build/smoke-two-screens.sh $(BIN)

e2e: deps-test ## browser tests (playwright-core + Debian's Chromium) against forkcast serve (and, for the desktop-only LAN panel, a dev-tagged build); builds the app first when build/bin has none
	@[ -x $(BIN) ] || { $(MAKE) --no-print-directory frontend && $(MAKE) --no-print-directory binaries; }
	@$(MAKE) --no-print-directory e2e-run

# The browser tests alone, on the binary already built (make test's e2e stage).
e2e-run:
	$(GO) build -tags dev,webkit2_41 -o $(DEV_BIN) .
	cd frontend && FORKCAST_BIN=$(CURDIR)/$(BIN) FORKCAST_DEV_BIN=$(CURDIR)/$(DEV_BIN) ../build/counted.sh e2e npm run e2e

# Each stage runs under build/stage.sh, which times it; summary.sh closes with
# the time of every stage and "total: N passed, N failed, N skipped".
test: platform-check ## install what is missing, then run every test (stages timed, summary at the end)
	@mkdir -p $(ART) && rm -f $(ART)/counts-*.txt $(ART)/times.txt
	@build/stage.sh tracked build/check-tracked.sh
	@build/stage.sh setup $(MAKE) --no-print-directory deps-test
	@build/stage.sh frontend $(MAKE) --no-print-directory frontend
	@build/stage.sh bindings $(MAKE) --no-print-directory bindings-check
	@build/stage.sh vet $(GO) vet ./...
	@build/stage.sh gotest build/gotest.sh ./...
	@build/stage.sh fuzz $(MAKE) --no-print-directory fuzz
	@build/stage.sh vitest $(MAKE) --no-print-directory fetest
	@build/stage.sh desktop $(MAKE) --no-print-directory binaries
	@build/stage.sh smoke $(MAKE) --no-print-directory smoke
	@build/stage.sh e2e $(MAKE) --no-print-directory e2e-run
	@build/summary.sh

check-tracked: ## fail if git tracks an executable or a binary over 1 MB (outside icons, fonts, testdata)
	build/check-tracked.sh

lint: node-modules ## tracked-file check, gofmt, go vet, staticcheck (if installable), tsc --noEmit
	build/check-tracked.sh
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@if $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -version >/dev/null 2>&1; then \
		$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...; \
	else echo "staticcheck not installable here: skipped"; fi
	cd frontend && npx tsc --noEmit -p tsconfig.json

bench: ## run the benchmarks quoted in docs/benchmarks.md
	build/bench.sh

clean:
	rm -rf build/bin $(ART)

include build/release.mk
