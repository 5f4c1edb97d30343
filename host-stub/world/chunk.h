/* chunk.h - one chunk of the world: its production manager (one per chunk,
 * created with the chunk's own tag, seed and id_space), its buildings, its
 * own PRNG (every choice the host makes in the chunk comes from it, so the
 * chunk decides the same whichever process runs it) and the items the host
 * moved in and out of it.
 *
 * chunk_load creates a chunk's empty manager and chunk_unload destroys it;
 * taking a chunk through the chunk store (its manager's bytes, its
 * inventories, PRNG and counts) is chunk_persist.c, on top of these. */
#ifndef PRODHOST_CHUNK_H
#define PRODHOST_CHUNK_H

#include <stdint.h>

#include "production.h"
#include "sim.h"

enum building_kind { KIND_MINE, KIND_SMELTER, KIND_FORGE, KIND_WORKSHOP, KIND_COUNT };

typedef struct building {
    uint64_t inventory; /* the building's inventory id in host->inv */
    uint64_t owner;     /* who starts its jobs (skills and buffs are per owner) */
    prod_job_id job;    /* the job it last started; 0 = none */
} building;

/* Items the host itself moved into and out of the chunk since its creation. */
typedef struct chunk_flows {
    uint64_t stocked;   /* put into the buildings when the chunk was created */
    uint64_t delivered; /* brought in from outside */
    uint64_t sold;      /* taken out to the market */
} chunk_flows;

typedef struct chunk {
    int32_t x, y;
    uint64_t tag;           /* manager_tag: (x << 32) | y */
    uint64_t seed;          /* the manager's PRNG seed */
    uint32_t id_space;      /* distinct per chunk: the registry finds jobs by it */
    uint32_t output_policy; /* PROD_OUTPUT_HOLD or PROD_OUTPUT_FAIL */
    prod_manager *manager;  /* NULL while the chunk is unloaded */
    prng rng;               /* the chunk's own choices; saved with it */
    chunk_flows flows;
    building buildings[KIND_COUNT];
    prod_manager_counters banked; /* the event counters of its managers already destroyed */
} chunk;

uint64_t chunk_tag(int32_t x, int32_t y);
/* Create the chunk's manager and register it under its tag. 0 or -1 (printed). */
int chunk_load(sim *s, chunk *c);
/* Unregister and destroy the manager (jobs are dropped: no events, no refunds),
 * adding its event counters to c->banked first. */
void chunk_unload(sim *s, chunk *c);
/* The chunk's event counters over all its managers so far (banked + the
 * loaded one's), and the loaded one's size (0 when unloaded), into *out. */
void chunk_counters(const sim *s, const chunk *c, prod_manager_counters *out);
/* Take every item out of the chunk's inventories (it leaves this process). */
void chunk_empty(sim *s, chunk *c);
/* Tick the manager at now. 0 or -1 (printed). */
int chunk_tick(sim *s, chunk *c, int64_t now);
/* Print that `what` failed in this chunk with the manager's error text; returns -1. */
int chunk_fail(const sim *s, const chunk *c, prod_status st, const char *what);

#endif
