/* ph_u64map.c - owns the map of ph_u64map.h: open addressing with linear
 * probing, grown (doubled) at half load. */
#include "ph_u64map.h"

#include <stdlib.h>

void ph_u64map_init(ph_u64map *m)
{
    m->keys = m->vals = NULL;
    m->used = NULL;
    m->cap = m->len = 0;
}

void ph_u64map_free(ph_u64map *m)
{
    free(m->keys);
    free(m->vals);
    free(m->used);
    ph_u64map_init(m);
}

static size_t slot_of(const ph_u64map *m, uint64_t key)
{
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (m->cap - 1);
    while (m->used[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

int ph_u64map_get(const ph_u64map *m, uint64_t key, uint64_t *val)
{
    if (m->cap == 0)
        return 0;
    size_t i = slot_of(m, key);
    if (!m->used[i])
        return 0;
    if (val)
        *val = m->vals[i];
    return 1;
}

static int rehash(ph_u64map *m, size_t cap)
{
    ph_u64map n = {calloc(cap, sizeof *n.keys), calloc(cap, sizeof *n.vals),
                   calloc(cap, sizeof *n.used), cap, m->len};
    if (!n.keys || !n.vals || !n.used) {
        ph_u64map_free(&n);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->used[i])
            continue;
        size_t j = slot_of(&n, m->keys[i]);
        n.used[j] = 1;
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
    }
    ph_u64map_free(m);
    *m = n;
    return 0;
}

int ph_u64map_reserve(ph_u64map *m, size_t extra)
{
    size_t cap = m->cap ? m->cap : 8;
    while ((m->len + extra) * 2 > cap)
        cap *= 2;
    return cap == m->cap ? 0 : rehash(m, cap);
}

int ph_u64map_put(ph_u64map *m, uint64_t key, uint64_t val)
{
    /* Replacing an existing key never allocates (consume rollbacks rely on it). */
    if (!ph_u64map_get(m, key, NULL) && ph_u64map_reserve(m, 1) != 0)
        return -1;
    size_t i = slot_of(m, key);
    if (!m->used[i]) {
        m->used[i] = 1;
        m->keys[i] = key;
        m->len++;
    }
    m->vals[i] = val;
    return 0;
}
