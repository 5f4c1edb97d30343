/* hashmap.c - open-addressing (linear probing) hash maps, load factor <= 1/2. */
#include "core/hashmap.h"

#include <string.h>

uint64_t prodi_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then a finaliser */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return prodi_hash_u64(h);
}

void prodi_strmap_init(prodi_strmap *m, const prodi_mem *mem)
{
    memset(m, 0, sizeof *m);
    m->mem = mem;
}

void prodi_strmap_free(prodi_strmap *m)
{
    prodi_free(m->mem, m->keys);
    prodi_free(m->mem, m->vals);
    prodi_free(m->mem, m->hashes);
    prodi_strmap_init(m, m->mem);
}

static uint32_t strmap_slot(const prodi_strmap *m, const char *key, uint64_t h)
{
    uint32_t mask = m->cap - 1, i = (uint32_t)h & mask;
    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
        i = (i + 1) & mask;
    return i;
}

static int strmap_grow(prodi_strmap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 16;
    if (ncap < m->cap)
        return -1;
    prodi_strmap n = {prodi_zalloc(m->mem, ncap, sizeof *n.keys),
                      prodi_zalloc(m->mem, ncap, sizeof *n.vals),
                      prodi_zalloc(m->mem, ncap, sizeof *n.hashes), ncap, 0, m->mem};
    if (!n.keys || !n.vals || !n.hashes) {
        prodi_strmap_free(&n);
        return -1;
    }
    for (uint32_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        uint32_t s = strmap_slot(&n, m->keys[i], m->hashes[i]);
        n.keys[s] = m->keys[i];
        n.vals[s] = m->vals[i];
        n.hashes[s] = m->hashes[i];
        n.len++;
    }
    prodi_strmap_free(m);
    *m = n;
    return 0;
}

int prodi_strmap_put(prodi_strmap *m, const char *key, uint32_t val)
{
    if ((m->len + 1) * 2 > m->cap && strmap_grow(m) != 0)
        return -1;
    uint64_t h = prodi_hash_str(key);
    uint32_t s = strmap_slot(m, key, h);
    if (!m->keys[s]) {
        m->keys[s] = key;
        m->hashes[s] = h;
        m->len++;
    }
    m->vals[s] = val;
    return 0;
}

int prodi_strmap_get(const prodi_strmap *m, const char *key, uint32_t *val)
{
    if (m->cap == 0)
        return 0;
    uint32_t s = strmap_slot(m, key, prodi_hash_str(key));
    if (!m->keys[s])
        return 0;
    if (val)
        *val = m->vals[s];
    return 1;
}

void prodi_u64map_init(prodi_u64map *m, const prodi_mem *mem)
{
    memset(m, 0, sizeof *m);
    m->mem = mem;
}

void prodi_u64map_free(prodi_u64map *m)
{
    prodi_free(m->mem, m->e);
    prodi_u64map_init(m, m->mem);
}

static uint32_t u64map_slot(const prodi_u64map *m, uint64_t key)
{
    uint32_t mask = m->cap - 1, i = (uint32_t)prodi_hash_u64(key) & mask;
    while (m->e[i].used && m->e[i].key != key)
        i = (i + 1) & mask;
    return i;
}

static int u64map_grow(prodi_u64map *m, uint64_t need)
{
    uint64_t ncap = m->cap ? (uint64_t)m->cap * 2 : 16;
    while (ncap < need * 2)
        ncap *= 2;
    if (ncap > UINT32_MAX)
        return -1;
    prodi_u64map n = {prodi_zalloc(m->mem, ncap, sizeof *n.e), (uint32_t)ncap, 0, m->mem};
    if (!n.e)
        return -1;
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->e[i].used) {
            n.e[u64map_slot(&n, m->e[i].key)] = m->e[i];
            n.len++;
        }
    prodi_u64map_free(m);
    *m = n;
    return 0;
}

int prodi_u64map_reserve(prodi_u64map *m, uint32_t extra)
{
    uint64_t need = (uint64_t)m->len + extra;
    return need * 2 > m->cap ? u64map_grow(m, need) : 0;
}

int prodi_u64map_put(prodi_u64map *m, uint64_t key, uint32_t val)
{
    if (m->cap > 0) { /* overwriting never allocates */
        uint32_t s = u64map_slot(m, key);
        if (m->e[s].used) {
            m->e[s].val = val;
            return 0;
        }
    }
    if (prodi_u64map_reserve(m, 1) != 0)
        return -1;
    prodi_u64entry *x = &m->e[u64map_slot(m, key)];
    if (!x->used) {
        x->used = 1;
        x->key = key;
        m->len++;
    }
    x->val = val;
    return 0;
}

int prodi_u64map_get(const prodi_u64map *m, uint64_t key, uint32_t *val)
{
    if (m->cap == 0)
        return 0;
    const prodi_u64entry *x = &m->e[u64map_slot(m, key)];
    if (!x->used)
        return 0;
    if (val)
        *val = x->val;
    return 1;
}

int prodi_u64map_del(prodi_u64map *m, uint64_t key)
{
    if (m->cap == 0)
        return 0;
    uint32_t mask = m->cap - 1, i = u64map_slot(m, key);
    if (!m->e[i].used)
        return 0;
    /* Backward-shift deletion keeps probe chains intact without tombstones. */
    uint32_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!m->e[j].used)
            break;
        uint32_t home = (uint32_t)prodi_hash_u64(m->e[j].key) & mask;
        int between = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);
        if (between)
            continue;
        m->e[i] = m->e[j];
        i = j;
    }
    m->e[i].used = 0;
    m->len--;
    return 1;
}

size_t prodi_u64map_bytes(const prodi_u64map *m) { return (size_t)m->cap * sizeof *m->e; }

size_t prodi_u64map_bytes_used(const prodi_u64map *m) { return (size_t)m->len * sizeof *m->e; }
