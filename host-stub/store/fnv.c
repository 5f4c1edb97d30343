/* fnv.c - FNV-1a 64. */
#include "fnv.h"

#define FNV_PRIME 0x100000001b3ull

uint64_t fnv_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * FNV_PRIME;
    return h;
}

uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        h = (h ^ ((v >> (8 * i)) & 0xFFu)) * FNV_PRIME;
    return h;
}
