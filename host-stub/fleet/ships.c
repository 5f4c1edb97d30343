/* ships.c - owns the haulers' side of the coordinator's protocol: an order
 * (TASK_ASSIGNED) sends a ship to a market, RETRY / FAILED / RELEASED of
 * its task void it; on arrival the ship asks for the trade (coord_arrive),
 * makes it at the market's price of that moment, and reports it
 * (coord_report); the host's books follow every trade. */
#include "ships.h"

#include <stdio.h>

#include "factory.h"
#include "galaxy.h"
#include "market.h"
#include "rules.h"

static fleet_ship *ship_of(fleet_world *w, uint64_t id)
{
    return id >= 1 && id <= w->nships ? &w->ships[id - 1] : NULL;
}

static void order(fleet_world *w, fleet_ship *s, const prod_coord_event *e)
{
    s->task = e->task;
    s->dest = e->market;
    s->arrive_at = e->time + fleet_travel_ms(w, s->location, e->market);
}

/* --trace: the events a reader follows a run by (seed 002's recovery and
 * seed 004's live configuration among them). */
static void trace(fleet_world *w, const prod_coord_event *e)
{
    static const char *const SUPPLY[] = {"-", "SCARCE", "LIMITED", "MODERATE", "HIGH",
                                         "ABUNDANT"};
    static const char *const TASK[] = {"-", "ACQUIRE", "DELIVER", "COLLECT", "SELL", "LIQUIDATE"};
    double minute = (double)e->time / 60000;
    const char *item = e->item ? w->api->item_name(w->ctx, e->item) : "-";
    prod_coord_stats st = {.struct_size = sizeof st};
    if (e->type == PROD_COORD_EVENT_PIPELINE_CREATED && w->api->coord_stats(w->coord, &st) == PROD_OK)
        fprintf(stderr, "trace %.2f: pipeline %llu %s planned, %llu active\n", minute,
                (unsigned long long)e->pipeline, item, (unsigned long long)st.pipelines_active);
    else if (e->type == PROD_COORD_EVENT_TASK_STARTED && e->task_type == PROD_TASK_COLLECT) {
        const fleet_good *g = fleet_good_at(w, e->market, e->item);
        fprintf(stderr, "trace %.2f: collect %s x%llu at supply %s\n", minute, item,
                (unsigned long long)e->quantity, g ? SUPPLY[fleet_supply(g)] : "-");
    } else if (e->type == PROD_COORD_EVENT_CONFIG_CHANGED)
        fprintf(stderr, "trace %.2f: config field %u %g -> %g\n", minute, e->field,
                e->old_value, e->new_value);
    else if (e->type == PROD_COORD_EVENT_TASK_ASSIGNED)
        fprintf(stderr, "trace %.2f: ship %llu ordered to %s %s at %s\n", minute,
                (unsigned long long)e->worker, TASK[e->task_type < 6 ? e->task_type : 0], item,
                e->market >= 1 && e->market <= w->nmarkets ? w->markets[e->market - 1].symbol
                                                           : "-");
    else if (e->type == PROD_COORD_EVENT_RESUMED || e->type == PROD_COORD_EVENT_LIQUIDATION)
        fprintf(stderr, "trace %.2f: ship %llu %s %s x%llu\n", minute,
                (unsigned long long)e->worker,
                e->type == PROD_COORD_EVENT_RESUMED ? "resumes with" : "liquidates", item,
                (unsigned long long)e->quantity);
}

void fleet_on_coord_event(void *user, const prod_coord_event *e)
{
    fleet_world *w = user;
    fleet_ship *s = ship_of(w, e->worker);
    if (e->type < FLEET_EVENT_TYPES)
        w->events[e->type]++;
    if (w->trace)
        trace(w, e);
    if (e->type == PROD_COORD_EVENT_TASK_COMPLETED && e->task_type < FLEET_TASK_TYPES)
        w->acc.tasks[e->task_type]++;
    if (!s)
        return;
    if (e->type == PROD_COORD_EVENT_TASK_ASSIGNED)
        order(w, s, e);
    else if ((e->type == PROD_COORD_EVENT_TASK_RETRY || e->type == PROD_COORD_EVENT_TASK_FAILED ||
              e->type == PROD_COORD_EVENT_TASK_RELEASED) &&
             e->task == s->task)
        s->task = 0;
}

int32_t fleet_travel_cost(void *user, uint64_t from, uint64_t to, double *out)
{
    *out = (double)fleet_travel_ms(user, from, to) / 1000.0;
    return PROD_HOST_OK;
}

uint64_t fleet_ship_load(const fleet_ship *s)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < s->cargo_count; i++)
        n += s->cargo[i].qty;
    return n;
}

/* Units of item the hold takes now: the room left, 0 when it would be a
 * stack past PROD_COORD_MAX_CARGO. */
static uint32_t cargo_room(const fleet_ship *s, prod_item_id item)
{
    uint64_t load = fleet_ship_load(s);
    int stacked = s->cargo_count < PROD_COORD_MAX_CARGO;
    for (uint32_t i = 0; i < s->cargo_count; i++)
        stacked |= s->cargo[i].item == item;
    return stacked && load < FLEET_SHIP_CARGO ? (uint32_t)(FLEET_SHIP_CARGO - load) : 0;
}

/* Add n of item (cargo_room said it fits). */
static void cargo_add(fleet_ship *s, prod_item_id item, uint32_t n)
{
    for (uint32_t i = 0; i < s->cargo_count; i++)
        if (s->cargo[i].item == item) {
            s->cargo[i].qty += n;
            return;
        }
    s->cargo[s->cargo_count++] = (prod_item_qty){.item = item, .qty = n};
}

/* Remove up to n of item; the units removed. */
static uint32_t cargo_take(fleet_ship *s, prod_item_id item, uint32_t n)
{
    for (uint32_t i = 0; i < s->cargo_count; i++) {
        if (s->cargo[i].item != item)
            continue;
        uint32_t got = s->cargo[i].qty < n ? s->cargo[i].qty : n;
        if ((s->cargo[i].qty -= got) == 0)
            s->cargo[i] = s->cargo[--s->cargo_count];
        return got;
    }
    return 0;
}

static void failed(prod_task_report *r, uint32_t why)
{
    r->outcome = PROD_REPORT_FAILED;
    r->failure = why;
}

/* Buy what the order says, as far as the market's stock and the hold allow. */
static void buy(fleet_world *w, fleet_ship *s, fleet_good *g, const prod_order *o,
                prod_task_report *r)
{
    double price = fleet_buy_price(g);
    uint32_t room = cargo_room(s, o->item);
    uint32_t n = room ? fleet_market_buy(g, o->quantity < room ? o->quantity : room) : 0;
    if (n == 0) {
        failed(r, room ? PROD_COORD_FAIL_DEPLETED : PROD_COORD_FAIL_OTHER);
        w->acc.failed_reports++;
        return;
    }
    cargo_add(s, o->item, n);
    r->quantity = n;
    r->credits = n * price;
    w->acc.credits -= r->credits;
    w->acc.spent += r->credits;
    w->acc.units_bought += n;
}

/* Sell the order's units from the hold; a factory there takes its inputs.
 * 0 or -1 (a factory failure). */
static int sell(fleet_world *w, fleet_ship *s, fleet_good *g, const prod_order *o,
                prod_task_report *r)
{
    double price = fleet_sell_price(g);
    uint32_t n = cargo_take(s, o->item, o->quantity);
    fleet_market_sell(g, n);
    r->quantity = n;
    r->credits = n * price;
    w->acc.credits += r->credits;
    w->acc.earned += r->credits;
    w->acc.units_sold += n;
    return fleet_factory_deliver(w, o->market, o->item, n) < 0 ? -1 : 0;
}

/* Make the order's trade; fill the report. 0 or -1 (a factory failure). */
static int trade(fleet_world *w, fleet_ship *s, const prod_order *o, prod_task_report *r)
{
    fleet_good *g = fleet_good_at(w, o->market, o->item);
    if (!g)
        failed(r, PROD_COORD_FAIL_REFUSED);
    else if (o->action == PROD_ORDER_BUY)
        buy(w, s, g, o, r);
    else
        return sell(w, s, g, o, r);
    return 0;
}

static int fail(fleet_world *w, const char *call)
{
    fleet_fail(w, "%s: %s", call, w->api->coord_last_error(w->coord));
    return -1;
}

static int arrive(fleet_world *w, fleet_ship *s)
{
    uint64_t task = s->task;
    s->task = 0;
    s->location = s->dest;
    prod_arrival a = {.struct_size = sizeof a, .version = PROD_ARRIVAL_VERSION, .worker = s->id,
                      .now = w->now, .credits = w->acc.credits > 0 ? w->acc.credits : 0};
    prod_order o = {.struct_size = sizeof o};
    if (w->api->coord_arrive(w->coord, &a, &o) != PROD_OK)
        return fail(w, "coord_arrive");
    if (o.action == PROD_ORDER_NONE)
        return 0; /* released; an event may already have sent it on */
    prod_task_report r = {.struct_size = sizeof r, .version = PROD_TASK_REPORT_VERSION,
                          .worker = s->id, .task = task, .now = w->now,
                          .outcome = PROD_REPORT_DONE};
    if (trade(w, s, &o, &r) != 0)
        return -1;
    return w->api->coord_report(w->coord, &r) == PROD_OK ? 0 : fail(w, "coord_report");
}

int fleet_ships_arrive(fleet_world *w)
{
    /* A trade can hand the ship its next order at the same market (0 s away):
     * a few passes settle it; what is left goes on at the next step. */
    for (int again = 1, pass = 0; again && pass < 8; pass++) {
        again = 0;
        for (uint32_t i = 0; i < w->nships; i++) {
            fleet_ship *s = &w->ships[i];
            if (!s->task || s->arrive_at > w->now)
                continue;
            if (arrive(w, s) != 0)
                return -1;
            again = 1;
        }
    }
    return 0;
}
