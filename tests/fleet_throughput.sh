#!/usr/bin/env bash
# Seed 002's throughput claim on `prodhost fleet run` (8 game hours, seed 1;
# game-time figures, the same on every machine): with 10 ships the
# utilisation (busy time / available time) is at least 90%, and the runs
# per game hour are at least 6x the serial baseline's (one ship, one
# pipeline at a time); the summary balances in both runs.
# usage: fleet_throughput.sh PRODHOST
set -euo pipefail
prodhost="$1"
fail() { echo "FAIL: $*"; exit 1; }
serial="$("$prodhost" fleet run --serial --hours 8 --seed 1 2>/dev/null)"
fleet="$("$prodhost" fleet run --ships 10 --hours 8 --seed 1 2>/dev/null)"
for out in "$serial" "$fleet"; do
  grep -q "conservation: .* ok; .* ok$" <<< "$out" || fail "a run does not balance: $out"
done
runs() { sed -n 's/^runs per hour: //p' <<< "$1"; }
util="$(sed -n 's/^utilisation: \([0-9.]*\)%.*/\1/p' <<< "$fleet")"
echo "10 ships: utilisation $util%, $(runs "$fleet") runs per game hour; serial $(runs "$serial")"
awk -v u="$util" 'BEGIN { exit !(u >= 90) }' || fail "utilisation with 10 ships is $util% (< 90%)"
awk -v f="$(runs "$fleet")" -v s="$(runs "$serial")" 'BEGIN { exit !(s > 0 && f >= 6 * s) }' ||
  fail "runs per game hour with 10 ships are under 6x the serial baseline's"
