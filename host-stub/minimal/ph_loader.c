/* ph_loader.c - owns the dlopen/dlsym/version handshake with the plugin
 * (see ph_loader.h). */
#include "ph_loader.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int refuse(char *why, size_t cap, const char *fmt, ...)
{
    if (cap > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, cap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static prod_get_api_fn find_entry(void *handle, const char *path, char *why, size_t cap)
{
    dlerror();
    void *sym = dlsym(handle, PROD_ENTRY_SYMBOL);
    const char *err = dlerror();
    if (!sym || err) {
        refuse(why, cap, "%s does not export %s: %s", path, PROD_ENTRY_SYMBOL,
               err ? err : "symbol is NULL");
        return NULL;
    }
    prod_get_api_fn fn;
    memcpy(&fn, &sym, sizeof fn); /* object pointer -> function pointer, as POSIX allows */
    return fn;
}

static const prod_api *handshake(prod_get_api_fn get_api, const char *path, char *why, size_t cap)
{
    const char *reason = NULL;
    const prod_api *api = get_api(PROD_ABI_VERSION, &reason);
    if (!api) {
        refuse(why, cap, "%s refused ABI %u.%u: %s", path, PROD_ABI_MAJOR, PROD_ABI_MINOR,
               reason ? reason : "(no reason given)");
        return NULL;
    }
    if (api->struct_size < sizeof(prod_api)) {
        refuse(why, cap, "%s serves a prod_api of %u bytes, this host needs %zu", path,
               api->struct_size, sizeof(prod_api));
        return NULL;
    }
    return api;
}

int ph_plugin_load(const char *path, ph_plugin *p, char *why, size_t why_cap)
{
    if (why_cap > 0)
        why[0] = '\0';
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    p->api = NULL;
    if (!p->handle)
        return refuse(why, why_cap, "cannot load plugin %s: %s", path, dlerror());
    prod_get_api_fn get_api = find_entry(p->handle, path, why, why_cap);
    p->api = get_api ? handshake(get_api, path, why, why_cap) : NULL;
    if (!p->api) {
        ph_plugin_unload(p);
        return -1;
    }
    return 0;
}

void ph_plugin_unload(ph_plugin *p)
{
    if (p->handle)
        dlclose(p->handle);
    p->handle = NULL;
    p->api = NULL;
}
