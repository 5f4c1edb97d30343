/* cycles.c - running jobs (see cycles.h): start, completion on tick, output
 * delivery with hold/fail policies, repeating cycles without drift, cancel
 * with refunds. */
#include "jobs/cycles.h"

#include <string.h>

#include "core/bits.h"
#include "core/vec.h"
#include "core/wide.h"
#include "jobs/events.h"
#include "jobs/modifiers.h"

/* --- helpers -------------------------------------------------------------- */

/* TIME with its text: now outside [0, 2^52] or before the manager's time. */
static prod_status bad_now(prod_manager *m, int64_t now)
{
    if (now < 0 || now > PROD_TIME_MAX)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_TIME, "now %lld is outside [0, 2^52]",
                             (long long)now);
    return prodi_err_set(prodi_mgr_err(m), PROD_ERR_TIME,
                         "now %lld is earlier than the manager's time %lld (time never goes back)",
                         (long long)now, (long long)m->last_time);
}

/* PROD_OK for a valid now (inline: every start and tick asks), else bad_now's TIME. */
static inline prod_status check_now(prod_manager *m, int64_t now)
{
    if (now >= m->last_time && now <= PROD_TIME_MAX && now >= 0)
        return PROD_OK;
    return bad_now(m, now);
}

static int32_t host_consume(prod_manager *m, uint64_t inv, const prodi_eff *s)
{
    if (s->input_count == 0)
        return PROD_HOST_OK;
    if (prodi_mgr_dying(m)) /* destroyed by a callback: no more callbacks */
        return PROD_HOST_INSUFFICIENT;
    const prod_host *h = &m->ctx->host;
    int32_t rc = h->inventory_consume(h->user, inv, s->inputs, s->input_count);
    return rc;
}

int32_t prodi_mgr_host_add(prod_manager *m, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    if (n == 0)
        return PROD_HOST_OK;
    if (prodi_mgr_dying(m)) /* destroyed by a callback: no more callbacks */
        return PROD_HOST_FULL;
    const prod_host *h = &m->ctx->host;
    int32_t rc = h->inventory_add(h->user, inv, items, n);
    return rc;
}

int prodi_mgr_blocked_reserve(prod_manager *m)
{
    return PRODI_VEC_RESERVE(&m->arena, m->blocked, m->blocked_cap, (size_t)m->blocked_len + 1, 4);
}

void prodi_mgr_end_job(prod_manager *m, uint32_t slot)
{
    prodi_snaps_release(&m->snaps, &m->arena, prodi_mgr_job_ref(prodi_jt_at(&m->jobs, slot)));
    prodi_jt_release(&m->jobs, slot);
}

/* Room in the wheel for a job ending at `end`. 0, or -1 on OOM. */
static int wheel_room(prod_manager *m, int64_t end)
{
    return prodi_wheel_reserve(&m->wheel, &m->arena, &m->jobs, end);
}

/* wheel_room for a job started at now, after bringing the cursor near now. */
static int wheel_room_near(prod_manager *m, int64_t now, int64_t end)
{
    prodi_wheel_approach(&m->wheel, &m->arena, &m->jobs, now, end);
    return wheel_room(m, end);
}

/* Roll probabilistic outputs with the manager's PRNG; zero stacks dropped. */
static uint32_t roll_outputs(prod_manager *m, const prodi_eff *s, prod_item_qty *out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->output_count; i++) {
        const prod_output *o = &s->outputs[i];
        if (o->qty == 0 || o->probability <= 0.0)
            continue;
        if (o->probability < 1.0 && prodi_rng_unit(&m->rng) >= o->probability)
            continue;
        out[n++] = (prod_item_qty){o->item, o->qty};
    }
    return n;
}

/* --- cycle end ------------------------------------------------------------ */

/* The next cycle of a repeating job starts at t, consuming inputs again. */
static void restart(prod_manager *m, const prodi_jref *r, int64_t t)
{
    int32_t rc = host_consume(m, r->j->inventory, r->s);
    if (rc != PROD_HOST_OK) {
        if (rc != PROD_HOST_INSUFFICIENT)
            prodi_ctx_log(m->ctx, PROD_LOG_WARN,
                          "inventory_consume answered %d during restart of job %llu", (int)rc,
                          (unsigned long long)prodi_mgr_job_id(m, r->slot, (uint16_t)r->j->gen));
        prodi_ev_emit(m, PROD_EVENT_FAILED, PROD_REASON_FAILED_TO_RESTART, r, t, NULL, 0);
        prodi_mgr_end_job(m, r->slot);
        return;
    }
    r->j->end = (uint64_t)(t + r->s->duration);
    r->j->blocked = 0;
    prodi_wheel_insert(&m->wheel, &m->jobs, r->slot); /* room reserved by the caller */
    prodi_ev_emit(m, PROD_EVENT_RESTARTED, PROD_REASON_NONE, r, t, NULL, 0);
}

/* Outputs were delivered: count the cycle, then repeat or end. */
static void cycle_done(prod_manager *m, const prodi_jref *r, int64_t t, const prod_item_qty *items,
                       uint32_t n)
{
    uint32_t c = prodi_jt_cycles(r->j);
    if (c < JT_CYCLES_MAX)
        prodi_jt_set_cycles(r->j, c + 1);
    prodi_ev_emit(m, PROD_EVENT_COMPLETED, PROD_REASON_NONE, r, t, items, n);
    if (r->j->repeat)
        restart(m, r, t);
    else
        prodi_mgr_end_job(m, r->slot);
}

/* Outputs did not fit: hold them (blocked list) or fail the job. */
static void outputs_refused(prod_manager *m, const prodi_jref *r, int64_t t, int32_t rc,
                            const prod_item_qty *items, uint32_t n)
{
    if (rc != PROD_HOST_FULL)
        prodi_ctx_log(m->ctx, PROD_LOG_WARN,
                      "inventory_add answered %d for job %llu; treated as full", (int)rc,
                      (unsigned long long)prodi_mgr_job_id(m, r->slot, (uint16_t)r->j->gen));
    if (m->output_policy == PROD_OUTPUT_FAIL) {
        prodi_ev_emit(m, PROD_EVENT_FAILED, PROD_REASON_OUTPUT_FULL, r, t, items, n);
        prodi_mgr_end_job(m, r->slot);
        return;
    }
    prodi_blocked *b = &m->blocked[m->blocked_len++]; /* room reserved by the caller */
    b->slot = r->slot;
    b->gen = r->j->gen;
    b->pad = 0;
    b->count = n;
    memcpy(b->items, items, n * sizeof *items);
    r->j->blocked = 1;
    prodi_ev_emit(m, PROD_EVENT_OUTPUT_BLOCKED, PROD_REASON_NONE, r, t, b->items, n);
}

/* A cycle ended at t: roll and deliver its outputs. The caller reserved a
 * blocked-list entry. */
static void finish_cycle(prod_manager *m, const prodi_jref *r, int64_t t)
{
    prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
    uint32_t n = roll_outputs(m, r->s, items);
    int32_t rc = prodi_mgr_host_add(m, r->j->inventory, items, n);
    if (rc == PROD_HOST_OK)
        cycle_done(m, r, t, items, n);
    else
        outputs_refused(m, r, t, rc, items, n);
}

/* --- start ---------------------------------------------------------------- */

static prod_status start_checks(prod_manager *m, prod_recipe_ix recipe, int64_t now,
                                const prodi_recipe **r)
{
    *r = prodi_reg_recipe(m->ctx->reg, recipe);
    if (!*r)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NOT_FOUND, "no recipe with index %u (there are %u)",
                             recipe, prodi_reg_recipe_count(m->ctx->reg));
    prod_status st = check_now(m, now);
    if (st != PROD_OK)
        return st;
    const prod_host *h = &m->ctx->host;
    if (!h->inventory_add)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NOT_PROVIDED, "host callback inventory_add is NULL");
    if ((*r)->input_count > 0 && !h->inventory_consume)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NOT_PROVIDED,
                             "host callback inventory_consume is NULL (recipe \"%s\" has inputs)",
                             (*r)->id);
    return PROD_OK;
}

/* A snapshot of the host's modifiers for a job about to start (identity
 * ones refer to the recipe itself). A failure's text goes to the manager's
 * error only when there is one. */
static prod_status start_modified(prod_manager *m, const prodi_recipe *r, prod_recipe_ix ix,
                                  uint64_t owner, uint64_t inventory, int64_t now, uint32_t *ref)
{
    prod_modifiers mods;
    prodi_errbuf why;
    prod_status st = prodi_mods_resolve(m->ctx, m->tag, owner, inventory, ix, now, &mods, &why);
    if (st != PROD_OK)
        return prodi_err_set(prodi_mgr_err(m), st, "%s", why.text);
    if (prodi_snaps_acquire(&m->snaps, &m->arena, r, ix, &mods, ref) != 0)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NO_MEMORY,
                             "out of memory creating a job snapshot");
    return PROD_OK;
}

/* The effective values of a job about to start: without modifier sources
 * the recipe's own, with no look-up at all. */
static inline prod_status start_snapshot(prod_manager *m, const prodi_recipe *r, prod_recipe_ix ix,
                                         uint64_t owner, uint64_t inventory, int64_t now,
                                         uint32_t *ref)
{
    if (m->ctx->host.modifier_source_count == 0) {
        *ref = PRODI_SNAP_BASE | ix;
        return PROD_OK;
    }
    return start_modified(m, r, ix, owner, inventory, now, ref);
}

/* Everything that can fail before inputs are consumed: modifiers, snapshot,
 * a job slot, wheel room, and for an instant job blocked-list room. */
static prod_status start_prepare(prod_manager *m, const prodi_recipe *r, prod_recipe_ix ix,
                                 uint64_t owner, uint64_t inventory, int64_t now, int repeat,
                                 uint32_t *ref)
{
    prod_status st = start_snapshot(m, r, ix, owner, inventory, now, ref);
    if (st != PROD_OK)
        return st;
    int64_t d = prodi_snaps_eff(&m->snaps, m->recipes, *ref)->duration;
    int rc = prodi_jt_reserve(&m->jobs, &m->arena);
    if (repeat && d == 0)
        st = prodi_err_set(prodi_mgr_err(m), PROD_ERR_INVALID_ARGUMENT,
                           "recipe \"%s\" has an effective duration of 0 ms and cannot repeat",
                           r->id);
    else if (rc == -2)
        st = prodi_err_set(prodi_mgr_err(m), PROD_ERR_LIMIT,
                           "the manager has no free job slots (limit %u)", JT_MAX_SLOTS);
    else if (d > PROD_TIME_MAX - now)
        st = prodi_err_set(prodi_mgr_err(m), PROD_ERR_TIME,
                           "recipe \"%s\" started at %lld would end at %lld, past PROD_TIME_MAX "
                           "(2^52): it could never complete",
                           r->id, (long long)now, (long long)(now + d));
    else if (rc != 0 || (d > 0 && wheel_room_near(m, now, now + d) != 0) ||
             (d == 0 && prodi_mgr_blocked_reserve(m) != 0))
        st = prodi_err_set(prodi_mgr_err(m), PROD_ERR_NO_MEMORY, "out of memory starting a job");
    if (st != PROD_OK)
        prodi_snaps_release(&m->snaps, &m->arena, *ref);
    return st;
}

prod_status prodi_mgr_start(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                            uint64_t inventory, int64_t now, int repeat, prod_job_id *out)
{
    const prodi_recipe *r = NULL;
    prod_status st = start_checks(m, recipe, now, &r);
    uint32_t ref = 0;
    if (st == PROD_OK)
        st = start_prepare(m, r, recipe, owner, inventory, now, repeat, &ref);
    if (st != PROD_OK)
        return st;
    const prodi_eff *s = prodi_snaps_eff(&m->snaps, m->recipes, ref);
    int32_t rc = host_consume(m, inventory, s);
    if (rc != PROD_HOST_OK) {
        prodi_snaps_release(&m->snaps, &m->arena, ref);
        if (rc == PROD_HOST_INSUFFICIENT)
            return prodi_err_set(prodi_mgr_err(m), PROD_ERR_INSUFFICIENT,
                                 "inventory %llu lacks the inputs or tools of recipe \"%s\"",
                                 (unsigned long long)inventory, r->id);
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_HOST,
                             "inventory_consume answered %d (not 0 or 1)", (int)rc);
    }
    uint32_t slot = prodi_jt_take(&m->jobs, owner);
    prodi_jref jr = {prodi_jt_at(&m->jobs, slot), s, slot};
    prodi_job *j = jr.j;
    j->inventory = inventory;
    j->end = (uint64_t)(now + s->duration);
    prodi_mgr_set_ref(j, ref);
    j->repeat = repeat != 0;
    m->last_time = now;
    if (out)
        *out = prodi_mgr_job_id(m, slot, (uint16_t)j->gen);
    prodi_ev_emit(m, PROD_EVENT_STARTED, PROD_REASON_NONE, &jr, now, NULL, 0);
    if (s->duration != 0)
        prodi_wheel_insert(&m->wheel, &m->jobs, slot);
    else if (!prodi_mgr_dying(m)) /* destroyed by the STARTED callback: no more events */
        finish_cycle(m, &jr, now);
    return PROD_OK;
}

/* --- tick ----------------------------------------------------------------- */

/* Deliver held outputs that fit now. A repeating job first needs wheel room
 * for its next cycle; without it the job stays blocked and the caller
 * reports NO_MEMORY. Returns 1 on OOM. */
static int retry_blocked(prod_manager *m, int64_t now, uint32_t *budget)
{
    uint32_t keep = 0, n = m->blocked_len;
    int oom = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (prodi_mgr_dying(m)) { /* destroyed by a callback: keep the rest as it is */
            m->blocked[keep++] = m->blocked[i];
            continue;
        }
        prodi_blocked b = m->blocked[i];
        prodi_jref r = prodi_mgr_jref(m, b.slot);
        int no_room = r.j->repeat && wheel_room(m, now + r.s->duration) != 0;
        oom |= no_room;
        if (no_room || prodi_mgr_host_add(m, r.j->inventory, b.items, b.count) != PROD_HOST_OK) {
            m->blocked[keep++] = b;
            continue;
        }
        r.j->blocked = 0;
        cycle_done(m, &r, now, b.items, b.count);
        *budget -= *budget > 0; /* retries count, but one pass is never cut short */
    }
    m->blocked_len = keep;
    return oom;
}

/* Due buckets up to half this size are sorted on the stack. */
#define DUE_STACK 512u

/* Finish the due jobs (all ending at `end`, in slot order) within *budget.
 * Those not finished (budget spent, OOM, or the manager destroyed by a
 * callback) go back into the wheel at `end`, which needs no room. */
static prod_status finish_due(prod_manager *m, int64_t end, const uint32_t *due, uint32_t n,
                              uint32_t *budget)
{
    prod_status st = PROD_OK;
    uint32_t i = 0;
    for (; i < n && *budget > 0 && !prodi_mgr_dying(m); i++) {
        if (i + 2 < n)
            prodi_prefetch(prodi_jt_at(&m->jobs, due[i + 2]));
        prodi_jref r = prodi_mgr_jref(m, due[i]);
        if (prodi_mgr_blocked_reserve(m) != 0 ||
            (r.j->repeat && wheel_room(m, end + r.s->duration) != 0)) {
            st = prodi_err_set(prodi_mgr_err(m), PROD_ERR_NO_MEMORY,
                               "out of memory completing jobs");
            break;
        }
        finish_cycle(m, &r, end);
        (*budget)--;
    }
    for (; i < n; i++)
        prodi_wheel_insert(&m->wheel, &m->jobs, due[i]);
    return st;
}

/* Complete due jobs up to `limit` within *budget completions. When the
 * budget runs out first, remember the limit (m->catch_up) so the next tick
 * finishes exactly this work before anything else, and answer PROD_MORE. */
static prod_status drain(prod_manager *m, int64_t limit, uint32_t *budget)
{
    uint32_t stack[DUE_STACK];
    prodi_wheel *w = &m->wheel;
    prod_status st = PROD_OK;
    int took = 0;
    while (st == PROD_OK && !prodi_mgr_dying(m)) {
        int due = prodi_wheel_settle(w, &m->arena, &m->jobs, limit);
        if (due == 0)
            break;
        if (due > 0 && *budget == 0) {
            m->catch_up = limit;
            return PROD_MORE;
        }
        uint32_t *jobs, n;
        if (due < 0 || prodi_wheel_take_due(w, &m->arena, &m->jobs, stack, DUE_STACK, &jobs, &n) != 0)
            return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NO_MEMORY,
                                 "out of memory completing jobs");
        st = finish_due(m, w->cur, jobs, n, budget);
        took = 1;
    }
    m->catch_up = -1;
    if (took) /* an idle tick leaves the cache as it was */
        prodi_wheel_prefetch_next(w, &m->jobs);
    return st;
}

prod_status prodi_mgr_tick(prod_manager *m, int64_t now)
{
    prod_status st = check_now(m, now);
    if (st != PROD_OK)
        return st;
    m->last_time = now;
    uint32_t budget = m->max_completions;
    if (m->catch_up >= 0) { /* the rest of an earlier tick's work comes first */
        int64_t limit = m->catch_up;
        st = drain(m, limit, &budget);
        if (st != PROD_OK || now == limit) /* that tick is done now, and this is it */
            return st;
    }
    int held_oom = retry_blocked(m, now, &budget);
    st = drain(m, now, &budget);
    if (st == PROD_OK && held_oom)
        st = prodi_err_set(
            prodi_mgr_err(m), PROD_ERR_NO_MEMORY,
            "out of memory restarting a job whose outputs were held; it stays blocked");
    return st;
}

/* --- cancel --------------------------------------------------------------- */

static uint32_t refund_items(const prod_manager *m, const prodi_job *j, uint32_t policy,
                             int64_t now, prod_item_qty *out)
{
    const prodi_eff *s = prodi_mgr_job_eff(m, j);
    int64_t end = (int64_t)j->end, left = end > now ? end - now : 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->input_count && policy != PROD_REFUND_NONE; i++) {
        const prod_requirement *q = &s->inputs[i];
        if (!q->consume)
            continue;
        uint64_t qty = q->qty;
        uint64_t rem;
        if (policy == PROD_REFUND_PROPORTIONAL) /* left <= duration: the quotient fits */
            prodi_div_u128(prodi_mul_u64(q->qty, (uint64_t)left), (uint64_t)s->duration, &qty,
                           &rem);
        if (qty > 0)
            out[n++] = (prod_item_qty){q->item, (uint32_t)qty};
    }
    return n;
}

prod_status prodi_mgr_cancel(prod_manager *m, prod_job_id id, uint32_t refund, int64_t now)
{
    if (refund > PROD_REFUND_PROPORTIONAL)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_INVALID_ARGUMENT,
                             "refund policy %u is not one of "
                             "PROD_REFUND_NONE/FULL/PROPORTIONAL",
                             refund);
    prod_status st = check_now(m, now);
    if (st != PROD_OK)
        return st;
    uint32_t slot;
    prodi_job *j = prodi_mgr_find(m, id, &slot);
    if (!j)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NOT_FOUND, "no job %llu in this manager",
                             (unsigned long long)id);
    if (j->blocked)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_STATE,
                             "job %llu has finished and holds outputs that "
                             "do not fit; it cannot be cancelled",
                             (unsigned long long)id);
    prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
    uint32_t n = refund_items(m, j, refund, now, items);
    int32_t rc = prodi_mgr_host_add(m, j->inventory, items, n);
    if (rc == PROD_HOST_FULL)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_INVENTORY_FULL,
                             "the refund of job %llu does not fit "
                             "in inventory %llu; the job keeps running",
                             (unsigned long long)id, (unsigned long long)j->inventory);
    if (rc != PROD_HOST_OK)
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_HOST, "inventory_add answered %d (not 0 or 2)",
                             (int)rc);
    m->last_time = now;
    prodi_wheel_remove(&m->wheel, &m->jobs, slot);
    prodi_jref r = prodi_mgr_jref(m, slot);
    prodi_ev_emit(m, PROD_EVENT_CANCELLED, PROD_REASON_NONE, &r, now, items, n);
    prodi_mgr_end_job(m, slot);
    return PROD_OK;
}

/* --- loading -------------------------------------------------------------- */

/* A loaded job the wheel holds: running, of a recipe still loaded. */
static int queued_when_loaded(const prod_manager *m, const prodi_job *j)
{
    return prodi_jt_is_job(j) && !j->blocked && prodi_mgr_job_eff(m, j)->recipe != PROD_RECIPE_NONE;
}

prod_status prodi_mgr_queue_loaded(prod_manager *m)
{
    int64_t cur = m->last_time;
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (queued_when_loaded(m, j) && (int64_t)j->end < cur)
            cur = (int64_t)j->end;
    }
    m->wheel.cur = cur;
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (!queued_when_loaded(m, j))
            continue;
        if (wheel_room(m, (int64_t)j->end) != 0)
            return PROD_ERR_NO_MEMORY;
        prodi_wheel_insert(&m->wheel, &m->jobs, s);
    }
    return PROD_OK;
}
