/* arena.h - a manager's memory: fixed blocks released together at destroy,
 * plus accounted growable allocations. Reports bytes reserved. */
#ifndef PROD_ARENA_H
#define PROD_ARENA_H

#include <stddef.h>

typedef struct prod_arena_block prod_arena_block;

typedef struct prod_arena {
    prod_arena_block *blocks; /* singly linked, newest first */
    size_t reserved;          /* bytes obtained from the system, blocks and arrays */
} prod_arena;

void arena_init(prod_arena *a);
/* A zeroed block of `bytes` that lives until arena_free_all. NULL on OOM. */
void *arena_block(prod_arena *a, size_t bytes);
/* realloc with accounting: ptr may be NULL (old_bytes 0). NULL on OOM, ptr intact. */
void *arena_resize(prod_arena *a, void *ptr, size_t old_bytes, size_t new_bytes);
/* Free an arena_resize allocation. */
void arena_release(prod_arena *a, void *ptr, size_t bytes);
/* Free every block (O(blocks)). Resized allocations must be released first. */
void arena_free_all(prod_arena *a);

#endif
