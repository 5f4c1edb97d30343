/* player.c - where the walking player is at a given game time. */
#include "player.h"

void player_cell(const player_walk *p, int64_t now, int32_t *x, int32_t *y)
{
    uint64_t cells = (uint64_t)p->width * p->height;
    uint64_t at = (uint64_t)(now / PLAYER_MOVE_MS) % (cells ? cells : 1);
    *y = (int32_t)(at / p->width);
    *x = (int32_t)(at % p->width);
    if (*y % 2) /* row by row, every other row walked backwards */
        *x = (int32_t)p->width - 1 - *x;
}

static uint32_t dist(int32_t a, int32_t b)
{
    return a > b ? (uint32_t)(a - b) : (uint32_t)(b - a);
}

int player_near(const player_walk *p, int32_t x, int32_t y, int64_t now)
{
    if (!p->view)
        return 1;
    int32_t px, py;
    player_cell(p, now, &px, &py);
    uint32_t d = dist(px, x) > dist(py, y) ? dist(px, x) : dist(py, y);
    return d <= p->view;
}
