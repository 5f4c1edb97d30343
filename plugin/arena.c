/* arena.c - block list and byte accounting for one manager's memory. */
#include "arena.h"

#include <stdlib.h>

struct prod_arena_block {
    prod_arena_block *next;
    size_t bytes;
};

void arena_init(prod_arena *a)
{
    a->blocks = NULL;
    a->reserved = 0;
}

void *arena_block(prod_arena *a, size_t bytes)
{
    size_t header = sizeof(prod_arena_block);
    if (bytes > (size_t)-1 - header)
        return NULL;
    prod_arena_block *b = calloc(1, header + bytes);
    if (!b)
        return NULL;
    b->bytes = header + bytes;
    b->next = a->blocks;
    a->blocks = b;
    a->reserved += b->bytes;
    return b + 1;
}

void *arena_resize(prod_arena *a, void *ptr, size_t old_bytes, size_t new_bytes)
{
    void *p = realloc(ptr, new_bytes);
    if (!p)
        return NULL;
    a->reserved = a->reserved - old_bytes + new_bytes;
    return p;
}

void arena_release(prod_arena *a, void *ptr, size_t bytes)
{
    if (!ptr)
        return;
    free(ptr);
    a->reserved -= bytes;
}

void arena_free_all(prod_arena *a)
{
    while (a->blocks) {
        prod_arena_block *next = a->blocks->next;
        a->reserved -= a->blocks->bytes;
        free(a->blocks);
        a->blocks = next;
    }
}
