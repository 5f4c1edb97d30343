/* reload.c - swapping the plugin .so under a running world. */
#include "reload.h"

#include <stdio.h>


int plugin_reload(sim *s, ph_plugin *p, prod_ctx **ctx, const char *path, const char *recipes)
{
    if (s->registry)
        s->api->registry_destroy(s->registry);
    s->registry = NULL;
    s->api->shutdown(*ctx);
    *ctx = NULL;
    s->ctx = NULL;
    s->api = NULL;
    ph_plugin_unload(p);
    if (host_plugin_load(path, p) != 0)
        return -1;
    if (host_open_context(p->api, s->host, recipes, ctx) != 0)
        return -1;
    s->api = p->api;
    s->ctx = *ctx;
    prod_status st = s->api->registry_create(s->ctx, &s->registry);
    if (st != PROD_OK) {
        fprintf(stderr, "prodhost: the reloaded plugin cannot make a manager registry: %s: %s\n",
                s->api->status_str(st), s->api->last_error(s->ctx));
        return -1;
    }
    return content_resolve(&s->content, s->api, s->ctx, recipes);
}
