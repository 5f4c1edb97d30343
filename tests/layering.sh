#!/usr/bin/env bash
# A source tree's layering, checked on what the compiler produced and on the
# sources (the plugin's, docs/ARCHITECTURE.md; the host's, host-stub/README.md):
#  1. no two object files call each other in a circle (symbol references
#     between objects, sorted with tsort);
#  2. a folder only calls into itself and the folders it may use;
#  3. the same rule for #include lines ("folder/x.h", or a bare "x.h" that
#     names the one header of that name in the tree);
#  4. the global symbols of the named folders carry their prefix.
# Usage: layering.sh SRC USES PREFIXES OBJECTS...
#   USES      "folder=used,used;folder=;..." (a folder always uses itself;
#             "." is the top of SRC)
#   PREFIXES  "folders:prefix[:exception]" where folders is "*" or a,b
# Objects may come one per argument or as ;-separated lists (CMake's
# TARGET_OBJECTS); each is <target>.dir/<folder>/<file>.c.o.
set -euo pipefail
src="$1" uses="$2" prefixes="$3"; shift 3
objs=()
for a in "$@"; do IFS=';' read -ra parts <<< "$a"; objs+=("${parts[@]}"); done
set -- "${objs[@]}"
may_use() { # from to: 0 when folder `from` may use folder `to`
  [ "$1" = "$2" ] && return 0
  local rule; rule="$(tr ';' '\n' <<< "$uses" | awk -F= -v f="$1" '$1 == f {print $2}')"
  case ",$rule," in *",$2,"*) return 0 ;; *) return 1 ;; esac
}
folder_of() { local d; d="$(dirname "$1")"; [ "$d" = . ] && echo . || echo "${d%%/*}"; }
fail=0
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for o in "$@"; do # "folder/file D|U symbol"
  rel="${o#*.dir/}"; rel="${rel%.o}"; rel="${rel%.c}"
  nm "$o" | awk -v f="$rel" '$2 ~ /^[TDBR]$/ {print f, "D", $3} $1 == "U" {print f, "U", $2}'
done > "$tmp/syms"
awk '$2 == "D" {print $3, $1}' "$tmp/syms" | sort -u > "$tmp/defs"
awk '$2 == "U" {print $3, $1}' "$tmp/syms" | sort -u > "$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 {print $2, $3}' | sort -u > "$tmp/edges"
if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/tsort"; then
  echo "call cycle between files:"; grep -v "input contains a loop" "$tmp/tsort" | sed 's/^tsort: /  /'
  fail=1
fi
while read -r from to; do
  ff="$(folder_of "$from")"; tf="$(folder_of "$to")"
  may_use "$ff" "$tf" || { echo "$from calls into $to ($ff may not use $tf)"; fail=1; }
done < "$tmp/edges"
# Includes: a bare name must be the one header of that name in the tree.
find "$src" -name '*.h' | sed "s#^$src/##" | sort > "$tmp/headers"
dups="$(sed 's#.*/##' "$tmp/headers" | sort | uniq -d | tr '\n' ' ')"
while IFS= read -r file; do
  rel="${file#"$src"/}"; ff="$(folder_of "$rel")"
  for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file"); do
    case "$h" in
      */*) home="$h" ;;
      *) home="$(awk -F/ -v h="$h" '$NF == h {print; exit}' "$tmp/headers")"
         case " $dups " in *" $h "*) echo "$rel includes $h, a name two folders use"; fail=1 ;; esac ;;
    esac
    [ -n "$home" ] && [ -f "$src/$home" ] || continue # production.h, a test's or a library's
    tf="$(folder_of "$home")"
    may_use "$ff" "$tf" || { echo "$rel includes $home ($ff may not use $tf)"; fail=1; }
  done
done < <(find "$src" -name '*.[ch]')
for p in $(tr ';' ' ' <<< "$prefixes"); do
  IFS=: read -r folders prefix except <<< "$p"
  bad="$(awk -v fs=",$folders," -v p="$prefix" -v x="${except:-}" '
    { split($1, a, "/"); f = (index($1, "/") ? a[1] : ".") }
    $2 == "D" && (fs == ",*," || index(fs, "," f ",")) && index($3, p) != 1 && $3 != x {print $1 ": " $3}' "$tmp/syms")"
  if [ -n "$bad" ]; then echo "global symbols without the $prefix prefix:"; echo "$bad"; fail=1; fi
done
[ "$fail" -eq 0 ] && echo "layering ok: $(wc -l < "$tmp/edges") calls between $# files, no cycle"
exit "$fail"
