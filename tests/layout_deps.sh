#!/usr/bin/env bash
# The plugin's layering, checked on what the compiler produced and on the
# sources: (1) no two object files call each other in a circle (symbol
# references between objects, sorted with tsort), (2) a folder only calls
# into itself and the folders it may use, (3) the same rule for #include
# lines, (4) every global symbol but the entry point carries the internal
# prefix prodi_. Args: plugin source dir, then the object files.
set -euo pipefail
src="$1"; shift
objs=() # the objects may also come as one ;-separated list (CMake's TARGET_OBJECTS)
for a in "$@"; do IFS=';' read -ra parts <<< "$a"; objs+=("${parts[@]}"); done
set -- "${objs[@]}"
# Which folders each folder may use (api.c is the top: "." may use all).
allowed() {
  case "$1" in
    core) echo "core" ;;
    jobs) echo "core jobs" ;;
    chains) echo "core chains" ;;
    save) echo "core jobs save" ;;
    pipeline) echo "core jobs chains pipeline" ;;
    .) echo "core jobs chains save pipeline ." ;;
    *) echo "" ;;
  esac
}
folder_of() { # path relative to the plugin dir -> its folder ("." for the top)
  local d; d="$(dirname "$1")"; echo "${d##*/}" | sed 's#^\(plugin\|prodcore.dir\|production.dir\)$#.#'
}
fail=0
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# Symbols: "object defined|undefined name".
for o in "$@"; do
  rel="${o#*.dir/}"; rel="${rel%.o}"; rel="${rel%.c}"
  nm "$o" | awk -v f="$rel" '$2 ~ /^[TDBR]$/ {print f, "D", $3} $1 == "U" {print f, "U", $2}'
done > "$tmp/syms"
awk '$2 == "D" {print $3, $1}' "$tmp/syms" | sort -u > "$tmp/defs"
awk '$2 == "U" {print $3, $1}' "$tmp/syms" | sort -u > "$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 {print $2, $3}' | sort -u > "$tmp/edges"
if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/tsort"; then
  echo "call cycle between plugin files:"; grep -v "input contains a loop" "$tmp/tsort" | sed 's/^tsort: /  /'
  fail=1
fi
while read -r from to; do
  ff="$(folder_of "$from")"; tf="$(folder_of "$to")"
  case " $(allowed "$ff") " in *" $tf "*) ;; *) echo "$from calls into $to ($ff may not use $tf)"; fail=1 ;; esac
done < "$tmp/edges"
# Includes.
while IFS= read -r file; do
  rel="${file#"$src"/}"; ff="$(folder_of "$rel")"
  for tf in $(sed -n 's/^#include "\([a-z_]*\)\/[a-z_]*\.h".*/\1/p' "$file"); do
    case " $(allowed "$ff") " in *" $tf "*) ;; *) echo "$rel includes a $tf header ($ff may not use $tf)"; fail=1 ;; esac
  done
done < <(find "$src" -name '*.[ch]')
# Prefixes.
bad="$(awk '$2 == "D" && $3 !~ /^prodi_/ && $3 != "prod_get_api" {print $1 ": " $3}' "$tmp/syms")"
if [ -n "$bad" ]; then echo "global symbols without the prodi_ prefix:"; echo "$bad"; fail=1; fi
[ "$fail" -eq 0 ] && echo "layout ok: $(wc -l < "$tmp/edges") calls between $# files, no cycle"
exit "$fail"
