#!/usr/bin/env bash
# run.sh - build prodbench (RelWithDebInfo, its own build directory), run it
# with the current commit, keep the table and JSON lines under bench/out/, and
# draw the W9 plot (bench/w9.svg) with gnuplot (installed if missing).
# Usage: bash bench/run.sh [prodbench arguments, e.g. --quick or W1 W9]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build-bench}"
out=bench/out
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target prodbench dataconv >/dev/null
mkdir -p "$out" "$build/data"
# calc reads the full Factorio 1.1 set converted (as ctest's conv fixture does)
"$build/tools/dataconv" factorio data/factorio_recipes.json "$build/data/factorio_1_1.json" >/dev/null
"$build/prodbench" --commit "$(git rev-parse --short HEAD)" "$@" \
  >"$out/results.jsonl" 2> >(tee "$out/table.txt" >&2)
wait

# W9 rows -> "jobs completion_ns idle_ns" for gnuplot.
w9_value() { # metric prefix, jobs
  sed -n "s/.*\"metric\":\"$1_$2\",\"value\":\([^,]*\),.*/\1/p" "$out/results.jsonl"
}
: >"$out/w9.dat"
for jobs in 100 1000 10000 100000 1000000; do
  c="$(w9_value completion_cost_jobs "$jobs")" i="$(w9_value idle_tick_jobs "$jobs")"
  [ -n "$c" ] && [ -n "$i" ] && echo "$jobs $c $i" >>"$out/w9.dat"
done
if [ -s "$out/w9.dat" ]; then
  command -v gnuplot >/dev/null || bash scripts/deps.sh gnuplot-nox >/dev/null
  gnuplot -e "datafile='$out/w9.dat'; outfile='bench/w9.svg'" bench/w9.gp
  echo "W9 plot: bench/w9.svg"
fi
