/* vec.c - growing an array by the rule in vec.h. */
#include "core/vec.h"

#include <stdlib.h>
#include <string.h>

/* The capacity that holds need, doubling from *cap (or first); 0 on overflow. */
static size_t next_cap(size_t elem, size_t cap, size_t need, size_t first)
{
    size_t max = SIZE_MAX / elem, ncap = cap ? cap : (first ? first : 1);
    if (need > max)
        return 0;
    while (ncap < need)
        ncap = ncap > max / 2 ? max : ncap * 2;
    return ncap;
}

int prodi_vec_grow(prodi_arena *a, void *arrp, size_t elem, size_t *cap, size_t need, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t ncap = next_cap(elem, *cap, need, first);
    if (!ncap)
        return -1;
    void *old; /* the caller's T * read and written as bytes: no type punning */
    memcpy(&old, arrp, sizeof old);
    void *p = prodi_arena_resize(a, old, *cap * elem, ncap * elem);
    if (!p)
        return -1;
    memcpy(arrp, &p, sizeof p);
    *cap = ncap;
    return 0;
}

int prodi_vec_grow_heap(const prodi_mem *m, void *arrp, size_t elem, size_t *cap, size_t need,
                        size_t first)
{
    if (need <= *cap)
        return 0;
    size_t ncap = next_cap(elem, *cap, need, first);
    if (!ncap)
        return -1;
    void *old;
    memcpy(&old, arrp, sizeof old);
    void *p = prodi_realloc(m, old, ncap * elem);
    if (!p)
        return -1;
    memcpy(arrp, &p, sizeof p);
    *cap = ncap;
    return 0;
}

int prodi_vec_grow32(prodi_arena *a, void *arrp, size_t elem, uint32_t *cap, size_t need,
                     size_t first)
{
    size_t c = *cap;
    if (need > (UINT32_MAX >> 2) || first > (UINT32_MAX >> 2)) /* doubling stays below 2^31 */
        return -1;
    int rc = prodi_vec_grow(a, arrp, elem, &c, need, first);
    *cap = (uint32_t)c;
    return rc;
}
