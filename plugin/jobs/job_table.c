/* job_table.c - blocks of records and links, the free-slot bitmap, and
 * generations. */
#include "jobs/job_table.h"

#include <string.h>

#include "core/bits.h"
#include "core/vec.h"

void prodi_jt_init(prodi_jobtable *t) { memset(t, 0, sizeof *t); }

void prodi_jt_free(prodi_jobtable *t, prodi_arena *a)
{
    /* Blocks belong to the arena and go with prodi_arena_free_all. */
    prodi_arena_release(a, t->rec, t->rec_cap * sizeof *t->rec);
    prodi_arena_release(a, t->lnk, t->lnk_cap * sizeof *t->lnk);
    prodi_arena_release(a, t->free0, t->free0_cap * sizeof *t->free0);
    prodi_arena_release(a, t->free1, t->free1_cap * sizeof *t->free1);
    prodi_arena_release(a, t->free2, t->free2_cap * sizeof *t->free2);
    prodi_jt_init(t);
}

static uint32_t block_slots(uint32_t b) { return b == 0 ? 16u : b <= 4 ? 8u << b : 256u; }

/* Grow one bitmap level to `words` zeroed words. */
static int grow_bits(prodi_arena *a, uint64_t **v, uint32_t *cap, size_t words)
{
    uint32_t old = *cap;
    if (PRODI_VEC_RESERVE32(a, *v, *cap, words, 1) != 0)
        return -1;
    memset(*v + old, 0, (*cap - old) * sizeof **v);
    return 0;
}

/* A slot without a job, keeping its last generation. */
static void vacate(prodi_job *j, uint16_t gen)
{
    memset(j, 0, sizeof *j);
    j->gen = gen;
    j->base = 1;
    j->snap = JT_NIL;
}

/* One more block (its slots without jobs, generation 0), and bitmap words
 * for every slot it adds. */
static int grow_block(prodi_jobtable *t, prodi_arena *a)
{
    uint32_t b = t->block_count, n = block_slots(b);
    size_t w0 = ((size_t)t->cap + n + 63) / 64, w1 = (w0 + 63) / 64, w2 = (w1 + 63) / 64;
    if (PRODI_VEC_RESERVE32(a, t->rec, t->rec_cap, (size_t)b + 1, 2) != 0 ||
        PRODI_VEC_RESERVE32(a, t->lnk, t->lnk_cap, (size_t)b + 1, 2) != 0 ||
        grow_bits(a, &t->free0, &t->free0_cap, w0) || grow_bits(a, &t->free1, &t->free1_cap, w1) ||
        grow_bits(a, &t->free2, &t->free2_cap, w2))
        return -1;
    unsigned char *mem = prodi_arena_block(a, (size_t)n * (sizeof(prodi_job) + sizeof(prodi_jlink)));
    if (!mem)
        return -1;
    t->rec[b] = (prodi_job *)mem;
    t->lnk[b] = (prodi_jlink *)(mem + (size_t)n * sizeof(prodi_job));
    for (uint32_t i = 0; i < n; i++)
        vacate(&t->rec[b][i], 0);
    t->block_count++;
    t->cap += n;
    return 0;
}

int prodi_jt_reserve(prodi_jobtable *t, prodi_arena *a)
{
    if (t->free3)
        return 0;
    if (t->hwm >= JT_MAX_SLOTS)
        return -2;
    return t->hwm < t->cap ? 0 : grow_block(t, a);
}

static void free_set(prodi_jobtable *t, uint32_t slot)
{
    uint32_t w0 = slot >> 6, w1 = w0 >> 6, w2 = w1 >> 6;
    uint64_t old = t->free0[w0];
    t->free0[w0] = old | (uint64_t)1 << (slot & 63);
    if (old) /* the levels above already know this word has free slots */
        return;
    old = t->free1[w1];
    t->free1[w1] = old | (uint64_t)1 << (w0 & 63);
    if (old)
        return;
    old = t->free2[w2];
    t->free2[w2] = old | (uint64_t)1 << (w1 & 63);
    if (!old)
        t->free3 |= (uint64_t)1 << w2;
}

static void free_clear(prodi_jobtable *t, uint32_t slot)
{
    uint32_t w0 = slot >> 6, w1 = w0 >> 6, w2 = w1 >> 6;
    if ((t->free0[w0] &= ~((uint64_t)1 << (slot & 63))) != 0)
        return;
    if ((t->free1[w1] &= ~((uint64_t)1 << (w0 & 63))) != 0)
        return;
    if ((t->free2[w2] &= ~((uint64_t)1 << (w1 & 63))) != 0)
        return;
    t->free3 &= ~((uint64_t)1 << w2);
}

/* The lowest free slot; free3 != 0. */
static uint32_t free_lowest(const prodi_jobtable *t)
{
    uint32_t w2 = prodi_ctz64(t->free3);
    uint32_t w1 = w2 * 64 + prodi_ctz64(t->free2[w2]);
    uint32_t w0 = w1 * 64 + prodi_ctz64(t->free1[w1]);
    return w0 * 64 + prodi_ctz64(t->free0[w0]);
}

/* Make `slot` a live RUNNING record of generation gen. */
static void occupy(prodi_jobtable *t, uint32_t slot, uint16_t gen, uint64_t owner)
{
    prodi_job *j = prodi_jt_at(t, slot);
    memset(j, 0, sizeof *j);
    j->gen = gen;
    j->owner = owner;
    t->live++;
}

uint32_t prodi_jt_take(prodi_jobtable *t, uint64_t owner)
{
    uint32_t slot;
    if (t->free3) {
        slot = free_lowest(t);
        free_clear(t, slot);
    } else {
        slot = t->hwm++;
    }
    occupy(t, slot, (uint16_t)(prodi_jt_at(t, slot)->gen + 1), owner);
    return slot;
}

void prodi_jt_release(prodi_jobtable *t, uint32_t slot)
{
    prodi_job *j = prodi_jt_at(t, slot);
    uint16_t gen = (uint16_t)j->gen;
    vacate(j, gen);
    t->live--;
    if (gen < JT_GEN_MAX)
        free_set(t, slot);
}

size_t prodi_jt_bytes_used(const prodi_jobtable *t)
{
    return (size_t)t->live * (sizeof(prodi_job) + sizeof(prodi_jlink)) +
           ((size_t)t->hwm + 63) / 64 * sizeof(uint64_t);
}

/* Blocks up to and including `slot`. */
static int cover(prodi_jobtable *t, prodi_arena *a, uint32_t slot)
{
    while (t->cap <= slot)
        if (grow_block(t, a) != 0)
            return -1;
    return 0;
}

int prodi_jt_place_job(prodi_jobtable *t, prodi_arena *a, uint32_t slot, uint16_t gen,
                       uint64_t owner)
{
    if (cover(t, a, slot) != 0)
        return -1;
    occupy(t, slot, gen, owner);
    return 0;
}

int prodi_jt_place_free(prodi_jobtable *t, prodi_arena *a, uint32_t slot, uint16_t gen)
{
    if (cover(t, a, slot) != 0)
        return -1;
    vacate(prodi_jt_at(t, slot), gen);
    if (gen < JT_GEN_MAX)
        free_set(t, slot);
    return 0;
}

void prodi_jt_finish_load(prodi_jobtable *t, uint32_t hwm) { t->hwm = hwm; }
