/* region.h - a world sharded over server processes by region. The grid is
 * cut into `count` strips of columns; a chunk's home region is its strip. At
 * any game time a chunk is run by exactly one region: the player's region
 * (the home of the chunk the player stands on) while the chunk is within
 * view of the player, its home region otherwise. So a player walking across
 * a border moves the chunks around it from one server to the other, and
 * back when it walks away. A pure function of game time and the world's
 * shape: every server computes the same answer. */
#ifndef PRODHOST_REGION_H
#define PRODHOST_REGION_H

#include <stdint.h>
#include <stdio.h>

#include "player.h"

#define REGION_MAX 64u

typedef struct region_config {
    uint32_t index, count;  /* this server's region and how many there are; count 0: not given */
    uint32_t lease_ms;      /* 0: the default, REGION_LEASE_MS */
    uint32_t pace_ms;       /* wall ms to sleep after each game step (0: as fast as it goes) */
    uint32_t checkpoint_s;  /* save the chunks held every this many game s (0: the default) */
} region_config;

#define REGION_LEASE_MS 3000u
#define REGION_CHECKPOINT_S 30u

/* Demo options --region K/N, --lease-ms, --pace, --checkpoint-every:
 * 1 = it was one (value used), 0 = not one, -1 = bad value (printed). */
int region_option(region_config *c, const char *opt, const char *value);
void region_usage(FILE *out);

/* The home region of a chunk in column x of a grid `width` wide. */
uint32_t region_home(uint32_t count, uint32_t width, int32_t x);
/* The region that runs chunk (x,y) at game time now. */
uint32_t region_owner(uint32_t count, const player_walk *p, int32_t x, int32_t y, int64_t now);

#endif
