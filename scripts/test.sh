#!/usr/bin/env bash
# The whole test suite: install what is missing, then build and run ctest:
# a normal build, one under AddressSanitizer + UBSan, and the threaded tests
# under ThreadSanitizer; then each libFuzzer target for a bounded time
# (FUZZ_SECONDS, default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs="$(nproc)"
run_suite() { # build-dir, ctest filter regex, extra cmake args...
  local dir="$1" filter="$2"; shift 2
  echo "=== $dir: configure and build"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" >/dev/null
  echo "=== $dir: ctest"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" -R "$filter")
}
run_suite build .
build/prodbench --quick | build/bench_jsonl_check # bench runs, emits JSON lines (figures not judged)
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_suite build-asan . -DPROD_SANITIZE=ON
TSAN_OPTIONS=halt_on_error=1 run_suite build-tsan 'it_threads|it_chain' -DPROD_TSAN=ON
bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
