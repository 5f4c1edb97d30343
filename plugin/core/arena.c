/* arena.c - block list and byte accounting for one manager's memory. */
#include "core/arena.h"

#include <stdlib.h>

struct prodi_arena_blk {
    prodi_arena_blk *next;
    size_t bytes;
};

void prodi_arena_init(prodi_arena *a)
{
    a->blocks = NULL;
    a->reserved = 0;
}

void *prodi_arena_block(prodi_arena *a, size_t bytes)
{
    size_t header = sizeof(prodi_arena_blk);
    if (bytes > (size_t)-1 - header)
        return NULL;
    prodi_arena_blk *b = calloc(1, header + bytes);
    if (!b)
        return NULL;
    b->bytes = header + bytes;
    b->next = a->blocks;
    a->blocks = b;
    a->reserved += b->bytes;
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
