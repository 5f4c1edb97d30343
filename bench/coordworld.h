/* coordworld.h - the host world of the coordinator workload (bench_coord.c):
 * markets on a grid with quotes, travel_cost, factories whose supply rises
 * after their inputs are delivered, workers that carry out the orders the
 * coordinator hands them (travel, arrive, trade, report), a counting
 * allocator, and the time spent inside the plugin's calls. */
#ifndef PROD_BENCH_COORDWORLD_H
#define PROD_BENCH_COORDWORLD_H

#include "production.h"

#include <stddef.h>
#include <stdint.h>

#define CW_MARKETS 100u    /* ids 1..100 on a 10 x 10 grid, 1 unit apart */
#define CW_RAWS 100u       /* raw items r0..r99, each sold by 4 markets */
#define CW_PRODUCTS 1000u  /* p0..p999, each made from two raws at one factory */
#define CW_EVENT_TYPES 19u /* PROD_COORD_EVENT_* + 1 */

typedef struct cw_quote cw_quote;
typedef struct cw_factory cw_factory;
typedef struct cw_worker cw_worker;
typedef struct cw_arrival cw_arrival;

/* What the world did through the plugin: calls made and ns spent in them. */
typedef struct cw_calls {
    uint64_t ticks, arrives, reports, moves, plans;
    double tick_ns, host_ns; /* coord_tick; the rest (arrive, report, move, plan) */
    uint64_t events[CW_EVENT_TYPES], events_total;
} cw_calls;

typedef struct cw {
    const prod_api *api;
    prod_ctx *ctx;
    prod_coordinator *c;
    prod_host host;
    int64_t now;
    uint32_t pipelines, workers, items;
    prod_item_id raw[CW_RAWS], product[CW_PRODUCTS];
    cw_quote *quotes;   /* by item: quotes[first[item] .. first[item + 1]) */
    uint32_t *first;
    cw_factory *factories; /* per product */
    cw_worker *crew;    /* worker id k at crew[k - 1] */
    cw_arrival *heap;   /* arrivals due, by time */
    uint32_t nheap, capheap;
    prod_item_id *replan; /* products whose pipeline is done, planned again next step */
    uint32_t nreplan;
    cw_calls calls;
    int64_t live_bytes; /* held by the plugin through host.allocate */
} cw;

/* Init a context with the world's recipes and callbacks, and a coordinator
 * for `pipelines` pipelines (products p0..) and `workers` workers; exits on
 * failure. Workers and pipelines are added by cw_add_workers / cw_plan_all. */
void cw_open(cw *w, const prod_api *api, uint32_t pipelines, uint32_t workers);
void cw_close(cw *w);
void cw_add_workers(cw *w);
void cw_plan_all(cw *w);
/* One host step at w->now = now: coord_tick until it is not PROD_MORE,
 * then every worker that has arrived moves, arrives, trades and reports,
 * then the products whose pipeline is done are planned again. */
void cw_step(cw *w, int64_t now);
/* cw_step every step_ms from w->now + step_ms to until. */
void cw_run(cw *w, int64_t until, int64_t step_ms);

#endif
