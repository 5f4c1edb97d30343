#!/usr/bin/env bash
# The fleet's throughput table (seed 002's claim): `prodhost fleet run` for
# 8 game hours, seed 1, with the serial baseline and 1, 2, 5, 10 and 20
# ships; prints the README's table (utilisation, runs per game hour and its
# ratio to the serial baseline, profit per game hour) and draws
# bench/fleet.svg with gnuplot (installed if missing). Game-time figures:
# the same on every machine.
# usage: scripts/fleet_bench.sh [BUILD_DIR]   (default build; builds prodhost if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
if [ ! -x "$build/prodhost" ]; then
  bash scripts/deps.sh >/dev/null
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j"$(nproc)" --target prodhost production >/dev/null
fi
hours=8
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
figures() { # fleet run options -> "utilisation runs_per_hour profit_per_hour"
  "$build/prodhost" fleet run --hours "$hours" --seed 1 "$@" 2>/dev/null | awk -v h="$hours" '
    /^utilisation:/ { u = $2 + 0 }
    /^runs per hour:/ { r = $4 }
    /^credits:/ { p = $NF }
    END { printf "%.1f %.2f %.0f\n", u, r, p / h }'
}
read -r su sr sp <<< "$(figures --serial)"
echo "| ships | utilisation | runs / game hour | x serial | profit / game hour |"
echo "| --- | --- | --- | --- | --- |"
echo "| 1, serial baseline | $su% | $sr | 1.0 | $sp |"
for n in 1 2 5 10 20; do
  read -r u r p <<< "$(figures --ships "$n")"
  x="$(awk -v r="$r" -v s="$sr" 'BEGIN { printf "%.1f", r / s }')"
  echo "| $n | $u% | $r | $x | $p |"
  echo "$n $u $r" >> "$out/fleet.dat"
done
command -v gnuplot >/dev/null || bash scripts/deps.sh gnuplot-nox >/dev/null
gnuplot -e "datafile='$out/fleet.dat'; outfile='bench/fleet.svg'; serial=$sr" bench/fleet.gp
echo "plot: bench/fleet.svg"
