/* fnv.h - FNV-1a 64-bit hashing: the store's row checksums and the digests
 * the host compares between runs (event streams, saved bytes). */
#ifndef PRODHOST_FNV_H
#define PRODHOST_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV_OFFSET 0xcbf29ce484222325ull

/* Continue hash h over n bytes (start with FNV_OFFSET). */
uint64_t fnv_bytes(uint64_t h, const void *data, size_t n);
/* Continue h over the 8 little-endian bytes of v. */
uint64_t fnv_u64(uint64_t h, uint64_t v);

#endif
