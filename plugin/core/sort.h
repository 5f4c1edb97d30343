/* sort.h - sorting 32-bit keys in place: insertion sort for short runs,
 * already-ordered runs recognised in one pass, an LSD radix sort over only
 * the bytes the keys use when scratch room is given, a heapsort (no memory)
 * when it is not; and an ascending prefix kept, the rest sorted and merged
 * into it. */
#ifndef PRODI_SORT_H
#define PRODI_SORT_H

#include <stdint.h>

/* Sort v[0..n) ascending; tmp (n entries) or NULL. */
void prodi_sort_u32(uint32_t *v, uint32_t n, uint32_t *tmp);
/* Sort v[0..n) ascending when v[0..sorted) already is: the rest is sorted
 * on its own, then the two merged through tmp (n entries). */
void prodi_sort_after_u32(uint32_t *v, uint32_t sorted, uint32_t n, uint32_t *tmp);

#endif
