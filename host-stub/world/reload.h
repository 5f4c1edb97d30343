/* reload.h - hot reload of the plugin under a running world. The caller has
 * saved and unloaded every chunk first (streaming.c does it through the
 * chunk store); this swaps what is underneath: registry, context, .so. */
#ifndef PRODHOST_RELOAD_H
#define PRODHOST_RELOAD_H

#include "ph_loader.h"
#include "sim.h"

/* Destroy the registry, shut the context down, dlclose; dlopen path, init
 * with the same recipes and host services, recreate the registry and resolve
 * the demo content again. s->api, s->ctx, *p and *ctx then describe the new
 * plugin. 0, or -1 after printing why (then s->api and *ctx may be NULL and
 * no manager may be created). */
int plugin_reload(sim *s, ph_plugin *p, prod_ctx **ctx, const char *path, const char *recipes);

#endif
