/* deserialize.c - deserialize: rebuild a manager from saved bytes that are
 * treated as hostile. Everything is read through the bounded cursor
 * (mpread.c) and checked before it is used; the manager is only handed out
 * (and host callbacks only made) once every byte has been accepted. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/abi_struct.h"
#include "jobs/cycles.h"
#include "jobs/events.h"
#include "jobs/modifiers.h"
#include "save/mpread.h"
#include "save/persist.h"

typedef struct gone_job {
    uint32_t slot;
    uint32_t recipe; /* blob recipe index */
} gone_job;

typedef struct loader {
    prod_ctx *ctx;
    const prodi_mem *mem;     /* the context's, for the loader's own tables */
    mp_cur c;
    prod_status st;           /* status to return when c.failed */
    int lenient;              /* the blob is from a newer minor: skip what we don't know */
    uint64_t minor;           /* the blob's format minor version */
    uint32_t missing_policy;
    uint32_t changed_policy;  /* PROD_CHANGED_RECIPE_* */
    prod_manager *m;
    prod_item_id *items;      /* blob item index -> item id, or UINT32_MAX - index when
                                 the item is not loaded (see lost_item_used) */
    char **lost_items;        /* blob item index -> name when not loaded, else NULL */
    uint32_t item_count;
    size_t lost_at;           /* where the current record first used a lost item, or 0 */
    uint32_t lost_ix;
    prod_recipe_ix *recipes;  /* blob recipe index -> recipe, PROD_RECIPE_NONE if gone */
    char **gone_names;        /* blob recipe index -> name when gone, else NULL */
    uint32_t recipe_count;
    uint32_t *snaps;          /* blob snapshot index -> snapshot reference */
    uint32_t *snap_recipe;    /* blob snapshot index -> blob recipe index */
    char **snap_changed;      /* blob snapshot index -> how it differs from its recipe, or NULL */
    uint32_t snap_count;
    gone_job *gone;           /* jobs whose recipe is gone, ascending slots */
    uint32_t gone_count;
    uint32_t slot_end;        /* 1 + highest job slot (0 when none) */
    uint32_t blocked_jobs;    /* jobs flagged blocked */
    uint8_t *held_seen;       /* per job slot: its blocked entry was read */
} loader;

/* A failure with a status other than FORMAT, at byte `at`. */
static int fail_as(loader *L, prod_status st, size_t at, const char *field, const char *what,
                   const char *name, uint32_t name_len)
{
    if (L->c.failed)
        return -1;
    L->c.failed = 1;
    L->st = st;
    prodi_err_set(L->c.err, st, "saved state, byte %zu (%s): %s \"%.*s\"", at, field, what,
                  (int)name_len, name);
    return -1;
}

static int oom(loader *L)
{
    if (!L->c.failed) {
        L->c.failed = 1;
        L->st = PROD_ERR_NO_MEMORY;
        prodi_err_set(L->c.err, PROD_ERR_NO_MEMORY, "deserialize: out of memory at byte %zu",
                      L->c.off);
    }
    return -1;
}

/* A record array with at least `known` elements; more only from a newer minor. */
static int rec_begin(loader *L, const char *field, uint32_t known, uint32_t *n)
{
    return prodi_mp_array(&L->c, field, known, L->lenient ? UINT32_MAX : known, n);
}

/* Skip the elements a newer minor appended to a record. */
static int rec_end(loader *L, const char *field, uint32_t known, uint32_t n)
{
    for (uint32_t i = known; i < n; i++)
        if (prodi_mp_skip(&L->c, field))
            return -1;
    return 0;
}

static int read_u32(loader *L, const char *field, uint32_t lo, uint32_t hi, uint32_t *out)
{
    uint64_t v;
    if (prodi_mp_uint_in(&L->c, field, lo, hi, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int read_time(loader *L, const char *field, int64_t hi, int64_t *out)
{
    size_t at = L->c.off;
    if (prodi_mp_int(&L->c, field, out))
        return -1;
    if (*out < 0 || *out > hi)
        return prodi_mp_fail(&L->c, at, field, "%lld is outside [0, %lld]", (long long)*out,
                             (long long)hi);
    return 0;
}

/* --- settings ------------------------------------------------------------- */

static int read_config(loader *L)
{
    uint32_t n, known = L->minor >= 1 ? 5 : 4; /* 1.1 added max_completions */
    prod_manager_config cfg = {.struct_size = sizeof cfg, .version = PROD_MANAGER_CONFIG_VERSION};
    if (rec_begin(L, "config", known, &n) || prodi_mp_uint(&L->c, "config.tag", &cfg.tag) ||
        prodi_mp_uint(&L->c, "config.seed", &cfg.seed) ||
        read_u32(L, "config.id_space", 0, PROD_ID_SPACE_MAX, &cfg.id_space) ||
        read_u32(L, "config.output_policy", 0, PROD_OUTPUT_FAIL, &cfg.output_policy) ||
        (known > 4 && read_u32(L, "config.max_completions", 1, UINT32_MAX, &cfg.max_completions)) ||
        rec_end(L, "config", known, n))
        return -1;
    prod_status st = prodi_mgr_create(L->ctx, &cfg, &L->m);
    if (st != PROD_OK)
        return oom(L);
    return 0;
}

static int read_rng(loader *L)
{
    uint32_t n;
    size_t at = L->c.off;
    if (rec_begin(L, "rng", 4, &n))
        return -1;
    for (int i = 0; i < 4; i++)
        if (prodi_mp_uint(&L->c, "rng", &L->m->rng.s[i]))
            return -1;
    if ((L->m->rng.s[0] | L->m->rng.s[1] | L->m->rng.s[2] | L->m->rng.s[3]) == 0)
        return prodi_mp_fail(&L->c, at, "rng", "an all-zero xoshiro256** state is invalid");
    return rec_end(L, "rng", 4, n);
}

/* --- names ---------------------------------------------------------------- */

static int read_name(loader *L, const char *field, char *buf, size_t *at)
{
    const char *s;
    uint32_t n;
    *at = L->c.off;
    if (prodi_mp_str(&L->c, field, PERSIST_MAX_NAME, &s, &n))
        return -1;
    if (memchr(s, '\0', n))
        return prodi_mp_fail(&L->c, *at, field, "a name contains a NUL byte");
    memcpy(buf, s, n);
    buf[n] = '\0';
    return 0;
}

static int read_items(loader *L)
{
    if (prodi_mp_array(&L->c, "items", 0, UINT32_MAX, &L->item_count))
        return -1;
    L->items = prodi_zalloc(L->mem, (size_t)L->item_count  + 1, sizeof *L->items);
    L->lost_items = prodi_zalloc(L->mem, (size_t)L->item_count + 1, sizeof *L->lost_items);
    if (!L->items || !L->lost_items)
        return oom(L);
    for (uint32_t i = 0; i < L->item_count; i++) {
        char name[PERSIST_MAX_NAME + 1];
        size_t at;
        if (read_name(L, "items", name, &at))
            return -1;
        if (prodi_reg_find_item(L->ctx->reg, name, &L->items[i]))
            continue;
        L->items[i] = UINT32_MAX - i; /* a placeholder only gone recipes' jobs may use */
        L->lost_items[i] = prodi_strdup(L->mem, name);
        if (!L->lost_items[i])
            return oom(L);
    }
    return 0;
}

static int read_recipes(loader *L)
{
    if (prodi_mp_array(&L->c, "recipes", 0, UINT32_MAX, &L->recipe_count))
        return -1;
    size_t n = (size_t)L->recipe_count + 1;
    L->recipes = prodi_zalloc(L->mem, n, sizeof *L->recipes);
    L->gone_names = prodi_zalloc(L->mem, n, sizeof *L->gone_names);
    if (!L->recipes || !L->gone_names)
        return oom(L);
    for (uint32_t i = 0; i < L->recipe_count; i++) {
        char name[PERSIST_MAX_NAME + 1];
        size_t at;
        if (read_name(L, "recipes", name, &at))
            return -1;
        if (prodi_reg_find_recipe(L->ctx->reg, name, &L->recipes[i]))
            continue;
        if (L->missing_policy == PROD_MISSING_RECIPE_ERROR)
            return fail_as(L, PROD_ERR_NOT_FOUND, at, "recipes",
                           "a saved job uses a recipe that is not loaded:", name,
                           (uint32_t)strlen(name));
        L->recipes[i] = PROD_RECIPE_NONE;
        L->gone_names[i] = prodi_strdup(L->mem, name);
        if (!L->gone_names[i])
            return oom(L);
    }
    return 0;
}

/* --- snapshots ------------------------------------------------------------ */

static int read_item_ix(loader *L, const char *field, prod_item_id *out)
{
    uint32_t ix;
    if (L->item_count == 0)
        return prodi_mp_fail(&L->c, L->c.off, field,
                             "an item is named but the item table is empty");
    size_t at = L->c.off;
    if (read_u32(L, field, 0, L->item_count - 1, &ix))
        return -1;
    *out = L->items[ix];
    if (L->lost_items[ix] && !L->lost_at) {
        L->lost_at = at;
        L->lost_ix = ix;
    }
    return 0;
}

/* A flat array of (item, qty, x) triples: its header, checked, and the count. */
static int read_triples(loader *L, const char *field, uint32_t min, uint32_t *count)
{
    uint32_t n;
    size_t at = L->c.off;
    if (prodi_mp_array(&L->c, field, 3 * min, 3 * PRODI_MAX_IO_PER_RECIPE, &n))
        return -1;
    if (n % 3)
        return prodi_mp_fail(&L->c, at, field, "%u values; expected (item, qty, x) triples", n);
    *count = n / 3;
    return 0;
}

static int read_inputs(loader *L, prod_requirement *in, uint32_t *count)
{
    if (read_triples(L, "inputs", 0, count))
        return -1;
    for (uint32_t i = 0; i < *count; i++)
        if (read_item_ix(L, "inputs.item", &in[i].item) ||
            read_u32(L, "inputs.qty", 1, PERSIST_MAX_QTY, &in[i].qty) ||
            read_u32(L, "inputs.consume", 0, 1, &in[i].consume))
            return -1;
    return 0;
}

static int read_outputs(loader *L, prod_output *out, uint32_t *count)
{
    if (read_triples(L, "outputs", 1, count))
        return -1;
    for (uint32_t i = 0; i < *count; i++) {
        if (read_item_ix(L, "outputs.item", &out[i].item) ||
            read_u32(L, "outputs.qty", 0, PERSIST_MAX_QTY, &out[i].qty))
            return -1;
        size_t at = L->c.off;
        if (prodi_mp_f64(&L->c, "outputs.probability", &out[i].probability))
            return -1;
        if (!(out[i].probability >= 0.0 && out[i].probability <= 1.0))
            return prodi_mp_fail(&L->c, at, "outputs.probability", "%g is not in [0, 1]",
                                 out[i].probability);
    }
    return 0;
}

static int read_mods(loader *L, prod_modifiers *mods)
{
    size_t at = L->c.off;
    if (prodi_mp_f64(&L->c, "input_cost", &mods->input_cost) ||
        prodi_mp_f64(&L->c, "output_yield", &mods->output_yield) ||
        prodi_mp_f64(&L->c, "time_speed", &mods->time_speed))
        return -1;
    if (!prodi_mods_valid(mods))
        return prodi_mp_fail(&L->c, at, "modifiers", "each must be finite and in [0, %g]",
                             PRODI_MODIFIER_MAX);
    return 0;
}

/* Items no longer loaded are tolerated only in jobs whose recipe is gone too
 * (their refund skips them, with a log line). Checked once per record. */
static int lost_item_used(loader *L, prod_recipe_ix recipe)
{
    size_t at = L->lost_at;
    L->lost_at = 0;
    if (!at || recipe == PROD_RECIPE_NONE)
        return 0;
    const char *name = L->lost_items[L->lost_ix];
    return fail_as(L, PROD_ERR_NOT_FOUND, at, "item",
                   "a saved job of a loaded recipe uses an item that is not loaded:", name,
                   (uint32_t)strlen(name));
}

/* A loaded recipe that under a snapshot's saved modifiers would give a job
 * more than it holds (it grew since the save; a save of it could not be
 * loaded again): LIMIT, whatever the changed-recipe policy. */
static int over_job_limit(loader *L, size_t at, const prodi_recipe *r, const prod_modifiers *mods)
{
    prodi_errbuf e;
    if (prodi_mods_check_qty(L->ctx->reg, r, mods, &e) == PROD_OK)
        return 0;
    L->c.failed = 1;
    L->st = PROD_ERR_LIMIT;
    prodi_err_set(L->c.err, PROD_ERR_LIMIT, "saved state, byte %zu (snapshot %llu): %s under the "
                  "saved modifiers", at, (unsigned long long)L->c.index, e.text);
    return -1;
}

static int read_snapshot(loader *L, uint32_t *id)
{
    size_t at = L->c.off;
    L->lost_at = 0;
    prod_requirement in[PRODI_MAX_IO_PER_RECIPE];
    prod_output out[PRODI_MAX_IO_PER_RECIPE];
    prodi_eff saved;
    memset(&saved, 0, sizeof saved);
    saved.inputs = in;
    saved.outputs = out;
    uint32_t n, rix;
    if (rec_begin(L, "snapshot", 7, &n))
        return -1;
    if (L->recipe_count == 0)
        return prodi_mp_fail(&L->c, L->c.off, "recipe",
                             "a snapshot names a recipe but the table is empty");
    if (read_u32(L, "recipe", 0, L->recipe_count - 1, &rix) || read_mods(L, &saved.mods) ||
        read_time(L, "duration", PERSIST_MAX_DURATION, &saved.duration) ||
        read_inputs(L, in, &saved.input_count) || read_outputs(L, out, &saved.output_count) ||
        rec_end(L, "snapshot", 7, n))
        return -1;
    saved.recipe = L->recipes[rix];
    L->snap_recipe[L->c.index] = rix;
    if (lost_item_used(L, saved.recipe))
        return -1;
    const prodi_recipe *r = prodi_reg_recipe(L->ctx->reg, saved.recipe);
    if (!r) /* the recipe is gone: its values only say what a refund gives back */
        return prodi_snaps_adopt(&L->m->snaps, &L->m->arena, &saved, id) != 0 ? oom(L) : 0;
    /* A loaded recipe: the job runs on what it gives now under the saved
     * modifiers, never on the save's numbers; a difference is reported when
     * a job uses the snapshot (PROD_CHANGED_RECIPE_ERROR). */
    if (over_job_limit(L, at, r, &saved.mods))
        return -1;
    char why[160];
    int differs = prodi_snaps_check(&L->m->arena, r, &saved, why, sizeof why);
    if (differs < 0 || (differs && L->changed_policy == PROD_CHANGED_RECIPE_ERROR &&
                        !(L->snap_changed[L->c.index] = prodi_strdup(L->mem, why))))
        return oom(L);
    if (prodi_snaps_acquire(&L->m->snaps, &L->m->arena, r, saved.recipe, &saved.mods, id) != 0)
        return oom(L);
    return 0;
}

static int read_snapshots(loader *L)
{
    if (prodi_mp_array(&L->c, "snapshots", 0, UINT32_MAX, &L->snap_count))
        return -1;
    L->snaps = prodi_zalloc(L->mem, (size_t)L->snap_count  + 1, sizeof *L->snaps);
    L->snap_recipe = prodi_zalloc(L->mem, (size_t)L->snap_count  + 1, sizeof *L->snap_recipe);
    L->snap_changed = prodi_zalloc(L->mem, (size_t)L->snap_count + 1, sizeof *L->snap_changed);
    if (!L->snaps || !L->snap_recipe || !L->snap_changed)
        return oom(L);
    L->c.where = "snapshot";
    for (uint32_t i = 0; i < L->snap_count; i++) {
        L->c.index = i;
        if (read_snapshot(L, &L->snaps[i]))
            return -1;
    }
    L->c.where = NULL;
    return 0;
}

/* --- jobs ----------------------------------------------------------------- */

typedef struct saved_job {
    uint32_t slot, gen, snap, flags;
    uint64_t owner, inventory, cycles;
    int64_t start;
} saved_job;

static int read_job_fields(loader *L, saved_job *j)
{
    uint32_t n;
    size_t at;
    if (rec_begin(L, "job", 8, &n))
        return -1;
    at = L->c.off;
    if (read_u32(L, "slot", 0, JT_MAX_SLOTS - 1, &j->slot))
        return -1;
    if (j->slot < L->slot_end)
        return prodi_mp_fail(&L->c, at, "slot",
                             "slot %u is not above the previous job's slot %u "
                             "(jobs are stored by ascending slot, each once)",
                             j->slot, L->slot_end - 1);
    if (read_u32(L, "generation", 1, JT_GEN_MAX, &j->gen) ||
        prodi_mp_uint(&L->c, "owner", &j->owner) ||
        prodi_mp_uint(&L->c, "inventory", &j->inventory) ||
        read_time(L, "start", L->m->last_time, &j->start) ||
        prodi_mp_uint_in(&L->c, "cycles", 0, JT_CYCLES_MAX, &j->cycles))
        return -1;
    if (L->snap_count == 0)
        return prodi_mp_fail(&L->c, L->c.off, "snapshot",
                             "a job names a snapshot but there are none");
    if (read_u32(L, "snapshot", 0, L->snap_count - 1, &j->snap) ||
        read_u32(L, "flags", 0, PERSIST_FLAG_REPEAT | PERSIST_FLAG_BLOCKED, &j->flags))
        return -1;
    return rec_end(L, "job", 8, n);
}

static int note_gone(loader *L, uint32_t slot, uint32_t snap, uint32_t cap)
{
    if (!L->gone) {
        L->gone = prodi_zalloc(L->mem, cap, sizeof *L->gone);
        if (!L->gone)
            return oom(L);
    }
    L->gone[L->gone_count++] = (gone_job){slot, L->snap_recipe[snap]};
    return 0;
}

static int read_job(loader *L, uint32_t total)
{
    saved_job sj;
    size_t at = L->c.off;
    if (read_job_fields(L, &sj))
        return -1;
    prod_manager *m = L->m;
    uint32_t ref = L->snaps[sj.snap];
    const prodi_eff *s = prodi_snaps_eff(&m->snaps, m->recipes, ref);
    if (L->snap_changed[sj.snap])
        return prodi_mp_fail(&L->c, at, "snapshot",
                             "job in slot %u (recipe \"%s\") does not match the loaded recipe: "
                             "%s (PROD_CHANGED_RECIPE_CURRENT continues it as the recipe is now)",
                             sj.slot, prodi_reg_recipe(L->ctx->reg, s->recipe)->id,
                             L->snap_changed[sj.snap]);
    if ((sj.flags & PERSIST_FLAG_REPEAT) && s->duration == 0)
        return prodi_mp_fail(&L->c, at, "flags", "a repeating job with a duration of 0 ms");
    if (s->duration > PROD_TIME_MAX - sj.start)
        return prodi_mp_fail(&L->c, at, "start", "job in slot %u would end past PROD_TIME_MAX",
                             sj.slot);
    if (prodi_jt_place_job(&m->jobs, &m->arena, sj.slot, (uint16_t)sj.gen, sj.owner) != 0)
        return oom(L);
    L->slot_end = sj.slot + 1;
    prodi_job *j = prodi_jt_at(&m->jobs, sj.slot);
    j->inventory = sj.inventory;
    j->end = (uint64_t)(sj.start + s->duration);
    prodi_jt_set_cycles(j, (uint32_t)sj.cycles);
    prodi_mgr_set_ref(j, ref);
    j->repeat = (sj.flags & PERSIST_FLAG_REPEAT) != 0;
    prodi_snaps_retain(&m->snaps, ref);
    if (sj.flags & PERSIST_FLAG_BLOCKED) {
        j->blocked = 1;
        L->blocked_jobs++;
    }
    if (s->recipe == PROD_RECIPE_NONE)
        return note_gone(L, sj.slot, sj.snap, total);
    return 0;
}

static int read_jobs(loader *L)
{
    uint32_t n;
    if (prodi_mp_array(&L->c, "jobs", 0, JT_MAX_SLOTS, &n))
        return -1;
    L->c.where = "job";
    for (uint32_t i = 0; i < n; i++) {
        L->c.index = i;
        if (read_job(L, n))
            return -1;
    }
    L->c.where = NULL;
    return 0;
}

/* --- blocked outputs ------------------------------------------------------ */

static int read_held(loader *L, prodi_blocked *b)
{
    uint32_t n;
    size_t at = L->c.off;
    if (prodi_mp_array(&L->c, "held", 0, 2 * PRODI_MAX_IO_PER_RECIPE, &n))
        return -1;
    if (n % 2)
        return prodi_mp_fail(&L->c, at, "held", "%u values; expected pairs (item, qty)", n);
    b->count = n / 2;
    for (uint32_t i = 0; i < b->count; i++)
        if (read_item_ix(L, "held.item", &b->items[i].item) ||
            read_u32(L, "held.qty", 1, PERSIST_MAX_QTY, &b->items[i].qty))
            return -1;
    return 0;
}

static const char *item_label(const loader *L, prod_item_id item)
{
    const char *name = prodi_reg_item_name(L->ctx->reg, item);
    return name ? name : "(an item no longer loaded)";
}

/* Held outputs are at most what one roll of the job's outputs gives: each
 * stack one of its outputs, no more than its quantity, each output at most
 * once. A stack that is not is forged or from a changed recipe: refused, or
 * (PROD_CHANGED_RECIPE_CURRENT on a loaded recipe) cut to what the recipe
 * gives, with a log line; what is cut then also passes this check. */
static int check_held(loader *L, prodi_blocked *b, const prodi_eff *s, size_t at)
{
    uint64_t used = 0; /* outputs matched so far (at most 64) */
    uint32_t keep = 0;
    int may_cut = L->changed_policy == PROD_CHANGED_RECIPE_CURRENT && s->recipe != PROD_RECIPE_NONE;
    for (uint32_t i = 0; i < b->count; i++) {
        const prod_item_qty orig = b->items[i];
        prod_item_qty h = orig;
        uint32_t o = 0;
        while (o < s->output_count && (s->outputs[o].item != h.item || (used >> o & 1)))
            o++;
        if (o < s->output_count && h.qty <= s->outputs[o].qty) {
            used |= (uint64_t)1 << o;
            b->items[keep++] = h;
            continue;
        }
        if (!may_cut)
            return prodi_mp_fail(&L->c, at, "held",
                                 "job in slot %u holds %u \"%s\", more than one roll of its "
                                 "outputs gives",
                                 b->slot, h.qty, item_label(L, h.item));
        if (o < s->output_count && s->outputs[o].qty > 0) { /* keep what the recipe gives */
            used |= (uint64_t)1 << o;
            h.qty = h.qty < s->outputs[o].qty ? h.qty : s->outputs[o].qty;
            b->items[keep++] = h;
        }
        prodi_ctx_log(L->ctx, PROD_LOG_WARN,
                      "deserialize: job in slot %u held %u \"%s\"; the recipe as loaded "
                      "gives %u",
                      b->slot, orig.qty, item_label(L, orig.item),
                      o < s->output_count ? s->outputs[o].qty : 0u);
    }
    b->count = keep;
    return 0;
}

static int read_blocked_entry(loader *L)
{
    uint32_t n, slot;
    prod_manager *m = L->m;
    if (rec_begin(L, "blocked", 2, &n))
        return -1;
    size_t at = L->c.off;
    if (read_u32(L, "slot", 0, JT_MAX_SLOTS - 1, &slot))
        return -1;
    const prodi_job *j = slot < L->slot_end ? prodi_jt_at(&m->jobs, slot) : NULL;
    if (!j || !prodi_jt_is_job(j) || !j->blocked || L->held_seen[slot])
        return prodi_mp_fail(&L->c, at, "slot", "slot %u is not a blocked job, or is listed twice",
                             slot);
    L->held_seen[slot] = 1;
    if (prodi_mgr_blocked_reserve(m) != 0)
        return oom(L);
    prodi_blocked *b = &m->blocked[m->blocked_len];
    memset(b, 0, sizeof *b);
    b->slot = slot;
    b->gen = (uint16_t)j->gen;
    L->lost_at = 0;
    const prodi_eff *s = prodi_mgr_job_eff(m, j);
    size_t held_at = L->c.off;
    if (read_held(L, b) || rec_end(L, "blocked", 2, n) || lost_item_used(L, s->recipe) ||
        check_held(L, b, s, held_at))
        return -1;
    m->blocked_len++;
    return 0;
}

static int read_blocked(loader *L)
{
    uint32_t n;
    size_t at = L->c.off;
    if (prodi_mp_array(&L->c, "blocked", 0, L->blocked_jobs, &n))
        return -1;
    if (n != L->blocked_jobs)
        return prodi_mp_fail(&L->c, at, "blocked", "%u entries for %u jobs flagged blocked", n,
                             L->blocked_jobs);
    L->held_seen = prodi_zalloc(L->mem, (size_t)L->slot_end + 1, 1);
    if (!L->held_seen)
        return oom(L);
    L->c.where = "blocked entry";
    for (uint32_t i = 0; i < n; i++) {
        L->c.index = i;
        if (read_blocked_entry(L))
            return -1;
    }
    L->c.where = NULL;
    return 0;
}

/* --- slots ---------------------------------------------------------------- */

static int read_free_slots(loader *L, uint32_t hwm)
{
    prodi_jobtable *t = &L->m->jobs;
    uint32_t n, prev = 0;
    size_t at = L->c.off;
    uint32_t want = hwm - (uint32_t)t->live;
    if (prodi_mp_array(&L->c, "free", 0, UINT32_MAX, &n))
        return -1;
    if (n != 2 * want)
        return prodi_mp_fail(&L->c, at, "free", "%u values; %u free slots below %u need %u", n,
                             want, hwm, 2 * want);
    for (uint32_t i = 0; i < want; i++) {
        uint32_t slot, gen;
        at = L->c.off;
        if (read_u32(L, "free.slot", 0, hwm - 1, &slot))
            return -1;
        if ((i > 0 && slot <= prev) ||
            (slot < L->slot_end && prodi_jt_is_job(prodi_jt_at(t, slot))))
            return prodi_mp_fail(&L->c, at, "free.slot", "slot %u is out of order or is a job",
                                 slot);
        if (read_u32(L, "free.generation", 1, JT_GEN_MAX, &gen))
            return -1;
        if (prodi_jt_place_free(t, &L->m->arena, slot, (uint16_t)gen) != 0)
            return oom(L);
        prev = slot;
    }
    return 0;
}

static int read_slots(loader *L)
{
    uint32_t n, hwm;
    if (rec_begin(L, "slots", 2, &n) || read_u32(L, "slots.hwm", L->slot_end, JT_MAX_SLOTS, &hwm) ||
        read_free_slots(L, hwm) || rec_end(L, "slots", 2, n))
        return -1;
    prodi_jt_finish_load(&L->m->jobs, hwm);
    return 0;
}

/* --- body and header ------------------------------------------------------ */

static int read_time_field(loader *L)
{
    return read_time(L, "time", PROD_TIME_MAX, &L->m->last_time);
}

/* -1, or the now of a tick that stopped at its budget (at most the time). */
static int read_catch_up(loader *L)
{
    size_t at = L->c.off;
    if (prodi_mp_int(&L->c, "catch_up", &L->m->catch_up))
        return -1;
    if (L->m->catch_up < -1 || L->m->catch_up > L->m->last_time)
        return prodi_mp_fail(&L->c, at, "catch_up", "%lld is neither -1 nor in [0, %lld]",
                             (long long)L->m->catch_up, (long long)L->m->last_time);
    return 0;
}

typedef int (*field_reader)(loader *L);

static const struct {
    const char *key;
    field_reader read;
} body_fields[PERSIST_BODY_KEYS] = {
    {"config", read_config},     {"time", read_time_field}, {"rng", read_rng},
    {"items", read_items},       {"recipes", read_recipes}, {"snapshots", read_snapshots},
    {"jobs", read_jobs},         {"blocked", read_blocked}, {"slots", read_slots},
    {"catch_up", read_catch_up},
};

/* The index of a known key, or PERSIST_BODY_KEYS. */
static uint32_t body_key(const char *s, uint32_t n)
{
    for (uint32_t k = 0; k < PERSIST_BODY_KEYS; k++)
        if (strlen(body_fields[k].key) == n && memcmp(body_fields[k].key, s, n) == 0)
            return k;
    return PERSIST_BODY_KEYS;
}

/* The body map: known keys in the documented order, each once; unknown keys
 * only from a newer minor (skipped). */
static int read_body(loader *L)
{
    uint32_t n, next = 0, keys = L->minor >= 1 ? PERSIST_BODY_KEYS : PERSIST_BODY_KEYS_1_0;
    if (prodi_mp_map(&L->c, "body", UINT32_MAX, &n))
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        const char *s;
        uint32_t len;
        size_t at = L->c.off;
        if (prodi_mp_str(&L->c, "body key", PERSIST_MAX_NAME, &s, &len))
            return -1;
        uint32_t k = body_key(s, len);
        if (k >= keys && L->lenient) {
            if (prodi_mp_skip(&L->c, "unknown field"))
                return -1;
            continue;
        }
        /* Past the last field of the blob's version, k == next == keys is an
         * unknown key too, never an index into body_fields. */
        if (k >= keys || k != next)
            return prodi_mp_fail(&L->c, at, "body key",
                                 "field \"%.*s\" is unknown, repeated or out of order "
                                 "(expected \"%s\")",
                                 (int)len, s,
                                 next < keys ? body_fields[next].key : "no more fields");
        if (body_fields[k].read(L))
            return -1;
        next++;
    }
    if (next < keys)
        return prodi_mp_fail(&L->c, L->c.off, "body", "field \"%s\" is missing",
                             body_fields[next].key);
    return 0;
}

static int read_header(loader *L, uint32_t *n)
{
    const char *s;
    uint32_t len;
    uint64_t major, minor;
    if (prodi_mp_array(&L->c, "header", 5, UINT32_MAX, n) ||
        prodi_mp_str(&L->c, "magic", PERSIST_MAX_NAME, &s, &len))
        return -1;
    if (len != strlen(PERSIST_MAGIC) || memcmp(s, PERSIST_MAGIC, len) != 0)
        return prodi_mp_fail(&L->c, 0, "magic", "not a production save (no \"%s\" magic)",
                             PERSIST_MAGIC);
    size_t at = L->c.off;
    if (prodi_mp_uint(&L->c, "format major", &major) ||
        prodi_mp_uint(&L->c, "format minor", &minor) ||
        prodi_mp_str(&L->c, "plugin version", PERSIST_MAX_VERSION_LEN, &s, &len))
        return -1;
    if (memchr(s, '\0', len))
        return prodi_mp_fail(&L->c, at, "plugin version", "contains a NUL byte");
    if (major != PERSIST_FORMAT_MAJOR) {
        L->c.failed = 1;
        L->st = PROD_ERR_VERSION;
        prodi_err_set(L->c.err, PROD_ERR_VERSION,
                      "saved state, byte %zu: format version %llu.%llu "
                      "(written by plugin %.*s) is not supported; this plugin reads %u.x",
                      at, (unsigned long long)major, (unsigned long long)minor, (int)len, s,
                      PERSIST_FORMAT_MAJOR);
        return -1;
    }
    L->lenient = minor > PERSIST_FORMAT_MINOR;
    L->minor = minor;
    if (*n > 5 && !L->lenient)
        return prodi_mp_fail(&L->c, 0, "header", "%u elements; format %u.%u has 5", *n,
                             PERSIST_FORMAT_MAJOR, PERSIST_FORMAT_MINOR);
    return 0;
}

static int read_all(loader *L)
{
    uint32_t n;
    if (read_header(L, &n) || read_body(L) || rec_end(L, "header", 5, n))
        return -1;
    if (L->c.off != L->c.len)
        return prodi_mp_fail(&L->c, L->c.off, "end", "%zu bytes follow the saved state",
                             L->c.len - L->c.off);
    return 0;
}

/* --- after everything is accepted ----------------------------------------- */

/* Callbacks the loaded jobs will need on later ticks. */
static int check_callbacks(loader *L)
{
    const prod_host *h = &L->ctx->host;
    prod_manager *m = L->m;
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (!prodi_jt_is_job(j))
            continue;
        const prodi_eff *sn = prodi_mgr_job_eff(m, j);
        const char *missing = !h->inventory_add ? "inventory_add"
                            : (j->repeat && sn->input_count && !h->inventory_consume)
                                ? "inventory_consume" : NULL;
        if (missing && sn->recipe != PROD_RECIPE_NONE) {
            L->c.failed = 1;
            L->st = PROD_ERR_NOT_PROVIDED;
            prodi_err_set(L->c.err, PROD_ERR_NOT_PROVIDED,
                          "deserialize: the saved jobs need host "
                          "callback %s, which is NULL",
                          missing);
            return -1;
        }
    }
    return 0;
}

/* Every running job into the manager's wheel, before any callback. */
static int queue_loaded(loader *L)
{
    return prodi_mgr_queue_loaded(L->m) == PROD_OK ? 0 : oom(L);
}

/* The items a gone job gives back: held outputs if blocked (its blocked entry
 * is removed), else the consumed inputs of its current cycle. */
static uint32_t gone_items(prod_manager *m, uint32_t slot, prod_item_qty *out)
{
    for (uint32_t b = 0; b < m->blocked_len; b++) {
        if (m->blocked[b].slot != slot)
            continue;
        uint32_t n = m->blocked[b].count;
        memcpy(out, m->blocked[b].items, n * sizeof *out);
        memmove(&m->blocked[b], &m->blocked[b + 1], (m->blocked_len - b - 1) * sizeof *m->blocked);
        m->blocked_len--;
        return n;
    }
    const prodi_eff *s = prodi_mgr_job_eff(m, prodi_jt_at(&m->jobs, slot));
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->input_count; i++)
        if (s->inputs[i].consume)
            out[n++] = (prod_item_qty){s->inputs[i].item, s->inputs[i].qty};
    return n;
}

/* Remove stacks of items that are no longer loaded (they cannot be given
 * back), telling the host's log which ones. */
static uint32_t drop_lost(loader *L, uint32_t n, prod_item_qty *items)
{
    uint32_t keep = 0, known = prodi_reg_item_count(L->ctx->reg);
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].item <= known)
            items[keep++] = items[i];
        else
            prodi_ctx_log(L->ctx, PROD_LOG_WARN,
                          "deserialize: %u \"%s\" cannot be given back: the "
                          "item is no longer loaded",
                          items[i].qty, L->lost_items[UINT32_MAX - items[i].item]);
    }
    return keep;
}

/* PROD_MISSING_RECIPE_REFUND: give each gone job's items back and say so. */
static void refund_gone(loader *L)
{
    prod_manager *m = L->m;
    for (uint32_t i = 0; i < L->gone_count; i++) {
        uint32_t slot = L->gone[i].slot;
        const prodi_job *j = prodi_jt_at(&m->jobs, slot);
        prod_item_qty items[PRODI_MAX_IO_PER_RECIPE];
        uint32_t n = drop_lost(L, gone_items(m, slot, items), items);
        int32_t rc = m->ctx->host.inventory_add ? prodi_mgr_host_add(m, j->inventory, items, n)
                                                : PROD_HOST_FULL;
        prodi_ev_emit_removed(m, rc == PROD_HOST_OK ? PROD_EVENT_CANCELLED : PROD_EVENT_FAILED,
                              slot, L->gone_names[L->gone[i].recipe], items, n);
        prodi_mgr_end_job(m, slot);
    }
}

static void loader_free(loader *L)
{
    for (uint32_t i = 0; L->snap_changed && i < L->snap_count; i++)
        prodi_free(L->mem, L->snap_changed[i]);
    prodi_free(L->mem, L->snap_changed);
    for (uint32_t i = 0; L->gone_names && i < L->recipe_count; i++)
        prodi_free(L->mem, L->gone_names[i]);
    prodi_free(L->mem, L->gone_names);
    for (uint32_t i = 0; L->lost_items && i < L->item_count; i++)
        prodi_free(L->mem, L->lost_items[i]);
    prodi_free(L->mem, L->lost_items);
    prodi_free(L->mem, L->items);
    prodi_free(L->mem, L->recipes);
    prodi_free(L->mem, L->snaps);
    prodi_free(L->mem, L->snap_recipe);
    prodi_free(L->mem, L->gone);
    prodi_free(L->mem, L->held_seen);
}

prod_status prodi_persist_load(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                               const prod_load_options *opts, prod_manager **out)
{
    loader L;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.mem = &ctx->mem;
    L.st = PROD_ERR_FORMAT;
    if (opts && (opts->struct_size < PRODI_LOAD_OPTIONS_MIN_SIZE || opts->version < 1))
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_VERSION,
                             "deserialize: options struct_size %u / "
                             "version %u not supported",
                             opts->struct_size, opts->version);
    if (opts && opts->missing_recipe > PROD_MISSING_RECIPE_ERROR)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "deserialize: missing_recipe %u "
                             "is not a PROD_MISSING_RECIPE_* value",
                             opts->missing_recipe);
    L.missing_policy = opts ? opts->missing_recipe : PROD_MISSING_RECIPE_REFUND;
    if (opts && opts->struct_size >= PRODI_SIZE_THROUGH(prod_load_options, changed_recipe))
        L.changed_policy = opts->changed_recipe;
    if (L.changed_policy > PROD_CHANGED_RECIPE_CURRENT)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_INVALID_ARGUMENT,
                             "deserialize: changed_recipe %u is not a PROD_CHANGED_RECIPE_* value",
                             L.changed_policy);
    prodi_mp_init(&L.c, bytes, len, prodi_ctx_err(ctx));
    if (read_all(&L) != 0 || check_callbacks(&L) != 0 || queue_loaded(&L) != 0) {
        if (L.m)
            prodi_mgr_free(L.m);
        loader_free(&L);
        return L.st;
    }
    refund_gone(&L);
    for (uint32_t i = 0; i < L.snap_count; i++) /* drop the loader's own references */
        prodi_snaps_release(&L.m->snaps, &L.m->arena, L.snaps[i]);
    *out = L.m;
    loader_free(&L);
    return PROD_OK;
}
