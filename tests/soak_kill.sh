#!/usr/bin/env bash
# Crash safety of the chunk store: `prodhost soak` saves every chunk each
# round (one transaction, with the round number) and prints the round after
# each commit; it is killed with SIGKILL at a random moment (50..500 ms) five
# times. After each kill `prodhost verify` must find a database that passes
# integrity_check, rows that pass their checksums and deserialize back to
# exactly the committed bytes, and the round the soak last printed (or the
# next one, if the kill fell between commit and print). Runs 1, 3 and 5 are
# killed at a random moment after their first commit (so that a loaded
# machine still tests mid-run kills), runs 2 and 4 at a random moment after
# their start (possibly before any commit).
# usage: soak_kill.sh PRODHOST WORKDIR   (SOAK_KILL_SEED=N repeats the moments)
set -euo pipefail
prodhost="$1"
dir="$2"
mkdir -p "$dir"
db="$dir/soak.db"
rm -f "$db" "$db-wal" "$db-shm"
seed="${SOAK_KILL_SEED:-$$}"
RANDOM=$seed
echo "kill moments from SOAK_KILL_SEED=$seed"
# Run 0 ends by itself: the database and its tables exist before any kill.
"$prodhost" soak --db "$db" --run 0 --rounds 1 >/dev/null
"$prodhost" verify --db "$db" --run 0 --round 1
committed=0
for run in 1 2 3 4 5; do
  log="$dir/soak-$run.log"
  "$prodhost" soak --db "$db" --run "$run" --seed "$run" >"$log" &
  pid=$!
  if [ $((run % 2)) -eq 1 ]; then
    for _ in $(seq 400); do # up to 20 s for the first commit
      if grep -q '^committed' "$log" || ! kill -0 "$pid" 2>/dev/null; then break; fi
      sleep 0.05
    done
  fi
  ms=$((50 + RANDOM % 451))
  sleep "$(printf '0.%03d' "$ms")"
  kill -KILL "$pid"
  if wait "$pid" 2>/dev/null; then
    echo "soak run $run ended by itself"
    exit 1
  fi
  round=$(sed -n 's/^committed run [0-9]* round \([0-9]*\)$/\1/p' "$log" | tail -n 1)
  round=${round:-0}
  echo "run $run: SIGKILL after $ms ms, last printed round $round"
  "$prodhost" verify --db "$db" --run "$run" --round "$round"
  if [ "$round" -gt 0 ]; then committed=$((committed + 1)); fi
done
if [ "$committed" -lt 3 ]; then
  echo "only $committed runs committed a round before their kill (runs 1, 3, 5 must)"
  exit 1
fi
echo "5 kills, $committed of them after at least one commit: every check passed"
