/* hostbuf.h - a growing byte buffer that ends up in the host's hands (a
 * serialized manager, recipe JSON, a JSON dump): a mem.h buffer, so the
 * host frees it with free_buffer. Appends after an allocation failure are
 * dropped and the failure is kept. */
#ifndef PRODI_HOSTBUF_H
#define PRODI_HOSTBUF_H

#include <stddef.h>
#include <string.h>

#include "core/mem.h"

typedef struct prodi_hostbuf {
    char *p;              /* a prodi_buf_* block, NULL until the first append */
    size_t len, cap;
    const prodi_mem *mem;
    int failed;           /* an append did not fit in memory */
} prodi_hostbuf;

void prodi_hostbuf_init(prodi_hostbuf *b, const prodi_mem *mem);
/* Room for n bytes in all, so that appends up to there do not reallocate
 * (an optimisation: a failure is kept like an append's). */
void prodi_hostbuf_reserve(prodi_hostbuf *b, size_t n);
/* Append n bytes when the room would not do (grows it, or sets failed). */
void prodi_hostbuf_grow_put(prodi_hostbuf *b, const void *data, size_t n);
/* Append n bytes; inline while they fit (the serializer's hot path). */
static inline void prodi_hostbuf_put(prodi_hostbuf *b, const void *data, size_t n)
{
    if (n < b->cap - b->len) { /* one byte stays free for the NUL take adds */
        memcpy(b->p + b->len, data, n);
        b->len += n;
        return;
    }
    prodi_hostbuf_grow_put(b, data, n);
}
void prodi_hostbuf_puts(prodi_hostbuf *b, const char *s);
/* msgpack-c's packer callback shape (data is the prodi_hostbuf): -1 once
 * an append has failed. */
static inline int prodi_hostbuf_write(void *data, const char *buf, size_t len)
{
    prodi_hostbuf *b = data;
    prodi_hostbuf_put(b, buf, len);
    return b->failed ? -1 : 0;
}
/* The bytes, NUL-terminated, into *out and their count into *len (the
 * buffer is the caller's now): 0, or -1 after a failed append (everything
 * freed). */
int prodi_hostbuf_take(prodi_hostbuf *b, char **out, size_t *len);
void prodi_hostbuf_free(prodi_hostbuf *b);

#endif
