#!/usr/bin/env bash
# `prodhost fleet` keeps the command-line conventions (args.h): --help
# exits 0, a bad option or value exits 2 naming it, a failed run exits 1;
# `fleet config set` refuses what coord_config_set refuses, with its text,
# and changes nothing; status prints a saved fleet as text and JSON.
# usage: fleet_cli.sh PRODHOST WORKDIR
set -euo pipefail
prodhost="$1"
dir="$2"
mkdir -p "$dir"
cd "$dir"
rm -f cli.db*
fail() { echo "FAIL: $*"; exit 1; }
expect() { # code, what must be on stderr, command...
  local code="$1" text="$2" rc=0; shift 2
  "$prodhost" "$@" > out.txt 2> err.txt || rc=$?
  [ "$rc" -eq "$code" ] || fail "$* exited $rc, not $code: $(cat err.txt)"
  grep -q -- "$text" err.txt out.txt || fail "$*: no \"$text\" in: $(cat err.txt)"
}
expect 0 "fleet run" fleet --help
expect 2 "needs run, status or config" fleet
expect 2 "unknown subcommand" fleet fly
expect 2 "--ships" fleet run --ships 0
expect 2 "--warp is not an option" fleet run --warp 9
expect 2 "needs --db FILE" fleet status
expect 2 "--format" fleet status --db cli.db --format xml
expect 1 "" fleet status --db missing.db
"$prodhost" fleet run --ships 3 --hours 1 --db cli.db > /dev/null 2>&1
expect 2 "needs at least one field" fleet config set --db cli.db
expect 2 "SCARCE, LIMITED, MODERATE, HIGH or ABUNDANT" fleet config set --db cli.db \
  --collect-start-supply PLENTY
expect 2 "below collect_execute_supply" fleet config set --db cli.db --collect-start-supply LIMITED
expect 2 "max_workers" fleet config set --db cli.db --max-workers 0
[ "$(sqlite3 cli.db 'SELECT count(*) FROM fleet_config_requests')" -eq 0 ] ||
  fail "a refused update was queued"
expect 0 "queued" fleet config set --db cli.db --preset aggressive
expect 0 "max_pipelines" fleet config show --db cli.db
expect 0 "#1 {\"preset\":3}" fleet config show --db cli.db  # queued, not yet applied
"$prodhost" fleet status --db cli.db > status.txt
grep -q "^pipeline [0-9]* .* tasks" status.txt || fail "status lists no pipeline"
id="$(sed -n 's/^pipeline \([0-9]*\) .*/\1/p' status.txt | head -1)"
"$prodhost" fleet status --db cli.db --pipeline "$id" --format json |
  python3 -c 'import json, sys; p = json.load(sys.stdin)[0]; assert p["nodes"][0]["decision"] in ("MAKE", "BUY")' ||
  fail "status --format json has no status tree"
echo "fleet cli ok"
