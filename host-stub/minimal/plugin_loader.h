/* plugin_loader.h - finding and opening libproduction.so: dlopen, dlsym of
 * PROD_ENTRY_SYMBOL, asking for PROD_ABI_VERSION and checking that the table
 * the plugin serves is at least as large as the one this host was built with. */
#ifndef PRODHOST_PLUGIN_LOADER_H
#define PRODHOST_PLUGIN_LOADER_H

#include "production.h"

typedef struct plugin {
    void *handle;
    const prod_api *api;
} plugin;

/* 0 on success. On failure prints why to stderr (dlerror text, missing
 * symbol, refused version with the plugin's reason, short table) and
 * returns -1 with *p zeroed. */
int plugin_load(const char *path, plugin *p);
void plugin_unload(plugin *p);

#endif
