/* it_coord_scan.c - the multi-product opportunity scan (issue 11, item 5;
 * seed 002's parallel pipelines), through the real .so, in the
 * three-product world of testworld.h: each scan ranks the goods by the
 * opportunities and the sell-market score and keeps up to max_pipelines
 * PRODUCE pipelines planned or running, one per good; it runs on its period
 * from the config, honours min_purchase_price, replaces a finished pipeline
 * at the next scan, and reports a good it could not plan without stopping. */
#include <string.h>

#include "testworld.h"

static const char *SO;
static tw W;

static int open_scan(uint32_t max_pipelines, double min_price)
{
    prod_coord_config c = tw_cfg(PROD_COORD_FIELD_MAX_PIPELINES, max_pipelines);
    c.fields |= PROD_COORD_F(PROD_COORD_FIELD_SCAN_EVERY) |
                PROD_COORD_F(PROD_COORD_FIELD_MIN_PURCHASE_PRICE);
    c.scan_every_ms = 60000;
    c.min_purchase_price = min_price;
    if (!tw_open(&W, SO, TW_SPACETRADERS, &c, 0))
        return 0;
    tw_products(&W);
    return 1;
}

typedef struct live {
    uint32_t n;
    prod_item_id item[16];
    uint32_t state[16];
} live;

/* The PRODUCE pipelines still planning or executing. */
static live live_pipelines(void)
{
    live l = {0};
    uint64_t ids[64];
    uint32_t n = 0;
    CHECK_OK(W.h.api->coord_pipelines(W.c, ids, 64, &n));
    for (uint32_t i = 0; i < n && i < 64; i++) {
        prod_pipeline_status *s = tw_status(&W, ids[i]);
        if (s && s->kind == PROD_PIPELINE_PRODUCE && s->state <= PROD_PIPELINE_EXECUTING &&
            l.n < 16) {
            l.item[l.n] = s->item;
            l.state[l.n++] = s->state;
        }
        W.h.api->free_buffer(s);
    }
    return l;
}

static int distinct(const live *l)
{
    for (uint32_t i = 0; i < l->n; i++)
        for (uint32_t j = 0; j < i; j++)
            if (l->item[i] == l->item[j])
                return 0;
    return 1;
}

static int has(const live *l, const char *good)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->item[i] == tw_item(&W, good))
            return 1;
    return 0;
}

static size_t created(prod_item_id item)
{
    size_t n = 0;
    for (size_t i = 0; i < W.nev; i++)
        n += W.ev[i].type == PROD_COORD_EVENT_PIPELINE_CREATED && (!item || W.ev[i].item == item);
    return n;
}

static void the_scan_keeps_max_pipelines(void)
{
    REQUIRE(open_scan(2, 0));
    tw_step(&W, 0);
    live l = live_pipelines();
    CHECK(l.n == 2 && distinct(&l));
    tw_step(&W, 60000); /* the next scan: two are running, nothing to add */
    l = live_pipelines();
    CHECK(l.n == 2 && created(0) == 2);
    tw_close(&W);
}

static void a_good_with_a_live_pipeline_is_not_planned_again(void)
{
    REQUIRE(open_scan(3, 90)); /* only MACHINERY (100) and ELECTRONICS (160) qualify */
    tw_step(&W, 0);
    tw_step(&W, 60000); /* room for a third, but both goods have theirs */
    tw_step(&W, 120000);
    live l = live_pipelines();
    CHECK(l.n == 2 && distinct(&l) && has(&l, "MACHINERY") && has(&l, "ELECTRONICS"));
    CHECK(created(0) == 2);
    tw_close(&W);
}

/* Seed 002's score, price/500 x 0.4 + activity x 0.3 + supply x 0.2 + depth
 * bonus (20 a level of the good's tree) x 0.1, at each good's best buyer:
 * MACHINERY (100 at a WEAK LIMITED buyer) 0.08 + 30 + 16 + 2 = 48.08,
 * COPPER (25, WEAK, LIMITED) 0.02 + 30 + 16 + 2 = 48.02, ELECTRONICS (160,
 * RESTRICTED, SCARCE, two levels) 0.128 + 22.5 + 20 + 4 = 46.63: planned in
 * that order, and a narrower scan takes the first. */
static void the_best_scored_goods_are_planned_first(void)
{
    static const char *const ORDER[] = {"MACHINERY", "COPPER", "ELECTRONICS"};
    REQUIRE(open_scan(3, 0));
    tw_step(&W, 0);
    live three = live_pipelines(); /* in id order: the order they were planned */
    REQUIRE(three.n == 3);
    for (uint32_t i = 0; i < 3; i++)
        CHECK(three.item[i] == tw_item(&W, ORDER[i]));
    tw_close(&W);
    REQUIRE(open_scan(1, 0));
    tw_step(&W, 0);
    live one = live_pipelines();
    CHECK(one.n == 1 && has(&one, "MACHINERY"));
    tw_close(&W);
}

static void min_purchase_price_leaves_out_the_cheap_goods(void)
{
    REQUIRE(open_scan(3, 120)); /* only ELECTRONICS sells for 120 or more (160) */
    tw_step(&W, 0);
    live l = live_pipelines();
    CHECK(l.n == 1 && has(&l, "ELECTRONICS") && created(0) == 1);
    tw_close(&W);
}

static void the_scan_runs_on_its_period(void)
{
    REQUIRE(open_scan(0, 0));
    tw_step(&W, 0);
    CHECK(created(0) == 0);
    prod_coord_config up = tw_cfg(PROD_COORD_FIELD_MAX_PIPELINES, 1);
    CHECK_OK(W.h.api->coord_config_set(W.c, &up, 10000));
    tw_step(&W, 10000); /* applied, but the next scan is at 60 s */
    CHECK(created(0) == 0);
    tw_step(&W, 59999);
    CHECK(created(0) == 0);
    tw_step(&W, 60000);
    size_t i = tw_find(&W, PROD_COORD_EVENT_PIPELINE_CREATED, 0, 0);
    CHECK(created(0) == 1 && i != (size_t)-1 && W.ev[i].time == 60000);
    tw_close(&W);
}

static void a_finished_pipeline_is_replaced_at_the_next_scan(void)
{
    REQUIRE(open_scan(1, 0));
    for (uint64_t id = 1; id <= 4; id++)
        tw_worker_add(&W, id, id, 40);
    tw_step(&W, 0);
    live first = live_pipelines();
    REQUIRE(first.n == 1);
    size_t done = (size_t)-1;
    for (int64_t t = 1000; t <= 3600000 && done == (size_t)-1; t += 1000) {
        tw_step(&W, t);
        done = tw_find(&W, PROD_COORD_EVENT_PIPELINE_DONE, 0, 0);
    }
    REQUIRE(done != (size_t)-1);
    int64_t finished = W.ev[done].time, next_scan = (finished / 60000 + 1) * 60000;
    tw_run(&W, next_scan, 1000);
    CHECK(created(0) == 2);
    size_t again = tw_find(&W, PROD_COORD_EVENT_PIPELINE_CREATED, done, 0);
    CHECK(again != (size_t)-1 && W.ev[again].time == next_scan && W.ev[again].item == first.item[0]);
    tw_close(&W);
}

static void a_good_that_cannot_be_planned_is_reported_and_the_scan_goes_on(void)
{
    REQUIRE(open_scan(3, 0));
    /* MICROPROCESSORS pay well at 8, but no market imports both inputs but
     * 7, whose hold is ELECTRONICS... make 7 stop buying COPPER: then
     * neither ELECTRONICS nor MICROPROCESSORS has a factory */
    tw_add(&W, 8, "MICROPROCESSORS", PROD_QUOTE_BUYS, 0, 400, 2, PROD_ACTIVITY_WEAK, 40);
    tw_entry_of(&W, 7, "COPPER")->flags = 0;
    tw_step(&W, 0);
    size_t failed = tw_find(&W, PROD_COORD_EVENT_PLAN_FAILED, 0, 0);
    REQUIRE(failed != (size_t)-1);
    CHECK(W.ev[failed].status == PROD_ERR_NOT_FOUND);
    live l = live_pipelines();
    CHECK(l.n >= 1 && has(&l, "MACHINERY") && !has(&l, "MICROPROCESSORS"));
    tw_close(&W);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(the_scan_keeps_max_pipelines);
    RUN(a_good_with_a_live_pipeline_is_not_planned_again);
    RUN(the_best_scored_goods_are_planned_first);
    RUN(min_purchase_price_leaves_out_the_cheap_goods);
    RUN(the_scan_runs_on_its_period);
    RUN(a_finished_pipeline_is_replaced_at_the_next_scan);
    RUN(a_good_that_cannot_be_planned_is_reported_and_the_scan_goes_on);
    return check_finish("it_coord_scan");
}
