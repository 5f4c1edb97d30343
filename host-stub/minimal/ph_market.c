/* ph_market.c - owns the market table of ph_market.h: one array of quotes,
 * each linked to the next quote of the same item, and a ph_u64map from item
 * to its first and last quote. */
#include "ph_market.h"

#include <stdlib.h>
#include <string.h>

#include "ph_u64map.h"

#define NONE UINT32_MAX

typedef struct entry {
    prod_market_quote q;
    uint32_t next; /* the item's next quote, NONE at its last */
} entry;

struct ph_market {
    ph_u64map items; /* item -> (last << 32) | first, positions in entries */
    entry *entries;
    uint32_t len, cap;
};

ph_market *ph_market_create(void)
{
    ph_market *m = calloc(1, sizeof *m);
    if (m)
        ph_u64map_init(&m->items);
    return m;
}

void ph_market_destroy(ph_market *m)
{
    if (!m)
        return;
    ph_u64map_free(&m->items);
    free(m->entries);
    free(m);
}

void ph_market_clear(ph_market *m)
{
    ph_u64map_free(&m->items);
    m->len = 0;
}

int ph_market_set(ph_market *m, prod_item_id item, const prod_market_quote *q)
{
    uint64_t ends = 0;
    int known = ph_u64map_get(&m->items, item, &ends);
    for (uint32_t i = known ? (uint32_t)ends : NONE; i != NONE; i = m->entries[i].next)
        if (m->entries[i].q.market == q->market) {
            m->entries[i].q = *q;
            m->entries[i].q.struct_size = (uint32_t)sizeof *q;
            return 0;
        }
    if (m->len == m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 16;
        entry *grown = cap > m->cap ? realloc(m->entries, (size_t)cap * sizeof *grown) : NULL;
        if (!grown)
            return -1;
        m->entries = grown;
        m->cap = cap;
    }
    if (!known && ph_u64map_reserve(&m->items, 1) != 0)
        return -1;
    uint32_t at = m->len++;
    m->entries[at] = (entry){.q = *q, .next = NONE};
    m->entries[at].q.struct_size = (uint32_t)sizeof *q;
    if (known)
        m->entries[ends >> 32].next = at;
    uint32_t first = known ? (uint32_t)ends : at;
    (void)ph_u64map_put(&m->items, item, (uint64_t)at << 32 | first); /* room reserved */
    return 0;
}

int32_t ph_market_quote(const ph_market *m, prod_item_id item, uint32_t index,
                        prod_market_quote *out)
{
    uint64_t ends = 0;
    if (!ph_u64map_get(&m->items, item, &ends))
        return PROD_HOST_NO_MORE;
    uint32_t i = (uint32_t)ends;
    while (index > 0 && i != NONE) {
        i = m->entries[i].next;
        index--;
    }
    if (i == NONE)
        return PROD_HOST_NO_MORE;
    uint32_t size = out->struct_size;
    memcpy(out, &m->entries[i].q, size < sizeof *out ? size : sizeof *out);
    out->struct_size = size;
    return PROD_HOST_OK;
}
