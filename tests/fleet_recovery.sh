#!/usr/bin/env bash
# Crash recovery of `prodhost fleet run --db`: a run of 24 game hours is
# killed with SIGKILL at a random moment after its first save, five times,
# and restarted on the same database each time; the run that finishes must
# print exactly the summary of the same run never interrupted (so nothing
# bought was lost, no task ran twice, the accounts balance: the conservation
# line says ok twice). Seed 002's four recovery scenarios, end to end:
#  1. a kill while ships are under way with cargo (mid-navigation), and
#  2. after a purchase, before its delivery (the ship holds the cargo, its
#     DELIVER open): both are checked in the saved state at the kills, and
#     the resumed run's reconciliation resumes them;
#  3. a ship holds cargo whose task was never assigned to it (its host state
#     says so, the coordinator does not): the task is re-assigned to it;
#  4. orphaned cargo no task needs: a LIQUIDATE sells it.
# usage: fleet_recovery.sh PRODHOST WORKDIR   (FLEET_KILL_SEED=N repeats the moments)
set -euo pipefail
prodhost="$1"
dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir"
cd "$dir"
rm -f ref.db* crash.db* inject.db*
seed="${FLEET_KILL_SEED:-$$}"
RANDOM=$seed
echo "kill moments from FLEET_KILL_SEED=$seed"
args=(fleet run --ships 5 --hours 24 --seed 7)
fail() { echo "FAIL: $*"; exit 1; }
saved_at() { sqlite3 "$1" "SELECT value FROM meta WHERE name = 'fleet_saved_at'" 2>/dev/null || true; }

"$prodhost" "${args[@]}" --db ref.db > ref.txt 2> ref.log
grep -q "conservation: .* ok; .* ok$" ref.txt || fail "the reference run does not balance"

carrying=0 last=0 mid=0
for k in 1 2 3 4 5; do
  "$prodhost" "${args[@]}" --db crash.db > "run-$k.txt" 2> "run-$k.log" &
  pid=$!
  for _ in $(seq 1 200); do # until this run's first save (or its end)
    at="$(saved_at crash.db)"
    { [ -n "$at" ] && [ "$at" -gt "$last" ]; } || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.02
  done
  sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  at="$(saved_at crash.db)"
  [ -n "$at" ] || fail "kill $k: nothing saved"
  [ "$at" -ge "$last" ] || fail "kill $k: the save went back from $last to $at"
  [ "$at" -lt 86400000 ] && mid=$((mid + 1))
  last="$at"
  # Ships under way with cargo aboard and their order open (scenarios 1 and 2).
  n="$(python3 "$here/fleet_db.py" crash.db show | python3 -c '
import json, sys
w = json.load(sys.stdin)
print(sum(1 for s in w["ships"] if s["task"] and s["cargo"]))')"
  carrying=$((carrying + n))
  echo "kill $k at game minute $((at / 60000)): $n ships under way with cargo"
  if [ "$k" -gt 1 ]; then
    grep -q "resumed crash.db" "run-$k.log" || fail "run $k did not resume"
  fi
done
[ "$mid" -ge 3 ] || fail "only $mid of 5 kills fell before the end of the run"
[ "$carrying" -ge 1 ] || fail "no kill found a ship under way with cargo"
"$prodhost" "${args[@]}" --db crash.db > final.txt 2> final.log
grep -q "reconciled 5 ships: [1-9][0-9]* resumed" final.log run-*.log ||
  fail "no reconciliation resumed a ship's task"
diff ref.txt final.txt || fail "the resumed run's summary differs from the uninterrupted one"

# Scenarios 3 and 4: the host's saved cargo disagrees with the coordinator.
"$prodhost" fleet run --ships 20 --hours 1 --seed 1 --db inject.db > /dev/null 2>&1
python3 "$here/fleet_db.py" inject.db cargo 1 EQUIPMENT 10
python3 "$here/fleet_db.py" inject.db cargo 2 FAB_MATS 10
"$prodhost" fleet run --hours 2 --db inject.db --trace > inject.txt 2> inject.log
grep -q "trace 60.00: ship 1 ordered to COLLECT EQUIPMENT" inject.log ||
  fail "scenario 3: the unassigned COLLECT of EQUIPMENT was not re-assigned to ship 1"
grep -q "trace 60.00: ship 1 ordered to SELL EQUIPMENT" inject.log ||
  fail "scenario 3: ship 1's EQUIPMENT did not go on to its sale"
grep -q "trace 60.00: ship 2 liquidates FAB_MATS x10" inject.log ||
  fail "scenario 4: the orphaned FAB_MATS were not liquidated"
grep -q "found 20 = .* liquidated [1-9]" inject.txt || fail "scenario 4: nothing liquidated"
grep -q "conservation: .* ok; .* ok$" inject.txt || fail "the injected run does not balance"
echo "fleet recovery ok: 5 kills ($mid mid-run), $carrying ships caught carrying cargo, scenarios 1-4"
