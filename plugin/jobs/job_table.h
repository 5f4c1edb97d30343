/* job_table.h - a manager's job records: fixed 40-byte records in arena blocks,
 * addressed by slot; per-slot generations so job ids are never reused; the
 * lowest free slot is always taken next (canonical, so a reloaded manager
 * hands out the same ids). There is no per-owner index: a query by owner
 * scans the records (sequential memory), which keeps starts and completions
 * from touching other jobs' records. */
#ifndef PRODI_JOBTABLE_H
#define PRODI_JOBTABLE_H

#include "core/arena.h"
#include "production.h"

#define JT_BLOCK_SHIFT 12u
#define JT_BLOCK_JOBS (1u << JT_BLOCK_SHIFT)
#define JT_MAX_SLOTS 0xFFFFFFu    /* slots are 0..JT_MAX_SLOTS-1 (24 bits of the job id) */
#define JT_GEN_MAX 0xFFFFu        /* a slot whose generation reaches this retires */
#define JT_SNAP_MAX 0xFFFFFFu     /* snapshot records per manager (24 bits) */
#define JT_CYCLES_MAX 0xFFFFFFFFu /* completed cycles saturate here */

#define JOB_FREE 0

/* 40 bytes: the three 64-bit values, then two words of bit-fields. */
typedef struct prodi_job {
    uint64_t owner;
    uint64_t inventory;
    int64_t start;             /* start of the current cycle */
    uint64_t cycles : 32;      /* completed cycles, saturating at JT_CYCLES_MAX */
    uint64_t snap : 24;        /* snapshot record */
    uint64_t state : 2;        /* JOB_FREE, PROD_JOB_RUNNING, PROD_JOB_BLOCKED */
    uint64_t repeat : 1;
    uint64_t gen : 16;         /* generation of the id using this slot */
} prodi_job;

_Static_assert(sizeof(prodi_job) == 40, "a job record is 40 bytes");

typedef struct prodi_jobtable {
    prodi_job **blocks;
    uint32_t block_count;
    uint32_t hwm;          /* slots ever handed out */
    uint32_t *free;        /* binary min-heap of free, non-retired slots */
    uint32_t free_len;
    size_t free_cap;
    uint64_t live;
} prodi_jobtable;

void prodi_jt_init(prodi_jobtable *t);
void prodi_jt_free(prodi_jobtable *t, prodi_arena *a);
/* Ensure the next prodi_jt_take cannot fail. 0, or -1 (OOM) / -2 (slots exhausted). */
int prodi_jt_reserve(prodi_jobtable *t, prodi_arena *a);
/* Take the lowest free slot (after prodi_jt_reserve), bump its generation, give it
 * to `owner`. The record is RUNNING with zeroed fields otherwise. */
uint32_t prodi_jt_take(prodi_jobtable *t, uint64_t owner);
/* Unlink and free a slot; it retires when its generation is exhausted. */
void prodi_jt_release(prodi_jobtable *t, uint32_t slot);
static inline prodi_job *prodi_jt_at(const prodi_jobtable *t, uint32_t slot)
{
    return &t->blocks[slot >> JT_BLOCK_SHIFT][slot & (JT_BLOCK_JOBS - 1)];
}
/* The live record for (slot, gen), or NULL. */
prodi_job *prodi_jt_lookup(const prodi_jobtable *t, uint32_t slot, uint16_t gen);
/* Loading saved state (slots in ascending order, each once; the caller checked
 * the bounds): make slot `slot` a live job of generation `gen`, or a free slot
 * whose last generation was `gen` (retired when exhausted). 0, or -1 on OOM. */
int prodi_jt_place_job(prodi_jobtable *t, prodi_arena *a, uint32_t slot, uint16_t gen,
                       uint64_t owner);
int prodi_jt_place_free(prodi_jobtable *t, prodi_arena *a, uint32_t slot, uint16_t gen);
/* Loading done: every slot below hwm was placed. 0, or -1 on OOM. */
int prodi_jt_finish_load(prodi_jobtable *t, prodi_arena *a, uint32_t hwm);

#endif
