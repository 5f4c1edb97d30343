/* snapshot.h - a job's effective values (recipe + modifiers -> effective
 * inputs, outputs and duration), by reference. A job under identity
 * modifiers refers to its recipe's own values (a base reference: no record,
 * no look-up, no count); jobs under the same other modifiers share one
 * refcounted, interned snapshot record. */
#ifndef PRODI_SNAPSHOT_H
#define PRODI_SNAPSHOT_H

#include "core/arena.h"
#include "core/hashmap.h"
#include "core/registry.h"

/* A reference: a record index, or PRODI_SNAP_BASE | recipe index. */
#define PRODI_SNAP_BASE (1u << 24)
#define PRODI_SNAP_INDEX(ref) ((ref) & 0xFFFFFFu)

typedef struct prodi_snap {
    prodi_eff eff;
    void *mem;                 /* one allocation holding both arrays; NULL when free */
    uint32_t refs;             /* 0 = free record; next_free links it */
    uint32_t next_free;
    uint32_t indexed;          /* 1 if `index` maps key_hash to this record */
    uint64_t key_hash;
} prodi_snap;

typedef struct prodi_snaps {
    prodi_snap *v;
    uint32_t len;
    size_t cap;
    uint32_t free_head;        /* UINT32_MAX when none */
    prodi_u64map index;         /* key_hash -> record */
} prodi_snaps;

void prodi_snaps_init(prodi_snaps *s, const prodi_mem *mem);
void prodi_snaps_free(prodi_snaps *s, prodi_arena *a);
/* The reference for (recipe r at index ix, mods), taking a reference on a
 * record when mods are not the identity. 0 on success, -1 on OOM (nothing
 * changed). */
int prodi_snaps_acquire(prodi_snaps *s, prodi_arena *a, const prodi_recipe *r, prod_recipe_ix ix,
                        const prod_modifiers *mods, uint32_t *ref);
/* Whether `saved` (from saved state) is what recipe r builds under
 * saved->mods: 0 when it is, 1 with the first difference described in why
 * when it is not, -1 on OOM. */
int prodi_snaps_check(prodi_arena *a, const prodi_recipe *r, const prodi_eff *saved, char *why,
                      size_t cap);
/* A record holding a copy of `saved` (mods, duration, inputs, outputs,
 * recipe) with one reference for the caller, outside the interning index:
 * for jobs whose recipe is no longer loaded, so no new job ever picks such
 * values up. 0, or -1 on OOM. */
int prodi_snaps_adopt(prodi_snaps *s, prodi_arena *a, const prodi_eff *saved, uint32_t *ref);
void prodi_snaps_retain(prodi_snaps *s, uint32_t ref);
void prodi_snaps_release(prodi_snaps *s, prodi_arena *a, uint32_t ref);
/* The values a reference stands for; recipes is the registry's array. */
static inline const prodi_eff *prodi_snaps_eff(const prodi_snaps *s, const prodi_recipe *recipes,
                                               uint32_t ref)
{
    return (ref & PRODI_SNAP_BASE) ? &recipes[PRODI_SNAP_INDEX(ref)].base : &s->v[ref].eff;
}
/* Records in use and their bytes (for memory reports). */
uint32_t prodi_snaps_count(const prodi_snaps *s, size_t *bytes);

#endif
