/* storebench.c - timing saves and hand-overs through the chunk store. */
#include "storebench.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "chunk_json.h"
#include "chunk_persist.h"
#include "store.h"

typedef struct bench {
    sim *s;
    chunk *chunks;
    uint32_t n, rounds;
    chunk_store *a, *b; /* b: the second holder on a shared store, else NULL */
    int64_t game_ms;    /* saved_at of the next save: increases, as a world's does */
    uint64_t sink;      /* the encode pass's checksums, so that they are computed */
} bench;

static double rate(uint64_t count, int64_t ms)
{
    return ms > 0 ? (double)count * 1000.0 / (double)ms : 0.0;
}

/* One chunk's save without a store. Bytes written into *bytes. 0 or -1. */
static int encode(bench *bn, chunk *c, uint64_t *bytes)
{
    uint8_t *blob = NULL;
    size_t len = 0;
    if (bn->s->api->serialize(c->manager, &blob, &len) != PROD_OK)
        return -1;
    char *host = chunk_host_json(bn->s, c);
    if (host) {
        *bytes += len + strlen(host);
        bn->sink += store_checksum(blob, len, host);
    }
    cJSON_free(host);
    bn->s->api->free_buffer(blob);
    return host ? 0 : -1;
}

/* Renew the leases a shared store's connections hold, as a server does between steps. */
static int keep(bench *bn)
{
    int renewed = 0;
    return bn->b && (store_lease_keep(bn->a, &renewed) != 0 ||
                     store_lease_keep(bn->b, &renewed) != 0) ? -1 : 0;
}

/* Save `count` chunks from first in one transaction. 0 or -1. */
static int save(bench *bn, chunk_store *st, uint32_t first, uint32_t count)
{
    if (keep(bn) != 0 || store_begin(st) != 0)
        return -1;
    for (uint32_t i = first; i < first + count; i++)
        if (chunk_save(bn->s, &bn->chunks[i], st, bn->game_ms) != 0) {
            store_rollback(st);
            return -1;
        }
    bn->game_ms += 250;
    return store_commit(st);
}

/* A chunk from `from` to `to`: save and release, then take and load. 0 or -1. */
static int hand_over(bench *bn, chunk *c, chunk_store *from, chunk_store *to)
{
    int shared = to != from;
    if (keep(bn) != 0 || store_begin(from) != 0 || chunk_save(bn->s, c, from, bn->game_ms) != 0 ||
        (shared && store_lease_release(from, c->tag) != 0) || store_commit(from) != 0) {
        store_rollback(from);
        return -1;
    }
    chunk_drop(bn->s, c);
    store_lease l;
    if (shared && (store_lease_get(to, c->tag, &l) != 0 || store_lease_take(to, c->tag, &l) != 1))
        return -1;
    return chunk_restore(bn->s, c, to);
}

static int measure(bench *bn, FILE *out)
{
    uint64_t bytes = 0;
    int64_t t0 = store_clock_ms();
    for (uint32_t r = 0; r < bn->rounds; r++)
        for (uint32_t i = 0; i < bn->n; i++)
            if (encode(bn, &bn->chunks[i], &bytes) != 0)
                return -1;
    int64_t t1 = store_clock_ms();
    for (uint32_t r = 0; r < bn->rounds; r++)
        for (uint32_t i = 0; i < bn->n; i++)
            if (save(bn, bn->a, i, 1) != 0)
                return -1;
    int64_t t2 = store_clock_ms();
    for (uint32_t r = 0; r < bn->rounds; r++)
        if (save(bn, bn->a, 0, bn->n) != 0)
            return -1;
    int64_t t3 = store_clock_ms();
    chunk_store *from = bn->a, *to = bn->b ? bn->b : bn->a;
    for (uint32_t r = 0; r < bn->rounds; r++) {
        for (uint32_t i = 0; i < bn->n; i++)
            if (hand_over(bn, &bn->chunks[i], from, to) != 0)
                return -1;
        chunk_store *t = from;
        from = to;
        to = t;
    }
    int64_t t4 = store_clock_ms();
    uint64_t saves = (uint64_t)bn->rounds * bn->n;
    fprintf(out, "store:      %s, %" PRIu32 " chunks of %.0f bytes on average (manager bytes "
            "and host JSON), %" PRIu32 " rounds\n", store_path(bn->a), bn->n,
            saves ? (double)bytes / (double)saves : 0.0, bn->rounds);
    fprintf(out, "encode:     %.0f chunks/s (serialize, host JSON, checksum; no store)\n",
            rate(saves, t1 - t0));
    fprintf(out, "save 1:     %.0f saves/s (one chunk per transaction)\n", rate(saves, t2 - t1));
    fprintf(out, "save %-5" PRIu32 " %.0f chunk rows/s (%.0f transactions/s of %" PRIu32
            " chunks)\n", bn->n, rate(saves, t3 - t2), rate(bn->rounds, t3 - t2), bn->n);
    fprintf(out, "hand-over:  %.0f hand-overs/s (%s)\n", rate(saves, t4 - t3),
            bn->b ? "save + release on one connection, take + read + load on another"
                  : "save + commit, unload, read + load on the one writer");
    return 0;
}

int storebench_run(sim *s, chunk *chunks, uint32_t n, const char *where, uint32_t rounds,
                   FILE *out)
{
    bench bn = {.s = s, .chunks = chunks, .n = n, .rounds = rounds ? rounds : 1};
    int rc = store_open(where, 1, &bn.a);
    if (rc == 0 && store_shared(bn.a))
        rc = store_open(where, 1, &bn.b);
    if (rc == 0)
        rc = measure(&bn, out);
    store_close(bn.b);
    store_close(bn.a);
    return rc;
}
