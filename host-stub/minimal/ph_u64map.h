/* ph_u64map.h - owns a small open-addressing hash map from uint64_t keys to
 * uint64_t values: the minimal host's inventories keep their item counts and
 * their inventory index in it, and the market table its per-item lists. Any
 * key is allowed (0 included). Part of the minimal host (copy it). */
#ifndef PH_U64MAP_H
#define PH_U64MAP_H

#include <stddef.h>
#include <stdint.h>

/* The members are public so that a caller may walk every entry: slot i is in
 * use when used[i] != 0, for i < cap. */
typedef struct ph_u64map {
    uint64_t *keys;
    uint64_t *vals;
    uint8_t *used;
    size_t cap; /* 0 or a power of two */
    size_t len; /* keys in use */
} ph_u64map;

/* An empty map (allocates nothing). */
void ph_u64map_init(ph_u64map *m);
/* Free the map's memory and leave it empty (usable again). */
void ph_u64map_free(ph_u64map *m);
/* 1 and *val if key is present, else 0 (val may be NULL). */
int ph_u64map_get(const ph_u64map *m, uint64_t key, uint64_t *val);
/* Make room for `extra` new keys so the next that many puts cannot fail.
 * 0 on success, -1 when out of memory (the map is unchanged). */
int ph_u64map_reserve(ph_u64map *m, size_t extra);
/* Insert or replace. 0 on success, -1 when out of memory (map unchanged).
 * Replacing the value of a present key never allocates and cannot fail. */
int ph_u64map_put(ph_u64map *m, uint64_t key, uint64_t val);

#endif
