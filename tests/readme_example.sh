#!/usr/bin/env bash
# The README's integration example can't go stale: (a) its C block is
# host-stub/minimal/example.c byte for byte, (b) the build command README
# shows (its sh block, run as it is) compiles example.c with the minimal
# host, and (c) the program runs against the built plugin and prints what
# README says: the job started at t=0 and completed at t=5000, then the
# market answer. The command runs in a scratch directory whose abi/,
# host-stub/ and build/ point at the sources and at this build, so nothing
# is written into the source tree; `cc` gets -Wall -Wextra -Werror and
# EXAMPLE_CFLAGS (the sanitizers of this build) on top of README's flags.
# Args: repo-root plugin-path.
set -euo pipefail
root="$1"; lib="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
example="$root/host-stub/minimal/example.c"
# The fenced block of the given language inside README's "Integration example" section.
block() {
  awk -v lang="$1" '/^## /{s = ($0 == "## Integration example")} s && $0 == ("```" lang) {f=1; next}
                    f && /^```$/ {exit} f' "$root/README.md"
}
block c > "$tmp/readme.c"
if ! cmp -s "$tmp/readme.c" "$example"; then
  echo "README's C block differs from host-stub/minimal/example.c:"
  diff -u "$example" "$tmp/readme.c" || true
  exit 1
fi
cmd="$(block sh)"
grep -q 'host-stub/minimal/example.c' <<<"$cmd" || { echo "README's command does not build example.c: $cmd"; exit 1; }
ln -s "$root/abi" "$tmp/abi"
ln -s "$root/host-stub" "$tmp/host-stub"
ln -s "$(cd "$(dirname "$lib")" && pwd)" "$tmp/build"
cc() { command cc ${EXAMPLE_CFLAGS:-} -Wall -Wextra -Werror "$@"; }
echo "$ $cmd"
out="$(cd "$tmp" && eval "$cmd")"
echo "$out"
grep -qx 't=0 iron_sword: started, owner 7, inventory 1' <<<"$out"
grep -qx 't=5000 iron_sword: completed, owner 7, inventory 1' <<<"$out"
grep -qx 'buy iron_ingot at market 1 for 12.00' <<<"$out"
# ... and exactly the output README shows after the example, in order.
if [ "$out" != "$(block text)" ]; then
  echo "the output differs from README's text block:"; block text
  exit 1
fi
