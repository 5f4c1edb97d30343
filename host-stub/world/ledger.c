/* ledger.c - item flow counters, the per-tag event digest and the accounts. */
#include "ledger.h"

#include <string.h>

#include "fnv.h"

void ledger_init(ledger *l)
{
    *l = (ledger){0};
    ph_u64map *maps[] = {&l->chains, &l->tag_events, &l->inv_tag, &l->tag_consumed, &l->tag_added};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        ph_u64map_init(maps[i]);
}

void ledger_free(ledger *l)
{
    ph_u64map *maps[] = {&l->chains, &l->tag_events, &l->inv_tag, &l->tag_consumed, &l->tag_added};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        ph_u64map_free(maps[i]);
}

/* Make sure m has key (0 if new), so that later puts of it cannot fail. */
static int ensure(ph_u64map *m, uint64_t key)
{
    return ph_u64map_get(m, key, NULL) ? 0 : ph_u64map_put(m, key, 0);
}

int ledger_bind(ledger *l, uint64_t inventory, uint64_t tag)
{
    return ensure(&l->tag_events, tag) || ensure(&l->tag_consumed, tag) ||
                   ensure(&l->tag_added, tag) || ph_u64map_put(&l->inv_tag, inventory, tag)
               ? -1
               : 0;
}

/* Add n to the account of inventory's tag in m (a bound tag: cannot fail). */
static void account_add(ledger *l, ph_u64map *m, uint64_t inventory, uint64_t n)
{
    uint64_t tag = 0, have = 0;
    if (ph_u64map_get(&l->inv_tag, inventory, &tag) && ph_u64map_get(m, tag, &have))
        ph_u64map_put(m, tag, have + n);
}

void ledger_consumed(ledger *l, uint64_t inventory, const prod_requirement *reqs, uint32_t n)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += reqs[i].consume ? reqs[i].qty : 0;
    l->consumed += sum;
    account_add(l, &l->tag_consumed, inventory, sum);
}

void ledger_added(ledger *l, uint64_t inventory, const prod_item_qty *items, uint32_t n)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += items[i].qty;
    l->added += sum;
    account_add(l, &l->tag_added, inventory, sum);
}

void ledger_event(ledger *l, const prod_event *e)
{
    uint64_t h = FNV_OFFSET, events = 0;
    ph_u64map_get(&l->chains, e->manager_tag, &h);
    const uint64_t fields[] = {e->type, e->reason, e->job, e->owner, e->inventory, e->cycles,
                               (uint64_t)e->time, e->repeat, e->item_count};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        h = fnv_u64(h, fields[i]);
    if (e->recipe_id)
        h = fnv_bytes(h, e->recipe_id, strlen(e->recipe_id) + 1);
    for (uint32_t i = 0; e->items && i < e->item_count; i++)
        h = fnv_u64(h, (uint64_t)e->items[i].item << 32 | e->items[i].qty);
    ph_u64map_get(&l->tag_events, e->manager_tag, &events);
    if (ph_u64map_put(&l->chains, e->manager_tag, h) != 0 ||
        ph_u64map_put(&l->tag_events, e->manager_tag, events + 1) != 0)
        l->out_of_memory = 1;
    l->events++;
}

uint64_t ledger_chain_digest(uint64_t tag, uint64_t chain)
{
    return fnv_u64(fnv_u64(FNV_OFFSET, tag), chain);
}

uint64_t ledger_digest(const ledger *l)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < l->chains.cap; i++)
        if (l->chains.used[i])
            sum += ledger_chain_digest(l->chains.keys[i], l->chains.vals[i]);
    return sum;
}

void ledger_account_get(const ledger *l, uint64_t tag, ledger_account *out)
{
    *out = (ledger_account){0};
    ph_u64map_get(&l->tag_consumed, tag, &out->consumed);
    ph_u64map_get(&l->tag_added, tag, &out->added);
    ph_u64map_get(&l->tag_events, tag, &out->events);
    ph_u64map_get(&l->chains, tag, &out->chain);
}

int ledger_account_set(ledger *l, uint64_t tag, const ledger_account *a)
{
    if (ph_u64map_reserve(&l->chains, 1) != 0 || ensure(&l->tag_events, tag) != 0 ||
        ensure(&l->tag_consumed, tag) != 0 || ensure(&l->tag_added, tag) != 0)
        return -1;
    /* Present keys now: these replace values and cannot fail. */
    ph_u64map_put(&l->tag_consumed, tag, a->consumed);
    ph_u64map_put(&l->tag_added, tag, a->added);
    ph_u64map_put(&l->tag_events, tag, a->events);
    if (a->events > 0)
        ph_u64map_put(&l->chains, tag, a->chain);
    return 0;
}
