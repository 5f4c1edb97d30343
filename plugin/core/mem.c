/* mem.c - the three kinds of block of mem.h over one allocator. */
#include "core/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *prodi_mem_resize(const prodi_mem *m, void *ptr, size_t old, size_t n)
{
    if (m && m->fn)
        return m->fn(m->user, ptr, ptr ? old : 0, n);
    if (n == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, n);
}

/* --- plain blocks: the size in front ------------------------------------- */

#define PLAIN_HEAD 16u

static size_t *plain_head(void *p) { return (size_t *)(void *)((unsigned char *)p - PLAIN_HEAD); }

void *prodi_alloc(const prodi_mem *m, size_t n)
{
    if (n > SIZE_MAX - PLAIN_HEAD)
        return NULL;
    size_t *h = prodi_mem_resize(m, NULL, 0, PLAIN_HEAD + n);
    if (!h)
        return NULL;
    *h = n;
    return (unsigned char *)h + PLAIN_HEAD;
}

void *prodi_zalloc(const prodi_mem *m, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = prodi_alloc(m, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *prodi_realloc(const prodi_mem *m, void *p, size_t n)
{
    if (!p)
        return prodi_alloc(m, n);
    if (n == 0 || n > SIZE_MAX - PLAIN_HEAD)
        return NULL;
    size_t *h = plain_head(p);
    h = prodi_mem_resize(m, h, PLAIN_HEAD + *h, PLAIN_HEAD + n);
    if (!h)
        return NULL;
    *h = n;
    return (unsigned char *)h + PLAIN_HEAD;
}

void prodi_free(const prodi_mem *m, void *p)
{
    if (!p)
        return;
    size_t *h = plain_head(p);
    prodi_mem_resize(m, h, PLAIN_HEAD + *h, 0);
}

char *prodi_strdup(const prodi_mem *m, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = prodi_alloc(m, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* --- buffers: the allocator and the size in front ------------------------ */

typedef struct buf_head {
    prodi_mem mem;
    size_t size;
    size_t pad;
} buf_head;

_Static_assert(sizeof(buf_head) == 32, "a buffer's header keeps 16-byte alignment");

static buf_head *buf_of(void *p) { return (buf_head *)(void *)((unsigned char *)p - sizeof(buf_head)); }

void *prodi_buf_alloc(const prodi_mem *m, size_t n)
{
    if (n > SIZE_MAX - sizeof(buf_head))
        return NULL;
    buf_head *h = prodi_mem_resize(m, NULL, 0, sizeof *h + n);
    if (!h)
        return NULL;
    h->mem = m ? *m : (prodi_mem){NULL, NULL};
    h->size = n;
    h->pad = 0;
    return h + 1;
}

void *prodi_buf_resize(void *p, size_t n)
{
    if (n == 0 || n > SIZE_MAX - sizeof(buf_head))
        return NULL;
    buf_head *h = buf_of(p);
    prodi_mem mem = h->mem;
    h = prodi_mem_resize(&mem, h, sizeof *h + h->size, sizeof *h + n);
    if (!h)
        return NULL;
    h->size = n;
    return h + 1;
}

void prodi_buf_free(void *p)
{
    if (!p)
        return;
    buf_head *h = buf_of(p);
    prodi_mem mem = h->mem;
    prodi_mem_resize(&mem, h, sizeof *h + h->size, 0);
}
