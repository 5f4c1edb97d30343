/* error.h - the error text buffer every context and manager owns. */
#ifndef PROD_ERROR_H
#define PROD_ERROR_H

#include "production.h"

#define PROD_ERR_TEXT_CAP 512

typedef struct prod_errbuf {
    char text[PROD_ERR_TEXT_CAP];
} prod_errbuf;

/* Format a message into e (truncating safely) and return st, so callers can
 * write `return err_set(e, PROD_ERR_X, "...", ...);`. e may be NULL. */
prod_status err_set(prod_errbuf *e, prod_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Copy e's text into a caller buffer of cap bytes (always NUL-terminated). */
void err_copy_out(const prod_errbuf *e, char *dst, uint32_t cap);

#endif
