#!/usr/bin/env bash
# The chunk store's figures on this machine (README, "Performance"): saves and
# hand-overs per second on SQLite and on PostgreSQL, through
# `prodhost storebench` (16 demo chunks after 5 game minutes, ROUNDS passes),
# and the hand-overs per second of the two-server demo itself.
#   SQLite       a fresh file in a temporary directory (WAL, synchronous=NORMAL)
#   PostgreSQL   a throwaway cluster (tests/pg_cluster.sh) with the server's
#                default durability (fsync on, synchronous_commit on), once as
#                it is and once with synchronous_commit=off for the connection,
#                which shows what waiting for the WAL flush at commit costs
# usage: bash scripts/store_bench.sh [ROUNDS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-200}"
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
prodhost="$PWD/build/prodhost"
source tests/pg_cluster.sh
pg_start -c fsync=on -c synchronous_commit=on
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"; pg_stop' EXIT

echo "== SQLite"
"$prodhost" storebench --store "$tmp/bench.db" --rounds "$rounds"
echo "== PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}'), Unix socket, fsync on"
db="$(pg_newdb bench)"
"$prodhost" storebench --pg "${db#pg:}" --rounds "$rounds"
echo "== PostgreSQL, synchronous_commit=off for the bench's connections"
db="$(pg_newdb bench_async)"
"$prodhost" storebench --pg "${db#pg:} options='-c synchronous_commit=off'" --rounds "$rounds"

echo "== two servers, one world (demo: 16 chunks, 30 game minutes, view 1)"
db="$(pg_newdb demo)"
start=$(date +%s%N)
"$prodhost" demo --view 1 --pg "${db#pg:}" --region 0/2 >"$tmp/r0.out" &
"$prodhost" demo --view 1 --pg "${db#pg:}" --region 1/2 >"$tmp/r1.out"
wait
ms=$(( ($(date +%s%N) - start) / 1000000 ))
out=$(sed -n 's/^region: .*: \([0-9]*\) chunks handed over to other regions.*/\1/p' "$tmp"/r[01].out |
      paste -sd+ | bc)
waits=$(sed -n 's/^region: .* waits (\([0-9]*\) ms).*/\1/p' "$tmp"/r[01].out | paste -sd+ | bc)
echo "hand-overs: $out in $ms ms: $(( out * 1000 / (ms > 0 ? ms : 1) ))/s (the servers waited $waits ms in all for each other)"
