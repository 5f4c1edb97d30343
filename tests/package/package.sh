#!/usr/bin/env bash
# ctest package_install: what a studio does with a release.
#  1. cmake --install this build into a scratch prefix: the header, the
#     versioned libproduction.so.MAJOR.MINOR.PATCH with its soname link
#     (libproduction.so.MAJOR, the soname inside it) and development link,
#     libproduction.a, the pkg-config files and the CMake package;
#  2. build examples/minimal_host.c against the prefix with pkg-config (production.pc and
#     production-static.pc) and with find_package (production::production
#     and production::production_static), and run each;
#  3. build it in a tree that add_subdirectory()s the sources (the
#     plugin alone, no SQLite: subdir/CMakeLists.txt checks) and run it;
#  4. build examples/ as a project of its own against the prefix.
# Args: source dir, build dir, scratch dir. EXAMPLE_CFLAGS: this build's
# sanitizer flags, given to every host (an instrumented library needs them).
set -euo pipefail
src="$1"; build="$2"; work="$3"
prefix="$work/prefix"
rm -rf "$work"; mkdir -p "$work"
quiet() { local log="$work/log"; "$@" >"$log" 2>&1 || { cat "$log"; echo "FAILED: $*"; exit 1; }; }
fail() { echo "FAILED: $*"; exit 1; }

quiet cmake --install "$build" --prefix "$prefix"
header="$prefix/include/production.h"
[ -f "$header" ] || fail "no include/production.h"
abi_major="$(sed -n 's/^#define PROD_ABI_MAJOR \([0-9]*\)u.*/\1/p' "$header")"
abi_minor="$(sed -n 's/^#define PROD_ABI_MINOR \([0-9]*\)u.*/\1/p' "$header")"
patch="$(sed -n 's/^#define PROD_VERSION_PATCH \([0-9]*\)$/\1/p' "$header")"
version="$(sed -n 's/^#define PROD_VERSION_STRING "\(.*\)"$/\1/p' "$header")"
lib="$prefix/lib"
real="libproduction.so.$abi_major.$abi_minor.$patch"
[ -f "$lib/$real" ] && [ ! -L "$lib/$real" ] || fail "no $real"
[ "$(readlink "$lib/libproduction.so.$abi_major")" = "$real" ] || fail "libproduction.so.$abi_major is not a link to $real"
[ "$(readlink "$lib/libproduction.so")" = "libproduction.so.$abi_major" ] || fail "libproduction.so is not a link to the soname"
readelf -d "$lib/$real" | grep -q "Library soname: \[libproduction.so.$abi_major\]" || fail "soname is not libproduction.so.$abi_major"
[ -f "$lib/libproduction.a" ] || fail "no libproduction.a"
[ -f "$lib/cmake/production/productionConfig.cmake" ] || fail "no CMake package"
echo "installed: production.h, $real -> soname libproduction.so.$abi_major, libproduction.a, pc files, CMake package"

expect() { # program: it must print the version, the status phrase and the finished job
  local out; out="$("$@")" || fail "$* exited $?"
  grep -qx "production $version, ABI $abi_major.$abi_minor (header $version)" <<<"$out" || fail "$*: $out"
  grep -qx "without logs: not enough inputs in the inventory" <<<"$out" || fail "$*: $out"
  grep -qx "planks: 4, completed: 1" <<<"$out" || fail "$*: $out"
  echo "ran $(basename "$1")"
}

export PKG_CONFIG_PATH="$lib/pkgconfig"
cflags=(-std=c11 -Wall -Wextra -Werror ${EXAMPLE_CFLAGS:-})
[ "$(pkg-config --modversion production)" = "$version" ] || fail "pkg-config version"
[ "$(pkg-config --variable=plugin production)" -ef "$lib/libproduction.so.$abi_major" ] || fail "pkg-config plugin variable"
# shellcheck disable=SC2046
cc "${cflags[@]}" $(pkg-config --cflags production) -o "$work/host_pc" "$src/examples/minimal_host.c" \
  $(pkg-config --libs production) -Wl,-rpath,"$lib"
expect "$work/host_pc"
# shellcheck disable=SC2046
cc "${cflags[@]}" $(pkg-config --cflags production-static) -o "$work/host_pc_static" \
  "$src/examples/minimal_host.c" $(pkg-config --libs production-static)
readelf -d "$work/host_pc_static" | grep -q 'libproduction' && fail "host_pc_static needs libproduction.so"
expect "$work/host_pc_static"

cmake_flags=(-DCMAKE_C_FLAGS="${EXAMPLE_CFLAGS:-}" -DCMAKE_BUILD_TYPE=Debug)
quiet cmake -S "$src/tests/package" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" "${cmake_flags[@]}"
quiet cmake --build "$work/cmake"
expect "$work/cmake/host_shared"
expect "$work/cmake/host_static"

quiet cmake -S "$src/tests/package/subdir" -B "$work/subdir" -DPROD_SOURCE_DIR="$src" "${cmake_flags[@]}"
quiet cmake --build "$work/subdir" --target host -j2
expect "$work/subdir/host"

if [ -f "$src/examples/CMakeLists.txt" ]; then
  quiet cmake -S "$src/examples" -B "$work/examples" -DCMAKE_PREFIX_PATH="$prefix" "${cmake_flags[@]}"
  quiet cmake --build "$work/examples"
  echo "built examples/ against the prefix"
fi
echo "package ok"
