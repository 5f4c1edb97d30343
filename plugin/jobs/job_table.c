/* job_table.c - slot allocation and generations for job records. */
#include "jobs/job_table.h"

#include <string.h>

#include "core/vec.h"

void prodi_jt_init(prodi_jobtable *t) { memset(t, 0, sizeof *t); }

void prodi_jt_free(prodi_jobtable *t, prodi_arena *a)
{
    /* Blocks belong to the arena and go with prodi_arena_free_all. */
    prodi_arena_release(a, t->blocks, (size_t)t->block_count * sizeof *t->blocks);
    prodi_arena_release(a, t->free, t->free_cap * sizeof *t->free);
    prodi_jt_init(t);
}

static int grow_blocks(prodi_jobtable *t, prodi_arena *a)
{
    if ((uint64_t)t->block_count * JT_BLOCK_JOBS >= JT_MAX_SLOTS)
        return -2;
    prodi_job **b = prodi_arena_resize(a, t->blocks, (size_t)t->block_count * sizeof *b,
                                       (size_t)(t->block_count + 1) * sizeof *b);
    if (!b)
        return -1;
    t->blocks = b;
    b[t->block_count] = prodi_arena_block(a, JT_BLOCK_JOBS * sizeof(prodi_job));
    if (!b[t->block_count])
        return -1;
    t->block_count++;
    return 0;
}

/* The free heap can always hold every slot, so prodi_jt_release never allocates. */
static int grow_free(prodi_jobtable *t, prodi_arena *a, uint32_t need)
{
    return PRODI_VEC_RESERVE(a, t->free, t->free_cap, need, JT_BLOCK_JOBS);
}

int prodi_jt_reserve(prodi_jobtable *t, prodi_arena *a)
{
    if (t->free_len > 0)
        return 0;
    if (t->hwm >= JT_MAX_SLOTS)
        return -2;
    if (t->hwm == t->block_count * JT_BLOCK_JOBS) {
        int rc = grow_blocks(t, a);
        if (rc != 0)
            return rc;
    }
    return grow_free(t, a, t->hwm + 1);
}

static void free_push(prodi_jobtable *t, uint32_t slot)
{
    uint32_t i = t->free_len++;
    while (i > 0 && t->free[(i - 1) / 2] > slot) {
        t->free[i] = t->free[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    t->free[i] = slot;
}

static uint32_t free_pop(prodi_jobtable *t)
{
    uint32_t top = t->free[0], x = t->free[--t->free_len], i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= t->free_len)
            break;
        if (c + 1 < t->free_len && t->free[c + 1] < t->free[c])
            c++;
        if (t->free[c] >= x)
            break;
        t->free[i] = t->free[c];
        i = c;
    }
    if (t->free_len > 0)
        t->free[i] = x;
    return top;
}

/* Make `slot` a live RUNNING record of generation gen. */
static void occupy(prodi_jobtable *t, uint32_t slot, uint16_t gen, uint64_t owner)
{
    prodi_job *j = prodi_jt_at(t, slot);
    memset(j, 0, sizeof *j);
    j->gen = gen;
    j->state = PROD_JOB_RUNNING;
    j->owner = owner;
    t->live++;
}

uint32_t prodi_jt_take(prodi_jobtable *t, uint64_t owner)
{
    uint32_t slot = t->free_len > 0 ? free_pop(t) : t->hwm++;
    occupy(t, slot, (uint16_t)(prodi_jt_at(t, slot)->gen + 1), owner);
    return slot;
}

void prodi_jt_release(prodi_jobtable *t, uint32_t slot)
{
    prodi_job *j = prodi_jt_at(t, slot);
    j->state = JOB_FREE;
    t->live--;
    if (j->gen < JT_GEN_MAX)
        free_push(t, slot);
}

prodi_job *prodi_jt_lookup(const prodi_jobtable *t, uint32_t slot, uint16_t gen)
{
    if (slot >= t->hwm)
        return NULL;
    prodi_job *j = prodi_jt_at(t, slot);
    return (j->state != JOB_FREE && j->gen == gen) ? j : NULL;
}


/* Blocks up to and including `slot`. */
static int cover(prodi_jobtable *t, prodi_arena *a, uint32_t slot)
{
    while ((uint64_t)t->block_count * JT_BLOCK_JOBS <= slot)
        if (grow_blocks(t, a) != 0)
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
    if (cover(t, a, slot) != 0 || grow_free(t, a, t->free_len + 1) != 0)
        return -1;
    prodi_job *j = prodi_jt_at(t, slot);
    memset(j, 0, sizeof *j);
    j->gen = gen;
    if (gen < JT_GEN_MAX)
        free_push(t, slot);
    return 0;
}

int prodi_jt_finish_load(prodi_jobtable *t, prodi_arena *a, uint32_t hwm)
{
    t->hwm = hwm;
    return grow_free(t, a, hwm);
}
