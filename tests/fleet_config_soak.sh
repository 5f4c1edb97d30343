#!/usr/bin/env bash
# Fleet lives under changing configurations: for each seed, a fleet of 1-12
# ships runs in segments of 1-6 game hours on one database, and between
# segments `fleet config set` queues a configuration drawn from the seed
# (max pipelines and workers, start and execute thresholds, margin drop,
# sometimes a preset), applied when the next segment resumes. Every segment
# must resume the save and end with both conservation lines ok; the last
# save must load. Seeds 28 and 30 (12 and 10 ships) ran the pipelines whose
# full task lists once made coord_report read freed memory (ASan caught it
# in their first segment). Under ASan, as CI runs it, any use after free
# fails the run.
# usage: fleet_config_soak.sh PRODHOST WORKDIR
set -euo pipefail
prodhost="$1"
dir="$2"
mkdir -p "$dir"
cd "$dir"
levels=(SCARCE LIMITED MODERATE HIGH ABUNDANT)
presets=(conservative balanced aggressive)
fail() { echo "FAIL: $*"; grep -Ev '^(trace|hour) ' run.err | head -n 8 || true; exit 1; }
pair() { # hi, lo: a start and an execute threshold (no subshell: it would reseed RANDOM)
  local a=$((RANDOM % 5)) b=$((RANDOM % 5))
  hi="${levels[$((a > b ? a : b))]}" lo="${levels[$((a < b ? a : b))]}"
}
for seed in 28 30 5 17; do
  RANDOM=$seed
  rm -f f.db*
  ships=$((RANDOM % 12 + 1)) hours=0
  for segment in 1 2 3 4; do
    hours=$((hours + RANDOM % 6 + 1))
    "$prodhost" fleet run --ships "$ships" --hours "$hours" --seed "$seed" --db f.db > run.txt 2> run.err ||
      fail "seed $seed, segment $segment ($ships ships to hour $hours): the run failed"
    grep -Eq '^conservation: .* ok; .* ok$' run.txt ||
      fail "seed $seed, segment $segment: $(grep conservation run.txt)"
    pair; cs=$hi ce=$lo
    pair; as=$hi ae=$lo
    preset=()
    [ $((RANDOM % 4)) -eq 0 ] && preset=(--preset "${presets[$((RANDOM % 3))]}")
    "$prodhost" fleet config set --db f.db "${preset[@]}" --max-pipelines $((RANDOM % 12 + 1)) \
      --max-workers $((RANDOM % 12 + 1)) --collect-start-supply "$cs" --collect-execute-supply "$ce" \
      --acquire-start-supply "$as" --acquire-execute-supply "$ae" --margin-drop $((RANDOM % 60)) \
      > /dev/null 2> run.err || fail "seed $seed, segment $segment: config set refused"
  done
  "$prodhost" fleet status --db f.db > /dev/null 2> run.err || fail "seed $seed: the last save does not load"
  echo "seed $seed: $ships ships, 4 segments to hour $hours; $(grep '^pipelines:' run.txt)"
done
