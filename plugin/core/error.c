/* error.c - formatting of human-readable error text into owned buffers, and
 * of doubles so that the text reads back as exactly the value. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* printf wrote the locale's decimal point; JSON wants '.'. */
static void dot_decimal_point(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (strchr("0123456789+-eE", *r))
            *w++ = *r;
        else if (w == s || w[-1] != '.')
            *w++ = '.';
    }
    *w = '\0';
}

/* The shortest %g text of a finite d that reads back as exactly d (cJSON's own
 * printer accepts a 15-digit text that is only approximately equal). */
void prodi_fmt_double(char *buf, size_t cap, double d)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    dot_decimal_point(buf);
}
