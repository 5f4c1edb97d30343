/* job_table.h - a manager's job records, addressed by slot: a 32-byte record
 * and the 6-byte timer links of each slot, in arena blocks sized by what
 * they hold (16, 16, 32, 64 and 128 slots, then 256 a block), so an empty
 * manager owns no block and a small one a small block. Per-slot generations
 * keep job ids from being reused; the lowest free slot is always taken next
 * (canonical, so a reloaded manager hands out the same ids), found through a
 * four-level bitmap without a scan. There is no per-owner index: a query by
 * owner reads the records in order. */
#ifndef PRODI_JOBTABLE_H
#define PRODI_JOBTABLE_H

#include "core/arena.h"
#include "production.h"

#define JT_MAX_SLOTS 0xFFFFFFu    /* slots are 0..JT_MAX_SLOTS-1 (24 bits of the job id) */
#define JT_GEN_MAX 0xFFFFu        /* a slot whose generation reaches this retires */
#define JT_SNAP_MAX 0xFFFFFFu     /* snapshot records per manager (24 bits) */
#define JT_CYCLES_MAX 0xFFFFFFFFu /* completed cycles saturate here */
#define JT_NIL 0xFFFFFFu          /* "no slot" in a timer link */

/* 32 bytes, two to a cache line. A slot without a job holds base = 1 and
 * snap = JT_NIL (no recipe has that index), its last generation, nothing
 * else that is read. */
typedef struct prodi_job {
    uint64_t owner;
    uint64_t inventory;
    uint64_t end : 53;       /* end of the current cycle (a blocked job: of its last) */
    uint64_t blocked : 1;    /* PROD_JOB_BLOCKED, else PROD_JOB_RUNNING */
    uint64_t repeat : 1;
    uint64_t base : 1;       /* snap is a recipe index: identity modifiers, no snapshot */
    uint64_t cycles_hi : 8;  /* completed cycles, saturating at JT_CYCLES_MAX */
    uint64_t snap : 24;      /* snapshot record, or recipe index when base */
    uint64_t gen : 16;       /* generation of the id using this slot */
    uint64_t cycles_lo : 24;
} prodi_job;

_Static_assert(sizeof(prodi_job) == 32, "a job record is 32 bytes");

/* The next and previous slot in the job's timer bucket, 24 bits each. */
typedef struct prodi_jlink {
    uint16_t w[3];
} prodi_jlink;

typedef struct prodi_jobtable {
    prodi_job **rec;     /* per block: its records */
    prodi_jlink **lnk;   /* per block: its links */
    uint32_t block_count;
    uint32_t cap;        /* slots the blocks hold */
    uint32_t rec_cap, lnk_cap;
    uint32_t hwm;        /* slots ever handed out */
    uint32_t live;       /* jobs */
    uint64_t *free0;     /* bit s: slot s is free (released, not retired) */
    uint64_t *free1;     /* bit w: free0[w] != 0 */
    uint64_t *free2;     /* bit w: free1[w] != 0 */
    uint64_t free3;      /* bit w: free2[w] != 0 */
    uint32_t free0_cap, free1_cap, free2_cap;
} prodi_jobtable;

void prodi_jt_init(prodi_jobtable *t);
void prodi_jt_free(prodi_jobtable *t, prodi_arena *a);
/* Ensure the next prodi_jt_take cannot fail. 0, or -1 (OOM) / -2 (slots exhausted). */
int prodi_jt_reserve(prodi_jobtable *t, prodi_arena *a);
/* Take the lowest free slot (after prodi_jt_reserve), bump its generation, give it
 * to `owner`. The record is RUNNING with zeroed fields otherwise. */
uint32_t prodi_jt_take(prodi_jobtable *t, uint64_t owner);
/* Free a slot; it retires when its generation is exhausted. Never allocates. */
void prodi_jt_release(prodi_jobtable *t, uint32_t slot);

/* Block and offset of a slot. */
static inline uint32_t prodi_jt_block(uint32_t slot, uint32_t *off)
{
    if (slot >= 256) {
        *off = slot & 255u;
        return (slot >> 8) + 4;
    }
    uint32_t b = slot < 16 ? 0 : slot < 32 ? 1 : slot < 64 ? 2 : slot < 128 ? 3 : 4;
    *off = b == 0 ? slot : slot - (8u << b);
    return b;
}
static inline prodi_job *prodi_jt_at(const prodi_jobtable *t, uint32_t slot)
{
    uint32_t off, b = prodi_jt_block(slot, &off);
    return t->rec[b] + off;
}
static inline prodi_jlink *prodi_jt_link(const prodi_jobtable *t, uint32_t slot)
{
    uint32_t off, b = prodi_jt_block(slot, &off);
    return t->lnk[b] + off;
}
static inline int prodi_jt_is_job(const prodi_job *j) { return !(j->base && j->snap == JT_NIL); }
static inline uint32_t prodi_jt_cycles(const prodi_job *j)
{
    return (uint32_t)j->cycles_hi << 24 | (uint32_t)j->cycles_lo;
}
static inline void prodi_jt_set_cycles(prodi_job *j, uint32_t c)
{
    j->cycles_hi = c >> 24;
    j->cycles_lo = c & 0xFFFFFFu;
}
static inline uint32_t prodi_jl_next(const prodi_jlink *l)
{
    return l->w[0] | (uint32_t)(l->w[1] & 0xFFu) << 16;
}
static inline uint32_t prodi_jl_prev(const prodi_jlink *l)
{
    return (uint32_t)(l->w[1] >> 8) | (uint32_t)l->w[2] << 8;
}
static inline void prodi_jl_set_next(prodi_jlink *l, uint32_t s)
{
    l->w[0] = (uint16_t)s;
    l->w[1] = (uint16_t)((l->w[1] & 0xFF00u) | (s >> 16));
}
static inline void prodi_jl_set_prev(prodi_jlink *l, uint32_t s)
{
    l->w[1] = (uint16_t)((l->w[1] & 0x00FFu) | (s & 0xFFu) << 8);
    l->w[2] = (uint16_t)(s >> 8);
}
/* The live record for (slot, gen), or NULL. */
static inline prodi_job *prodi_jt_lookup(const prodi_jobtable *t, uint32_t slot, uint16_t gen)
{
    if (slot >= t->hwm)
        return NULL;
    prodi_job *j = prodi_jt_at(t, slot);
    return (prodi_jt_is_job(j) && j->gen == gen) ? j : NULL;
}
/* Bytes of records, links and bitmaps the table holds for its slots. */
size_t prodi_jt_bytes_used(const prodi_jobtable *t);

/* Loading saved state (slots in ascending order, each once; the caller checked
 * the bounds): make slot `slot` a live job of generation `gen`, or a free slot
 * whose last generation was `gen` (retired when exhausted). 0, or -1 on OOM. */
int prodi_jt_place_job(prodi_jobtable *t, prodi_arena *a, uint32_t slot, uint16_t gen,
                       uint64_t owner);
int prodi_jt_place_free(prodi_jobtable *t, prodi_arena *a, uint32_t slot, uint16_t gen);
/* Loading done: every slot below hwm was placed. */
void prodi_jt_finish_load(prodi_jobtable *t, uint32_t hwm);

#endif
