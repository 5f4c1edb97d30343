#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time (seconds, default 60) from its seed corpus (fuzz/corpus/<t>)
# with its dictionary (fuzz/<t>.dict, when there is one):
#   deserialize  hostile saved bytes, under both changed-recipe policies, and
#                the round trip (what loads saves and loads to the same bytes)
#   recipes      hostile recipe JSON, and the export round trip
#   ops          random ABI operations on a manager; no item created or lost
#   coordinator  hostile coordinator saves, the round trip, and what loads
#                reconciled, ticked, traded and read (fuzz/coord_driver.c)
# The corpus in the repository is not modified: new inputs go to a scratch
# directory. A crash leaves its input in fuzz/regressions/<t>/ (the
# it_fuzz_replay test replays everything there once committed) and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bash scripts/deps.sh clang libclang-rt-14-dev
dir=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROD_FUZZ=ON >/dev/null
cmake --build "$dir" -j"$(nproc)" --target fuzz_deserialize fuzz_recipes fuzz_ops \
  fuzz_coordinator >/dev/null
status=0
for t in deserialize recipes ops coordinator; do
  scratch="$(mktemp -d)"
  mkdir -p "fuzz/regressions/$t"
  dict=""; [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
  echo "=== fuzz_$t for ${seconds}s"
  rc=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$dir/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="fuzz/regressions/$t/" $dict \
    "$scratch" "fuzz/corpus/$t" >"$scratch.log" 2>&1 || rc=$?
  grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Test unit written|fuzz_ops:|fuzz_coordinator:" "$scratch.log" || true
  if [ "$rc" -ne 0 ]; then
    tail -40 "$scratch.log"
    echo "fuzz_$t found a problem (exit $rc); its input is in fuzz/regressions/$t/"
    status=1
  fi
  rm -f "$scratch.log"
  rm -rf "$scratch"
done
exit $status
