/* ph_loader.h - owns finding and opening libproduction.so: dlopen, dlsym of
 * PROD_ENTRY_SYMBOL, asking for the PROD_ABI_VERSION this host was built
 * with, and checking that the function table the plugin serves is at least
 * as large as this host's prod_api. Part of the minimal host (copy it). */
#ifndef PH_LOADER_H
#define PH_LOADER_H

#include <stddef.h>

#include "production.h"

/* A loaded plugin: the dlopen handle and the function table it serves. */
typedef struct ph_plugin {
    void *handle;
    const prod_api *api;
} ph_plugin;

/* Open the plugin at path and fill *p. 0 on success. On failure returns -1
 * with *p zeroed and, when why_cap > 0, a NUL-terminated reason in why: the
 * dlerror text, a missing entry symbol, the plugin's reason for refusing
 * this ABI version, or a table smaller than this host needs. why may be
 * NULL when why_cap is 0. Nothing is printed. */
int ph_plugin_load(const char *path, ph_plugin *p, char *why, size_t why_cap);
/* dlclose the plugin and zero *p. Every context made from p->api must have
 * been shut down first. A zeroed (or already unloaded) *p is accepted. */
void ph_plugin_unload(ph_plugin *p);

#endif
