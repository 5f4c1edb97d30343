/* arena.c - block list and byte accounting for one manager's memory. */
#include "core/arena.h"

#include <stdlib.h>
#include <string.h>

/* The block header takes one alignment unit so the payload is aligned too. */
struct prodi_arena_blk {
    prodi_arena_blk *next;
    size_t bytes;
    unsigned char pad[PRODI_ARENA_ALIGN - sizeof(void *) - sizeof(size_t)];
};

_Static_assert(sizeof(prodi_arena_blk) == PRODI_ARENA_ALIGN, "the header is one alignment unit");

void prodi_arena_init(prodi_arena *a)
{
    a->blocks = NULL;
    a->reserved = 0;
}

void *prodi_arena_block(prodi_arena *a, size_t bytes)
{
    size_t header = sizeof(prodi_arena_blk), align = PRODI_ARENA_ALIGN;
    if (bytes > (size_t)-1 - header - align)
        return NULL;
    size_t total = (header + bytes + align - 1) / align * align; /* aligned_alloc wants a multiple */
    prodi_arena_blk *b = aligned_alloc(align, total);
    if (!b)
        return NULL;
    memset(b, 0, total);
    b->bytes = total;
    b->next = a->blocks;
    a->blocks = b;
    a->reserved += total;
    return b + 1;
}

void *prodi_arena_resize(prodi_arena *a, void *ptr, size_t old_bytes, size_t new_bytes)
{
    void *p = realloc(ptr, new_bytes);
    if (!p)
        return NULL;
    a->reserved = a->reserved - old_bytes + new_bytes;
    return p;
}

void prodi_arena_release(prodi_arena *a, void *ptr, size_t bytes)
{
    if (!ptr)
        return;
    free(ptr);
    a->reserved -= bytes;
}

void prodi_arena_free_all(prodi_arena *a)
{
    while (a->blocks) {
        prodi_arena_blk *next = a->blocks->next;
        a->reserved -= a->blocks->bytes;
        free(a->blocks);
        a->blocks = next;
    }
}
