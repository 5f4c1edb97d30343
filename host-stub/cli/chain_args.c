/* chain_args.c - prodhost chain's calculator options: --raw, --raw-category,
 * --prefer, --buy, --make, --category-me, --bonus, --machine, --rate,
 * --units, --belt, --exact and --graph; their parsing (exact decimals, so
 * 4.2% is 42/1000) and their resolution by name into a chain request, and
 * the check that no item dataconv left unmade is counted as raw. */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int chain_decimal(const char *text, uint64_t *num, uint64_t *den)
{
    uint64_t n = 0, d = 1;
    int digits = 0, point = 0;
    for (const char *p = text; p && *p; p++) {
        if (*p == '.' && !point) {
            point = 1;
            continue;
        }
        if (*p < '0' || *p > '9' || ++digits > 18)
            return -1;
        n = n * 10 + (uint64_t)(*p - '0');
        if (point)
            d *= 10;
    }
    if (!digits)
        return -1;
    *num = n;
    *den = d;
    return 0;
}

static int bad(const char *opt, const char *val, const char *want)
{
    fprintf(stderr, "prodhost: %s needs %s, got \"%s\"\n", opt, want, val ? val : "");
    return -1;
}

static int append(const char *opt, const char *val, const char **list, uint32_t *n)
{
    if (*n == CHAIN_ARGS_MAX)
        return bad(opt, val, "at most 64 uses");
    list[(*n)++] = val;
    return 1;
}

/* --rate AMOUNT/s or AMOUNT/min, --units N, --belt N. */
static int amount_option(chain_args *a, const char *opt, const char *val)
{
    uint64_t num, den;
    if (strcmp(opt, "--rate") == 0) {
        const char *slash = val ? strrchr(val, '/') : NULL;
        char head[32];
        size_t len = slash ? (size_t)(slash - val) : 0;
        if (!slash || len == 0 || len >= sizeof head ||
            (strcmp(slash, "/s") != 0 && strcmp(slash, "/min") != 0))
            return bad(opt, val, "AMOUNT/s or AMOUNT/min (e.g. 150/min)");
        memcpy(head, val, len);
        head[len] = '\0';
        if (chain_decimal(head, &num, &den) != 0 || num == 0)
            return bad(opt, val, "a positive decimal amount before /s or /min");
        a->rate = val;
        return 1;
    }
    if (strcmp(opt, "--units") == 0) {
        if (chain_decimal(val, &num, &den) != 0 || den != 1 || num == 0)
            return bad(opt, val, "a whole number of units >= 1");
        a->units = num;
        return 1;
    }
    if (strcmp(opt, "--optimize") == 0) {
        int min_raw = strcmp(val, "min-raw") == 0, min_cost = strcmp(val, "min-cost") == 0;
        if (!min_raw && !min_cost)
            return bad(opt, val, "one of min-raw, min-cost");
        a->optimize = 1 + (min_cost ? (int)PROD_LP_MIN_COST : (int)PROD_LP_MIN_RAW);
        return 1;
    }
    if (strcmp(opt, "--belt") == 0) {
        if (chain_decimal(val, &num, &den) != 0 || num == 0)
            return bad(opt, val, "items per second one belt carries (e.g. 15)");
        a->belt = (double)num / (double)den;
        return 1;
    }
    return 0;
}

int chain_args_option(chain_args *a, const char *opt, const char *val)
{
    static const struct {
        const char *name;
        size_t list;  /* offsetof the list in chain_args */
        size_t count; /* offsetof its count */
    } lists[] = {
        {"--raw", offsetof(chain_args, raw), offsetof(chain_args, n_raw)},
        {"--raw-category", offsetof(chain_args, raw_category), offsetof(chain_args, n_raw_category)},
        {"--prefer", offsetof(chain_args, prefer), offsetof(chain_args, n_prefer)},
        {"--buy", offsetof(chain_args, buy), offsetof(chain_args, n_buy)},
        {"--make", offsetof(chain_args, make), offsetof(chain_args, n_make)},
        {"--category-me", offsetof(chain_args, category_me), offsetof(chain_args, n_category_me)},
        {"--machine", offsetof(chain_args, machine), offsetof(chain_args, n_machine)},
        {"--bonus", offsetof(chain_args, bonus), offsetof(chain_args, n_bonus)},
        {"--weight", offsetof(chain_args, weight), offsetof(chain_args, n_weight)},
    };
    if (!val) { /* the flags */
        int *flag = strcmp(opt, "--exact") == 0 ? &a->exact
                    : strcmp(opt, "--graph") == 0 ? &a->graph
                                                  : NULL;
        if (flag)
            *flag = 1;
        return flag != NULL;
    }
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(opt, lists[i].name) == 0)
            return append(opt, val, (const char **)((char *)a + lists[i].list),
                          (uint32_t *)((char *)a + lists[i].count));
    return amount_option(a, opt, val);
}

int chain_wants_flow(const chain_opts *o)
{
    return o->args.graph || o->args.exact || o->args.rate || o->args.optimize;
}

/* ---- resolution ----------------------------------------------------------- */

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
                return bad(opt, list[i], "comma-separated names of 1..256 bytes");
            memcpy(name, p, len);
            name[len] = '\0';
            if (fn(api, ctx, opt, name, L, q) != 0)
                return -1;
            p += len + (p[len] == ',');
        }
    return 0;
}

static int no_item(const char *opt, const char *name)
{
    fprintf(stderr, "prodhost: %s: no item \"%s\" in the recipes\n", opt, name);
    return -1;
}

/* The id of item `name` for a list with `used` of `cap` entries taken. 0 or -1. */
static int item_for(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                    uint32_t used, size_t cap, prod_item_id *id)
{
    if (api->item_find(ctx, name, id) != PROD_OK)
        return no_item(opt, name);
    return used < cap ? 0 : bad(opt, name, "fewer names (the list is full)");
}

static int add_raw(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                   chain_lists *L, prod_chain_request *q)
{
    prod_item_id id;
    if (item_for(api, ctx, opt, name, q->raw_count, sizeof L->raw / sizeof L->raw[0], &id) != 0)
        return -1;
    L->raw[q->raw_count++] = id;
    q->raw_items = L->raw;
    return 0;
}

/* Every item a recipe of the category makes is raw. */
static int add_raw_category(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                            chain_lists *L, prod_chain_request *q)
{
    const prod_recipe_ix *list = NULL;
    uint32_t n = 0;
    if (api->recipes_by_category(ctx, name, &list, &n) != PROD_OK || n == 0) {
        fprintf(stderr, "prodhost: %s: no recipe of category \"%s\"\n", opt, name);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        prod_recipe_info r = {.struct_size = sizeof r};
        if (api->recipe_get(ctx, list[i], &r) != PROD_OK)
            return -1;
        for (uint32_t j = 0; j < r.output_count; j++)
            if (add_raw(api, ctx, opt, api->item_name(ctx, r.outputs[j].item), L, q) != 0)
                return -1;
    }
    return 0;
}

static int add_prefer(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                      chain_lists *L, prod_chain_request *q)
{
    prod_recipe_ix ix;
    if (api->recipe_find(ctx, name, &ix) != PROD_OK) {
        fprintf(stderr, "prodhost: %s: no recipe \"%s\" in the recipes\n", opt, name);
        return -1;
    }
    if (q->preferred_count == sizeof L->prefer / sizeof L->prefer[0])
        return bad(opt, name, "at most 512 recipes");
    L->prefer[q->preferred_count++] = ix;
    q->preferred = L->prefer;
    q->choice = PROD_CHOOSE_PREFERRED;
    return 0;
}

static int add_override(const prod_api *api, prod_ctx *ctx, const char *opt, const char *name,
                        chain_lists *L, prod_chain_request *q)
{
    prod_item_id id;
    if (item_for(api, ctx, opt, name, q->override_count,
                 sizeof L->overrides / sizeof L->overrides[0], &id) != 0)
        return -1;
    L->overrides[q->override_count++] = (prod_decision_override){
        .item = id, .decision = strcmp(opt, "--buy") == 0 ? PROD_DECISION_BUY : PROD_DECISION_MAKE};
    q->overrides = L->overrides;
    return 0;
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
            return bad("--category-me", a->category_me[i], "CATEGORY=ME with ME a whole 0..100");
        L->category_me[i] = (prod_category_me){.category = L->cme_names[i], .me = (int32_t)num};
    }
    q->category_me = L->category_me;
    q->category_me_count = a->n_category_me;
    return 0;
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
            return bad("--bonus", a->bonus[i], "[material:|time:]PERCENT[@CATEGORY]");
        memcpy(pct, t, len);
        pct[len] = '\0';
        if (chain_decimal(pct, &num, &den) != 0 || den > UINT64_MAX / 100 || num > den * 100)
            return bad("--bonus", a->bonus[i], "a percentage in 0..100 (e.g. 4.2)");
        b->num = num;
        b->den = den * 100;
        if (at) {
            strcpy(L->bonus_names[i], at + 1);
            b->category = L->bonus_names[i];
        }
    }
    q->bonuses = L->bonuses;
    q->bonus_count = a->n_bonus;
    return 0;
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
            return bad("--machine", a->machine[i], "CATEGORY=SPEED[:KW] or recipe:ID=SPEED[:KW]");
        const char *colon = strchr(v, ':');
        size_t len = colon ? (size_t)(colon - v) : strlen(v);
        *mc = (prod_machine){.name = name};
        if (strncmp(name, "recipe:", 7) == 0)
            mc->recipe = name + 7;
        else
            mc->category = name;
        if (len >= sizeof speed)
            return bad("--machine", a->machine[i], "a crafting speed such as 1.25");
        memcpy(speed, v, len);
        speed[len] = '\0';
        if (chain_decimal(speed, &mc->speed_num, &mc->speed_den) != 0 || mc->speed_num == 0 ||
            (colon && chain_decimal(colon + 1, &kw, &kw_den) != 0))
            return bad("--machine", a->machine[i], "a crafting speed > 0 and power in kW");
        mc->power_kw = (double)kw / (double)kw_den;
    }
    L->n_machines = a->n_machine;
    return 0;
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
            return bad("--weight", a->weight[i], "ITEM=WEIGHT with WEIGHT a decimal >= 0");
        *w = (prod_item_weight){.weight = (double)num / (double)den};
        if (api->item_find(ctx, name, &w->item) != PROD_OK)
            return no_item("--weight", name);
    }
    L->n_weights = a->n_weight;
    return 0;
}

int chain_resolve(const prod_api *api, prod_ctx *ctx, const chain_opts *o, chain_lists *L,
                  prod_chain_request *q)
{
    const chain_args *a = &o->args;
    q->version = PROD_CHAIN_REQUEST_VERSION;
    q->struct_size = sizeof *q;
    q->units = a->units;
    if (each_name(api, ctx, "--raw", a->raw, a->n_raw, add_raw, L, q) != 0 ||
        each_name(api, ctx, "--raw-category", a->raw_category, a->n_raw_category,
                  add_raw_category, L, q) != 0 ||
        each_name(api, ctx, "--prefer", a->prefer, a->n_prefer, add_prefer, L, q) != 0 ||
        each_name(api, ctx, "--buy", a->buy, a->n_buy, add_override, L, q) != 0 ||
        each_name(api, ctx, "--make", a->make, a->n_make, add_override, L, q) != 0)
        return -1;
    return category_mes(a, L, q) == 0 && bonuses(a, L, q) == 0 && machines(a, L) == 0 &&
                   weights(api, ctx, a, L) == 0
               ? 0
               : -1;
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
    int rc = 0;
    cJSON_ArrayForEach(u, list) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "item"));
        for (uint32_t i = 0; name && i < n && rc == 0; i++)
            if (at(src, i) && strcmp(api->item_name(ctx, at(src, i)), name) == 0) {
                fprintf(stderr,
                        "prodhost: %s has no recipe here because dataconv skipped its only "
                        "recipe (%s: %s); the chain would count it as raw\n",
                        name,
                        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "recipe")),
                        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "reason")));
                rc = -1;
            }
    }
    cJSON_Delete(root);
    return rc;
}
