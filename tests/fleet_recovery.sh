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
#  3. an idle ship holds cargo of a READY task no ship has (its host state
#     says so, the coordinator does not): the task is re-assigned to it;
#  4. orphaned cargo no task needs: a LIQUIDATE sells it.
# usage: fleet_recovery.sh PRODHOST WORKDIR   (FLEET_KILL_SEED=N repeats the moments)
set -euo pipefail
prodhost="$1"
dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir"
cd "$dir"
rm -f ref.db* crash.db* inject.db* s3.db* s4.db*
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
# Hour by hour, until the save has an idle ship and a task READY that no
# ship has; on one copy the idle ship is given that task's item (3), on
# another an item no pipeline uses (4).
pick() { # -> "SHIP ITEM" or nothing
  "$prodhost" fleet status --db inject.db --format json > tree.json
  python3 "$here/fleet_db.py" inject.db show | python3 -c '
import json, sys
world = json.load(sys.stdin)
tree = json.load(open("tree.json"))
idle = [i + 1 for i, s in enumerate(world["ships"]) if s["task"] == 0 and not s["cargo"]]
ready = [n["item"] for p in tree if p["state"] in ("PLANNING", "EXECUTING") for n in p["nodes"]
         if n.get("task") in ("ACQUIRE", "COLLECT") and n["state"] == "READY" and n["worker"] == 0]
used = {n["item"] for p in tree for n in p["nodes"]}
if idle and ready and "FAB_MATS" not in used:
    print(idle[0], ready[0])'
}
found=""
for h in 1 2 3 4 5 6 7 8; do
  "$prodhost" fleet run --ships 10 --hours "$h" --seed 1 --db inject.db > /dev/null 2>&1
  found="$(pick)"
  [ -n "$found" ] && break
done
[ -n "$found" ] || fail "scenarios 3 and 4: no save had an idle ship and an unassigned READY task"
read -r ship item <<< "$found"
at="$(printf '%d.00' $((h * 60)))"
for n in 3 4; do cp inject.db "s$n.db"; done
python3 "$here/fleet_db.py" s3.db cargo "$ship" "$item" 10
python3 "$here/fleet_db.py" s4.db cargo "$ship" FAB_MATS 10
for n in 3 4; do
  "$prodhost" fleet run --hours $((h + 1)) --db "s$n.db" --trace > "s$n.txt" 2> "s$n.log"
  grep -q "found 10 = " "s$n.txt" || fail "scenario $n: the 10 units found are not counted"
  grep -q "conservation: .* ok; .* ok$" "s$n.txt" || fail "scenario $n: the run does not balance"
done
grep -q "trace $at: ship $ship ordered to [A-Z]* $item" s3.log ||
  fail "scenario 3: the unassigned task of $item was not re-assigned to ship $ship"
grep -q "trace $at: ship $ship liquidates FAB_MATS x10" s4.log ||
  fail "scenario 4: the orphaned FAB_MATS were not liquidated"
grep -q "liquidated [1-9]" s4.txt || fail "scenario 4: nothing liquidated"
echo "fleet recovery ok: 5 kills ($mid mid-run), $carrying ships caught carrying cargo, scenarios 1-4"
