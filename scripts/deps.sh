#!/usr/bin/env bash
# Installs the system programs Quarry shells out to, only when missing.
# Safe to run repeatedly; `make run` and `make test` call it first.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }

have pdftotext  || need+=(poppler-utils)
have tesseract  || need+=(tesseract-ocr)
have qpdf       || need+=(qpdf)
have jq         || need+=(jq)   # the README examples pipe through it
have node       || need+=(nodejs)  # the export tests' independent readers
have npm        || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)  # the dashboard's browser test (playwright-core drives it)
for lang in eng tur deu fra spa osd; do
  if ! ls /usr/share/tesseract-ocr/*/tessdata/"$lang".traineddata >/dev/null 2>&1; then
    need+=("tesseract-ocr-$lang")
  fi
done
# LibreOffice converts legacy DOC/XLS/PPT; it is large, so it can be skipped
# with QUARRY_SKIP_LIBREOFFICE=1 (those formats then answer office_conversion_failed).
if [ "${QUARRY_SKIP_LIBREOFFICE:-0}" != "1" ] && ! have soffice; then
  need+=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)
fi

# Tests drive tools Quarry did not write (DuckDB, apache-arrow and ExcelJS
# read exports back; emulators and clients in other folders), each folder
# of tools/ pinned by its own package-lock.json. npm ci runs in a folder
# when its node_modules is missing or older than its lock file.
js_deps() {
  local root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools"
  for lock in "$root"/*/package-lock.json; do
    [ -f "$lock" ] || continue
    dir="$(dirname "$lock")"
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$lock" -nt "$dir/node_modules/.package-lock.json" ]; then
      echo "deps: npm ci in tools/${dir#"$root"/}" >&2
      npm ci --prefix "$dir" --no-audit --no-fund >/dev/null
    fi
  done
}

if [ ${#need[@]} -eq 0 ]; then
  js_deps
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
js_deps
