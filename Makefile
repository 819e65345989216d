# Quarry: `make run` serves the API on :8080, `make test` runs every test.
# Both install what is missing first (system programs via scripts/deps.sh,
# a Go toolchain via scripts/go.sh).

GO      := $(shell bash scripts/go.sh)
BIN     := bin/quarry
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/quarrydev/quarry/internal/server.Version=$(VERSION)
export CGO_ENABLED ?= 0

.PHONY: all deps build run test test-go fuzz-smoke bench vet lint clean

all: build

deps:
	@bash scripts/deps.sh

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/quarry

run: deps build
	./$(BIN) serve

# Every test, then a short run of each fuzz target.
test: deps vet lint test-go fuzz-smoke

vet:
	$(GO) vet ./...

# staticcheck is pinned as a module tool (go.mod's tool line), so every
# machine runs the same version with nothing installed by hand.
lint:
	$(GO) tool staticcheck ./...
	@out="$$($$(dirname $(GO))/gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path '*/node_modules/*'))"; \
	if [ -n "$$out" ]; then echo "gofmt wants to rewrite:"; echo "$$out"; exit 1; fi

test-go:
	$(GO) test -count=1 -timeout 14m ./...

fuzz-smoke:
	@GO=$(GO) FUZZTIME=$${FUZZTIME:-3s} bash scripts/fuzz-smoke.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
