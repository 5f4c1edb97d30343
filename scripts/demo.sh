#!/usr/bin/env bash
# The main job: install what is missing, build, run the host-stub demo
# (arguments go to `prodhost demo`; see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
# Without arguments the world streams: the host works near a walking player,
# distant chunks are saved to the SQLite store, unloaded and loaded again as
# the player comes near, and at minute 20 the plugin is hot-reloaded.
[ $# -gt 0 ] || set -- --view 1 --unload-every 10 --reload-at 20
exec ./build/prodhost demo "$@"
