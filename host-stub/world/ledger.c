/* ledger.c - item flow counters and the per-tag event digest. */
#include "ledger.h"

#include <string.h>

#include "fnv.h"

void ledger_init(ledger *l)
{
    *l = (ledger){0};
    ph_u64map_init(&l->chains);
}

void ledger_free(ledger *l)
{
    ph_u64map_free(&l->chains);
}

void ledger_consumed(ledger *l, const prod_requirement *reqs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        l->consumed += reqs[i].consume ? reqs[i].qty : 0;
}

void ledger_added(ledger *l, const prod_item_qty *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        l->added += items[i].qty;
}

void ledger_event(ledger *l, const prod_event *e)
{
    uint64_t h = FNV_OFFSET;
    ph_u64map_get(&l->chains, e->manager_tag, &h);
    const uint64_t fields[] = {e->type, e->reason, e->job, e->owner, e->inventory, e->cycles,
                               (uint64_t)e->time, e->repeat, e->item_count};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        h = fnv_u64(h, fields[i]);
    if (e->recipe_id)
        h = fnv_bytes(h, e->recipe_id, strlen(e->recipe_id) + 1);
    for (uint32_t i = 0; e->items && i < e->item_count; i++)
        h = fnv_u64(h, (uint64_t)e->items[i].item << 32 | e->items[i].qty);
    if (ph_u64map_put(&l->chains, e->manager_tag, h) != 0)
        l->out_of_memory = 1;
    l->events++;
}

uint64_t ledger_digest(const ledger *l)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < l->chains.cap; i++)
        if (l->chains.used[i])
            sum += fnv_u64(fnv_u64(FNV_OFFSET, l->chains.keys[i]), l->chains.vals[i]);
    return sum;
}
