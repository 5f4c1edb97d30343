/* chain_resolve.c - prodhost chain's calculator options resolved by name
 * into a chain request (--raw, --raw-category, --prefer, --buy, --make by
 * name; --category-me, --bonus, --machine and --weight parsed into the
 * plugin's structs), and the check that no item dataconv left unmade is
 * counted as raw. */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/* Call fn on each comma-separated name of the entries of list. */
typedef int (*name_fn)(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                       chain_lists *L, prod_chain_request *q);

static int each_name(const prod_api *api, prod_ctx *ctx, const char *opt, const char *const *list,
                     uint32_t n, name_fn fn, chain_lists *L, prod_chain_request *q)
{
    for (uint32_t i = 0; i < n; i++)
        for (const char *p = list[i]; *p;) {
            char name[257];
            size_t len = strcspn(p, ",");
            if (len == 0 || len >= sizeof name)
                return chain_bad_value(opt, list[i], "comma-separated names of 1..256 bytes");
            memcpy(name, p, len);
            name[len] = '\0';
            int rc = fn(api, ctx, opt, name, L, q);
            if (rc != CLI_OK)
                return rc;
            p += len + (p[len] == ',');
        }
    return CLI_OK;
}

static int no_item(const char *opt, const char *name)
{
    fprintf(stderr, "prodhost chain: %s: no item \"%s\" in the recipes\n", opt, name);
    return CLI_FAILED;
}

/* The id of item `name` for a list with `used` of `cap` entries taken:
 * CLI_OK, CLI_FAILED (unknown) or CLI_USAGE (too many). */
static int item_for(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                    uint32_t used, size_t cap, prod_item_id *id)
{
    if (api->item_find(ctx, name, id) != PROD_OK)
        return no_item(opt, name);
    return used < cap ? CLI_OK : chain_bad_value(opt, name, "fewer names (the list is full)");
}

static int add_raw(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                   chain_lists *L, prod_chain_request *q)
{
    prod_item_id id;
    int rc = item_for(api, ctx, opt, name, q->raw_count, sizeof L->raw / sizeof L->raw[0], &id);
    if (rc != CLI_OK)
        return rc;
    L->raw[q->raw_count++] = id;
    q->raw_items = L->raw;
    return CLI_OK;
}

/* Every item a recipe of the category makes is raw. */
static int add_raw_category(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                            chain_lists *L, prod_chain_request *q)
{
    const prod_recipe_ix *list = NULL;
    uint32_t n = 0;
    if (api->recipes_by_category(ctx, name, &list, &n) != PROD_OK || n == 0) {
        fprintf(stderr, "prodhost chain: %s: no recipe of category \"%s\"\n", opt, name);
        return CLI_FAILED;
    }
    for (uint32_t i = 0; i < n; i++) {
        prod_recipe_info r = {.struct_size = sizeof r};
        prod_status st = api->recipe_get(ctx, list[i], &r);
        if (st != PROD_OK)
            return chain_failed(api, ctx, "chain", st);
        for (uint32_t j = 0; j < r.output_count; j++) {
            int rc = add_raw(api, ctx, opt, api->item_name(ctx, r.outputs[j].item), L, q);
            if (rc != CLI_OK)
                return rc;
        }
    }
    return CLI_OK;
}

static int add_prefer(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                      chain_lists *L, prod_chain_request *q)
{
    prod_recipe_ix ix;
    if (api->recipe_find(ctx, name, &ix) != PROD_OK) {
        fprintf(stderr, "prodhost chain: %s: no recipe \"%s\" in the recipes\n", opt, name);
        return CLI_FAILED;
    }
    if (q->preferred_count == sizeof L->prefer / sizeof L->prefer[0])
        return chain_bad_value(opt, name, "at most 512 recipes");
    L->prefer[q->preferred_count++] = ix;
    q->preferred = L->prefer;
    q->choice = PROD_CHOOSE_PREFERRED;
    return CLI_OK;
}

static int add_override(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                        chain_lists *L, prod_chain_request *q)
{
    prod_item_id id;
    int rc = item_for(api, ctx, opt, name, q->override_count,
                      sizeof L->overrides / sizeof L->overrides[0], &id);
    if (rc != CLI_OK)
        return rc;
    L->overrides[q->override_count++] = (prod_decision_override){
        .item = id, .decision = strcmp(opt, "--buy") == 0 ? PROD_DECISION_BUY : PROD_DECISION_MAKE};
    q->overrides = L->overrides;
    return CLI_OK;
}

/* "NAME=VALUE" into name (cap bytes) and value; -1 when malformed. */
static int split_eq(const char *text, char *name, size_t cap, const char **value)
{
    const char *eq = strrchr(text, '=');
    size_t len = eq ? (size_t)(eq - text) : 0;
    if (!eq || len == 0 || len >= cap || !eq[1])
        return -1;
    memcpy(name, text, len);
    name[len] = '\0';
    *value = eq + 1;
    return 0;
}

static int category_mes(const chain_args *a, chain_lists *L, prod_chain_request *q)
{
    for (uint32_t i = 0; i < a->n_category_me; i++) {
        const char *v;
        uint64_t num, den;
        if (split_eq(a->category_me[i], L->cme_names[i], sizeof L->cme_names[i], &v) != 0 ||
            chain_decimal(v, &num, &den) != 0 || den != 1 || num > 100)
            return chain_bad_value("--category-me", a->category_me[i], "CATEGORY=ME with ME a whole 0..100");
        L->category_me[i] = (prod_category_me){.category = L->cme_names[i], .me = (int32_t)num};
    }
    q->category_me = L->category_me;
    q->category_me_count = a->n_category_me;
    return CLI_OK;
}

/* "[material:|time:]PERCENT[@CATEGORY]" as a reduction of PERCENT/100. */
static int bonuses(const chain_args *a, chain_lists *L, prod_chain_request *q)
{
    for (uint32_t i = 0; i < a->n_bonus; i++) {
        const char *t = a->bonus[i], *at = strchr(t, '@');
        prod_bonus *b = &L->bonuses[i];
        char pct[40];
        *b = (prod_bonus){.kind = PROD_BONUS_MATERIAL};
        if (strncmp(t, "time:", 5) == 0 || strncmp(t, "material:", 9) == 0) {
            b->kind = t[0] == 't' ? PROD_BONUS_TIME : PROD_BONUS_MATERIAL;
            t = strchr(t, ':') + 1;
        }
        size_t len = at ? (size_t)(at - t) : strlen(t);
        uint64_t num, den;
        if (len == 0 || len >= sizeof pct || (at && strlen(at + 1) > 256))
            return chain_bad_value("--bonus", a->bonus[i], "[material:|time:]PERCENT[@CATEGORY]");
        memcpy(pct, t, len);
        pct[len] = '\0';
        if (chain_decimal(pct, &num, &den) != 0 || den > UINT64_MAX / 100 || num > den * 100)
            return chain_bad_value("--bonus", a->bonus[i], "a percentage in 0..100 (e.g. 4.2)");
        b->num = num;
        b->den = den * 100;
        if (at) {
            strcpy(L->bonus_names[i], at + 1);
            b->category = L->bonus_names[i];
        }
    }
    q->bonuses = L->bonuses;
    q->bonus_count = a->n_bonus;
    return CLI_OK;
}

/* "CATEGORY=SPEED[:KW]" or "recipe:ID=SPEED[:KW]". */
static int machines(const chain_args *a, chain_lists *L)
{
    for (uint32_t i = 0; i < a->n_machine; i++) {
        const char *v;
        char *name = L->machine_names[i], speed[40];
        prod_machine *mc = &L->machines[i];
        uint64_t kw = 0, kw_den = 1;
        if (split_eq(a->machine[i], name, sizeof L->machine_names[i], &v) != 0)
            return chain_bad_value("--machine", a->machine[i], "CATEGORY=SPEED[:KW] or recipe:ID=SPEED[:KW]");
        const char *colon = strchr(v, ':');
        size_t len = colon ? (size_t)(colon - v) : strlen(v);
        *mc = (prod_machine){.name = name};
        if (strncmp(name, "recipe:", 7) == 0)
            mc->recipe = name + 7;
        else
            mc->category = name;
        if (len >= sizeof speed)
            return chain_bad_value("--machine", a->machine[i], "a crafting speed such as 1.25");
        memcpy(speed, v, len);
        speed[len] = '\0';
        if (chain_decimal(speed, &mc->speed_num, &mc->speed_den) != 0 || mc->speed_num == 0 ||
            (colon && chain_decimal(colon + 1, &kw, &kw_den) != 0))
            return chain_bad_value("--machine", a->machine[i], "a crafting speed > 0 and power in kW");
        mc->power_kw = (double)kw / (double)kw_den;
    }
    L->n_machines = a->n_machine;
    return CLI_OK;
}

/* "ITEM=WEIGHT" entries of --weight. */
static int weights(const prod_api *api, prod_ctx *ctx, const chain_args *a, chain_lists *L)
{
    for (uint32_t i = 0; i < a->n_weight; i++) {
        char name[257];
        const char *v;
        uint64_t num, den;
        prod_item_weight *w = &L->weights[i];
        if (split_eq(a->weight[i], name, sizeof name, &v) != 0 || chain_decimal(v, &num, &den) != 0)
            return chain_bad_value("--weight", a->weight[i], "ITEM=WEIGHT with WEIGHT a decimal >= 0");
        *w = (prod_item_weight){.weight = (double)num / (double)den};
        if (api->item_find(ctx, name, &w->item) != PROD_OK)
            return no_item("--weight", name);
    }
    L->n_weights = a->n_weight;
    return CLI_OK;
}

int chain_resolve(const prod_api *api, prod_ctx *ctx, const chain_opts *o, chain_lists *L,
                  prod_chain_request *q)
{
    const chain_args *a = &o->args;
    q->version = PROD_CHAIN_REQUEST_VERSION;
    q->struct_size = sizeof *q;
    q->units = a->units;
    const struct {
        const char *opt;
        const char *const *list;
        uint32_t n;
        name_fn fn;
    } named[] = {
        {"--raw", a->raw, a->n_raw, add_raw},
        {"--raw-category", a->raw_category, a->n_raw_category, add_raw_category},
        {"--prefer", a->prefer, a->n_prefer, add_prefer},
        {"--buy", a->buy, a->n_buy, add_override},
        {"--make", a->make, a->n_make, add_override},
    };
    int rc = CLI_OK;
    for (size_t i = 0; rc == CLI_OK && i < sizeof named / sizeof named[0]; i++)
        rc = each_name(api, ctx, named[i].opt, named[i].list, named[i].n, named[i].fn, L, q);
    if (rc == CLI_OK)
        rc = category_mes(a, L, q);
    if (rc == CLI_OK)
        rc = bonuses(a, L, q);
    if (rc == CLI_OK)
        rc = machines(a, L);
    return rc == CLI_OK ? weights(api, ctx, a, L) : rc;
}

/* ---- items dataconv left unmade ------------------------------------------- */

static cJSON *read_recipes(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    size_t got = 0;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)))
        got = fread(text, 1, (size_t)n, f);
    fclose(f);
    cJSON *root = text ? cJSON_ParseWithLength(text, got) : NULL;
    free(text);
    return root;
}

int chain_check_unmade(const prod_api *api, prod_ctx *ctx, const char *recipes,
                       chain_item_at at, const void *src, uint32_t n)
{
    cJSON *root = recipes ? read_recipes(recipes) : NULL;
    const cJSON *u, *list = cJSON_GetObjectItemCaseSensitive(root, "unmade");
    int rc = CLI_OK;
    cJSON_ArrayForEach(u, list) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "item"));
        for (uint32_t i = 0; name && i < n && rc == CLI_OK; i++)
            if (at(src, i) && strcmp(api->item_name(ctx, at(src, i)), name) == 0) {
                fprintf(stderr,
                        "prodhost chain: %s has no recipe here because dataconv skipped its only "
                        "recipe (%s: %s); the chain would count it as raw\n",
                        name,
                        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "recipe")),
                        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "reason")));
                rc = CLI_FAILED;
            }
    }
    cJSON_Delete(root);
    return rc;
}
