#!/usr/bin/env bash
# Runs the ingest benchmarks by hand (never from go test): throughput
# against the bare engines, then peak memory of one large PDF of each kind.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(mktemp -d)/formats
go build -o "$bin" ./bench/formats
"$bin" -mode text
"$bin" -mode ocr -scans 8 -rounds 2
/usr/bin/time -f "mem-text max RSS %M KB" "$bin" -mode mem-text -pages 500
/usr/bin/time -f "mem-scan max RSS %M KB" "$bin" -mode mem-scan -pages 50
