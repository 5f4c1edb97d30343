/* shard.c - joining a world on a shared store, the per-step hand-overs and
 * takeovers, checkpoints, and the end of a world (shard.h says what each
 * step does and why it is safe). */
#include "shard.h"

#include <inttypes.h>
#include <stdlib.h>

#include "buildings.h"
#include "chunk_persist.h"
#include "tally.h"

#define POLL_MS 5            /* between two looks at a lease this server waits for */
#define START_WAIT_MS 30000  /* for every region to have a server */

enum { GOT, LATER, WAIT }; /* what a try to take a chunk gave */
enum save_mode { CHECKPOINT, HANDOVER, FINISH };

struct shard {
    region_config cfg;
    player_walk walk;
    shard_world world;
    chunk_store *st;
    uint8_t mine[REGION_MAX];  /* the regions this server runs (its own and adopted ones) */
    uint8_t done[REGION_MAX];  /* ... and has marked done */
    uint64_t handed_out, handed_in, created, taken_over, checkpoints, waits, adopted;
    int64_t wait_ms;
    FILE *trace;
    audit_figures figures;
    int has_figures;
};

shard *shard_open(const region_config *cfg, const player_walk *walk, const shard_world *w,
                  chunk_store *st)
{
    shard *sh = calloc(1, sizeof *sh);
    if (!sh) {
        fprintf(stderr, "prodhost: out of memory\n");
        return NULL;
    }
    *sh = (shard){.cfg = *cfg, .walk = *walk, .world = *w, .st = st};
    if (!sh->cfg.count)
        sh->cfg.count = 1;
    if (!sh->cfg.lease_ms)
        sh->cfg.lease_ms = REGION_LEASE_MS;
    if (!sh->cfg.checkpoint_s)
        sh->cfg.checkpoint_s = REGION_CHECKPOINT_S;
    if (sh->cfg.pace_ms * 3 >= sh->cfg.lease_ms) {
        fprintf(stderr, "prodhost: --pace %u must stay under a third of the lease (%u ms)\n",
                sh->cfg.pace_ms, sh->cfg.lease_ms);
        free(sh);
        return NULL;
    }
    sh->mine[sh->cfg.index] = 1;
    return sh;
}

void shard_close(shard *sh)
{
    free(sh);
}

static double secs(int64_t ms)
{
    return (double)ms / 1000.0;
}

/* --- joining a world ------------------------------------------------------- */

/* Every server of a world agrees on its shape. 0 or -1 (printed). */
static int agree_world(shard *sh)
{
    const struct {
        const char *name;
        int64_t value;
    } shape[] = {{"world.seed", (int64_t)sh->world.seed}, {"world.chunks", sh->world.chunks},
                 {"world.minutes", sh->world.minutes}, {"world.regions", sh->cfg.count},
                 {"world.view", sh->world.view}};
    for (size_t i = 0; i < sizeof shape / sizeof shape[0]; i++) {
        int64_t stored = 0;
        int rc = store_meta_agree(sh->st, shape[i].name, shape[i].value, &stored);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            fprintf(stderr, "prodhost: store %s holds another world (%s is %" PRId64 ", this "
                    "server's %" PRId64 "): start every server of a world with the same "
                    "--seed, --chunks, --minutes, --region .../N and --view, or use an empty "
                    "database\n", store_path(sh->st), shape[i].name, stored, shape[i].value);
            return -1;
        }
    }
    return 0;
}

static int claim_own_region(shard *sh)
{
    int64_t epoch = 0;
    int32_t me = (int32_t)sh->cfg.index;
    int rc = store_role_claim(sh->st, me, &epoch);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        if (epoch > 1)
            fprintf(stderr, "prodhost: region %d was run before by a server that stopped; "
                    "this one goes on from where its chunks are\n", me);
        return 0;
    }
    store_role r;
    if (store_role_get(sh->st, me, &r) != 0)
        return -1;
    fprintf(stderr, "prodhost: region %d %s\n", me,
            r.done ? "has already finished this world; use an empty database"
                   : "is run by another server already");
    return -1;
}

/* A chunk nobody created yet, created here and committed with this
 * server's lease. 0, or -1 (printed). */
static int create(shard *sh, sim *s, chunk *c)
{
    if (buildings_create(s, c) != 0)
        return -1;
    if (store_begin(sh->st) == 0 && chunk_save(s, c, sh->st, 0) == 0 &&
        store_commit(sh->st) == 0) {
        sh->created++;
        return 0;
    }
    store_rollback(sh->st);
    chunk_drop(s, c);
    return -1;
}

/* A new world is created by its servers before anyone steps: each creates
 * the chunks its region runs at time 0 (a world being continued has them). */
static int create_own(shard *sh, sim *s, chunk *chunks, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        store_lease l;
        chunk *c = &chunks[i];
        if (region_owner(sh->cfg.count, &sh->walk, c->x, c->y, 0) != sh->cfg.index)
            continue;
        if (store_lease_get(sh->st, c->tag, &l) != 0 || (!l.exists && create(sh, s, c) != 0))
            return -1;
    }
    return 0;
}

/* 1 when every region has a server and every chunk a row, 0 not yet (*why
 * says what is missing), -1 error. */
static int world_ready(shard *sh, uint32_t n, char *why, size_t cap)
{
    for (uint32_t r = 0; r < sh->cfg.count; r++) {
        store_role role;
        if (store_role_get(sh->st, (int32_t)r, &role) != 0)
            return -1;
        if (!role.exists) {
            snprintf(why, cap, "region %u has no server; start one with --region %u/%u", r, r,
                     sh->cfg.count);
            return 0;
        }
    }
    uint64_t *keys = NULL;
    size_t rows = 0;
    if (store_keys(sh->st, &keys, &rows) != 0)
        return -1;
    free(keys);
    snprintf(why, cap, "%zu of the world's %u chunks are created", rows, n);
    return rows >= n;
}

int shard_start(shard *sh, sim *s, chunk *chunks, uint32_t n)
{
    if (store_lease_config(sh->st, sh->cfg.lease_ms) != 0 || agree_world(sh) != 0 ||
        claim_own_region(sh) != 0 || create_own(sh, s, chunks, n) != 0)
        return -1;
    int64_t began = store_clock_ms();
    char why[128];
    int rc;
    while ((rc = world_ready(sh, n, why, sizeof why)) == 0) {
        int renewed = 0;
        if (store_clock_ms() - began > START_WAIT_MS) {
            fprintf(stderr, "prodhost: the world is not ready after %d s: %s\n",
                    START_WAIT_MS / 1000, why);
            return -1;
        }
        if (store_lease_keep(sh->st, &renewed) != 0)
            return -1;
        store_sleep_ms(POLL_MS * 4);
    }
    return rc < 0 ? -1 : 0;
}

/* --- leases and regions ----------------------------------------------------- */

/* Claim the regions whose servers stopped renewing. 0 or -1. */
static int adopt(shard *sh)
{
    int32_t roles[REGION_MAX];
    size_t n = 0;
    if (store_role_adopt(sh->st, roles, REGION_MAX, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (roles[i] < 0 || (uint32_t)roles[i] >= sh->cfg.count || sh->mine[roles[i]])
            continue;
        sh->mine[roles[i]] = 1;
        sh->adopted++;
        fprintf(stderr, "prodhost: region %u adopts region %d: its server stopped renewing its "
                "leases\n", sh->cfg.index, roles[i]);
    }
    return 0;
}

static int keep(shard *sh)
{
    int renewed = 0;
    if (store_lease_keep(sh->st, &renewed) != 0) {
        fprintf(stderr, "prodhost: region %u: stopping: this server cannot trust its leases "
                "any more\n", sh->cfg.index);
        return -1;
    }
    return renewed ? adopt(sh) : 0;
}

/* 1 if this server runs c at now: in one of its regions that is not done. */
static int wanted(const shard *sh, const chunk *c, int64_t now)
{
    uint32_t r = region_owner(sh->cfg.count, &sh->walk, c->x, c->y, now);
    return sh->mine[r] && !sh->done[r];
}

/* --- saving ------------------------------------------------------------------ */

static int picked(const shard *sh, const chunk *c, int64_t now, enum save_mode mode)
{
    return c->manager && (mode != HANDOVER || !wanted(sh, c, now));
}

/* One transaction: the picked chunks' rows (and their releases, unless a
 * checkpoint); after the commit the released ones are dropped. 0 or -1. */
static int save_held(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t now,
                     enum save_mode mode)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += (uint32_t)picked(sh, &chunks[i], now, mode);
    if (count == 0)
        return 0;
    if (store_begin(sh->st) != 0)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        if (picked(sh, &chunks[i], now, mode) &&
            (chunk_save(s, &chunks[i], sh->st, now) != 0 ||
             (mode != CHECKPOINT && store_lease_release(sh->st, chunks[i].tag) != 0))) {
            store_rollback(sh->st);
            return -1;
        }
    if (store_commit(sh->st) != 0)
        return -1;
    sh->checkpoints += mode == CHECKPOINT;
    for (uint32_t i = 0; mode != CHECKPOINT && i < n; i++)
        if (picked(sh, &chunks[i], now, mode)) {
            if (sh->trace && mode == HANDOVER)
                fprintf(sh->trace, "prodhost: region %u: %.3f s: chunk (%d,%d) handed over\n",
                        sh->cfg.index, secs(now), (int)chunks[i].x, (int)chunks[i].y);
            chunk_drop(s, &chunks[i]);
            sh->handed_out += mode == HANDOVER;
        }
    return 0;
}

/* --- taking ------------------------------------------------------------------ */

/* A free row behind this step was released to the region that ran the chunk
 * at its saved time: 1 while that region's server is alive to bring it
 * forward, 0 when this server runs that region now (adopting it if its
 * server stopped) or nobody does, -1 on error. */
static int on_its_way(shard *sh, const chunk *c, const store_lease *l)
{
    uint32_t r = region_owner(sh->cfg.count, &sh->walk, c->x, c->y, l->saved_at);
    store_role role;
    if (sh->mine[r])
        return 0;
    if (store_role_get(sh->st, (int32_t)r, &role) != 0)
        return -1;
    if (role.expired && adopt(sh) != 0)
        return -1;
    return role.held || (role.expired && !sh->mine[r]);
}

static void report_takeover(const shard *sh, const chunk *c, const store_lease *l, int64_t now)
{
    fprintf(stderr, "prodhost: region %u: %.3f s: chunk (%d,%d) taken over from its last "
            "commit at %.3f s (%s)\n", sh->cfg.index, secs(now), (int)c->x, (int)c->y,
            secs(l->saved_at), l->expired ? "its server stopped renewing its lease"
                                          : "the region it was released to has no server");
}

static int acquire(shard *sh, sim *s, chunk *c, int64_t now)
{
    store_lease l;
    if (store_lease_get(sh->st, c->tag, &l) != 0)
        return -1;
    if (!l.exists) {
        fprintf(stderr, "prodhost: region %u: chunk (%d,%d) has no row (lost behind the "
                "store's back?)\n", sh->cfg.index, (int)c->x, (int)c->y);
        return -1;
    }
    if (l.mine) {
        fprintf(stderr, "prodhost: region %u: chunk (%d,%d) is leased to this server but not "
                "loaded\n", sh->cfg.index, (int)c->x, (int)c->y);
        return -1;
    }
    if (l.held)
        return WAIT;
    if (l.saved_at > now)
        return LATER; /* saved ahead of this server's time: taken when it gets there */
    int exact = !l.expired && l.saved_at == now;
    int waiting = exact ? 0 : l.expired ? 0 : on_its_way(sh, c, &l);
    if (waiting != 0)
        return waiting < 0 ? -1 : WAIT;
    int taken = store_lease_take(sh->st, c->tag, &l);
    if (taken <= 0)
        return taken < 0 ? -1 : WAIT;
    if (chunk_restore(s, c, sh->st) != 0) {
        fprintf(stderr, "prodhost: region %u: chunk (%d,%d) cannot be loaded from its row; "
                "stopping\n", sh->cfg.index, (int)c->x, (int)c->y);
        return -1;
    }
    if (!exact) {
        sh->taken_over++;
        report_takeover(sh, c, &l, now);
    } else {
        sh->handed_in++;
        if (sh->trace)
            fprintf(sh->trace, "prodhost: region %u: %.3f s: chunk (%d,%d) handed over to this "
                    "server\n", sh->cfg.index, secs(now), (int)c->x, (int)c->y);
    }
    return GOT;
}

/* Take every chunk this server runs at now and does not hold, waiting while
 * one is on its way. 0 or -1. */
static int acquire_all(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t now)
{
    int64_t began = 0;
    int said = 0;
    for (;;) {
        const chunk *waiting = NULL;
        for (uint32_t i = 0; i < n; i++) {
            if (chunks[i].manager || !wanted(sh, &chunks[i], now))
                continue;
            int r = acquire(sh, s, &chunks[i], now);
            if (r < 0)
                return -1;
            if (r == WAIT && !waiting)
                waiting = &chunks[i];
        }
        if (!waiting)
            break;
        if (!began) {
            began = store_clock_ms();
            sh->waits++;
        }
        if (!said && store_clock_ms() - began >= sh->cfg.lease_ms / 2) {
            said = 1; /* a slow hand-over, or a server that died in one */
            fprintf(stderr, "prodhost: region %u: %.3f s: waiting for chunk (%d,%d) to come "
                    "from another server (%u ms so far)\n", sh->cfg.index, secs(now),
                    (int)waiting->x, (int)waiting->y, sh->cfg.lease_ms / 2);
        }
        store_sleep_ms(POLL_MS);
        if (keep(sh) != 0)
            return -1;
    }
    if (began)
        sh->wait_ms += store_clock_ms() - began;
    return 0;
}

/* --- the steps ---------------------------------------------------------------- */

int shard_step(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t now)
{
    sh->trace = s->host->events.trace;
    if (keep(sh) != 0 || save_held(sh, s, chunks, n, now, HANDOVER) != 0 ||
        acquire_all(sh, s, chunks, n, now) != 0)
        return -1;
    if (now > 0 && now % ((int64_t)sh->cfg.checkpoint_s * 1000) == 0)
        return save_held(sh, s, chunks, n, now, CHECKPOINT);
    return 0;
}

void shard_pace(const shard *sh)
{
    if (sh->cfg.pace_ms)
        store_sleep_ms(sh->cfg.pace_ms);
}

/* Mark every region this server runs done. 0 or -1. */
static int finish_regions(shard *sh)
{
    for (uint32_t r = 0; r < sh->cfg.count; r++) {
        if (!sh->mine[r] || sh->done[r])
            continue;
        if (store_role_done(sh->st, (int32_t)r) != 0)
            return -1;
        sh->done[r] = 1;
    }
    return 0;
}

/* 1 when every region of the world is done, 0 not yet, -1 on error. */
static int world_done(shard *sh)
{
    for (uint32_t r = 0; r < sh->cfg.count; r++) {
        store_role role;
        if (store_role_get(sh->st, (int32_t)r, &role) != 0)
            return -1;
        if (!role.done)
            return 0;
    }
    return 1;
}

/* Bring every chunk this server now runs to end and hand it back. 0 or -1. */
static int finish_chunks(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t end)
{
    if (acquire_all(sh, s, chunks, n, end) != 0)
        return -1;
    for (uint32_t i = 0; i < n; i++) /* only those taken over here: another tick retries */
        if (chunks[i].manager && s->api->manager_time(chunks[i].manager) < end &&
            chunk_tick(s, &chunks[i], end) != 0)
            return -1;
    return save_held(sh, s, chunks, n, end, FINISH) != 0 ? -1 : finish_regions(sh);
}

int shard_finish(shard *sh, sim *s, chunk *chunks, uint32_t n, int64_t end)
{
    int rc;
    while ((rc = finish_chunks(sh, s, chunks, n, end)) == 0 && (rc = world_done(sh)) == 0) {
        store_sleep_ms(POLL_MS * 4);
        if (adopt(sh) != 0)
            return -1;
    }
    if (rc < 0)
        return -1;
    sh->has_figures = tally_store(s, sh->st, n, &sh->figures) == 0;
    return sh->has_figures ? 0 : -1;
}

const audit_figures *shard_figures(const shard *sh)
{
    return sh->has_figures ? &sh->figures : NULL;
}

void shard_print(const shard *sh, FILE *out)
{
    fprintf(out, "region:                %u of %u, lease %u ms: %" PRIu64 " chunks handed over "
            "to other regions, %" PRIu64 " from them, %" PRIu64 " created, %" PRIu64
            " taken over, %" PRIu64 " waits (%" PRId64 " ms), %" PRIu64 " regions adopted\n",
            sh->cfg.index, sh->cfg.count, sh->cfg.lease_ms, sh->handed_out, sh->handed_in,
            sh->created, sh->taken_over, sh->waits, sh->wait_ms, sh->adopted);
    fprintf(out, "store:                 %s (shared; server %s), %" PRIu64 " checkpoints\n",
            store_path(sh->st), store_server(sh->st), sh->checkpoints);
}
