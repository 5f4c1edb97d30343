/* host.c - the prod_host callback table: thin routes from the plugin's
 * callbacks to the minimal host's inventories (ph_inventory.c), modifiers.c and
 * events.c, the plugin log sink, loading the plugin and context creation. */
#include "host.h"

static int32_t cb_count(void *user, uint64_t inventory, prod_item_id item, uint64_t *out)
{
    return ph_inv_count(((host_services *)user)->inv, inventory, item, out);
}

static int32_t cb_consume(void *user, uint64_t inventory, const prod_requirement *reqs, uint32_t n)
{
    host_services *h = user;
    int32_t answer = ph_inv_consume(h->inv, inventory, reqs, n);
    if (answer == PROD_HOST_OK)
        ledger_consumed(&h->ledger, inventory, reqs, n);
    return answer;
}

static int32_t cb_add(void *user, uint64_t inventory, const prod_item_qty *items, uint32_t n)
{
    host_services *h = user;
    int32_t answer = ph_inv_add(h->inv, inventory, items, n);
    if (answer == PROD_HOST_OK)
        ledger_added(&h->ledger, inventory, items, n);
    return answer;
}

static void cb_event(void *user, const prod_event *event)
{
    host_services *h = user;
    ledger_event(&h->ledger, event);
    event_log_record(&h->events, event);
}

/* The demo's building level is per manager (chunk), so inventory is unused. */
static int32_t cb_modifiers(void *user, uint32_t source, uint64_t manager_tag, uint64_t owner,
                            uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                            prod_modifiers *out)
{
    (void)inventory;
    return mod_table_get(((host_services *)user)->mods, source, manager_tag, owner, recipe, now,
                         out);
}

static void cb_log(void *user, int32_t level, const char *message)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    host_services *h = user;
    h->log_warnings += level == PROD_LOG_WARN;
    h->log_errors += level >= PROD_LOG_ERROR;
    if (level >= PROD_LOG_WARN || h->verbose_log)
        fprintf(stderr, "prodhost: plugin %s: %s\n",
                level >= 0 && level <= PROD_LOG_ERROR ? names[level] : "?",
                message ? message : "");
}

int host_plugin_load(const char *path, ph_plugin *p)
{
    char why[512];
    if (ph_plugin_load(path, p, why, sizeof why) == 0)
        return 0;
    fprintf(stderr, "prodhost: %s\n", why);
    return -1;
}

int host_services_init(host_services *h, FILE *trace)
{
    *h = (host_services){.inv = ph_inv_create(), .mods = mod_table_create()};
    event_log_init(&h->events, trace);
    ledger_init(&h->ledger);
    if (h->inv && h->mods)
        return 0;
    fprintf(stderr, "prodhost: out of memory creating host services\n");
    host_services_free(h);
    return -1;
}

void host_services_free(host_services *h)
{
    ph_inv_destroy(h->inv);
    mod_table_destroy(h->mods);
    ledger_free(&h->ledger);
    h->inv = NULL;
    h->mods = NULL;
}

void host_table_fill(prod_host *table, host_services *h)
{
    *table = (prod_host){
        .struct_size = sizeof *table,
        .version = PROD_HOST_VERSION,
        .user = h,
        .inventory_count = cb_count,
        .inventory_consume = cb_consume,
        .inventory_add = cb_add,
        .on_event = cb_event,
        .modifier_source_count = MOD_SOURCE_COUNT,
        .get_modifiers = cb_modifiers,
        .log = cb_log,
    };
}

int host_open_context(const prod_api *api, host_services *h, const char *recipes_path,
                      prod_ctx **out)
{
    prod_host table;
    host_table_fill(&table, h);
    char error[512] = "";
    prod_recipe_source source = {.path = recipes_path};
    prod_init_params params = {.struct_size = sizeof params, .version = PROD_INIT_PARAMS_VERSION, .host = &table,
                               .sources = &source, .source_count = 1, .error = error,
                               .error_cap = sizeof error};
    prod_status st = api->init(&params, out);
    if (st != PROD_OK) {
        fprintf(stderr, "prodhost: init failed (status %d): %s\n", (int)st, error);
        return -1;
    }
    event_log_attach(&h->events, api, *out);
    if (mod_table_load_categories(h->mods, api, *out) != 0) {
        fprintf(stderr, "prodhost: out of memory loading recipe categories\n");
        api->shutdown(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
