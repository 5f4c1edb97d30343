/* context.c - creating and destroying a prod_ctx: host table copy with
 * struct_size checks, recipe loading, the count of its users, its per-thread
 * error text, logging through the host. */
#include "core/context.h"

#include "core/abi_struct.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Context-level error text, one buffer per thread, tagged with the context
 * that wrote it: concurrent calls on one context never share it, as
 * dlerror() keeps its text per thread. The only static storage the plugin
 * has, and no thread ever sees another's. */
typedef struct ctx_error {
    const prod_ctx *ctx;
    prodi_errbuf text;
} ctx_error;

static _Thread_local ctx_error thread_error;

static prod_status copy_host(const prod_host *src, prod_host *dst, prodi_errbuf *err)
{
    if (!src)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "init: params->host is NULL");
    if (src->struct_size < PRODI_HOST_MIN_SIZE || src->version < 1)
        return prodi_err_set(err, PROD_ERR_VERSION,
                             "init: prod_host struct_size %u / version %u not supported "
                             "(need struct_size >= %zu, version >= 1)",
                             src->struct_size, src->version, (size_t)PRODI_HOST_MIN_SIZE);
    memset(dst, 0, sizeof *dst);
    size_t n = src->struct_size < sizeof *dst ? src->struct_size : sizeof *dst;
    memcpy(dst, src, n);
    dst->struct_size = (uint32_t)sizeof *dst;
    if (dst->modifier_source_count > 0 && !dst->get_modifiers)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "init: host declares %u modifier sources but get_modifiers is NULL",
                             dst->modifier_source_count);
    return PROD_OK;
}

static prod_status check_params(const prod_init_params *p, prodi_errbuf *err)
{
    if (!p)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT, "init: params is NULL");
    if (p->struct_size < PRODI_INIT_PARAMS_MIN_SIZE || p->version < 1)
        return prodi_err_set(err, PROD_ERR_VERSION,
                             "init: prod_init_params struct_size %u / version %u not supported",
                             p->struct_size, p->version);
    if (p->source_count > 0 && !p->sources)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "init: source_count is %u but sources is NULL", p->source_count);
    return PROD_OK;
}

/* Version 2 of prod_init_params added the file cap and the flags. */
static prodi_load_limits limits_of(const prod_init_params *p)
{
    prodi_load_limits l = {PROD_DEFAULT_MAX_FILE_BYTES, 0};
    if (p->version >= 2 && p->struct_size >= PRODI_SIZE_THROUGH(prod_init_params, flags)) {
        if (p->max_file_bytes > 0)
            l.max_file_bytes = p->max_file_bytes;
        l.flags = p->flags;
    }
    return l;
}

/* The host's allocator when its table is long enough to have one (the
 * table itself is checked by copy_host). */
static prodi_mem mem_of(const prod_host *h)
{
    prodi_mem m = {NULL, NULL};
    if (h && h->struct_size >= PRODI_SIZE_THROUGH(prod_host, allocate) && h->allocate) {
        m.fn = h->allocate;
        m.user = h->user;
    }
    return m;
}

prod_status prodi_ctx_init(const prod_init_params *params, prod_ctx **out, prodi_errbuf *err)
{
    *out = NULL;
    prod_status st = check_params(params, err);
    prod_ctx *ctx = NULL;
    if (st == PROD_OK) {
        prodi_mem mem = mem_of(params->host);
        ctx = prodi_mem_resize(&mem, NULL, 0, sizeof *ctx);
        if (ctx) {
            memset(ctx, 0, sizeof *ctx);
            ctx->mem = mem;
        }
        st = ctx ? copy_host(params->host, &ctx->host, err)
                 : prodi_err_set(err, PROD_ERR_NO_MEMORY, "init: out of memory");
    }
    if (st == PROD_OK) {
        ctx->limits = limits_of(params);
        atomic_init(&ctx->users, 0);
        if (ctx->limits.flags & ~PROD_INIT_ALLOW_UNKNOWN_KEYS)
            st = prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                               "init: flags 0x%x has bits that are not PROD_INIT_* flags",
                               ctx->limits.flags);
    }
    if (st == PROD_OK)
        st = prodi_reg_load(params->sources, params->source_count, &ctx->limits, &ctx->mem,
                            &ctx->reg, err);
    if (st != PROD_OK) {
        prodi_ctx_shutdown(ctx);
        return st;
    }
    *out = ctx;
    return PROD_OK;
}

void prodi_ctx_shutdown(prod_ctx *ctx)
{
    if (!ctx)
        return;
    prodi_reg_free(ctx->reg);
    if (thread_error.ctx == ctx) /* a later context at this address starts clean */
        thread_error.ctx = NULL;
    prodi_mem mem = ctx->mem;
    prodi_mem_resize(&mem, ctx, sizeof *ctx, 0);
}

prodi_errbuf *prodi_ctx_err(const prod_ctx *ctx)
{
    if (thread_error.ctx != ctx) {
        thread_error.ctx = ctx;
        thread_error.text.text[0] = '\0';
    }
    return &thread_error.text;
}

const char *prodi_ctx_last_error(const prod_ctx *ctx)
{
    return thread_error.ctx == ctx ? thread_error.text.text : "";
}

void prodi_ctx_use(prod_ctx *ctx)
{
    atomic_fetch_add_explicit(&ctx->users, 1, memory_order_relaxed);
}

void prodi_ctx_unuse(prod_ctx *ctx)
{
    atomic_fetch_sub_explicit(&ctx->users, 1, memory_order_release);
}

uint32_t prodi_ctx_users(const prod_ctx *ctx)
{
    return atomic_load_explicit(&ctx->users, memory_order_acquire);
}

void prodi_ctx_log(const prod_ctx *ctx, int32_t level, const char *fmt, ...)
{
    if (!ctx->host.log)
        return;
    char line[PRODI_ERR_TEXT_CAP];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ctx->host.log(ctx->host.user, level, line);
}
