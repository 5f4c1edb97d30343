/* testhost.c - the integration tests' host: dlopen, inventories, modifier
 * sources, event recording, the moving allocator. */
#include "testhost.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "moving_alloc.h"

static int32_t cb_count(void *user, uint64_t inv, prod_item_id item, uint64_t *out)
{
    th_host *h = user;
    if (inv >= TH_INVS || item >= TH_ITEMS)
        return 1;
    *out = h->counts[inv][item];
    return PROD_HOST_OK;
}

static int32_t consume_locked(th_host *h, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    h->consume_calls++;
    if (h->consume_rc >= 0)
        return h->consume_rc;
    if (inv >= TH_INVS)
        return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].item >= TH_ITEMS || h->counts[inv][r[i].item] < r[i].qty)
            return PROD_HOST_INSUFFICIENT;
    for (uint32_t i = 0; i < n; i++)
        if (r[i].consume)
            h->counts[inv][r[i].item] -= r[i].qty;
    return PROD_HOST_OK;
}

uint64_t th_total(th_host *h, uint64_t inv)
{
    uint64_t t = 0;
    for (int i = 0; i < TH_ITEMS; i++)
        t += h->counts[inv][i];
    return t;
}

static int32_t add_locked(th_host *h, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    h->add_calls++;
    if (h->add_rc >= 0)
        return h->add_rc;
    uint64_t add = 0;
    for (uint32_t i = 0; i < n; i++)
        add += items[i].qty;
    if (inv >= TH_INVS || (h->capacity[inv] && th_total(h, inv) + add > h->capacity[inv]))
        return PROD_HOST_FULL;
    for (uint32_t i = 0; i < n; i++)
        h->counts[inv][items[i].item] += items[i].qty;
    return PROD_HOST_OK;
}

static void event_locked(th_host *h, const prod_event *e)
{
    if (h->reenter)
        h->reenter_status = h->api->tick(h->reenter, e->time);
    if (h->n_events == h->cap_events) {
        h->cap_events = h->cap_events ? h->cap_events * 2 : 256;
        h->events = realloc(h->events, h->cap_events * sizeof *h->events);
        if (!h->events) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    th_event *t = &h->events[h->n_events++];
    memset(t, 0, sizeof *t);
    t->type = e->type;
    t->reason = e->reason;
    t->recipe = e->recipe;
    t->repeat = e->repeat;
    t->job = e->job;
    t->owner = e->owner;
    t->inventory = e->inventory;
    t->cycles = e->cycles;
    t->tag = e->manager_tag;
    t->time = e->time;
    t->n = e->item_count < TH_EV_ITEMS ? e->item_count : TH_EV_ITEMS;
    if (t->n)
        memcpy(t->items, e->items, t->n * sizeof *t->items);
}

static int32_t cb_consume(void *user, uint64_t inv, const prod_requirement *r, uint32_t n)
{
    th_host *h = user;
    if (h->consume_hook)
        h->consume_hook(h);
    pthread_mutex_lock(&h->lock);
    int32_t rc = consume_locked(h, inv, r, n);
    pthread_mutex_unlock(&h->lock);
    return rc;
}

static int32_t cb_add(void *user, uint64_t inv, const prod_item_qty *items, uint32_t n)
{
    th_host *h = user;
    pthread_mutex_lock(&h->lock);
    int32_t rc = add_locked(h, inv, items, n);
    pthread_mutex_unlock(&h->lock);
    return rc;
}

static void cb_event(void *user, const prod_event *e)
{
    th_host *h = user;
    pthread_mutex_lock(&h->lock);
    event_locked(h, e);
    pthread_mutex_unlock(&h->lock);
    if (h->event_hook)
        h->event_hook(h, e);
}

static void cb_log(void *user, int32_t level, const char *message)
{
    th_host *h = user;
    pthread_mutex_lock(&h->lock);
    h->log_errors += level >= PROD_LOG_ERROR;
    snprintf(h->last_log, sizeof h->last_log, "%s", message ? message : "");
    pthread_mutex_unlock(&h->lock);
}

static int32_t cb_mods(void *user, uint32_t source, uint64_t tag, uint64_t owner,
                       uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                       prod_modifiers *out)
{
    (void)tag, (void)owner, (void)inventory, (void)recipe, (void)now;
    th_host *h = user;
    *out = h->mods[source];
    return h->mods_rc;
}

void th_load(th_host *h, const char *so_path)
{
    void *dl = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        fprintf(stderr, "dlopen %s: %s\n", so_path, dlerror());
        exit(2);
    }
    prod_get_api_fn get = (prod_get_api_fn)dlsym(dl, PROD_ENTRY_SYMBOL);
    const char *why = NULL;
    const prod_api *api = get ? get(PROD_ABI_VERSION, &why) : NULL;
    if (!api) {
        fprintf(stderr, "no api: %s\n", why ? why : dlerror());
        exit(2);
    }
    th_attach(h, api);
    h->dl = dl;
}

void th_attach(th_host *h, const prod_api *api)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    h->consume_rc = h->add_rc = -1;
    h->api = api;
    for (int i = 0; i < 4; i++)
        h->mods[i] = (prod_modifiers){1.0, 1.0, 1.0};
    h->host = (prod_host){.struct_size = sizeof(prod_host),
                          .version = PROD_HOST_VERSION,
                          .user = h,
                          .inventory_count = cb_count,
                          .inventory_consume = cb_consume,
                          .inventory_add = cb_add,
                          .on_event = cb_event,
                          .get_modifiers = cb_mods,
                          .log = cb_log,
                          .allocate = moving_allocate};
}

prod_status th_init(th_host *h, const char *json, uint32_t n_mods, char *err, uint32_t cap)
{
    h->host.modifier_source_count = n_mods;
    prod_recipe_source src = {.json = json, .name = "test.json"};
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION, .host = &h->host,
                          .sources = &src, .source_count = 1, .error = err, .error_cap = cap};
    return h->api->init(&p, &h->ctx);
}

void th_close(th_host *h)
{
    h->api->shutdown(h->ctx);
    free(h->events);
    pthread_mutex_destroy(&h->lock);
    if (h->dl)
        dlclose(h->dl);
}

prod_item_id th_item(th_host *h, const char *name)
{
    prod_item_id id = 0;
    if (h->api->item_find(h->ctx, name, &id) != PROD_OK) {
        fprintf(stderr, "unknown item %s\n", name);
        exit(2);
    }
    return id;
}

prod_recipe_ix th_recipe(th_host *h, const char *id)
{
    prod_recipe_ix ix = 0;
    if (h->api->recipe_find(h->ctx, id, &ix) != PROD_OK) {
        fprintf(stderr, "unknown recipe %s\n", id);
        exit(2);
    }
    return ix;
}

void th_set(th_host *h, uint64_t inv, const char *item, uint64_t qty)
{
    h->counts[inv][th_item(h, item)] = qty;
}

uint64_t th_count(th_host *h, uint64_t inv, const char *item)
{
    return h->counts[inv][th_item(h, item)];
}

prod_manager *th_manager(th_host *h, uint64_t seed, uint32_t policy)
{
    prod_manager_config c = {.struct_size = sizeof c, .version = PROD_MANAGER_CONFIG_VERSION, .tag = 7, .seed = seed,
                             .id_space = 0, .output_policy = policy};
    prod_manager *m = NULL;
    if (!CHECK_OK(h->api->manager_create(h->ctx, &c, &m)))
        fprintf(stderr, "manager_create: %s\n", h->api->last_error(h->ctx));
    return m;
}

size_t th_count_events(const th_host *h, uint32_t type, int reason)
{
    size_t n = 0;
    for (size_t i = 0; i < h->n_events; i++)
        if (h->events[i].type == type && (reason < 0 || h->events[i].reason == (uint32_t)reason))
            n++;
    return n;
}

void th_clear_events(th_host *h) { h->n_events = 0; }

char *th_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

int th_finish(const char *name) { return check_finish(name); }
