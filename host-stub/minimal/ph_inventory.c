/* ph_inventory.c - owns the inventories of ph_inventory.h: an index from
 * inventory id to a dense array of inventories, each a ph_u64map of item
 * counts plus a running total checked against its capacity. */
#include "ph_inventory.h"

#include <stdlib.h>

#include "ph_u64map.h"

typedef struct inventory {
    uint64_t capacity;
    uint64_t total;
    ph_u64map counts; /* prod_item_id -> count */
} inventory;

struct ph_inv {
    ph_u64map index; /* inventory id -> position in invs */
    inventory *invs;
    size_t len, cap;
};

ph_inv *ph_inv_create(void)
{
    ph_inv *s = calloc(1, sizeof *s);
    if (s)
        ph_u64map_init(&s->index);
    return s;
}

void ph_inv_destroy(ph_inv *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->len; i++)
        ph_u64map_free(&s->invs[i].counts);
    free(s->invs);
    ph_u64map_free(&s->index);
    free(s);
}

static inventory *find(const ph_inv *s, uint64_t id)
{
    uint64_t pos;
    return ph_u64map_get(&s->index, id, &pos) ? &s->invs[pos] : NULL;
}

int ph_inv_open(ph_inv *s, uint64_t id, uint64_t capacity)
{
    if (find(s, id))
        return -1;
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        inventory *grown = realloc(s->invs, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->invs = grown;
        s->cap = cap;
    }
    if (ph_u64map_put(&s->index, id, s->len) != 0)
        return -1;
    inventory *inv = &s->invs[s->len++];
    inv->capacity = capacity;
    inv->total = 0;
    ph_u64map_init(&inv->counts);
    return 0;
}

static uint64_t count_of(const inventory *inv, prod_item_id item)
{
    uint64_t n = 0;
    ph_u64map_get(&inv->counts, item, &n);
    return n;
}

/* Only called for items already present or after ph_u64map_reserve: cannot fail. */
static void set_count(inventory *inv, prod_item_id item, uint64_t n)
{
    inv->total = inv->total - count_of(inv, item) + n;
    (void)ph_u64map_put(&inv->counts, item, n);
}

int32_t ph_inv_count(const ph_inv *s, uint64_t id, prod_item_id item, uint64_t *out)
{
    const inventory *inv = find(s, id);
    if (!inv || !out)
        return PH_INV_ERROR;
    *out = count_of(inv, item);
    return PROD_HOST_OK;
}

/* Put back what the first n requirements removed (a failed consume). */
static void restore(inventory *inv, const prod_requirement *reqs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (reqs[i].consume)
            set_count(inv, reqs[i].item, count_of(inv, reqs[i].item) + reqs[i].qty);
}

int32_t ph_inv_consume(ph_inv *s, uint64_t id, const prod_requirement *reqs, uint32_t n)
{
    inventory *inv = find(s, id);
    if (!inv || (n > 0 && !reqs))
        return PH_INV_ERROR;
    /* Apply in order and roll back on the first shortage: atomic even when
     * an item is listed twice. */
    for (uint32_t i = 0; i < n; i++) {
        uint64_t have = count_of(inv, reqs[i].item);
        if (have < reqs[i].qty) {
            restore(inv, reqs, i);
            return PROD_HOST_INSUFFICIENT;
        }
        if (reqs[i].consume)
            set_count(inv, reqs[i].item, have - reqs[i].qty);
    }
    return PROD_HOST_OK;
}

int32_t ph_inv_add(ph_inv *s, uint64_t id, const prod_item_qty *items, uint32_t n)
{
    inventory *inv = find(s, id);
    if (!inv || (n > 0 && !items))
        return PH_INV_ERROR;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += items[i].qty;
    if (sum > inv->capacity - inv->total)
        return PROD_HOST_FULL;
    if (ph_u64map_reserve(&inv->counts, n) != 0)
        return PH_INV_ERROR;
    for (uint32_t i = 0; i < n; i++)
        set_count(inv, items[i].item, count_of(inv, items[i].item) + items[i].qty);
    return PROD_HOST_OK;
}

uint64_t ph_inv_take(ph_inv *s, uint64_t id, prod_item_id item, uint64_t max)
{
    inventory *inv = find(s, id);
    if (!inv)
        return 0;
    uint64_t have = count_of(inv, item), taken = have < max ? have : max;
    if (taken > 0)
        set_count(inv, item, have - taken);
    return taken;
}

uint64_t ph_inv_space(const ph_inv *s, uint64_t id)
{
    const inventory *inv = find(s, id);
    return inv ? inv->capacity - inv->total : 0;
}

void ph_inv_totals(const ph_inv *s, uint64_t *totals, uint32_t n)
{
    for (size_t i = 0; i < s->len; i++)
        for (uint32_t item = 1; item < n; item++)
            totals[item] += count_of(&s->invs[i], (prod_item_id)item);
}
