/* serialize.c - serialize: a manager's state as msgpack (msgpack-c's packer),
 * laid out as docs/FORMAT.md describes. Snapshots, items and recipes are
 * numbered in order of first use walking jobs by slot, so equal states give
 * equal bytes whatever the in-memory layout. */
#include "save/persist.h"

#include <msgpack.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostbuf.h"
#include "core/vec.h"

/* One job's packed record: 8 values, at most 55 bytes. */
typedef struct job_record {
    char b[64];
    size_t len;
} job_record;

static int record_write(void *data, const char *buf, size_t len)
{
    job_record *r = data;
    if (len > sizeof r->b - r->len)
        return -1;
    memcpy(r->b + r->len, buf, len);
    r->len += len;
    return 0;
}

/* Blob-local numbering of snapshots, items and recipes. */
typedef struct save_tables {
    const prodi_mem *mem;
    prodi_u64map snap_ix;      /* snapshot reference -> blob index, when dense is NULL */
    uint32_t *dense;          /* or: record id, then recipe index -> blob index + 1 (0 unused) */
    uint32_t dense_records;   /* record ids below this come first in dense */
    uint32_t *job_snap;       /* per job, in slot order: its snapshot's blob index */
    uint32_t *snap_order;     /* blob index -> snapshot reference */
    uint32_t snap_count;
    size_t snap_cap;
    prodi_u64map item_ix;      /* item id -> blob index */
    prod_item_id *items;      /* blob index -> item id */
    uint32_t item_count;
    size_t item_cap;
    prodi_u64map recipe_ix;    /* recipe index -> blob index */
    prod_recipe_ix *recipes;
    uint32_t recipe_count;
    size_t recipe_cap;
} save_tables;

static void tables_free(save_tables *t)
{
    const prodi_mem *mem = t->mem;
    prodi_u64map_free(&t->snap_ix);
    prodi_free(mem, t->dense);
    prodi_free(mem, t->job_snap);
    prodi_free(mem, t->snap_order);
    prodi_free(mem, t->items);
    prodi_free(mem, t->recipes);
    prodi_u64map_free(&t->item_ix);
    prodi_u64map_free(&t->recipe_ix);
}

/* Give `key` the next blob index unless it has one. 0, or -1 on OOM. */
static int number(prodi_u64map *map, uint32_t **list, uint32_t *count, size_t *cap, uint32_t key)
{
    if (prodi_u64map_get(map, key, NULL))
        return 0;
    if (PRODI_VEC_HEAP(map->mem, *list, *cap, (size_t)*count + 1, 16) != 0)
        return -1;
    if (prodi_u64map_put(map, key, *count) != 0)
        return -1;
    (*list)[(*count)++] = key;
    return 0;
}

/* The blob index of snapshot reference `ref`, numbering it (and its recipe
 * and items) at its first use. 0, or -1 on OOM. */
static int number_snapshot(const prod_manager *m, save_tables *t, uint32_t ref, uint32_t *ix)
{
    uint32_t *d = NULL;
    if (t->dense) {
        d = &t->dense[ref & PRODI_SNAP_BASE ? t->dense_records + PRODI_SNAP_INDEX(ref) : ref];
        if (*d) {
            *ix = *d - 1;
            return 0;
        }
    } else if (prodi_u64map_get(&t->snap_ix, ref, ix)) {
        return 0;
    }
    *ix = t->snap_count;
    if (PRODI_VEC_HEAP(t->mem, t->snap_order, t->snap_cap, (size_t)t->snap_count + 1, 16) != 0 ||
        (!d && prodi_u64map_put(&t->snap_ix, ref, *ix) != 0))
        return -1;
    if (d)
        *d = *ix + 1;
    t->snap_order[t->snap_count++] = ref;
    const prodi_eff *s = prodi_snaps_eff(&m->snaps, m->recipes, ref);
    int rc = number(&t->recipe_ix, &t->recipes, &t->recipe_count, &t->recipe_cap, s->recipe);
    for (uint32_t i = 0; i < s->input_count && rc == 0; i++)
        rc = number(&t->item_ix, &t->items, &t->item_count, &t->item_cap, s->inputs[i].item);
    for (uint32_t i = 0; i < s->output_count && rc == 0; i++)
        rc = number(&t->item_ix, &t->items, &t->item_count, &t->item_cap, s->outputs[i].item);
    return rc;
}

static int build_tables(const prod_manager *m, save_tables *t)
{
    memset(t, 0, sizeof *t);
    t->mem = &m->ctx->mem;
    prodi_u64map_init(&t->snap_ix, t->mem);
    prodi_u64map_init(&t->item_ix, t->mem);
    prodi_u64map_init(&t->recipe_ix, t->mem);
    t->job_snap = prodi_zalloc(t->mem, (size_t)m->jobs.live + 1, sizeof *t->job_snap);
    if (!t->job_snap)
        return -1;
    /* Snapshot references numbered through an array when it is no larger
     * than a few entries per job (else a hash map). */
    size_t records = m->snaps.len, recipes = prodi_reg_recipe_count(m->ctx->reg);
    if (records + recipes <= 4 * (size_t)m->jobs.live + 256) {
        t->dense = prodi_zalloc(t->mem, records + recipes + 1, sizeof *t->dense);
        if (!t->dense)
            return -1;
        t->dense_records = (uint32_t)records;
    }
    uint32_t n = 0, last_ref = UINT32_MAX, last_ix = 0; /* neighbours often share one */
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (!prodi_jt_is_job(j))
            continue;
        uint32_t ref = prodi_mgr_job_ref(j);
        if (ref != last_ref && number_snapshot(m, t, ref, &last_ix) != 0)
            return -1;
        last_ref = ref;
        t->job_snap[n++] = last_ix;
    }
    for (uint32_t b = 0; b < m->blocked_len; b++) /* held items come from outputs; be sure */
        for (uint32_t i = 0; i < m->blocked[b].count; i++)
            if (number(&t->item_ix, &t->items, &t->item_count, &t->item_cap,
                       m->blocked[b].items[i].item) != 0)
                return -1;
    return 0;
}

static uint32_t blob_ix(const prodi_u64map *map, uint64_t key)
{
    uint32_t v = 0;
    prodi_u64map_get(map, key, &v);
    return v;
}

static int pack_str(msgpack_packer *pk, const char *s)
{
    size_t n = strlen(s);
    return msgpack_pack_str(pk, n) | msgpack_pack_str_body(pk, s, n);
}

static int pack_header(msgpack_packer *pk)
{
    return msgpack_pack_array(pk, 5) | pack_str(pk, PERSIST_MAGIC) |
           msgpack_pack_uint32(pk, PERSIST_FORMAT_MAJOR) |
           msgpack_pack_uint32(pk, PERSIST_FORMAT_MINOR) | pack_str(pk, PROD_VERSION_STRING);
}

static int pack_settings(msgpack_packer *pk, const prod_manager *m)
{
    int rc = pack_str(pk, "config") | msgpack_pack_array(pk, 5) | msgpack_pack_uint64(pk, m->tag) |
             msgpack_pack_uint64(pk, m->seed) | msgpack_pack_uint32(pk, m->id_space) |
             msgpack_pack_uint32(pk, m->output_policy) |
             msgpack_pack_uint32(pk, m->max_completions);
    rc |= pack_str(pk, "time") | msgpack_pack_int64(pk, m->last_time);
    rc |= pack_str(pk, "rng") | msgpack_pack_array(pk, 4);
    for (int i = 0; i < 4; i++)
        rc |= msgpack_pack_uint64(pk, m->rng.s[i]);
    return rc;
}

static int pack_names(msgpack_packer *pk, const prod_manager *m, const save_tables *t)
{
    const prodi_registry *reg = m->ctx->reg;
    int rc = pack_str(pk, "items") | msgpack_pack_array(pk, t->item_count);
    for (uint32_t i = 0; i < t->item_count; i++)
        rc |= pack_str(pk, prodi_reg_item_name(reg, t->items[i]));
    rc |= pack_str(pk, "recipes") | msgpack_pack_array(pk, t->recipe_count);
    for (uint32_t i = 0; i < t->recipe_count; i++)
        rc |= pack_str(pk, prodi_reg_recipe(reg, t->recipes[i])->id);
    return rc;
}

static int pack_snapshot(msgpack_packer *pk, const prodi_eff *s, const save_tables *t)
{
    int rc = msgpack_pack_array(pk, 7) | msgpack_pack_uint32(pk, blob_ix(&t->recipe_ix, s->recipe)) |
             msgpack_pack_double(pk, s->mods.input_cost) |
             msgpack_pack_double(pk, s->mods.output_yield) |
             msgpack_pack_double(pk, s->mods.time_speed) | msgpack_pack_int64(pk, s->duration);
    rc |= msgpack_pack_array(pk, 3 * s->input_count);
    for (uint32_t i = 0; i < s->input_count; i++)
        rc |= msgpack_pack_uint32(pk, blob_ix(&t->item_ix, s->inputs[i].item)) |
              msgpack_pack_uint32(pk, s->inputs[i].qty) |
              msgpack_pack_uint32(pk, s->inputs[i].consume);
    rc |= msgpack_pack_array(pk, 3 * s->output_count);
    for (uint32_t i = 0; i < s->output_count; i++)
        rc |= msgpack_pack_uint32(pk, blob_ix(&t->item_ix, s->outputs[i].item)) |
              msgpack_pack_uint32(pk, s->outputs[i].qty) |
              msgpack_pack_double(pk, s->outputs[i].probability);
    return rc;
}

static int pack_jobs(msgpack_packer *pk, const prod_manager *m, const save_tables *t)
{
    int rc = pack_str(pk, "snapshots") | msgpack_pack_array(pk, t->snap_count);
    for (uint32_t i = 0; i < t->snap_count; i++)
        rc |= pack_snapshot(pk, prodi_snaps_eff(&m->snaps, m->recipes, t->snap_order[i]), t);
    rc |= pack_str(pk, "jobs") | msgpack_pack_array(pk, (uint32_t)m->jobs.live);
    /* Each job is packed into a small local record first (its packer's write
     * callback is inlined into the ~8 values), then appended at once. */
    job_record rec;
    msgpack_packer jp;
    msgpack_packer_init(&jp, &rec, record_write);
    uint32_t n = 0;
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (!prodi_jt_is_job(j))
            continue;
        uint32_t ref = prodi_mgr_job_ref(j), flags = (j->repeat ? PERSIST_FLAG_REPEAT : 0u) |
                                                      (j->blocked ? PERSIST_FLAG_BLOCKED : 0u);
        int64_t start = (int64_t)j->end - prodi_snaps_eff(&m->snaps, m->recipes, ref)->duration;
        rec.len = 0;
        rc |= msgpack_pack_array(&jp, 8) | msgpack_pack_uint32(&jp, s) |
              msgpack_pack_uint16(&jp, (uint16_t)j->gen) | msgpack_pack_uint64(&jp, j->owner) |
              msgpack_pack_uint64(&jp, j->inventory) | msgpack_pack_int64(&jp, start) |
              msgpack_pack_uint64(&jp, prodi_jt_cycles(j)) |
              msgpack_pack_uint32(&jp, t->job_snap[n++]) | msgpack_pack_uint32(&jp, flags);
        prodi_hostbuf_put(pk->data, rec.b, rec.len);
    }
    rc |= ((prodi_hostbuf *)pk->data)->failed ? -1 : 0;
    rc |= pack_str(pk, "blocked") | msgpack_pack_array(pk, m->blocked_len);
    for (uint32_t b = 0; b < m->blocked_len; b++) {
        const prodi_blocked *x = &m->blocked[b];
        rc |= msgpack_pack_array(pk, 2) | msgpack_pack_uint32(pk, x->slot) |
              msgpack_pack_array(pk, 2 * x->count);
        for (uint32_t i = 0; i < x->count; i++)
            rc |= msgpack_pack_uint32(pk, blob_ix(&t->item_ix, x->items[i].item)) |
                  msgpack_pack_uint32(pk, x->items[i].qty);
    }
    return rc;
}

static int pack_slots(msgpack_packer *pk, const prod_manager *m)
{
    uint32_t nfree = m->jobs.hwm - (uint32_t)m->jobs.live;
    int rc = pack_str(pk, "slots") | msgpack_pack_array(pk, 2) |
             msgpack_pack_uint32(pk, m->jobs.hwm) | msgpack_pack_array(pk, 2 * nfree);
    for (uint32_t s = 0; s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (!prodi_jt_is_job(j))
            rc |= msgpack_pack_uint32(pk, s) | msgpack_pack_uint16(pk, (uint16_t)j->gen);
    }
    return rc;
}

prod_status prodi_persist_save(prod_manager *m, uint8_t **out, size_t *len)
{
    save_tables t;
    prodi_hostbuf sb;
    prodi_hostbuf_init(&sb, &m->ctx->mem);
    /* ~24 bytes a job; reserving up front avoids regrowing the buffer. */
    prodi_hostbuf_reserve(&sb, 4096 + (size_t)m->jobs.hwm * 28);
    int rc = -1;
    if (!sb.failed) {
        rc = build_tables(m, &t);
        if (rc == 0) {
            msgpack_packer pk;
            msgpack_packer_init(&pk, &sb, prodi_hostbuf_write);
            rc = pack_header(&pk) | msgpack_pack_map(&pk, PERSIST_BODY_KEYS) |
                 pack_settings(&pk, m) | pack_names(&pk, m, &t) | pack_jobs(&pk, m, &t) |
                 pack_slots(&pk, m) | pack_str(&pk, "catch_up") |
                 msgpack_pack_int64(&pk, m->catch_up);
        }
        tables_free(&t);
    }
    char *bytes = NULL;
    if (rc != 0 || prodi_hostbuf_take(&sb, &bytes, len) != 0) {
        prodi_hostbuf_free(&sb);
        return prodi_err_set(prodi_mgr_err(m), PROD_ERR_NO_MEMORY, "serialize: out of memory");
    }
    *out = (uint8_t *)bytes;
    return PROD_OK;
}
