/* manager_registry.c - the optional manager registry: managers by host key,
 * and the manager of a job id in O(1) through the id's id_space bits. */
#include <stdlib.h>
#include <string.h>

#include "jobs/manager_registry.h"

#include "core/vec.h"

typedef struct mreg_entry {
    uint64_t key;
    prod_manager *m;
} mreg_entry;

struct prod_manager_registry {
    prod_ctx *ctx;
    mreg_entry *v;
    uint32_t len;
    size_t cap;
    prodi_u64map by_key;    /* key -> index in v */
    prodi_u64map by_space;  /* id_space -> index in v */
};

prod_status prodi_mreg_create(prod_ctx *ctx, prod_manager_registry **out)
{
    prod_manager_registry *r = prodi_zalloc(&ctx->mem, 1, sizeof *r);
    if (!r)
        return prodi_err_set(prodi_ctx_err(ctx), PROD_ERR_NO_MEMORY,
                             "registry_create: out of memory");
    r->ctx = ctx;
    prodi_ctx_use(ctx);
    prodi_u64map_init(&r->by_key, &ctx->mem);
    prodi_u64map_init(&r->by_space, &ctx->mem);
    *out = r;
    return PROD_OK;
}

void prodi_mreg_destroy(prod_manager_registry *r)
{
    for (uint32_t i = 0; i < r->len; i++)
        r->v[i].m->registry = NULL;
    prodi_u64map_free(&r->by_key);
    prodi_u64map_free(&r->by_space);
    prod_ctx *ctx = r->ctx;
    prodi_free(&ctx->mem, r->v);
    prodi_free(&ctx->mem, r);
    prodi_ctx_unuse(ctx);
}

prod_status prodi_mreg_add(prod_manager_registry *r, uint64_t key, prod_manager *m)
{
    prodi_errbuf *err = prodi_ctx_err(r->ctx);
    if (m->ctx != r->ctx)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "registry_add: the manager belongs to another context");
    if (m->registry)
        return prodi_err_set(err, PROD_ERR_EXISTS,
                             "registry_add: the manager is already registered");
    if (prodi_u64map_get(&r->by_key, key, NULL))
        return prodi_err_set(err, PROD_ERR_EXISTS, "registry_add: key %llu is already registered",
                             (unsigned long long)key);
    if (prodi_u64map_get(&r->by_space, m->id_space, NULL))
        return prodi_err_set(err, PROD_ERR_EXISTS,
                             "registry_add: another manager already uses "
                             "id_space %u (job ids would be ambiguous)",
                             m->id_space);
    if (PRODI_VEC_HEAP(&r->ctx->mem, r->v, r->cap, (size_t)r->len + 1, 16) != 0)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "registry_add: out of memory");
    if (prodi_u64map_reserve(&r->by_key, 1) != 0 || prodi_u64map_reserve(&r->by_space, 1) != 0)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "registry_add: out of memory");
    prodi_u64map_put(&r->by_key, key, r->len);
    prodi_u64map_put(&r->by_space, m->id_space, r->len);
    r->v[r->len++] = (mreg_entry){key, m};
    m->registry = r;
    return PROD_OK;
}

/* Remove entry i, moving the last entry into its place. */
static void remove_at(prod_manager_registry *r, uint32_t i)
{
    mreg_entry e = r->v[i];
    prodi_u64map_del(&r->by_key, e.key);
    prodi_u64map_del(&r->by_space, e.m->id_space);
    e.m->registry = NULL;
    if (i != --r->len) {
        r->v[i] = r->v[r->len];
        prodi_u64map_put(&r->by_key, r->v[i].key, i);       /* overwrite: never allocates */
        prodi_u64map_put(&r->by_space, r->v[i].m->id_space, i);
    }
}

prod_status prodi_mreg_remove(prod_manager_registry *r, uint64_t key)
{
    uint32_t i;
    if (!prodi_u64map_get(&r->by_key, key, &i))
        return prodi_err_set(prodi_ctx_err(r->ctx), PROD_ERR_NOT_FOUND,
                             "registry_remove: no key %llu", (unsigned long long)key);
    remove_at(r, i);
    return PROD_OK;
}

void prodi_mreg_forget(prod_manager *m)
{
    prod_manager_registry *r = m->registry;
    uint32_t i;
    if (r && prodi_u64map_get(&r->by_space, m->id_space, &i))
        remove_at(r, i);
}

prod_status prodi_mreg_get(const prod_manager_registry *r, uint64_t key, prod_manager **out)
{
    uint32_t i;
    if (!prodi_u64map_get(&r->by_key, key, &i))
        return PROD_ERR_NOT_FOUND;
    *out = r->v[i].m;
    return PROD_OK;
}

prod_status prodi_mreg_find_job(const prod_manager_registry *r, prod_job_id job, prod_manager **out,
                                uint64_t *key)
{
    uint32_t i, slot;
    if (!prodi_u64map_get(&r->by_space, prodi_job_id_space(job), &i) ||
        !prodi_mgr_find(r->v[i].m, job, &slot))
        return PROD_ERR_NOT_FOUND;
    *out = r->v[i].m;
    if (key)
        *key = r->v[i].key;
    return PROD_OK;
}

uint32_t prodi_mreg_count(const prod_manager_registry *r) { return r->len; }
