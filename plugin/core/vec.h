/* vec.h - the one growth rule for the plugin's growable arrays: capacity
 * doubles from a first size, the byte count can never overflow, and a failed
 * growth leaves the array as it was. An array that belongs to a manager grows
 * through its arena so its bytes are accounted (PRODI_VEC_RESERVE); the
 * context's and the queries' arrays are plain blocks of an allocator
 * (PRODI_VEC_HEAP, freed with prodi_free). */
#ifndef PRODI_VEC_H
#define PRODI_VEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/mem.h"

/* Make the array whose pointer is at `arrp` (a T **, capacity *cap elements
 * of `elem` bytes) hold at least `need` elements: the capacity doubles from
 * `first` (or from *cap) until it does. 0, or -1 when the size would
 * overflow or memory runs out (the array and *cap are then unchanged). */
int prodi_vec_grow(prodi_arena *a, void *arrp, size_t elem, size_t *cap, size_t need, size_t first);
/* The same for a plain block of mem (core/mem.h). */
int prodi_vec_grow_heap(const prodi_mem *m, void *arrp, size_t elem, size_t *cap, size_t need,
                        size_t first);

/* The typed form: PRODI_VEC_RESERVE(arena, v, cap, need, first) with v a T *
 * and cap a size_t. */
#define PRODI_VEC_RESERVE(a, arr, cap, need, first)                                                \
    ((need) <= (cap) ? 0 : prodi_vec_grow((a), &(arr), sizeof *(arr), &(cap), (need), (first)))

#define PRODI_VEC_HEAP(m, arr, cap, need, first)                                                   \
    ((need) <= (cap) ? 0 : prodi_vec_grow_heap((m), &(arr), sizeof *(arr), &(cap), (need), (first)))

/* The same with a uint32_t capacity (small structs that hold many arrays):
 * at most 2^30 elements are asked for, so the doubled capacity fits. */
int prodi_vec_grow32(prodi_arena *a, void *arrp, size_t elem, uint32_t *cap, size_t need,
                     size_t first);
#define PRODI_VEC_RESERVE32(a, arr, cap, need, first)                                              \
    ((need) <= (cap) ? 0 : prodi_vec_grow32((a), &(arr), sizeof *(arr), &(cap), (need), (first)))

#endif
