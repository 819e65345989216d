#!/usr/bin/env bash
# Runs every Go fuzz target of the project briefly (FUZZTIME, default 3s),
# so that CI catches a parser that panics on the first mutated inputs.
# Targets run FUZZ_JOBS at a time (default 2): most of a target's time is
# building and linking its instrumented test binary, which is serial work.
set -euo pipefail
cd "$(dirname "$0")/.."
export GO=${GO:-go}
export FUZZTIME=${FUZZTIME:-3s}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export logs

# one_target FILE:LINE runs the fuzz target declared on that line and
# leaves its output in $logs/NAME.fail when it failed.
one_target() {
  local line=$1 file name pkg log
  file=${line%%:*}
  name=$(sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/' <<<"${line#*:}")
  pkg="./$(dirname "$file")"
  log="$logs/$name.log"
  echo "fuzz: $pkg $name ($FUZZTIME)"
  run() { "$GO" test "$pkg" -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" >"$log" 2>&1; }
  if run; then
    return 0
  fi
  # On a loaded machine the fuzzing engine itself can miss its own
  # deadline ("context deadline exceeded") with no failing input found;
  # that is no finding, so the target gets one more run. A real crash
  # writes "Failing input written to" and fails at once.
  if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written to' "$log" && run; then
    echo "fuzz: $pkg $name passed on its second run (the engine timed out on the first)"
    return 0
  fi
  mv "$log" "$logs/$name.fail"
}
export -f one_target

grep -rHE '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' --include='*_test.go' internal cmd 2>/dev/null | sort |
  tr '\n' '\0' | xargs -0 -P "${FUZZ_JOBS:-2}" -I{} bash -c 'one_target "$1"' _ {}

status=0
for f in "$logs"/*.fail; do
  [ -e "$f" ] || continue
  echo "fuzz: FAILED $(basename "$f" .fail)"; cat "$f"; status=1
done
exit $status
