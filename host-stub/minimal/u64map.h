/* u64map.h - a small open-addressing hash map from uint64_t keys to uint64_t
 * values. Used for item counts inside an inventory, for the inventory index
 * and for the modifier tables. Any key is allowed (0 included). */
#ifndef PRODHOST_U64MAP_H
#define PRODHOST_U64MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct u64map {
    uint64_t *keys;
    uint64_t *vals;
    uint8_t *used;
    size_t cap; /* 0 or a power of two */
    size_t len;
} u64map;

void u64map_init(u64map *m);
void u64map_free(u64map *m);
/* 1 and *val if key is present, else 0 (val may be NULL). */
int u64map_get(const u64map *m, uint64_t key, uint64_t *val);
/* Make room for `extra` new keys so the next that many puts cannot fail.
 * 0 on success, -1 when out of memory (the map is unchanged). */
int u64map_reserve(u64map *m, size_t extra);
/* Insert or replace. 0 on success, -1 when out of memory (map unchanged). */
int u64map_put(u64map *m, uint64_t key, uint64_t val);

#endif
