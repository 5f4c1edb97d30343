/* error.h - the error text buffer every context and manager owns. */
#ifndef PRODI_ERROR_H
#define PRODI_ERROR_H

#include "production.h"

#define PRODI_ERR_TEXT_CAP 512

typedef struct prodi_errbuf {
    char text[PRODI_ERR_TEXT_CAP];
} prodi_errbuf;

/* Format a message into e (truncating safely) and return st, so callers can
 * write `return prodi_err_set(e, PROD_ERR_X, "...", ...);`. e may be NULL. */
prod_status prodi_err_set(prodi_errbuf *e, prod_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Copy e's text into a caller buffer of cap bytes (always NUL-terminated). */
void prodi_err_copy_out(const prodi_errbuf *e, char *dst, uint32_t cap);

/* The shortest %g text of a finite d that reads back as exactly d, with '.'
 * as the decimal point whatever the locale (for JSON and for messages, so
 * "1000.0000001 must be at most 1000" never prints as 1000). */
void prodi_fmt_double(char *buf, size_t cap, double d);

#endif
