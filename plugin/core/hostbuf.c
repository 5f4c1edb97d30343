/* hostbuf.c - appending to a host buffer, doubling its room. */
#include "core/hostbuf.h"

#include <stdint.h>
#include <string.h>

void prodi_hostbuf_init(prodi_hostbuf *b, const prodi_mem *mem)
{
    memset(b, 0, sizeof *b);
    b->mem = mem;
}

/* Room for need bytes. 0, or -1 (failed set). */
static int room(prodi_hostbuf *b, size_t need)
{
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = b->p ? prodi_buf_resize(b->p, cap) : prodi_buf_alloc(b->mem, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void prodi_hostbuf_reserve(prodi_hostbuf *b, size_t n)
{
    if (!b->failed && n < SIZE_MAX)
        room(b, n + 1);
}

void prodi_hostbuf_grow_put(prodi_hostbuf *b, const void *data, size_t n)
{
    if (b->failed || n >= SIZE_MAX - b->len || room(b, b->len + n + 1) != 0) {
        b->failed = 1;
        return;
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
}

void prodi_hostbuf_puts(prodi_hostbuf *b, const char *s) { prodi_hostbuf_put(b, s, strlen(s)); }

int prodi_hostbuf_take(prodi_hostbuf *b, char **out, size_t *len)
{
    if (!b->failed && !b->p)
        room(b, 1); /* an empty text is a buffer too */
    if (b->failed) {
        prodi_hostbuf_free(b);
        return -1;
    }
    b->p[b->len] = '\0'; /* every append left room for it */
    *out = b->p;
    *len = b->len;
    b->p = NULL;
    return 0;
}

void prodi_hostbuf_free(prodi_hostbuf *b)
{
    prodi_buf_free(b->p);
    b->p = NULL;
}
