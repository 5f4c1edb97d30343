/* hashmap.h - open-addressing hash maps used by the registry and managers:
 * string -> uint32 (keys borrowed, must outlive the map) and uint64 -> uint32. */
#ifndef PRODI_HASHMAP_H
#define PRODI_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

typedef struct prodi_strmap {
    const char **keys;  /* NULL = empty slot */
    uint32_t *vals;
    uint64_t *hashes;
    uint32_t cap;       /* power of two or 0 */
    uint32_t len;
    const prodi_mem *mem; /* where its arrays come from */
} prodi_strmap;

uint64_t prodi_hash_str(const char *s);
/* murmur3's 64-bit finaliser. */
static inline uint64_t prodi_hash_u64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

void prodi_strmap_init(prodi_strmap *m, const prodi_mem *mem);
void prodi_strmap_free(prodi_strmap *m);
/* Insert or overwrite. Returns 0, or -1 when out of memory (map unchanged). */
int prodi_strmap_put(prodi_strmap *m, const char *key, uint32_t val);
/* 1 and *val when found, else 0. */
int prodi_strmap_get(const prodi_strmap *m, const char *key, uint32_t *val);

/* uint64 -> uint32 with deletion (backward-shift, no tombstones). One array
 * of 16-byte entries so a probe touches one cache line. */
typedef struct prodi_u64entry {
    uint64_t key;
    uint32_t val;
    uint32_t used;
} prodi_u64entry;

typedef struct prodi_u64map {
    prodi_u64entry *e;
    uint32_t cap;       /* power of two or 0 */
    uint32_t len;
    const prodi_mem *mem; /* where its array comes from */
} prodi_u64map;

void prodi_u64map_init(prodi_u64map *m, const prodi_mem *mem);
void prodi_u64map_free(prodi_u64map *m);
/* Grow so `extra` more inserts cannot fail. 0, or -1 on OOM. */
int prodi_u64map_reserve(prodi_u64map *m, uint32_t extra);
int prodi_u64map_put(prodi_u64map *m, uint64_t key, uint32_t val);
int prodi_u64map_get(const prodi_u64map *m, uint64_t key, uint32_t *val);
/* 1 if a key was removed. */
int prodi_u64map_del(prodi_u64map *m, uint64_t key);
/* Bytes held by the map's arrays. */
/* Bytes allocated / bytes holding entries. */
size_t prodi_u64map_bytes(const prodi_u64map *m);
size_t prodi_u64map_bytes_used(const prodi_u64map *m);

#endif
