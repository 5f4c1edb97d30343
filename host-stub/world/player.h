/* player.h - the demo's walking player: it walks the chunk grid row by row
 * (every other row backwards), one chunk every PLAYER_MOVE_MS game ms, and
 * the host acts (logistics, starts, cancels) only in chunks within `view` of
 * it. A function of game time only, so every server of a world agrees on
 * where the player is. */
#ifndef PRODHOST_PLAYER_H
#define PRODHOST_PLAYER_H

#include <stdint.h>

#define PLAYER_MOVE_MS 15000

typedef struct player_walk {
    uint32_t view; /* 0: no player, the host acts everywhere */
    uint32_t width, height;
} player_walk;

/* The chunk the player stands on at now. */
void player_cell(const player_walk *p, int64_t now, int32_t *x, int32_t *y);
/* 1 if chunk (x,y) is within view of the player at now (always 1 without one). */
int player_near(const player_walk *p, int32_t x, int32_t y, int64_t now);

#endif
