/* testmarket.c - see testmarket.h. */
#include "testmarket.h"


#define MK_MAX 64

static const mk_quote *MK;
static uint32_t MK_N;
static prod_item_id MK_IDS[MK_MAX];

int32_t mk_callback(void *user, prod_item_id item, uint32_t index, prod_market_quote *out)
{
    (void)user;
    uint32_t seen = 0;
    for (uint32_t i = 0; i < MK_N; i++) {
        if (MK_IDS[i] != item || seen++ < index)
            continue;
        out->market = 100 + i;
        out->flags = MK[i].flags;
        out->supply = MK[i].supply;
        out->activity = MK[i].activity;
        out->buy_price = MK[i].buy;
        out->sell_price = MK[i].sell;
        out->trade_volume = MK[i].trade_volume;
        return PROD_HOST_OK;
    }
    return PROD_HOST_NO_MORE;
}

void mk_set(th_host *h, const mk_quote *q, uint32_t n)
{
    MK = q;
    MK_N = n < MK_MAX ? n : MK_MAX;
    for (uint32_t i = 0; i < MK_N; i++) {
        prod_item_id id = 0;
        MK_IDS[i] = h->api->item_find(h->ctx, q[i].item, &id) == PROD_OK ? id : 0;
    }
}

int mk_open(th_host *h, const char *json)
{
    char err[512] = "";
    h->api->shutdown(h->ctx);
    h->ctx = NULL;
    h->host.market_quote = mk_callback;
    mk_set(h, NULL, 0);
    if (!CHECK_OK(th_init(h, json, 0, err, sizeof err))) {
        fprintf(stderr, "init: %s\n", err);
        return 0;
    }
    return 1;
}
