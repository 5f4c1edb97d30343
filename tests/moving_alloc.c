/* moving_alloc.c - see moving_alloc.h. */
#include "moving_alloc.h"

#include <stdlib.h>
#include <string.h>

void *moving_allocate(void *user, void *ptr, size_t old_size, size_t new_size)
{
    (void)user;
    void *q = new_size ? malloc(new_size) : NULL;
    if (new_size && !q)
        return NULL;
    if (q && ptr)
        memcpy(q, ptr, old_size < new_size ? old_size : new_size);
    if (ptr) {
        memset(ptr, 0xA5, old_size);
        __asm__ volatile("" : : "r"(ptr) : "memory"); /* the stores before free are kept */
    }
    free(ptr);
    return q;
}
