#!/usr/bin/env bash
# ctest recipe_schema: docs/recipe.schema.json is a valid JSON Schema
# (draft 2020-12), every sample recipe file (host-stub/recipes/*.json) and
# every file dataconv converts (the prod_data fixture's output) validates
# against it, and the recipes of tests/fixtures/bad_recipes.json that break
# a rule the schema can say are refused, each at the field the plugin names
# (prodhost_cli pins the plugin's side of the same file).
# Args: repo root, converted data dir (may not exist).
set -euo pipefail
root="$1"; conv="${2:-}"
python3 - "$root" "$conv" <<'PY'
import glob, json, os, sys
import jsonschema

root, conv = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(root, "docs/recipe.schema.json")))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

files = sorted(glob.glob(os.path.join(root, "host-stub/recipes/*.json")))
files += sorted(glob.glob(os.path.join(conv, "*.json"))) if conv else []
for path in files:
    errors = list(validator.iter_errors(json.load(open(path))))
    if errors:
        sys.exit("%s breaks the schema: %s at %s" % (path, errors[0].message, list(errors[0].path)))
    print("valid:", os.path.relpath(path, root) if path.startswith(root) else path)
if len(files) < 2:
    sys.exit("expected the sample recipe files, found %s" % files)

bad = json.load(open(os.path.join(root, "tests/fixtures/bad_recipes.json")))
refused = {}  # recipe index -> its first error, each recipe on its own
sub = {"$ref": "#/$defs/recipe", "$defs": schema["$defs"]}
for i, recipe in enumerate(bad["recipes"]):
    errs = list(jsonschema.Draft202012Validator(sub).iter_errors(recipe))
    if errs:
        refused[i] = errs[0]
want = {1: ["inputs", 0, "qty"], 2: ["outputs", 0], 3: []}
for i, path in want.items():
    if i not in refused or list(refused[i].path) != path:
        sys.exit("bad_recipes.json recipe %d: expected a refusal at %s, got %s" %
                 (i, path, refused.get(i) and list(refused[i].path)))
    print("refused: recipe %d at %s: %s" % (i, path, refused[i].message))
if set(refused) != set(want):
    sys.exit("unexpected refusals: %s" % sorted(refused))
print("schema ok")
PY
