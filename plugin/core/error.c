/* error.c - formatting of human-readable error text into owned buffers. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

prod_status prodi_err_set(prodi_errbuf *e, prod_status st, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->text, sizeof e->text, fmt, ap);
        va_end(ap);
    }
    return st;
}

void prodi_err_copy_out(const prodi_errbuf *e, char *dst, uint32_t cap)
{
    if (!dst || cap == 0)
        return;
    size_t n = strlen(e->text);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, e->text, n);
    dst[n] = '\0';
}
