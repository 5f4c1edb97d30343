#!/usr/bin/env bash
# The whole test suite: install what is missing, then
#  1. ctest in a normal build (gcc, RelWithDebInfo), and a quick prodbench run
#     whose output must be JSON lines; the PostgreSQL tests (label pg, ~35 s)
#     start a throwaway cluster of their own (tests/pg_cluster.sh);
#  2. every other build type and compiler must build: gcc Debug and Release,
#     clang Debug, RelWithDebInfo and Release (-Werror everywhere);
#  3. ctest under AddressSanitizer + UBSan (the PostgreSQL tests again: the
#     host's libpq and hand-over code under the sanitizers);
#  4. the threaded tests under ThreadSanitizer;
#  5. each libFuzzer target for a bounded time (FUZZ_SECONDS, default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh clang libclang-rt-14-dev
jobs="$(nproc)"
quiet() { # run a command, showing its output only when it fails
  local log; log="$(mktemp)"
  if ! "$@" >"$log" 2>&1; then cat "$log"; rm -f "$log"; return 1; fi
  rm -f "$log"
}
build() { # dir, cmake args...
  local dir="$1"; shift
  echo "=== $dir: configure and build"
  quiet cmake -S . -B "$dir" "$@"
  quiet cmake --build "$dir" -j"$jobs"
}
run_suite() { # dir, ctest filter regex, cmake args...
  local dir="$1" filter="$2"; shift 2
  build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
  echo "=== $dir: ctest"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" -R "$filter")
}
run_suite build .
build/prodbench --quick | build/bench_jsonl_check # bench runs, emits JSON lines (figures not judged)
for bt in Debug Release; do CC=gcc CXX=g++ build "build-gcc-$bt" -DCMAKE_BUILD_TYPE="$bt"; done
for bt in Debug RelWithDebInfo Release; do
  CC=clang CXX=clang++ build "build-clang-$bt" -DCMAKE_BUILD_TYPE="$bt"
done
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_suite build-asan . -DPROD_SANITIZE=ON
TSAN_OPTIONS=halt_on_error=1 run_suite build-tsan 'it_threads|it_chain|it_reentry|it_lp|it_coord_abi' -DPROD_TSAN=ON
bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
