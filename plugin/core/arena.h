/* arena.h - a manager's memory: fixed blocks released together at destroy,
 * plus accounted growable allocations, all from the context's allocator
 * (core/mem.h) with their sizes known (nothing added per allocation).
 * Reports bytes reserved. */
#ifndef PRODI_ARENA_H
#define PRODI_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

#define PRODI_ARENA_ALIGN 32u /* blocks start on a 32-byte boundary: no record straddles a line */

typedef struct prodi_arena_blk prodi_arena_blk;

typedef struct prodi_arena {
    prodi_arena_blk *blocks; /* singly linked, newest first */
    size_t reserved;          /* bytes obtained from the allocator, blocks and arrays */
    const prodi_mem *mem;     /* where they come from (it outlives the arena) */
} prodi_arena;

void prodi_arena_init(prodi_arena *a, const prodi_mem *mem);
/* A zeroed block of `bytes`, aligned to PRODI_ARENA_ALIGN, that lives until
 * prodi_arena_free_all. NULL on OOM. */
void *prodi_arena_block(prodi_arena *a, size_t bytes);
/* realloc with accounting: ptr may be NULL (old_bytes 0). NULL on OOM, ptr intact. */
void *prodi_arena_resize(prodi_arena *a, void *ptr, size_t old_bytes, size_t new_bytes);
/* Free an prodi_arena_resize allocation. */
void prodi_arena_release(prodi_arena *a, void *ptr, size_t bytes);
/* Free every block (O(blocks)). Resized allocations must be released first. */
void prodi_arena_free_all(prodi_arena *a);

/* n bytes aligned to PRODI_ARENA_ALIGN from mem (which gives 16-byte aligned
 * blocks): n + 16 bytes are asked for and the object starts *shift (0 or 16)
 * bytes in; give back (p - shift, n + 16). NULL on OOM. */
void *prodi_aligned_alloc(const prodi_mem *mem, size_t n, uint8_t *shift);

#endif
