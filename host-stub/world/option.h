/* option.h - reading the demo's option values: 1 when read, -1 (printed)
 * when the value is missing or out of range (the option parsers' convention:
 * 0 means "not my option"). */
#ifndef PRODHOST_OPTION_H
#define PRODHOST_OPTION_H

#include <stdint.h>

/* A decimal in 1..max. */
int option_u32(const char *opt, const char *text, uint32_t max, uint32_t *out);
/* A non-empty text (a path, an address). */
int option_text(const char *opt, const char *text, const char **out);

#endif
