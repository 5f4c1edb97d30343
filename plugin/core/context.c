/* context.c - creating and destroying a prod_ctx: host table copy with
 * struct_size checks, recipe loading, logging through the host. */
#include "core/context.h"

#include "core/abi_struct.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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

prod_status prodi_ctx_init(const prod_init_params *params, prod_ctx **out, prodi_errbuf *err)
{
    *out = NULL;
    prod_status st = check_params(params, err);
    prod_ctx *ctx = NULL;
    if (st == PROD_OK) {
        ctx = calloc(1, sizeof *ctx);
        st = ctx ? copy_host(params->host, &ctx->host, err)
                 : prodi_err_set(err, PROD_ERR_NO_MEMORY, "init: out of memory");
    }
    if (st == PROD_OK)
        st = prodi_reg_load(params->sources, params->source_count, &ctx->reg, err);
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
    free(ctx);
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
