/* bench.h - what the prodbench files share: the loaded plugin, the host
 * (array inventories and an event sink), the fixed recipe set, the clock and
 * the figure reporter. */
#ifndef PROD_BENCH_H
#define PROD_BENCH_H

#include "production.h"

#include <stdint.h>
#include <stdio.h>

/* ---- host: array inventories (inventory i's item counts are the row at
 * counts + i * item_slots) and events counted per manager and type (the
 * manager with tag k at events + (k - 1) * BENCH_EVENT_TYPES; tags run from
 * 1 to the inventory count), so threads owning distinct managers and
 * inventories share no counter. */

#define BENCH_EVENT_TYPES 8u

/* Ask for the cache line holding p ahead of its use (the floor's). */
#if defined(__GNUC__) || defined(__clang__)
#define BENCH_PREFETCH(p) __builtin_prefetch(p)
#else
#define BENCH_PREFETCH(p) ((void)(p))
#endif

typedef struct bench_host {
    const prod_api *api;
    prod_ctx *ctx;
    prod_host host;
    uint64_t *counts;       /* inv_count rows of item_slots */
    uint64_t *events;       /* inv_count rows of BENCH_EVENT_TYPES */
    uint32_t inv_count;
    uint32_t item_slots;    /* item_count + 1 */
    prod_item_id ore, ingot;
} bench_host;

/* dlopen `path` and fetch the table; exits with a message on failure. */
const prod_api *bench_load(const char *path);
/* Create the context from recipe JSON in memory; returns the status, the
 * error text in err. The host callbacks count items and events. */
prod_status bench_init(bench_host *b, const prod_api *api, const char *json, size_t len,
                       char *err, uint32_t err_cap);
/* Allocate n inventories, each with `ore` units of ore (and nothing else). */
void bench_invs(bench_host *b, uint32_t n, uint64_t ore);
/* The host alone, with no plugin (the floor's host calls): n inventories as
 * bench_invs makes them, the item ids the recipe set's items get. */
void bench_host_alone(bench_host *b, uint32_t invs, uint64_t ore);
/* bench_init with the common recipe set and bench_invs; exits on failure. */
void bench_setup(bench_host *b, const prod_api *api, uint32_t invs, uint64_t ore);
void bench_free(bench_host *b); /* inventories and the context */
uint64_t bench_events(const bench_host *b, uint32_t type); /* summed over managers */

/* The common recipe set: r1..r1000 (1 ore -> 1 ingot, k ms; index k-1), then
 * the same conversion as "cycle60s" (60,000 ms, W8; index BENCH_R60S) and
 * "hour" (3,600,000 ms, W1/W9 idle; index BENCH_RHOUR). Caller frees. */
#define BENCH_R60S 1000u
#define BENCH_RHOUR 1001u
char *bench_recipes_json(size_t *len);
/* Make a manager (tag = id_space = id) or exit with the error. */
prod_manager *bench_manager(bench_host *b, uint32_t id);
/* n managers with ids 1..n (manager i uses inventory i-1 in the workloads). */
prod_manager **bench_managers(bench_host *b, uint32_t n);
void bench_destroy_all(const prod_api *api, prod_manager **ms, uint32_t n); /* and the array */
/* Exit with a message unless st is PROD_OK. */
void bench_check(prod_status st, const char *what, const bench_host *b, const prod_manager *m);

#define BENCH_ORE_PLENTY ((uint64_t)1 << 60) /* "plenty of ore" */
#define BENCH_SEED 20261123u                  /* the fixed seed of the durations */

/* ---- clock, PRNG, memory ---- */
double bench_now_ns(void);
uint64_t bench_rand(uint64_t *state); /* splitmix64 */
uint64_t bench_rss_bytes(void);

/* ---- figures ---- */
typedef struct bench_opts {
    int quick;
    const char *build_type;
    const char *commit;
    FILE *json; /* JSON lines go here (stdout unless --json FILE) */
} bench_opts;

/* Record one figure: a table row on stderr and a JSON line on o->json. target_op is "<=" or ">=" (NULL when the figure has no target). */
void bench_report(const bench_opts *o, const char *workload, const char *metric, double value,
                  const char *unit, const char *target_op, double target);
/* A workload that could not run: one JSON line with "unavailable" and why. */
void bench_unavailable(const bench_opts *o, const char *workload, const char *why);
void bench_table_header(void);
/* The median of v[0 .. n) (n >= 1; v is sorted in place). */
double bench_median(double *v, int n);

/* ---- workloads (bench_jobs.c, bench_persist.c, bench_parallel.c, bench_chains.c,
 * bench_coord.c) */
void w1_idle(const bench_opts *o, const prod_api *api);
void w2_w3_w4(const bench_opts *o, const prod_api *api);
void w5_repeating(const bench_opts *o, const prod_api *api);
void w9_scaling(const bench_opts *o, const prod_api *api);
void w6_persist(const bench_opts *o, const prod_api *api);
void w8_catchup(const bench_opts *o, const prod_api *api);
void w7_parallel(const bench_opts *o, const prod_api *api);
void w_chains(const bench_opts *o, const prod_api *api);
void w_calc(const bench_opts *o, const prod_api *api); /* rate queries and the LP, Factorio 1.1 */
void w_floor(const bench_opts *o, const prod_api *api);
void w_coord(const bench_opts *o, const prod_api *api); /* coordinators (bench_coord.c) */
void w10_many_managers(const bench_opts *o, const prod_api *api);
void w11_month_away(const bench_opts *o, const prod_api *api);

/* The lean floor (floor.c): W2/W3's work (managers x per jobs) and W5's
 * (jobs repeating jobs of 10 cycles) without the plugin. With calls = 1,
 * the floor also makes the host calls the ABI has a plugin make for the
 * same work (bench_host_alone's callbacks) and claims each manager for each
 * start and tick as a call does: the ceiling, the most that a plugin
 * costing nothing itself could reach. */
void floor_w2(uint32_t managers, uint32_t per, int calls, double *starts_per_s,
              double *completions_per_s);
double floor_w5(uint32_t jobs, int calls);
/* ns per claim and release of a manager as every call that changes one
 * makes them (one compare-and-swap, one exchange), `calls` times over 8
 * managers: what the ABI's threading rules fix in every call. */
double floor_claim_ns(uint32_t calls);

/* Shared by the workloads: run every manager from time `from` in 1 ms steps
 * until all are empty; returns the ns spent inside tick calls. When
 * tick_ns != NULL, each tick's time is stored there (cap entries at most,
 * *n_ticks set). */
double bench_drain(const prod_api *api, prod_manager **ms, uint32_t n, int64_t from,
                   int64_t *end, double *tick_ns, uint64_t cap, uint64_t *n_ticks);
/* Start `per` jobs in each of n managers (inventory i for manager i),
 * recipe r(1 + rand % span) drawn from *seed; returns the ns spent in start. */
double bench_fill(bench_host *b, prod_manager **ms, uint32_t n, uint32_t per, uint32_t span,
                  int64_t now, uint64_t *seed);

#endif
