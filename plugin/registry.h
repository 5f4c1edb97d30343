/* registry.h - the read-only recipe registry: recipes, items, and the indexes
 * by id, category and output item. Built once at init (recipe_json.c feeds
 * the builder), then shared by every manager on every thread without locks. */
#ifndef PROD_REGISTRY_H
#define PROD_REGISTRY_H

#include "error.h"
#include "production.h"

/* Limits enforced at load time (documented in README's recipe schema). */
#define PROD_MAX_RECIPES 10000000u
#define PROD_MAX_IO_PER_RECIPE 64u      /* inputs, and outputs, per recipe */
#define PROD_MAX_QTY 1000000u           /* qty per input/output */
#define PROD_MAX_DURATION_MS ((int64_t)1 << 40)
#define PROD_MAX_ID_LEN 256u            /* recipe ids, item ids, categories */

/* One recipe. All strings and arrays are owned by the registry. */
typedef struct prod_recipe {
    const char *id;
    const char *name;
    const char *category;  /* "" when none */
    const char *metadata;  /* compact JSON text, "" when none */
    int64_t duration_ms;
    const prod_requirement *inputs;
    const prod_output *outputs;
    uint32_t input_count;
    uint32_t output_count;
} prod_recipe;

typedef struct prod_registry prod_registry;

/* Parse and validate every source, then build the registry. All or nothing:
 * on failure *out = NULL and err names the source, recipe id and field. */
prod_status reg_load(const prod_recipe_source *sources, uint32_t count,
                     prod_registry **out, prod_errbuf *err);
void reg_free(prod_registry *r);

uint32_t reg_recipe_count(const prod_registry *r);
/* NULL when ix is out of range. */
const prod_recipe *reg_recipe(const prod_registry *r, prod_recipe_ix ix);
int reg_find_recipe(const prod_registry *r, const char *id, prod_recipe_ix *out);
/* Recipes of a category / producing an item, in load order; NULL + 0 if none. */
const prod_recipe_ix *reg_by_category(const prod_registry *r, const char *category,
                                      uint32_t *count);
const prod_recipe_ix *reg_by_output(const prod_registry *r, prod_item_id item,
                                    uint32_t *count);

uint32_t reg_item_count(const prod_registry *r);
int reg_find_item(const prod_registry *r, const char *name, prod_item_id *out);
/* NULL when item is 0 or > item_count. */
const char *reg_item_name(const prod_registry *r, prod_item_id item);

/* The registry as recipe JSON, malloc'd, NUL-terminated; free with free(). */
prod_status reg_export_json(const prod_registry *r, char **out, size_t *len,
                            prod_errbuf *err);

/* --- builder, used by recipe_json.c ----------------------------------- */

typedef struct prod_reg_builder prod_reg_builder;

prod_reg_builder *regb_new(void);
void regb_free(prod_reg_builder *b);
/* Intern an item name (copied); returns its id, or 0 when out of memory. */
prod_item_id regb_item(prod_reg_builder *b, const char *name);
/* 1 if a recipe with this id was already added. */
int regb_has_recipe(const prod_reg_builder *b, const char *id);
/* Add a recipe (strings and arrays are copied). Caller validated it. */
prod_status regb_add(prod_reg_builder *b, const prod_recipe *recipe, prod_errbuf *err);
/* Build the indexes; consumes the builder (freed even on failure). */
prod_status regb_finish(prod_reg_builder *b, prod_registry **out, prod_errbuf *err);

#endif
