/* registry.h - the read-only recipe registry: recipes, items, and the indexes
 * by id, category and output item. Built once at init (recipe_json.c feeds
 * the builder), then shared by every manager on every thread without locks. */
#ifndef PRODI_REGISTRY_H
#define PRODI_REGISTRY_H

#include "core/error.h"
#include "core/mem.h"
#include "production.h"

/* Limits enforced at load time (documented in README's recipe schema). */
#define PRODI_MAX_RECIPES 10000000u
#define PRODI_MAX_IO_PER_RECIPE 64u      /* inputs, and outputs, per recipe */
/* qty per input/output (ABI 1.4; 1,000,000 before): the most one job holds
 * per item and cycle, so a job of any recipe at modifier 1 fits a save
 * (jobs/modifiers.h PRODI_MAX_JOB_QTY, save/persist.h PERSIST_MAX_QTY), and
 * well within the uint32 fields. Chains multiply it by at most
 * CHAIN_MAX_RUNS runs in 128-bit arithmetic (chains/rules.c). */
#define PRODI_MAX_QTY 1000000000u
#define PRODI_MAX_DURATION_MS ((int64_t)1 << 40)
#define PRODI_MAX_ID_LEN 256u            /* recipe ids, item ids, categories */

/* What a job runs on: a recipe's effective duration, inputs and outputs
 * under some modifiers. Every recipe carries its own under identity
 * modifiers (prodi_recipe.base); jobs under other modifiers share snapshots
 * (jobs/snapshot.h). */
typedef struct prodi_eff {
    int64_t duration;
    const prod_requirement *inputs;
    const prod_output *outputs;
    uint32_t input_count;
    uint32_t output_count;
    prod_recipe_ix recipe;
    prod_modifiers mods;
} prodi_eff;

/* One recipe. All strings and arrays are owned by the registry. */
typedef struct prodi_recipe {
    const char *id;
    const char *name;
    const char *category;  /* "" when none */
    const char *metadata;  /* compact JSON text, "" when none */
    int64_t duration_ms;
    const prod_requirement *inputs;
    const prod_output *outputs;
    uint32_t input_count;
    uint32_t output_count;
    prodi_eff base;        /* set by the registry: the recipe under identity modifiers */
} prodi_recipe;

typedef struct prodi_registry prodi_registry;

/* Parse and validate every source, then build the registry. All or nothing:
 * on failure *out = NULL and err names the source, recipe id and field. */
/* What a load may read: file size cap and PROD_INIT_* flags. */
typedef struct prodi_load_limits {
    uint64_t max_file_bytes;
    uint32_t flags;
} prodi_load_limits;

prod_status prodi_reg_load(const prod_recipe_source *sources, uint32_t count,
                           const prodi_load_limits *limits, const prodi_mem *mem,
                           prodi_registry **out, prodi_errbuf *err);
void prodi_reg_free(prodi_registry *r);

uint32_t prodi_reg_recipe_count(const prodi_registry *r);
/* The allocator the registry (and its context) uses. */
const prodi_mem *prodi_reg_mem(const prodi_registry *r);
/* NULL when ix is out of range. */
const prodi_recipe *prodi_reg_recipe(const prodi_registry *r, prod_recipe_ix ix);
/* The recipes by index (prodi_reg_recipe_count of them), for hot paths that
 * checked the index already. */
const prodi_recipe *prodi_reg_recipes(const prodi_registry *r);
int prodi_reg_find_recipe(const prodi_registry *r, const char *id, prod_recipe_ix *out);
/* Recipes of a category / producing an item, in load order; NULL + 0 if none. */
const prod_recipe_ix *prodi_reg_by_category(const prodi_registry *r, const char *category,
                                            uint32_t *count);
const prod_recipe_ix *prodi_reg_by_output(const prodi_registry *r, prod_item_id item,
                                          uint32_t *count);

uint32_t prodi_reg_item_count(const prodi_registry *r);
int prodi_reg_find_item(const prodi_registry *r, const char *name, prod_item_id *out);
/* NULL when item is 0 or > item_count. */
const char *prodi_reg_item_name(const prodi_registry *r, prod_item_id item);

/* The registry as recipe JSON, a buffer of mem.h (free with prodi_buf_free),
 * NUL-terminated. */
prod_status prodi_reg_export_json(const prodi_registry *r, char **out, size_t *len,
                                  prodi_errbuf *err);

/* --- builder, used by recipe_json.c ----------------------------------- */

typedef struct prodi_reg_builder prodi_reg_builder;

prodi_reg_builder *prodi_regb_new(const prodi_mem *mem);
void prodi_regb_free(prodi_reg_builder *b);
/* Intern an item name (copied); returns its id, or 0 when out of memory. */
prod_item_id prodi_regb_item(prodi_reg_builder *b, const char *name);
/* 1 if a recipe with this id was already added. */
int prodi_regb_has_recipe(const prodi_reg_builder *b, const char *id);
/* Add a recipe (strings and arrays are copied). Caller validated it. */
prod_status prodi_regb_add(prodi_reg_builder *b, const prodi_recipe *recipe, prodi_errbuf *err);
/* Build the indexes; consumes the builder (freed even on failure). */
prod_status prodi_regb_finish(prodi_reg_builder *b, prodi_registry **out, prodi_errbuf *err);

#endif
