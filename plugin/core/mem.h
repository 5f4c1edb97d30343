/* mem.h - where the plugin's memory comes from: the host's allocator
 * (prod_host.allocate, like lua_Alloc) or the C library's. Three kinds of
 * block:
 *  - sized (prodi_mem_resize): the caller knows every block's size (a
 *    manager's arena, the manager itself); nothing is added;
 *  - plain (prodi_alloc, prodi_realloc, prodi_free): a 16-byte header keeps
 *    the size, for the context's and the queries' own data;
 *  - buffers handed to the host (prodi_buf_*): a 32-byte header also keeps
 *    the allocator, so free_buffer, which gets no context, gives the block
 *    back where it came from.
 * Every block is aligned for any type (the host's allocator promises it). */
#ifndef PRODI_MEM_H
#define PRODI_MEM_H

#include <stddef.h>

typedef void *(*prodi_alloc_fn)(void *user, void *ptr, size_t old_size, size_t new_size);

typedef struct prodi_mem {
    prodi_alloc_fn fn; /* NULL: the C library's */
    void *user;
} prodi_mem;

/* ptr NULL: a new block of n bytes; n 0: free ptr (old bytes), NULL back;
 * else ptr resized to n bytes, contents kept, or NULL with ptr intact. */
void *prodi_mem_resize(const prodi_mem *m, void *ptr, size_t old, size_t n);

void *prodi_alloc(const prodi_mem *m, size_t n);
/* count x size zeroed bytes; NULL on OOM or when the product overflows. */
void *prodi_zalloc(const prodi_mem *m, size_t count, size_t size);
/* NULL p: prodi_alloc; else resized to n bytes (n > 0), or NULL with p intact. */
void *prodi_realloc(const prodi_mem *m, void *p, size_t n);
void prodi_free(const prodi_mem *m, void *p); /* NULL ok */
char *prodi_strdup(const prodi_mem *m, const char *s);

void *prodi_buf_alloc(const prodi_mem *m, size_t n);
/* A buffer grown or shrunk to n bytes (n > 0), or NULL with p intact. */
void *prodi_buf_resize(void *p, size_t n);
void prodi_buf_free(void *p); /* NULL ok */

#endif
