/* result.c - chain_build: the walked tree packed into one block with its
 * shopping list (bought and raw nodes summed per item) and direct inputs. */
#include "chains/result.h"

#include "chains/rules.h"
#include "chains/walk.h"
#include "core/hashmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Add a node to the totals list, merging by item through map (reserved by
 * the caller for every node, so the put cannot fail). -1 when the item's
 * total passes 64 bits. */
static int total_add(prod_item_total *list, uint32_t *n, prodi_u64map *map,
                     const prod_chain_node *nd)
{
    uint32_t at;
    if (!prodi_u64map_get(map, nd->item, &at)) {
        at = (*n)++;
        list[at] = (prod_item_total){.item = nd->item};
        (void)prodi_u64map_put(map, nd->item, at);
    }
    if (list[at].qty > UINT64_MAX - nd->qty_needed)
        return -1;
    list[at].qty += nd->qty_needed;
    list[at].cost += nd->cost;
    list[at].flags |= nd->flags;
    return 0;
}

static prod_status pack(prod_ctx *ctx, const chain_tree *t, prod_chain_result **out)
{
    size_t size = sizeof(prod_chain_result) + (size_t)t->n * sizeof(prod_chain_node) +
                  2 * (size_t)t->n * sizeof(prod_item_total);
    prod_chain_result *res = prodi_buf_alloc(&ctx->mem, size);
    prodi_u64map map;
    prodi_u64map_init(&map, &ctx->mem);
    if (res)
        memset(res, 0, size);
    if (!res || prodi_u64map_reserve(&map, t->n) != 0) {
        prodi_buf_free(res);
        prodi_u64map_free(&map);
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY, "chain: out of memory");
    }
    prod_chain_node *nodes = (prod_chain_node *)(res + 1);
    prod_item_total *raw = (prod_item_total *)(nodes + t->n);
    prod_item_total *direct = raw + t->n;
    memcpy(nodes, t->nodes, (size_t)t->n * sizeof *nodes);
    res->struct_size = (uint32_t)sizeof *res;
    res->node_count = t->n;
    res->max_depth = t->max_depth;
    res->nodes = nodes;
    res->raw = raw;
    res->direct = direct;
    for (uint32_t i = 0; i < t->n; i++) {
        res->flags |= nodes[i].flags;
        if (nodes[i].decision != PROD_DECISION_MAKE &&
            total_add(raw, &res->raw_count, &map, &nodes[i]) != 0) {
            prod_item_id item = nodes[i].item;
            prodi_u64map_free(&map);
            prodi_buf_free(res);
            return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_LIMIT,
                                 "chain: the total of %s passes 2^64 units",
                                 prodi_reg_item_name(ctx->reg, item));
        }
        if (nodes[i].parent == 0)
            direct[res->direct_count++] = (prod_item_total){.item = nodes[i].item,
                                                            .flags = nodes[i].flags,
                                                            .qty = nodes[i].qty_needed,
                                                            .cost = nodes[i].cost};
    }
    prodi_u64map_free(&map);
    res->job_cost = t->job_cost;
    res->total_cost = nodes[0].cost;
    res->material_cost = res->total_cost - res->job_cost;
    res->duration_ms = t->duration_ms;
    *out = res;
    return PROD_OK;
}

prod_status prodi_chain_build(prod_ctx *ctx, const prod_chain_request *caller,
                              prod_chain_result **out)
{
    prod_chain_request local, *req = &local;
    prod_status st = prodi_chain_check_request(ctx, caller, 1, &local);
    if (st != PROD_OK)
        return st;
    chain_tree t;
    st = prodi_chain_walk(ctx, req, req->strategy, 0, &t);
    if (st == PROD_OK && (!isfinite(t.job_cost) || !isfinite(t.nodes[0].cost)))
        st = prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_LIMIT,
                           "chain: the costs of %s pass the range of a double (total cost %g)",
                           prodi_reg_item_name(ctx->reg, req->item), t.nodes[0].cost);
    if (st == PROD_OK)
        st = pack(ctx, &t, out);
    prodi_free(&ctx->mem, t.nodes);
    return st;
}
