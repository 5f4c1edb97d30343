/* region.c - the region options and which region runs a chunk when. */
#include "region.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "option.h"

/* "K/N" with 1 <= N <= REGION_MAX and K < N. */
static int parse_region(const char *text, region_config *c)
{
    char *end = NULL;
    errno = 0;
    unsigned long k = text ? strtoul(text, &end, 10) : 0;
    const char *rest = end;
    unsigned long n = end && *end == '/' ? strtoul(end + 1, &end, 10) : 0;
    if (!text || !*text || text[0] == '-' || *rest != '/' || rest[1] == '-' || *end || errno ||
        n < 1 || n > REGION_MAX || k >= n) {
        fprintf(stderr, "prodhost: --region needs K/N: region K of N (0 <= K < N <= %u), got "
                "\"%s\"\n", REGION_MAX, text ? text : "");
        return -1;
    }
    c->index = (uint32_t)k;
    c->count = (uint32_t)n;
    return 1;
}

int region_option(region_config *c, const char *opt, const char *value)
{
    if (strcmp(opt, "--region") == 0)
        return parse_region(value, c);
    if (strcmp(opt, "--lease-ms") == 0)
        return option_u32(opt, value, 3600000, &c->lease_ms);
    if (strcmp(opt, "--pace") == 0)
        return option_u32(opt, value, 60000, &c->pace_ms);
    if (strcmp(opt, "--checkpoint-every") == 0)
        return option_u32(opt, value, 86400, &c->checkpoint_s);
    return 0;
}

void region_usage(FILE *out)
{
    fprintf(out,
            "  --pg CONNINFO   the chunk store on PostgreSQL, shared by the servers of one\n"
            "                  world (a libpq conninfo or URL; --store postgres://... too)\n"
            "  --region K/N    with a shared store: this server runs region K of N (strips\n"
            "                  of columns) and the chunks near the player while the player\n"
            "                  is in region K; chunks hand over when it crosses a border\n"
            "                  (default 0/1: one server runs the whole world)\n"
            "  --lease-ms MS   how long a server's hold on its chunks lasts unrenewed\n"
            "                  (default %u); a dead server's chunks are taken over after it\n"
            "  --checkpoint-every S  save the chunks held every S game seconds (default %u)\n"
            "  --pace MS       sleep MS wall ms after each 250 ms game step (default 0)\n",
            REGION_LEASE_MS, REGION_CHECKPOINT_S);
}

uint32_t region_home(uint32_t count, uint32_t width, int32_t x)
{
    uint64_t col = x < 0 ? 0 : (uint64_t)x;
    uint32_t r = width ? (uint32_t)(col * count / width) : 0;
    return r < count ? r : count - 1;
}

uint32_t region_owner(uint32_t count, const player_walk *p, int32_t x, int32_t y, int64_t now)
{
    if (!p->view || !player_near(p, x, y, now))
        return region_home(count, p->width, x);
    int32_t px, py;
    player_cell(p, now, &px, &py);
    return region_home(count, p->width, px);
}
