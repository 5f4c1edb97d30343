/* option.c - the demo options' value readers. */
#include "option.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int option_u32(const char *opt, const char *text, uint32_t max, uint32_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = text ? strtoul(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || text[0] == '-' || v < 1 || v > max) {
        fprintf(stderr, "prodhost: %s needs a number in 1..%u, got \"%s\"\n", opt, max,
                text ? text : "");
        return -1;
    }
    *out = (uint32_t)v;
    return 1;
}

int option_text(const char *opt, const char *text, const char **out)
{
    if (!text || !*text) {
        fprintf(stderr, "prodhost: %s needs a value\n", opt);
        return -1;
    }
    *out = text;
    return 1;
}
