/* chain_graph.c - prodhost chain --graph / --rate / --exact / --optimize: the
 * per-item graph (prod_api.chain_flow, or chain_optimize's recipe mix)
 * printed as a table, JSON or Graphviz DOT, with
 * exact fractions (--exact) or decimals, machines per step at the given
 * crafting speeds and belts per input (--belt). */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

static const char *decision_of(const prod_flow_item *it)
{
    if (it->flags & PROD_FLOW_TOOL && it->decision != PROD_DECISION_MAKE)
        return "tool";
    return it->decision == PROD_DECISION_MAKE ? "make"
           : it->decision == PROD_DECISION_BUY ? "buy"
                                               : "raw";
}

static const char *recipe_name(const prod_api *api, prod_ctx *ctx, prod_recipe_ix ix)
{
    prod_recipe_info r = {.struct_size = sizeof r};
    return api->recipe_get(ctx, ix, &r) == PROD_OK ? r.id : "?";
}

/* The exact fraction (--exact) or the double. */
static const char *figure(const prod_api *api, const chain_opts *o, const prod_exact *x, double f,
                          char *buf, size_t cap)
{
    if (o->args.exact && api->exact_format(x, buf, (uint32_t)cap) == PROD_OK)
        return buf;
    snprintf(buf, cap, "%.6g", f);
    return buf;
}

/* "AMOUNT/s" or "AMOUNT/min" (checked by chain_args.c) into a target. */
static void rate_target(const char *rate, prod_flow_target *t, uint32_t *unit)
{
    char head[32];
    const char *slash = strrchr(rate, '/');
    size_t len = (size_t)(slash - rate);
    memcpy(head, rate, len);
    head[len] = '\0';
    (void)chain_decimal(head, &t->num, &t->den);
    *unit = strcmp(slash, "/min") == 0 ? PROD_AMOUNT_PER_MINUTE : PROD_AMOUNT_PER_SECOND;
}

static void print_table(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                        const prod_flow_result *r)
{
    const char *per = r->unit == PROD_AMOUNT_UNITS ? "" : "/s";
    char a[96], b[96], c[96];
    printf("%-28s %-5s %-28s %14s %14s %14s\n", "item", "how", "recipe", "produced", "consumed",
           "surplus");
    for (uint32_t i = 0; i < r->item_count; i++) {
        const prod_flow_item *it = &r->items[i];
        const prod_flow_step *s = it->step != PROD_NODE_NONE ? &r->steps[it->step] : NULL;
        printf("%-28s %-5s %-28s %13s%s %13s%s %13s%s", api->item_name(ctx, it->item),
               decision_of(it), s ? recipe_name(api, ctx, s->recipe) : "-",
               figure(api, o, &it->produced, it->produced_f, a, sizeof a), per,
               figure(api, o, &it->consumed, it->consumed_f, b, sizeof b), per,
               figure(api, o, &it->surplus, it->surplus_f, c, sizeof c), per);
        if (r->unit == PROD_AMOUNT_UNITS && !(r->flags & PROD_FLOW_FLOATING))
            printf("  whole runs: %llu made, %llu used",
                   (unsigned long long)it->batch_produced, (unsigned long long)it->batch_consumed);
        if (o->args.belt > 0 && r->unit != PROD_AMOUNT_UNITS)
            printf("  %.3g belts", it->consumed_f / o->args.belt);
        if (it->tool_qty)
            printf("  tool x%llu", (unsigned long long)it->tool_qty);
        if (!(it->flags & PROD_FLOW_NO_PRICE) && it->decision != PROD_DECISION_MAKE)
            printf("  cost %.2f", it->cost);
        printf("\n");
    }
    printf("steps:\n");
    for (uint32_t i = 0; i < r->step_count; i++) {
        const prod_flow_step *s = &r->steps[i];
        printf("  %-28s runs %s%s", recipe_name(api, ctx, s->recipe),
               figure(api, o, &s->runs, s->runs_f, a, sizeof a), per);
        if (r->unit == PROD_AMOUNT_UNITS)
            printf(" (%llu whole), %lld ms", (unsigned long long)s->batch_runs,
                   (long long)s->duration_ms);
        else
            printf(", machines %s (build %llu), %lld ms per run",
                   figure(api, o, &s->machines, s->machines_f, b, sizeof b),
                   (unsigned long long)s->machines_ceil, (long long)s->duration_ms);
        if (s->power_kw > 0)
            printf(", %.1f kW", s->power_kw);
        printf("\n");
    }
    printf("%s figures; total cost %.2f%s, power %.1f kW\n",
           r->flags & PROD_FLOW_FLOATING ? "solver (floating-point)"
           : o->args.exact             ? "exact"
                                       : "decimal (exact with --exact)",
           r->total_cost, per, r->power_kw);
}

static void dot_text(const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
}

/* Made: box; bought: dashed box; raw: ellipse; tool: diamond; targets bold. */
static const char *dot_shape(const prod_flow_item *it)
{
    if ((it->flags & PROD_FLOW_TOOL) && it->decision != PROD_DECISION_MAKE)
        return "shape=diamond";
    if (it->decision == PROD_DECISION_MAKE)
        return it->flags & PROD_FLOW_TARGET ? "shape=box, style=bold" : "shape=box";
    return it->decision == PROD_DECISION_BUY ? "shape=box, style=dashed" : "shape=ellipse";
}

static void print_dot(const prod_api *api, prod_ctx *ctx, const chain_opts *o,
                      const prod_flow_result *r)
{
    char a[96], b[96];
    const char *per = r->unit == PROD_AMOUNT_UNITS ? "" : "/s";
    printf("digraph flow {\n  rankdir=TB;\n");
    for (uint32_t i = 0; i < r->item_count; i++) {
        const prod_flow_item *it = &r->items[i];
        const prod_flow_step *s = it->step != PROD_NODE_NONE ? &r->steps[it->step] : NULL;
        printf("  i%u [%s, label=\"", i, dot_shape(it));
        dot_text(api->item_name(ctx, it->item));
        printf("\\n%s %s%s", decision_of(it),
               figure(api, o, &it->consumed, it->consumed_f, a, sizeof a), per);
        if (s && r->steps[it->step].item == i) {
            printf("\\n");
            dot_text(recipe_name(api, ctx, s->recipe));
            if (r->unit == PROD_AMOUNT_UNITS)
                printf(" x%llu runs, %lld ms", (unsigned long long)s->batch_runs,
                       (long long)s->duration_ms);
            else
                printf(" %s machines, %lld ms/run",
                       figure(api, o, &s->machines, s->machines_f, b, sizeof b),
                       (long long)s->duration_ms);
        }
        if (it->decision != PROD_DECISION_MAKE)
            printf("\\ncost %s", it->flags & PROD_FLOW_NO_PRICE ? "unpriced" : "");
        if (it->decision != PROD_DECISION_MAKE && !(it->flags & PROD_FLOW_NO_PRICE))
            printf("%.2f", it->cost);
        if (it->flags & PROD_FLOW_SURPLUS)
            printf("\\nsurplus %s", figure(api, o, &it->surplus, it->surplus_f, b, sizeof b));
        printf("\"];\n");
    }
    for (uint32_t i = 0; i < r->edge_count; i++) {
        const prod_flow_edge *e = &r->edges[i];
        if (e->flags & PROD_FLOW_TOOL)
            printf("  i%u -> i%u [style=dotted, label=\"tool x%llu\"];\n", e->from, e->to,
                   (unsigned long long)e->batch_qty);
        else
            printf("  i%u -> i%u [%slabel=\"%s%s\"];\n", e->from, e->to,
                   e->kind == PROD_FLOW_EDGE_BYPRODUCT ? "style=dashed, " : "",
                   figure(api, o, &e->flow, e->flow_f, a, sizeof a), per);
    }
    printf("}\n");
}

static cJSON *exact_json(const prod_api *api, const prod_exact *x, double f)
{
    char buf[96];
    cJSON *o = cJSON_CreateObject();
    if (api->exact_format(x, buf, sizeof buf) == PROD_OK)
        cJSON_AddStringToObject(o, "exact", buf);
    cJSON_AddNumberToObject(o, "value", f);
    return o;
}

static int print_json(const prod_api *api, prod_ctx *ctx, const prod_flow_result *r)
{
    cJSON *root = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(root, "items");
    cJSON *steps = cJSON_AddArrayToObject(root, "steps"), *edges = cJSON_AddArrayToObject(root, "edges");
    for (uint32_t i = 0; i < r->item_count; i++) {
        const prod_flow_item *it = &r->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(items, o);
        cJSON_AddStringToObject(o, "item", api->item_name(ctx, it->item));
        cJSON_AddStringToObject(o, "decision", decision_of(it));
        cJSON_AddNumberToObject(o, "step", it->step == PROD_NODE_NONE ? -1 : (double)it->step);
        cJSON_AddItemToObject(o, "produced", exact_json(api, &it->produced, it->produced_f));
        cJSON_AddItemToObject(o, "consumed", exact_json(api, &it->consumed, it->consumed_f));
        cJSON_AddItemToObject(o, "surplus", exact_json(api, &it->surplus, it->surplus_f));
        cJSON_AddNumberToObject(o, "batch_produced", (double)it->batch_produced);
        cJSON_AddNumberToObject(o, "batch_consumed", (double)it->batch_consumed);
        cJSON_AddNumberToObject(o, "cost", it->cost);
    }
    for (uint32_t i = 0; i < r->step_count; i++) {
        const prod_flow_step *s = &r->steps[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(steps, o);
        cJSON_AddStringToObject(o, "recipe", recipe_name(api, ctx, s->recipe));
        cJSON_AddItemToObject(o, "runs", exact_json(api, &s->runs, s->runs_f));
        cJSON_AddItemToObject(o, "machines", exact_json(api, &s->machines, s->machines_f));
        cJSON_AddNumberToObject(o, "batch_runs", (double)s->batch_runs);
        cJSON_AddNumberToObject(o, "machines_ceil", (double)s->machines_ceil);
        cJSON_AddNumberToObject(o, "duration_ms", (double)s->duration_ms);
        cJSON_AddNumberToObject(o, "power_kw", s->power_kw);
    }
    for (uint32_t i = 0; i < r->edge_count; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(edges, o);
        cJSON_AddNumberToObject(o, "from", r->edges[i].from);
        cJSON_AddNumberToObject(o, "to", r->edges[i].to);
        cJSON_AddStringToObject(o, "kind",
                                r->edges[i].kind == PROD_FLOW_EDGE_INPUT ? "input" : "byproduct");
        cJSON_AddItemToObject(o, "flow", exact_json(api, &r->edges[i].flow, r->edges[i].flow_f));
    }
    cJSON_AddNumberToObject(root, "total_cost", r->total_cost);
    cJSON_AddBoolToObject(root, "floating", (r->flags & PROD_FLOW_FLOATING) != 0);
    return cli_print_json(root);
}

/* Raw items of r that dataconv left unmade make the answer wrong. */
static prod_item_id raw_item(const void *src, uint32_t i)
{
    const prod_flow_result *r = src;
    return r->items[i].decision == PROD_DECISION_RAW ? r->items[i].item : 0;
}

int chain_flow_print(const prod_api *api, prod_ctx *ctx, const chain_opts *o, const chain_lists *L,
                     const prod_chain_request *q)
{
    prod_flow_target t = {.item = q->item, .num = o->args.units ? o->args.units : 1, .den = 1};
    prod_flow_request f = {.struct_size = sizeof f, .version = PROD_FLOW_REQUEST_VERSION,
                           .base = q, .targets = &t, .target_count = 1,
                           .machines = L->machines, .machine_count = L->n_machines};
    if (o->args.rate)
        rate_target(o->args.rate, &t, &f.unit);
    prod_lp_request lp = {.struct_size = sizeof lp, .version = PROD_LP_REQUEST_VERSION, .flow = &f,
                          .objective = o->args.optimize ? (uint32_t)(o->args.optimize - 1) : 0,
                          .weights = L->weights, .weight_count = L->n_weights};
    prod_flow_result *r = NULL;
    prod_status st = o->args.optimize ? api->chain_optimize(ctx, &lp, &r)
                                      : api->chain_flow(ctx, &f, &r);
    int rc = st == PROD_OK ? chain_check_unmade(api, ctx, o->recipes, raw_item, r, r->item_count)
                           : chain_failed(api, ctx, "chain", st);
    if (rc == CLI_OK && o->format == CHAIN_FORMAT_JSON)
        rc = print_json(api, ctx, r);
    else if (rc == CLI_OK && o->format == CHAIN_FORMAT_DOT)
        print_dot(api, ctx, o, r);
    else if (rc == CLI_OK)
        print_table(api, ctx, o, r);
    api->free_buffer(r);
    return rc;
}
