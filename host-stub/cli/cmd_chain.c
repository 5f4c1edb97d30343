/* cmd_chain.c - prodhost chain: its options and usage, and a chain_build
 * answer printed as an indented tree, a flat shopping list, JSON (cJSON) or
 * Graphviz DOT, or the per-item graph (chain_graph.c) when a calculator
 * option asks for it. */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

static const char *const CHAIN_OPTIONS[] = {
    "--runs",    "--me",      "--te",        "--format",       "--strategy", "--prices",
    "--job-index", /* the calculator's (chain_args.c): */
    "--raw",     "--raw-category", "--prefer", "--buy",        "--make",     "--category-me",
    "--bonus",   "--units",   "--rate",      "--machine",      "--belt",     "--exact",
    "--graph",   "--optimize", "--weight",   NULL};
static const char *const CHAIN_FLAGS[] = {"--exact", "--graph", NULL};
static const char *const CHAIN_FORMATS[] = {"tree", "flat", "json", "dot", NULL};

void chain_usage(FILE *out)
{
    fprintf(out,
            "  chain ITEM [--runs N | --units N] [--me N] [--te N] [--format tree|flat|json|dot]\n"
            "        [--strategy make|buy-if-sold|adaptive|min-cost] [--job-index X]\n"
            "        [--prices PATH|none]\n"
            "        [--raw ITEMS] [--raw-category CAT] [--prefer RECIPES] [--buy ITEMS]\n"
            "        [--make ITEMS] [--category-me CAT=N] [--bonus [material:|time:]PCT[@CAT]]\n"
            "                  the production chain of ITEM down to raw materials (a tree of\n"
            "                  whole runs); ITEMS and RECIPES are comma lists, options repeat\n"
            "        [--graph] [--exact] [--rate N/s|N/min] [--machine CAT=SPEED[:KW]]\n"
            "        [--machine recipe:ID=SPEED[:KW]] [--belt N]\n"
            "        [--optimize min-raw|min-cost] [--weight ITEM=W]\n"
            "                  the per-item graph instead: each item once, byproducts\n"
            "                  credited, exact fractions (--exact), rates and machines\n"
            "                  (--rate; --format dot draws it); --optimize: the recipe mix\n"
            "                  a linear program finds (raw inputs x their weights, default 1)\n");
}

static const char *decision_name(uint32_t d)
{
    return d == PROD_DECISION_MAKE ? "make" : d == PROD_DECISION_BUY ? "buy" : "raw";
}

static const char *recipe_id(const prod_api *api, prod_ctx *ctx, prod_recipe_ix ix)
{
    prod_recipe_info r = {.struct_size = sizeof r};
    return ix != PROD_RECIPE_NONE && api->recipe_get(ctx, ix, &r) == PROD_OK ? r.id : "";
}

/* ---- tree and flat -------------------------------------------------------- */

static void print_cost(const prod_chain_node *n)
{
    if (n->flags & PROD_NODE_NO_PRICE)
        printf("  cost unpriced\n");
    else
        printf("  cost %.2f\n", n->cost);
}

static void print_tree(const prod_api *api, prod_ctx *ctx, const prod_chain_result *r)
{
    for (uint32_t i = 0; i < r->node_count; i++) {
        const prod_chain_node *n = &r->nodes[i];
        printf("%*s%s%s x%llu %s", (int)(2 * n->depth), "", n->depth ? "- " : "",
               api->item_name(ctx, n->item), (unsigned long long)n->qty_needed,
               decision_name(n->decision));
        if (n->decision == PROD_DECISION_MAKE)
            printf(" via %s (%llu run%s, produces %llu)", recipe_id(api, ctx, n->recipe),
                   (unsigned long long)n->runs, n->runs == 1 ? "" : "s",
                   (unsigned long long)n->qty_produced);
        printf("%s%s", (n->flags & PROD_NODE_TOOL) ? " [tool]" : "",
               (n->flags & PROD_NODE_EXPECTED) ? " [expected yield]" : "");
        print_cost(n);
    }
}

static void print_flat(const prod_api *api, prod_ctx *ctx, const prod_chain_result *r)
{
    printf("shopping list:\n");
    for (uint32_t i = 0; i < r->raw_count; i++)
        printf("  %-24s %10llu  %s%.2f\n", api->item_name(ctx, r->raw[i].item),
               (unsigned long long)r->raw[i].qty,
               (r->raw[i].flags & PROD_NODE_NO_PRICE) ? "unpriced " : "", r->raw[i].cost);
    printf("direct inputs:\n");
    for (uint32_t i = 0; i < r->direct_count; i++)
        printf("  %-24s %10llu\n", api->item_name(ctx, r->direct[i].item),
               (unsigned long long)r->direct[i].qty);
}

/* ---- JSON ----------------------------------------------------------------- */

static cJSON *totals_json(const prod_api *api, prod_ctx *ctx, const prod_item_total *t,
                          uint32_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (uint32_t i = 0; arr && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "item", api->item_name(ctx, t[i].item));
        cJSON_AddNumberToObject(o, "qty", (double)t[i].qty);
        cJSON_AddNumberToObject(o, "cost", t[i].cost);
        cJSON_AddBoolToObject(o, "priced", !(t[i].flags & PROD_NODE_NO_PRICE));
    }
    return arr;
}

static cJSON *node_json(const prod_api *api, prod_ctx *ctx, const prod_chain_node *n)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "item", api->item_name(ctx, n->item));
    cJSON_AddStringToObject(o, "decision", decision_name(n->decision));
    cJSON_AddStringToObject(o, "recipe", recipe_id(api, ctx, n->recipe));
    cJSON_AddNumberToObject(o, "depth", n->depth);
    cJSON_AddNumberToObject(o, "parent", n->parent == PROD_NODE_NONE ? -1 : (double)n->parent);
    cJSON_AddNumberToObject(o, "runs", (double)n->runs);
    cJSON_AddNumberToObject(o, "needed", (double)n->qty_needed);
    cJSON_AddNumberToObject(o, "produced", (double)n->qty_produced);
    cJSON_AddNumberToObject(o, "duration_ms", (double)n->duration_ms);
    cJSON_AddNumberToObject(o, "cost", n->cost);
    cJSON_AddBoolToObject(o, "priced", !(n->flags & PROD_NODE_NO_PRICE));
    if (n->decision != PROD_DECISION_MAKE && !(n->flags & PROD_NODE_NO_PRICE))
        cJSON_AddNumberToObject(o, "market", (double)n->market); /* index in the prices file */
    cJSON_AddBoolToObject(o, "tool", (n->flags & PROD_NODE_TOOL) != 0);
    cJSON_AddBoolToObject(o, "expected", (n->flags & PROD_NODE_EXPECTED) != 0);
    return o;
}

static int print_json(const prod_api *api, prod_ctx *ctx, const prod_chain_result *r)
{
    cJSON *root = cJSON_CreateObject(), *nodes = cJSON_CreateArray();
    cJSON_AddItemToObject(root, "nodes", nodes);
    for (uint32_t i = 0; nodes && i < r->node_count; i++)
        cJSON_AddItemToArray(nodes, node_json(api, ctx, &r->nodes[i]));
    cJSON_AddItemToObject(root, "raw", totals_json(api, ctx, r->raw, r->raw_count));
    cJSON_AddItemToObject(root, "direct", totals_json(api, ctx, r->direct, r->direct_count));
    cJSON_AddNumberToObject(root, "max_depth", r->max_depth);
    cJSON_AddNumberToObject(root, "material_cost", r->material_cost);
    cJSON_AddNumberToObject(root, "job_cost", r->job_cost);
    cJSON_AddNumberToObject(root, "total_cost", r->total_cost);
    cJSON_AddNumberToObject(root, "duration_ms", (double)r->duration_ms);
    return cli_print_json(root);
}

/* ---- DOT ------------------------------------------------------------------ */

/* s inside a DOT double-quoted string (a newline becomes DOT's \\n). */
static void dot_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\' || *s == '\n')
            putchar('\\');
        putchar(*s == '\n' ? 'n' : *s);
    }
    putchar('"');
}

static void print_dot(const prod_api *api, prod_ctx *ctx, const prod_chain_result *r)
{
    printf("digraph chain {\n  rankdir=TB;\n  node [shape=box];\n");
    for (uint32_t i = 0; i < r->node_count; i++) {
        const prod_chain_node *n = &r->nodes[i];
        char label[256];
        snprintf(label, sizeof label, "%s\nx%llu %s", api->item_name(ctx, n->item),
                 (unsigned long long)n->qty_needed, decision_name(n->decision));
        printf("  n%u [label=", i);
        dot_string(label);
        printf("%s];\n", n->decision == PROD_DECISION_MAKE ? "" : ", style=dashed");
    }
    for (uint32_t i = 1; i < r->node_count; i++)
        printf("  n%u -> n%u [label=\"%llu\"];\n", r->nodes[i].parent, i,
               (unsigned long long)r->nodes[i].qty_needed);
    printf("}\n");
}

/* ---- the command ---------------------------------------------------------- */

static int print_chain(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                       const prod_chain_result *r)
{
    if (o->format == CHAIN_FORMAT_JSON)
        return print_json(api, ctx, r);
    if (o->format == CHAIN_FORMAT_DOT) {
        print_dot(api, ctx, r);
        return 0;
    }
    if (o->format == CHAIN_FORMAT_FLAT)
        print_flat(api, ctx, r);
    else
        print_tree(api, ctx, r);
    printf("depth %u, %u nodes, total cost %.2f (materials %.2f, jobs %.2f)%s, time %lld ms\n",
           r->max_depth, r->node_count, r->total_cost, r->material_cost, r->job_cost,
           (r->flags & PROD_NODE_NO_PRICE) ? " with unpriced items" : "",
           (long long)r->duration_ms);
    return 0;
}

/* The root, then the shopping list: none may be one dataconv left unmade. */
static prod_item_id root_or_raw(const void *src, uint32_t i)
{
    const prod_chain_result *r = src;
    return i == 0 ? r->nodes[0].item : r->raw[i - 1].item;
}

static int chain_body_fn(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                         const prod_chain_request *base)
{
    static chain_lists lists; /* large; prodhost runs one command */
    prod_chain_request q = *base;
    memset(&lists, 0, sizeof lists);
    int rc = chain_resolve(api, ctx, o, &lists, &q);
    if (rc != CLI_OK)
        return rc;
    if (chain_wants_flow(&o->args))
        return chain_flow_print(api, ctx, o, &lists, &q);
    prod_chain_result *r = NULL;
    prod_status st = api->chain_build(ctx, &q, &r);
    rc = st == PROD_OK ? chain_check_unmade(api, ctx, o->recipes, root_or_raw, r, r->raw_count + 1)
                       : chain_failed(api, ctx, "chain", st);
    if (rc == CLI_OK)
        rc = print_chain(api, ctx, o, r);
    api->free_buffer(r);
    return rc;
}

int cmd_chain(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv)
{
    (void)host;
    static const chain_cmd cmd = {"chain", 1, CHAIN_OPTIONS, CHAIN_FORMATS, chain_body_fn,
                                  CHAIN_FLAGS};
    return chain_run(p, recipes, argc, argv, &cmd);
}
