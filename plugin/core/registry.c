/* registry.c - the recipe registry: the builder that collects validated
 * recipes and interns item names, and the read-only registry it becomes, with
 * hash look-ups by recipe id and item name and CSR indexes (offsets + one flat
 * list) by category and by output item. No JSON here (see recipe_json.c). */
#include "core/registry.h"

#include "core/hashmap.h"
#include "core/vec.h"

#include <stdlib.h>
#include <string.h>

/* What the builder collects and the registry keeps. Each recipe's strings and
 * arrays live in one allocation that starts at its `outputs` pointer. */
typedef struct reg_core {
    const prodi_mem *mem;     /* the context's allocator */
    prodi_recipe *recipes;
    uint32_t recipe_count;
    size_t recipe_cap;
    char **items;            /* items[id - 1], each its own allocation */
    uint32_t item_count;
    size_t item_cap;
    prodi_strmap recipe_ids;  /* recipe id -> index; keys borrowed from recipes */
    prodi_strmap item_ids;    /* item name -> item id; keys borrowed from items */
} reg_core;

/* Recipes grouped by a key k: list[start[k] .. start[k + 1]), load order. */
typedef struct reg_csr {
    uint32_t *start;
    prod_recipe_ix *list;
} reg_csr;

struct prodi_reg_builder {
    reg_core core;
};

struct prodi_registry {
    reg_core core;
    prodi_strmap categories;  /* category -> key in by_category; keys borrowed */
    reg_csr by_category;
    reg_csr by_output;       /* keyed by item id (key 0 is always empty) */
};

/* ---- shared helpers ------------------------------------------------------ */

static prod_status no_memory(prodi_errbuf *err)
{
    return prodi_err_set(err, PROD_ERR_NO_MEMORY, "recipe registry: out of memory");
}

static char *put_string(char **at, const char *s)
{
    size_t n = strlen(s) + 1;
    char *dst = memcpy(*at, s, n);
    *at += n;
    return dst;
}

/* Deep copy of a recipe into one block (outputs, inputs, then the strings). */
static int copy_recipe(const prodi_mem *mem, const prodi_recipe *src, prodi_recipe *dst)
{
    const char *name = src->name ? src->name : src->id;
    const char *category = src->category ? src->category : "";
    const char *metadata = src->metadata ? src->metadata : "";
    size_t outs = (size_t)src->output_count * sizeof *src->outputs;
    size_t ins = (size_t)src->input_count * sizeof *src->inputs;
    size_t size = outs + ins + strlen(src->id) + strlen(name) + strlen(category) +
                  strlen(metadata) + 4;
    char *block = prodi_alloc(mem, size);
    if (!block)
        return -1;
    *dst = *src;
    if (outs)
        memcpy(block, src->outputs, outs);
    if (ins)
        memcpy(block + outs, src->inputs, ins);
    dst->outputs = (const prod_output *)(void *)block;
    dst->inputs = (const prod_requirement *)(void *)(block + outs);
    char *at = block + outs + ins;
    dst->id = put_string(&at, src->id);
    dst->name = put_string(&at, name);
    dst->category = put_string(&at, category);
    dst->metadata = put_string(&at, metadata);
    return 0;
}

static void core_free(reg_core *c)
{
    const prodi_mem *mem = c->mem;
    for (uint32_t i = 0; i < c->recipe_count; i++)
        prodi_free(mem, (void *)c->recipes[i].outputs);
    for (uint32_t i = 0; i < c->item_count; i++)
        prodi_free(mem, c->items[i]);
    prodi_free(mem, c->recipes);
    prodi_free(mem, c->items);
    prodi_strmap_free(&c->recipe_ids);
    prodi_strmap_free(&c->item_ids);
    memset(c, 0, sizeof *c);
    c->mem = mem;
}

/* NULL, or why the builder cannot take `rc` as it is. */
static const char *unfit(const reg_core *c, const prodi_recipe *rc)
{
    if (rc->input_count > PRODI_MAX_IO_PER_RECIPE || rc->output_count > PRODI_MAX_IO_PER_RECIPE)
        return "too many inputs or outputs";
    for (uint32_t i = 0; i < rc->input_count; i++)
        if (rc->inputs[i].item == 0 || rc->inputs[i].item > c->item_count)
            return "an input item id is not interned";
    for (uint32_t i = 0; i < rc->output_count; i++)
        if (rc->outputs[i].item == 0 || rc->outputs[i].item > c->item_count)
            return "an output item id is not interned";
    return NULL;
}

/* ---- builder ------------------------------------------------------------- */

prodi_reg_builder *prodi_regb_new(const prodi_mem *mem)
{
    prodi_reg_builder *b = prodi_zalloc(mem, 1, sizeof *b);
    if (b) {
        b->core.mem = mem;
        prodi_strmap_init(&b->core.recipe_ids, mem);
        prodi_strmap_init(&b->core.item_ids, mem);
    }
    return b;
}

void prodi_regb_free(prodi_reg_builder *b)
{
    if (!b)
        return;
    const prodi_mem *mem = b->core.mem;
    core_free(&b->core);
    prodi_free(mem, b);
}

prod_item_id prodi_regb_item(prodi_reg_builder *b, const char *name)
{
    reg_core *c = &b->core;
    uint32_t id;
    if (prodi_strmap_get(&c->item_ids, name, &id))
        return id;
    if (c->item_count >= UINT32_MAX - 1 ||
        PRODI_VEC_HEAP(c->mem, c->items, c->item_cap, (size_t)c->item_count + 1, 16) != 0)
        return 0;
    size_t n = strlen(name) + 1;
    char *copy = prodi_alloc(c->mem, n);
    if (!copy)
        return 0;
    memcpy(copy, name, n);
    if (prodi_strmap_put(&c->item_ids, copy, c->item_count + 1) != 0) {
        prodi_free(c->mem, copy);
        return 0;
    }
    c->items[c->item_count++] = copy;
    return c->item_count;
}

int prodi_regb_has_recipe(const prodi_reg_builder *b, const char *id)
{
    return prodi_strmap_get(&b->core.recipe_ids, id, NULL);
}

prod_status prodi_regb_add(prodi_reg_builder *b, const prodi_recipe *recipe, prodi_errbuf *err)
{
    reg_core *c = &b->core;
    if (!recipe->id)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "regb_add: recipe id is NULL");
    if (prodi_regb_has_recipe(b, recipe->id))
        return prodi_err_set(err, PROD_ERR_VALIDATION, "recipe \"%s\": duplicate recipe id",
                             recipe->id);
    const char *why = unfit(c, recipe);
    if (why)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "recipe \"%s\": %s", recipe->id, why);
    if (c->recipe_count >= PRODI_MAX_RECIPES)
        return prodi_err_set(err, PROD_ERR_LIMIT, "more than %u recipes", PRODI_MAX_RECIPES);
    if (PRODI_VEC_HEAP(c->mem, c->recipes, c->recipe_cap, (size_t)c->recipe_count + 1, 16) != 0)
        return no_memory(err);
    prodi_recipe copy;
    if (copy_recipe(c->mem, recipe, &copy) != 0)
        return no_memory(err);
    if (prodi_strmap_put(&c->recipe_ids, copy.id, c->recipe_count) != 0) {
        prodi_free(c->mem, (void *)copy.outputs);
        return no_memory(err);
    }
    copy.base = (prodi_eff){
        .duration = copy.duration_ms,
        .inputs = copy.inputs,
        .outputs = copy.outputs,
        .input_count = copy.input_count,
        .output_count = copy.output_count,
        .recipe = c->recipe_count,
        .mods = {1.0, 1.0, 1.0},
    };
    c->recipes[c->recipe_count++] = copy;
    return PROD_OK;
}

/* ---- indexes ------------------------------------------------------------- */

/* Writes the keys recipe `ix` is listed under into keys[]; returns how many. */
typedef uint32_t (*csr_keys_fn)(const void *ctx, const prodi_recipe *recipes, uint32_t ix,
                                uint32_t *keys);

/* Counting sort of (key, recipe) pairs into c; keys must be < nkeys. */
static int csr_build(const prodi_mem *mem, reg_csr *c, uint32_t nkeys, const prodi_recipe *recipes,
                     uint32_t n, csr_keys_fn keys_of, const void *ctx)
{
    uint32_t keys[PRODI_MAX_IO_PER_RECIPE];
    c->start = prodi_zalloc(mem, (size_t)nkeys + 1, sizeof *c->start);
    if (!c->start)
        return -1;
    for (uint32_t ix = 0; ix < n; ix++) {
        uint32_t k = keys_of(ctx, recipes, ix, keys);
        for (uint32_t j = 0; j < k; j++)
            c->start[keys[j] + 1]++;
    }
    for (uint32_t k = 1; k <= nkeys; k++)
        c->start[k] += c->start[k - 1];
    c->list = prodi_zalloc(mem, (size_t)c->start[nkeys] + 1, sizeof *c->list);
    if (!c->list)
        return -1;
    for (uint32_t ix = 0; ix < n; ix++) {
        uint32_t k = keys_of(ctx, recipes, ix, keys);
        for (uint32_t j = 0; j < k; j++)
            c->list[c->start[keys[j]]++] = ix;
    }
    /* Each start[k] now holds the end of k, i.e. the start of k + 1. */
    for (uint32_t k = nkeys; k > 0; k--)
        c->start[k] = c->start[k - 1];
    c->start[0] = 0;
    return 0;
}

static const prod_recipe_ix *csr_get(const reg_csr *c, uint32_t key, uint32_t *count)
{
    uint32_t n = c->start[key + 1] - c->start[key];
    if (count)
        *count = n;
    return n ? c->list + c->start[key] : NULL;
}

static void csr_free(const prodi_mem *mem, reg_csr *c)
{
    prodi_free(mem, c->start);
    prodi_free(mem, c->list);
}

static uint32_t output_keys(const void *ctx, const prodi_recipe *recipes, uint32_t ix,
                            uint32_t *keys)
{
    (void)ctx;
    const prodi_recipe *rc = &recipes[ix];
    for (uint32_t j = 0; j < rc->output_count; j++) /* <= PRODI_MAX_IO_PER_RECIPE */
        keys[j] = rc->outputs[j].item;
    return rc->output_count;
}

static uint32_t category_keys(const void *ctx, const prodi_recipe *recipes, uint32_t ix,
                              uint32_t *keys)
{
    (void)recipes;
    keys[0] = ((const uint32_t *)ctx)[ix];
    return 1;
}

/* Number the distinct categories in order of first use, then group by them. */
static int build_categories(prodi_registry *r)
{
    const reg_core *c = &r->core;
    uint32_t *key_of = prodi_zalloc(c->mem, (size_t)c->recipe_count + 1, sizeof *key_of);
    if (!key_of)
        return -1;
    int rc = 0;
    for (uint32_t ix = 0; ix < c->recipe_count && rc == 0; ix++) {
        const char *cat = c->recipes[ix].category;
        if (!prodi_strmap_get(&r->categories, cat, &key_of[ix])) {
            key_of[ix] = r->categories.len;
            rc = prodi_strmap_put(&r->categories, cat, key_of[ix]);
        }
    }
    if (rc == 0)
        rc = csr_build(c->mem, &r->by_category, r->categories.len, c->recipes, c->recipe_count,
                       category_keys, key_of);
    prodi_free(c->mem, key_of);
    return rc;
}

prod_status prodi_regb_finish(prodi_reg_builder *b, prodi_registry **out, prodi_errbuf *err)
{
    *out = NULL;
    const prodi_mem *mem = b->core.mem;
    prodi_registry *r = prodi_zalloc(mem, 1, sizeof *r);
    if (!r) {
        prodi_regb_free(b);
        return no_memory(err);
    }
    r->core = b->core;
    prodi_free(mem, b);
    prodi_strmap_init(&r->categories, mem);
    if (build_categories(r) != 0 ||
        csr_build(mem, &r->by_output, r->core.item_count + 1, r->core.recipes,
                  r->core.recipe_count, output_keys, NULL) != 0) {
        prodi_reg_free(r);
        return no_memory(err);
    }
    *out = r;
    return PROD_OK;
}

/* ---- read-only registry -------------------------------------------------- */

void prodi_reg_free(prodi_registry *r)
{
    if (!r)
        return;
    const prodi_mem *mem = r->core.mem;
    core_free(&r->core);
    prodi_strmap_free(&r->categories);
    csr_free(mem, &r->by_category);
    csr_free(mem, &r->by_output);
    prodi_free(mem, r);
}

uint32_t prodi_reg_recipe_count(const prodi_registry *r) { return r->core.recipe_count; }

const prodi_mem *prodi_reg_mem(const prodi_registry *r) { return r->core.mem; }

const prodi_recipe *prodi_reg_recipe(const prodi_registry *r, prod_recipe_ix ix)
{
    return ix < r->core.recipe_count ? &r->core.recipes[ix] : NULL;
}

const prodi_recipe *prodi_reg_recipes(const prodi_registry *r) { return r->core.recipes; }

int prodi_reg_find_recipe(const prodi_registry *r, const char *id, prod_recipe_ix *out)
{
    return id ? prodi_strmap_get(&r->core.recipe_ids, id, out) : 0;
}

const prod_recipe_ix *prodi_reg_by_category(const prodi_registry *r, const char *category,
                                            uint32_t *count)
{
    uint32_t key;
    if (count)
        *count = 0;
    if (!category || !prodi_strmap_get(&r->categories, category, &key))
        return NULL;
    return csr_get(&r->by_category, key, count);
}

const prod_recipe_ix *prodi_reg_by_output(const prodi_registry *r, prod_item_id item,
                                          uint32_t *count)
{
    if (count)
        *count = 0;
    if (item == 0 || item > r->core.item_count)
        return NULL;
    return csr_get(&r->by_output, item, count);
}

uint32_t prodi_reg_item_count(const prodi_registry *r) { return r->core.item_count; }

int prodi_reg_find_item(const prodi_registry *r, const char *name, prod_item_id *out)
{
    return name ? prodi_strmap_get(&r->core.item_ids, name, out) : 0;
}

const char *prodi_reg_item_name(const prodi_registry *r, prod_item_id item)
{
    return item && item <= r->core.item_count ? r->core.items[item - 1] : NULL;
}
