#!/usr/bin/env bash
# Compiles and runs the README's integration example against the built plugin,
# so the example in the README can't go stale. Args: repo-root plugin-path.
set -euo pipefail
root="$1"; lib="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
awk '/^```c$/{f=1;next}/^```$/{f=0}f' "$root/README.md" \
  | sed "s#\"./build/libproduction.so\"#\"$lib\"#" > "$tmp/example.c"
lines=$(wc -l < "$tmp/example.c")
[ "$lines" -le 40 ] || { echo "example is $lines lines (> 40)"; exit 1; }
cc ${EXAMPLE_CFLAGS:-} -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -I"$root/abi" -I"$root/host-stub/minimal" \
   "$tmp/example.c" "$root/host-stub/minimal/ph_inventory.c" "$root/host-stub/minimal/ph_u64map.c" -ldl -o "$tmp/example"
out="$(cd "$root" && "$tmp/example")"
echo "$out"
grep -q "t=0 iron_sword: event 1 " <<<"$out"
grep -q "t=5000 iron_sword: event 3 " <<<"$out"
