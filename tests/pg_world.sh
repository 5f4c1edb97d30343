#!/usr/bin/env bash
# One world on PostgreSQL, run by several prodhost servers, against a
# throwaway cluster (tests/pg_cluster.sh; each scenario gets a fresh database):
#  (1) the conservation, balance and event digest lines of a world run by two
#      servers (--region 0/2 and 1/2, chunks handed over as the player walks
#      across the border), by three, and by one on PostgreSQL, equal those of
#      a single process without a store; verify passes on the database; a
#      server joining a finished world or one of another shape is refused;
#  (2) SIGKILL one server at a random moment while hand-overs go on (one
#      server is paced, the other runs ahead and waits for it at each one), in
#      four rounds, the paced and the unpaced one by turns: the survivor ends
#      up waiting for a hand-over from the dead one (it says so), adopts its
#      region, takes its chunks over from their last commit once the leases
#      ran out, finishes the world, and every chunk still balances on its own
#      (nothing lost, nothing doubled); verify passes;
#  (3) SIGSTOP a server past its lease: the other takes its chunks over; on
#      SIGCONT the stopped one finds its leases gone and stops without
#      committing (its saves are fenced), so no chunk runs on in two places.
# usage: pg_world.sh PRODHOST WORKDIR   (PG_WORLD_SEED=N repeats the moments)
set -euo pipefail
prodhost="$1"; dir="$2"
rm -rf "$dir"; mkdir -p "$dir"
source "$(dirname "$0")/pg_cluster.sh"
pg_start
seed="${PG_WORLD_SEED:-$$}"
RANDOM=$seed
echo "kill moments from PG_WORLD_SEED=$seed"
fail() { echo "pg_world: $*"; exit 1; }
world=(demo --view 1 --seed 3)
lines() { grep -E '^(conservation|balance|event digest):' "$1"; }

# (1) Same lines from one process, one PostgreSQL server, two and three servers.
"$prodhost" "${world[@]}" >"$dir/single.out"
lines "$dir/single.out" >"$dir/single.lines"
grep -q "ok, equals the inventories" "$dir/single.lines" || fail "the single run does not balance"
servers() { # name count: run `count` servers of one world on a fresh database
  local db; db="$(pg_newdb "$1")"
  local pids=() k
  for ((k = 0; k < $2; k++)); do
    "$prodhost" "${world[@]}" --pg "${db#pg:}" --region "$k/$2" >"$dir/$1-$k.out" \
      2>"$dir/$1-$k.err" &
    pids+=($!)
  done
  for k in "${!pids[@]}"; do
    wait "${pids[$k]}" || fail "$1 server $k failed: $(tail -5 "$dir/$1-$k.err")"
    lines "$dir/$1-$k.out" | cmp -s - "$dir/single.lines" ||
      fail "$1 server $k: the world's lines differ from one process's:
$(lines "$dir/$1-$k.out")
--- one process:
$(cat "$dir/single.lines")"
  done
  "$prodhost" verify --db "$db" >"$dir/$1.verify" || fail "$1: verify: $(cat "$dir/$1.verify")"
}
servers one 1
servers two 2
servers three 3
for k in 0 1; do
  grep -Eq "^region: +$k of 2, .*: [1-9][0-9]* chunks handed over to other regions, [1-9][0-9]* from them" \
    "$dir/two-$k.out" || fail "two servers: server $k handed nothing over: $(grep region: "$dir/two-$k.out")"
done
refused() { # what, regex, prodhost args...: a clean failure saying regex
  local what="$1" re="$2"; shift 2
  if "$prodhost" "$@" >"$dir/refused.out" 2>"$dir/refused.err"; then fail "$what was accepted"; fi
  grep -q "$re" "$dir/refused.err" || fail "$what: $(cat "$dir/refused.err")"
}
db="pg:$PG_BASE dbname=two" # finished by the two servers above
refused "a finished world" "has already finished this world" "${world[@]}" --pg "${db#pg:}" --region 0/2
refused "another world's shape" "holds another world" demo --seed 4 --pg "${db#pg:}"
refused "unloading on a shared store" "SQLite store only" "${world[@]}" --pg "${db#pg:}" --unload-every 10
echo "(1) one process, and one, two and three servers on PostgreSQL: the same world; a finished"
echo "    world, another world's shape and unloading on a shared store are refused"
grep -h '^region:' "$dir"/two-*.out

# Two servers of a 10-minute world with 1 s leases: `paced` sleeps 2 ms a game
# step, `fast` runs ahead and waits for it at every hand-over.
start_pair() { # name: starts them, sets paced fast db
  db="$(pg_newdb "$1")"
  local common=(demo --view 1 --seed 5 --minutes 10 --lease-ms 1000 --pg "${db#pg:}")
  "$prodhost" "${common[@]}" --region 0/2 --pace 2 >"$dir/$1-paced.out" 2>"$dir/$1-paced.err" &
  paced=$!
  "$prodhost" "${common[@]}" --region 1/2 >"$dir/$1-fast.out" 2>"$dir/$1-fast.err" &
  fast=$!
}
survivor_ok() { # name side: the survivor finished a balanced world and took chunks over
  local out="$dir/$1-$2.out" err="$dir/$1-$2.err"
  grep -q "balance: .*(ok, equals the inventories)" "$out" || fail "$1: $2 does not balance: $(cat "$out" "$err")"
  grep -q "regions adopted" "$out" && grep -Eq " [1-9][0-9]* taken over" "$out" ||
    fail "$1: $2 took nothing over: $(grep region: "$out")"
  grep -q "adopts region" "$err" || fail "$1: $2 adopted no region"
  "$prodhost" verify --db "$db" >"$dir/$1.verify" || fail "$1: verify: $(cat "$dir/$1.verify")"
}

# (2) SIGKILL at a random moment, four rounds.
for round in 1 2 3 4; do
  start_pair "kill$round"
  victim=paced; survivor=fast; vpid=$paced; spid=$fast
  if [ $((round % 2)) -eq 0 ]; then victim=fast; survivor=paced; vpid=$fast; spid=$paced; fi
  ms=$((400 + RANDOM % 2000))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -KILL "$vpid"
  wait "$vpid" 2>/dev/null && fail "kill$round: the $victim server had already finished"
  wait "$spid" || fail "kill$round: the $survivor server failed: $(tail -5 "$dir/kill$round-$survivor.err")"
  survivor_ok "kill$round" "$survivor"
  # A hand-over caught by the kill: the survivor waited for one from the dead
  # server, or had handed chunks to it that it never took.
  err="$dir/kill$round-$survivor.err"
  if grep -q "waiting for chunk .* to come from another server" "$err"; then
    caught="the survivor was waiting for a hand-over from it"
  elif grep -q "the region it was released to has no server" "$err"; then
    caught="chunks handed to it were still on their way"
  else
    fail "kill$round: no hand-over was going on at the kill: $(cat "$err")"
  fi
  echo "round $round: SIGKILL the $victim server after $ms ms ($caught); the $survivor one took over: $(grep -Eo '[0-9]+ taken over' "$dir/kill$round-$survivor.out"), balanced, verify ok"
done
echo "(2) four SIGKILLs at random moments during hand-overs: the survivor took over, nothing lost or doubled"

# (3) SIGSTOP past the lease, then SIGCONT.
start_pair stop
ms=$((400 + RANDOM % 1500))
sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
kill -STOP "$paced"
for _ in $(seq 200); do # up to 10 s for the fast server to adopt the stopped one's region
  grep -q "adopts region 0" "$dir/stop-fast.err" && break
  sleep 0.05
done
grep -q "adopts region 0" "$dir/stop-fast.err" || { kill -KILL "$paced"; fail "stop: region 0 was not adopted"; }
sleep 0.3 # let it take chunks over
kill -CONT "$paced"
if wait "$paced"; then fail "stop: the stopped server went on after losing its leases"; fi
grep -Eq "lost its lease|lease on it was lost|cannot trust its leases" "$dir/stop-paced.err" ||
  fail "stop: the stopped server did not say it lost its leases: $(tail -5 "$dir/stop-paced.err")"
wait "$fast" || fail "stop: the fast server failed: $(tail -5 "$dir/stop-fast.err")"
survivor_ok stop fast
echo "(3) SIGSTOP after $ms ms past the lease: taken over; on SIGCONT the stopped server stopped: $(grep -Eo 'lost its lease on [a-z]+ [0-9]+' "$dir/stop-paced.err" | head -1)"
