#!/usr/bin/env bash
# Installs the Debian packages the build needs (plus any given as arguments),
# only if something is missing.
set -euo pipefail
# python3-jsonschema: ctest recipe_schema checks docs/recipe.schema.json;
# libpq-dev and postgresql: prodhost's PostgreSQL store and its tests;
# coinor-libclp-dev: chain_optimize's LP solver (PROD_WITH_CLP).
PKGS="build-essential cmake pkg-config libcjson-dev libmsgpack-dev libsqlite3-dev sqlite3
      python3-jsonschema libpq-dev postgresql coinor-libclp-dev $*"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
