#!/usr/bin/env bash
# What the chunk store does when a process, an admin or the disk works against
# it, through prodhost: (1) a second writer on a store in use is refused and
# the first goes on; (2) verify refuses a store truncated to 0 bytes instead of
# reporting "0 chunks, 0 bad" (and leaves the file as it was); (3) a store
# whose rows were deleted behind its back fails verify's header check; (4) a
# soak whose WAL is deleted under it stops and says the commit was lost
# instead of printing "committed" on. usage: store_failures.sh PRODHOST WORKDIR
set -euo pipefail
prodhost="$1"; dir="$2"
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
fail() { echo "store_failures: $*"; exit 1; }
wait_for_commit() { # log, pid: until the first "committed" line (20 s at most)
  for _ in $(seq 400); do
    grep -q '^committed' "$1" && return 0
    kill -0 "$2" 2>/dev/null || fail "soak ended early: $(cat "$1")"
    sleep 0.05
  done
  fail "no commit in 20 s"
}

# (1) One writer at a time.
"$prodhost" soak --db a.db --run 1 >a.log 2>&1 &
first=$!
wait_for_commit a.log "$first"
if "$prodhost" soak --db a.db --run 2 --rounds 1 >b.log 2>&1; then fail "a second writer was let in"; fi
grep -q "another writer has this store open" b.log || fail "second writer: $(cat b.log)"
kill -0 "$first" || fail "the first writer died"
kill -KILL "$first"; wait "$first" 2>/dev/null || true
echo "(1) a second writer is refused while the first runs"

# (2) A store truncated to 0 bytes is no store.
: > empty.db
if "$prodhost" verify --db empty.db >v.log 2>&1; then fail "verify passed an empty file: $(cat v.log)"; fi
grep -q "not a chunk store" v.log || fail "empty file: $(cat v.log)"
[ ! -s empty.db ] || fail "verify wrote into the empty file"
echo "(2) verify refuses an emptied store and leaves it empty"

# (3) Rows lost behind the store's back.
"$prodhost" soak --db c.db --run 1 --rounds 2 >/dev/null
"$prodhost" verify --db c.db >/dev/null || fail "a sound store failed verify"
sqlite3 c.db "DELETE FROM chunks WHERE key = (SELECT min(key) FROM chunks)"
if "$prodhost" verify --db c.db >h.log 2>&1; then fail "verify missed a lost row"; fi
grep -q "rows were lost" h.log || fail "lost row: $(cat h.log)"
echo "(3) verify's header check catches a lost row"

# (4) The WAL deleted under a running soak.
"$prodhost" soak --db d.db --run 1 >d.log 2>&1 &
soak=$!
wait_for_commit d.log "$soak"
rm -f d.db-wal
for _ in $(seq 400); do kill -0 "$soak" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$soak" 2>/dev/null; then kill -KILL "$soak"; fail "soak went on after its WAL was deleted"; fi
if wait "$soak"; then fail "soak exited 0 after losing a commit"; fi
grep -q "the store lost it" d.log || fail "lost WAL: $(tail -3 d.log)"
echo "(4) soak stops when a commit it made cannot be read back"
