#!/usr/bin/env bash
# The host's layering (host-stub/README.md), checked on what the compiler
# produced and on the sources: (1) no two object files call each other in a
# circle (symbol references between objects, sorted with tsort), (2) a
# folder only calls into itself and the folders below it (minimal < store <
# world < cli), (3) the same rule for #include lines (headers are named by
# file name, so every header name must be unique across host-stub), (4)
# every global symbol of minimal/, the part a game server copies, starts
# with ph_. Args: host-stub source dir, then the object files (one argument
# each or ;-separated lists, as CMake's TARGET_OBJECTS gives them).
set -euo pipefail
src="$1"; shift
objs=()
for a in "$@"; do IFS=';' read -ra parts <<< "$a"; objs+=("${parts[@]}"); done
set -- "${objs[@]}"
rank() { # a folder's place in the layering; unknown folders are refused
  case "$1" in
    minimal) echo 0 ;; store) echo 1 ;; world) echo 2 ;; cli) echo 3 ;;
    *) echo "unknown host-stub folder \"$1\"" >&2; exit 1 ;;
  esac
}
fail=0
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# Symbols: "folder/file defined|undefined name" (objects are .../<target>.dir/<folder>/<file>.c.o).
for o in "$@"; do
  rel="${o#*.dir/}"; rel="${rel%.o}"; rel="${rel%.c}"
  nm "$o" | awk -v f="$rel" '$2 ~ /^[TDBR]$/ {print f, "D", $3} $1 == "U" {print f, "U", $2}'
done > "$tmp/syms"
awk '$2 == "D" {print $3, $1}' "$tmp/syms" | sort -u > "$tmp/defs"
awk '$2 == "U" {print $3, $1}' "$tmp/syms" | sort -u > "$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 {print $2, $3}' | sort -u > "$tmp/edges"
if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/tsort"; then
  echo "call cycle between host files:"; grep -v "input contains a loop" "$tmp/tsort" | sed 's/^tsort: /  /'
  fail=1
fi
while read -r from to; do
  ff="${from%%/*}"; tf="${to%%/*}"
  if [ "$(rank "$tf")" -gt "$(rank "$ff")" ]; then
    echo "$from calls into $to ($ff is below $tf)"; fail=1
  fi
done < "$tmp/edges"
# Includes: where each header lives, then every quoted include of every file.
find "$src" -mindepth 2 -name '*.h' | sed "s#^$src/##" | sort > "$tmp/headers"
dups="$(sed 's#.*/##' "$tmp/headers" | sort | uniq -d)"
if [ -n "$dups" ]; then echo "header names used in two folders: $dups"; fail=1; fi
while IFS= read -r file; do
  rel="${file#"$src"/}"; ff="${rel%%/*}"
  for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file"); do
    [ "$h" = production.h ] && continue
    home="$(awk -F/ -v h="$h" '$NF == h {print; exit}' "$tmp/headers")"
    if [ -z "$home" ]; then echo "$rel includes $h, which is no host-stub header"; fail=1; continue; fi
    tf="${home%%/*}"
    if [ "$(rank "$tf")" -gt "$(rank "$ff")" ]; then
      echo "$rel includes $home ($ff is below $tf)"; fail=1
    fi
  done
done < <(find "$src" -mindepth 2 -name '*.[ch]')
# The copyable part's names.
bad="$(awk '$1 ~ /^minimal\// && $2 == "D" && $3 !~ /^ph_/ {print $1 ": " $3}' "$tmp/syms")"
if [ -n "$bad" ]; then echo "global symbols of minimal/ without the ph_ prefix:"; echo "$bad"; fail=1; fi
[ "$fail" -eq 0 ] && echo "host layout ok: $(wc -l < "$tmp/edges") calls between $# files, no cycle," \
  "minimal < store < world < cli"
exit "$fail"
