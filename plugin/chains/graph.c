/* graph.c - the per-context precomputation behind chain queries: for
 * every item the first recipe (load order) that yields it, for every recipe
 * its base job cost read once from metadata "job_cost", and an iterative
 * depth-first pass over the default-recipe graph giving a topological order
 * and each item's height (CHAIN_HEIGHT_CYCLE on or above a cycle). No
 * recursion: the DFS keeps its own stack. */
#include "chains/graph.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double prodi_chain_yield(const prodi_recipe *r, prod_item_id item, int *expected)
{
    double y = 0;
    for (uint32_t i = 0; i < r->output_count; i++) {
        if (r->outputs[i].item != item)
            continue;
        y += r->outputs[i].qty * r->outputs[i].probability;
        if (r->outputs[i].probability < 1.0)
            *expected = 1;
    }
    return y;
}

/* metadata {"job_cost": number >= 0} -> the number, otherwise -1. */
static double job_base_of(const char *metadata)
{
    if (!metadata || !strstr(metadata, "\"job_cost\""))
        return -1;
    cJSON *root = cJSON_Parse(metadata);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "job_cost");
    double d = cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0
                   ? v->valuedouble
                   : -1;
    cJSON_Delete(root);
    return d;
}

static void first_recipes(const prodi_registry *reg, chain_graph *g)
{
    for (prod_item_id it = 1; it <= g->item_count; it++) {
        uint32_t n;
        const prod_recipe_ix *list = prodi_reg_by_output(reg, it, &n);
        g->first_recipe[it] = PROD_RECIPE_NONE;
        for (uint32_t i = 0; i < n; i++) {
            int expected = 0;
            if (prodi_chain_yield(prodi_reg_recipe(reg, list[i]), it, &expected) > 0) {
                g->first_recipe[it] = list[i];
                break;
            }
        }
    }
}

typedef struct dfs_frame {
    prod_item_id item;
    uint32_t next; /* next input of its default recipe to visit */
} dfs_frame;

#define WHITE 0
#define GREY 1
#define BLACK 2

/* Height of a finished item from its inputs' heights. */
static uint32_t height_of(const prodi_registry *reg, const chain_graph *g, prod_item_id item)
{
    if (g->first_recipe[item] == PROD_RECIPE_NONE)
        return 0;
    const prodi_recipe *r = prodi_reg_recipe(reg, g->first_recipe[item]);
    uint32_t h = 0;
    for (uint32_t i = 0; i < r->input_count; i++) {
        uint32_t c = g->height[r->inputs[i].item];
        if (c == CHAIN_HEIGHT_CYCLE)
            return CHAIN_HEIGHT_CYCLE;
        if (c + 1 > h)
            h = c + 1;
    }
    return h;
}

/* Visit every item reachable from root (iteratively). */
static void dfs_from(const prodi_registry *reg, chain_graph *g, prod_item_id root, uint8_t *color,
                     dfs_frame *stack)
{
    uint32_t top = 0;
    stack[top++] = (dfs_frame){root, 0};
    color[root] = GREY;
    while (top > 0) {
        dfs_frame *f = &stack[top - 1];
        prod_recipe_ix rix = g->first_recipe[f->item];
        const prodi_recipe *r = rix == PROD_RECIPE_NONE ? NULL : prodi_reg_recipe(reg, rix);
        if (r && f->next < r->input_count) {
            prod_item_id in = r->inputs[f->next++].item;
            if (color[in] == WHITE) {
                color[in] = GREY;
                stack[top++] = (dfs_frame){in, 0};
            } else if (color[in] == GREY) {
                g->height[in] = CHAIN_HEIGHT_CYCLE; /* a back edge: in is on a cycle */
            }
            continue;
        }
        prod_item_id it = f->item;
        top--;
        color[it] = BLACK;
        if (g->height[it] != CHAIN_HEIGHT_CYCLE)
            g->height[it] = height_of(reg, g, it);
        if (g->height[it] != CHAIN_HEIGHT_CYCLE)
            g->topo[g->topo_count++] = it;
    }
}

prod_status prodi_chain_graph_build(const prodi_registry *reg, chain_graph **out, prodi_errbuf *err)
{
    *out = NULL;
    uint32_t items = prodi_reg_item_count(reg), recipes = prodi_reg_recipe_count(reg);
    const prodi_mem *mem = prodi_reg_mem(reg);
    chain_graph *g = prodi_zalloc(mem, 1, sizeof *g);
    uint8_t *color = prodi_zalloc(mem, (size_t)items + 1, 1);
    dfs_frame *stack = prodi_zalloc(mem, (size_t)items + 1, sizeof *stack);
    if (g) {
        g->mem = mem;
        g->item_count = items;
        g->first_recipe = prodi_zalloc(mem, (size_t)items + 1, sizeof *g->first_recipe);
        g->height = prodi_zalloc(mem, (size_t)items + 1, sizeof *g->height);
        g->topo = prodi_zalloc(mem, (size_t)items + 1, sizeof *g->topo);
        g->job_base = prodi_zalloc(mem, (size_t)recipes + 1, sizeof *g->job_base);
    }
    if (!g || !color || !stack || !g->first_recipe || !g->height || !g->topo || !g->job_base) {
        prodi_free(mem, color);
        prodi_free(mem, stack);
        prodi_chain_graph_free(g);
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "chain precomputation: out of memory");
    }
    first_recipes(reg, g);
    for (prod_recipe_ix i = 0; i < recipes; i++)
        g->job_base[i] = job_base_of(prodi_reg_recipe(reg, i)->metadata);
    for (prod_item_id it = 1; it <= items; it++)
        if (color[it] == WHITE)
            dfs_from(reg, g, it, color, stack);
    prodi_free(mem, color);
    prodi_free(mem, stack);
    *out = g;
    return PROD_OK;
}

void prodi_chain_graph_free(chain_graph *g)
{
    if (!g)
        return;
    const prodi_mem *mem = g->mem;
    prodi_free(mem, g->first_recipe);
    prodi_free(mem, g->height);
    prodi_free(mem, g->topo);
    prodi_free(mem, g->job_base);
    prodi_free(mem, g);
}
