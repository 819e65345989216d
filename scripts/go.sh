#!/usr/bin/env bash
# Prints the path of a Go toolchain new enough for go.mod, installing one
# when the machine has none: Debian's golang-go bootstraps, then the exact
# toolchain is fetched as a module through the configured Go module proxy
# (the same way `GOTOOLCHAIN=auto` does it in newer Go versions).
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(awk '/^go /{print $2; exit}' go.mod)

version_ok() { # $1 = path to go
  local v
  v=$("$1" env GOVERSION 2>/dev/null | sed 's/^go//') || return 1
  [ "$(printf '%s\n%s\n' "$want" "$v" | sort -V | head -n1)" = "$want" ]
}

for candidate in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && version_ok "$candidate"; then
    echo "$candidate"; exit 0
  fi
done

if ! command -v go >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  echo "go.sh: installing Debian's golang-go to bootstrap Go $want" >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends golang-go ca-certificates >/dev/null
fi
boot=$(command -v go)
mod="golang.org/toolchain@v0.0.1-go${want}.$(uname -s | tr A-Z a-z)-$(dpkg --print-architecture 2>/dev/null || echo amd64)"
echo "go.sh: fetching $mod" >&2
dir=$(cd /tmp && GOFLAGS=-mod=mod "$boot" mod download -json "$mod" | awk -F'"' '/"Dir"/{print $4}')
chmod +x "$dir/bin/"* "$dir/pkg/tool/"*/* 2>/dev/null || true
echo "$dir/bin/go"
