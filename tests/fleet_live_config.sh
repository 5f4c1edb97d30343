#!/usr/bin/env bash
# Live configuration of a running `prodhost fleet run --db` (seed 004): while
# the run goes, `fleet config set` on its database lowers max-pipelines to
# 2, later raises it to 12 and raises the collect thresholds to ABUNDANT.
# The run reads the requests once a game minute; its log says when it
# applied each, and it behaves differently from then on: no plan beyond 2
# active pipelines after the first change, more than 2 after the second;
# collections at HIGH supply before it, only at ABUNDANT after. A request
# queued on a stopped run's database is applied at the game minute the
# next run resumes from.
# usage: fleet_live_config.sh PRODHOST WORKDIR
set -euo pipefail
prodhost="$1"
dir="$2"
mkdir -p "$dir"
cd "$dir"
rm -f live.db*
fail() { # the run's last words say why it stopped
  echo "FAIL: $*"; kill -KILL "$pid" 2>/dev/null || true
  grep -v '^trace ' run.log | tail -n 5 || true; exit 1
}
minute() { # the saved game minute
  local v; v="$(sqlite3 live.db "SELECT value FROM meta WHERE name = 'fleet_saved_at'" 2>/dev/null || true)"
  echo $(( ${v:-0} / 60000 ))
}
wait_for() { # game minute to reach
  for _ in $(seq 1 3000); do
    [ "$(minute)" -ge "$1" ] && return 0
    kill -0 "$pid" 2>/dev/null || fail "the run ended before game minute $1"
    sleep 0.01
  done
  fail "game minute $1 not reached"
}
applied() { # request number: the game minute it was applied at
  for _ in $(seq 1 3000); do
    local m; m="$(sed -n "s/^minute \([0-9]*\): config request #$1 applied.*/\1/p" run.log)"
    [ -n "$m" ] && { echo "$m"; return 0; }
    sleep 0.01
  done
  return 1
}
"$prodhost" fleet run --ships 5 --hours 5000 --seed 3 --db live.db --trace > run.txt 2> run.log &
pid=$!
wait_for 120
"$prodhost" fleet config set --db live.db --max-pipelines 2 > /dev/null
m1="$(applied 1)" || fail "request 1 was never applied"
wait_for $((m1 + 240))
"$prodhost" fleet config set --db live.db --max-pipelines 12 --collect-start-supply ABUNDANT \
  --collect-execute-supply ABUNDANT > /dev/null
m2="$(applied 2)" || fail "request 2 was never applied"
wait_for $((m2 + 600))
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
# The trace: "trace MIN: pipeline N ITEM planned, K active", "trace MIN: collect ITEM xN at supply L".
awk -v m1="$m1" -v m2="$m2" '
  / planned, / { t = $2 + 0; k = $(NF - 1) + 0
                 if (t > m1 && t <= m2 && k > 2) bad1++
                 if (t > m2 && k > 2) more++ }
  / collect .* at supply / { t = $2 + 0
                 if (t <= m2 && $NF == "HIGH") high++
                 if (t > m2) { after++; if ($NF != "ABUNDANT") bad2++ } }
  END { printf "plans past 2 between the changes %d, past 2 after %d; collections at HIGH before %d, after %d (not ABUNDANT %d)\n", bad1, more, high, after, bad2
        exit !(bad1 == 0 && more > 0 && high > 0 && after > 0 && bad2 == 0) }' run.log ||
  fail "the run did not follow its new configuration"
grep -q "trace $m1\.[0-9]*: config field 2 [0-9]* -> 2" run.log || fail "no CONFIG_CHANGED for max_pipelines"
"$prodhost" fleet config show --db live.db | grep -q "max_pipelines 2 -> 12" ||
  fail "the history lacks the second change"
# A request on a stopped run's database: applied at the minute it resumes from.
q3="$("$prodhost" fleet config set --db live.db --max-pipelines 4)"
s3="$(sed -n 's/.*queued at game minute \([0-9]*\).*/\1/p' <<< "$q3")"
"$prodhost" fleet run --hours $((s3 / 60 + 1)) --db live.db > resume.txt 2> resume.log
grep -q "^minute $s3: config request #3 applied" resume.log ||
  fail "request 3, queued at minute $s3, was not applied when the run resumed there"
grep -q "^minute .*request #[12] applied" resume.log && fail "a resumed run applied a request twice"
echo "live config ok: applied at minutes $m1, $m2 (running) and $s3 (on resuming)"
