/* sort.h - sorting 32-bit keys in place: insertion sort for short runs,
 * already-ordered runs recognised in one pass, an LSD radix sort over only
 * the bytes the keys use when scratch room is given, a heapsort (no memory)
 * when it is not. */
#ifndef PRODI_SORT_H
#define PRODI_SORT_H

#include <stdint.h>

/* Sort v[0..n) ascending; tmp (n entries) or NULL. */
void prodi_sort_u32(uint32_t *v, uint32_t n, uint32_t *tmp);

#endif
