/* plugin_loader.c - dlopen/dlsym/version handshake with the plugin. */
#include "plugin_loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static prod_get_api_fn find_entry(void *handle, const char *path)
{
    dlerror();
    void *sym = dlsym(handle, PROD_ENTRY_SYMBOL);
    const char *err = dlerror();
    if (!sym || err) {
        fprintf(stderr, "prodhost: %s does not export %s: %s\n", path, PROD_ENTRY_SYMBOL,
                err ? err : "symbol is NULL");
        return NULL;
    }
    prod_get_api_fn fn;
    memcpy(&fn, &sym, sizeof fn); /* object pointer -> function pointer, as POSIX allows */
    return fn;
}

static const prod_api *handshake(prod_get_api_fn get_api, const char *path)
{
    const char *reason = NULL;
    const prod_api *api = get_api(PROD_ABI_VERSION, &reason);
    if (!api) {
        fprintf(stderr, "prodhost: %s refused ABI %u.%u: %s\n", path, PROD_ABI_MAJOR,
                PROD_ABI_MINOR, reason ? reason : "(no reason given)");
        return NULL;
    }
    if (api->struct_size < sizeof(prod_api)) {
        fprintf(stderr, "prodhost: %s serves a prod_api of %u bytes, this host needs %zu\n", path,
                api->struct_size, sizeof(prod_api));
        return NULL;
    }
    return api;
}

int plugin_load(const char *path, plugin *p)
{
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    p->api = NULL;
    if (!p->handle) {
        fprintf(stderr, "prodhost: cannot load plugin %s: %s\n", path, dlerror());
        return -1;
    }
    prod_get_api_fn get_api = find_entry(p->handle, path);
    p->api = get_api ? handshake(get_api, path) : NULL;
    if (!p->api) {
        plugin_unload(p);
        return -1;
    }
    return 0;
}

void plugin_unload(plugin *p)
{
    if (p->handle)
        dlclose(p->handle);
    p->handle = NULL;
    p->api = NULL;
}
