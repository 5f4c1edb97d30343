/* arena.c - block list and byte accounting for one manager's memory. */
#include "core/arena.h"

#include <stdint.h>
#include <string.h>

/* A block's header sits at the start of what the allocator gave (16-byte
 * aligned); the payload starts at the next 32-byte boundary 16 or more
 * bytes later, so every block costs 32 bytes more than its payload. */
struct prodi_arena_blk {
    prodi_arena_blk *next;
    size_t bytes; /* obtained: header, alignment and payload */
};

#define BLOCK_EXTRA 32u

_Static_assert(sizeof(prodi_arena_blk) == 16, "the header fits before any payload");

/* The 32-byte boundary at or after p + 16. */
static unsigned char *payload_of(prodi_arena_blk *b)
{
    uintptr_t at = ((uintptr_t)b + sizeof *b + PRODI_ARENA_ALIGN - 1) & ~(uintptr_t)(PRODI_ARENA_ALIGN - 1);
    return (unsigned char *)b + (at - (uintptr_t)b);
}

void prodi_arena_init(prodi_arena *a, const prodi_mem *mem)
{
    a->blocks = NULL;
    a->reserved = 0;
    a->mem = mem;
}

void *prodi_aligned_alloc(const prodi_mem *mem, size_t n, uint8_t *shift)
{
    if (n > SIZE_MAX - 16)
        return NULL;
    unsigned char *raw = prodi_mem_resize(mem, NULL, 0, n + 16);
    if (!raw)
        return NULL;
    *shift = ((uintptr_t)raw & 16u) ? 16 : 0; /* raw is 16-byte aligned */
    return raw + *shift;
}

void *prodi_arena_block(prodi_arena *a, size_t bytes)
{
    if (bytes > SIZE_MAX / 2)
        return NULL;
    size_t got = bytes + BLOCK_EXTRA;
    prodi_arena_blk *b = prodi_mem_resize(a->mem, NULL, 0, got);
    if (!b)
        return NULL;
    unsigned char *payload = payload_of(b);
    memset(payload, 0, bytes);
    b->bytes = got;
    b->next = a->blocks;
    a->blocks = b;
    a->reserved += got;
    return payload;
}

void *prodi_arena_resize(prodi_arena *a, void *ptr, size_t old_bytes, size_t new_bytes)
{
    void *p = prodi_mem_resize(a->mem, ptr, old_bytes, new_bytes);
    if (!p)
        return NULL;
    a->reserved = a->reserved - old_bytes + new_bytes;
    return p;
}

void prodi_arena_release(prodi_arena *a, void *ptr, size_t bytes)
{
    if (!ptr)
        return;
    prodi_mem_resize(a->mem, ptr, bytes, 0);
    a->reserved -= bytes;
}

void prodi_arena_free_all(prodi_arena *a)
{
    while (a->blocks) {
        prodi_arena_blk *next = a->blocks->next;
        a->reserved -= a->blocks->bytes;
        prodi_mem_resize(a->mem, a->blocks, a->blocks->bytes, 0);
        a->blocks = next;
    }
}
