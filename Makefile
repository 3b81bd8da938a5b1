# qosbench: `make help` lists the targets.
SHELL   := /bin/bash
GO      ?= go
BIN     := bin/qosbench
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# System tools the lab needs, as command:Debian-package pairs; chromium renders
# report.html in the browser test (analysis.TestReportInBrowser).
SYSDEPS := nft:nftables tc:iproute2 ip:iproute2 nsenter:util-linux chromium:chromium
FUZZTIME ?= 30s
# staticcheck, pinned; `make lint` installs it into bin/tools when missing.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/tools/staticcheck-$(STATICCHECK_VERSION)

.DEFAULT_GOAL := help

.PHONY: help deps build test test-short demo library bench lint fuzz clean sweep golden router-image settle-bench soak standin-library

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

deps: ## Install missing system packages (Debian, needs root): nftables, iproute2, util-linux, chromium
	@missing=""; for d in $(SYSDEPS); do c=$${d%%:*}; p=$${d##*:}; \
	  command -v $$c >/dev/null 2>&1 || PATH="$$PATH:/usr/sbin:/sbin" command -v $$c >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "deps: all system packages present"; exit 0; fi; \
	missing=$$(echo $$missing | tr ' ' '\n' | sort -u | tr '\n' ' '); \
	if [ "$$(id -u)" != 0 ]; then echo "deps: missing$$missing; run 'sudo make deps' (namespace tests will be skipped)"; exit 0; fi; \
	echo "deps: installing $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null && echo "deps: installed $$missing"
	@command -v $(GO) >/dev/null || { echo "deps: Go is not installed (https://go.dev/doc/install)"; exit 1; }

build: ## Build bin/qosbench
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/qosbench

test: deps ## Run every test: unit tests, and namespace tests when root (they skip with the reason otherwise); as root it builds the router VM image first, so kind vm is tested too
	$(GO) vet ./...
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory router-image || echo "test: the router VM image could not be built; the kind vm tests will skip"; fi
	$(GO) test -count=1 -p 1 -timeout 20m ./...

test-short: ## Unprivileged unit tests only, even as root (-short skips every namespace test)
	$(GO) test -count=1 -short ./...

demo: deps build ## Install what is missing, build, and run the flagship scenario on the embedded lab
	@echo "== qosbench run scenarios/voip-under-load.yaml (two variants, about a minute) =="
	@rc=0; ./$(BIN) run scenarios/voip-under-load.yaml --out qosbench-out/voip-under-load || rc=$$?; \
	if [ $$rc = 4 ]; then echo; echo "demo: exit code 4 = a threshold failed. Expected here: with fasttrack on, VoIP bypasses the router's queues and waits in the ISP buffer."; exit 0; fi; \
	exit $$rc

library: deps build ## Lint and run every seed-guide scenario (scenarios/seeds, original and corrected; about 4 minutes)
	@mkdir -p qosbench-out/seeds; : > qosbench-out/seeds/summary.txt
	@for f in scenarios/seeds/*.yaml; do n=$$(basename $$f .yaml); \
	  echo "== $$n"; rc=0; ./$(BIN) run $$f --out qosbench-out/seeds/$$n > qosbench-out/seeds/$$n.txt 2>&1 || rc=$$?; \
	  sed -n '/^claims (/,/^$$/p' qosbench-out/seeds/$$n.txt; \
	  echo "$$n: exit $$rc ($$(grep -o 'claims ([0-9]* of [0-9]* hold)' qosbench-out/seeds/$$n.txt))" >> qosbench-out/seeds/summary.txt; \
	  if [ $$rc != 0 ] && [ $$rc != 4 ]; then cat qosbench-out/seeds/$$n.txt; exit $$rc; fi; done
	@echo; echo "== summary (exit 4 = a claim does not hold; the corrected versions must exit 0)"; cat qosbench-out/seeds/summary.txt
	@! grep -- '-fixed: exit [^0]' qosbench-out/seeds/summary.txt >/dev/null

router-image: ## Build the router VM image of DUT kind vm into build/router-image (Debian packages only; installs its apt deps)
	GO=$(GO) VERSION=$(VERSION) bash scripts/router-image.sh build/router-image
standin-library: ## Run the flagship and the whole seed library through the RouterBOARD stand-in (kind routeros; needs root, ~3 min)
	QOSBENCH_STANDIN_LIBRARY=1 $(GO) test -count=1 -run '^TestStandInRouterBOARD$$' -v ./cmd/qosbench/

settle-bench: build ## Seed library at fixed duration and with --until-settled: wall time and verdicts (needs root, ~8 min)
	scripts/settle-bench.sh ./$(BIN)

BENCHDEPS := iperf3:iperf3 trafgen:netsniff-ng irtt:irtt

bench: build ## Side-by-side benchmark (qosbench vs iperf3, trafgen, irtt; needs root) and the Go benchmarks
	@missing=""; for d in $(BENCHDEPS); do c=$${d%%:*}; p=$${d##*:}; \
	  command -v $$c >/dev/null 2>&1 || PATH="$$PATH:/usr/sbin:/sbin" command -v $$c >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "bench: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi
	@mkdir -p qosbench-out
	PATH="$$PATH:/usr/sbin:/sbin" ./$(BIN) bench --out qosbench-out/bench.json | tee qosbench-out/bench.md
	$(GO) test -run '^$$' -bench . -benchmem ./...

golden: ## Refresh the analysis golden files and docs/img/report.png (needs chromium)
	$(GO) test -count=1 ./analysis/ -update

lint: $(STATICCHECK) ## gofmt, go vet and staticcheck (pinned, installed into bin/tools); fails on any finding
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

$(STATICCHECK):
	@mkdir -p bin/tools
	GOBIN=$(CURDIR)/bin/tools $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/tools/staticcheck $@

fuzz: ## Run each fuzz target for FUZZTIME (default 30s)
	$(GO) test -run '^$$' -fuzz '^FuzzParseRSC$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./routeros/
	$(GO) test -run '^$$' -fuzz '^FuzzWriteRSCValue$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./routeros/
	$(GO) test -run '^$$' -fuzz '^FuzzLint$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./routeros/lint/
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./routeros/wire/
	$(GO) test -run '^$$' -fuzz '^FuzzSession$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./emulator/api/
	$(GO) test -run '^$$' -fuzz '^FuzzTranslate$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./emulator/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./scenarios/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeProbe$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 200x ./traffic/

.PHONY: soak
SOAK_RUNS ?= 100
soak: build ## Run the flagship SOAK_RUNS times (default 100) with random interrupts and foreign namespaces; report leaks (needs root; SOAK_CLEANUP=all when alone on the machine)
	SOAK_RUNS=$(SOAK_RUNS) ./scripts/soak.sh

sweep: build ## Remove every qosbench lab left on this machine (needs root)
	./$(BIN) lab down --all

clean: ## Remove build and demo outputs (and the router VM image)
	rm -rf bin qosbench-out build
