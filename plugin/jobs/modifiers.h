/* modifiers.h - efficiency modifiers: asking the host's sources, combining
 * them multiplicatively, validating, and the rounding rules that turn them
 * into effective quantities and durations. */
#ifndef PRODI_MODIFIERS_H
#define PRODI_MODIFIERS_H

#include "core/context.h"

#define PRODI_MODIFIER_MAX 1000.0
/* The most units of one item a job consumes or yields per cycle after
 * modifiers: what a save holds (save/persist.h PERSIST_MAX_QTY is this) and
 * at least the loader's PRODI_MAX_QTY, so a recipe at modifier 1 fits. A
 * modifier above 1 on such a recipe could pass it, so a start whose
 * effective quantities would fails with PROD_ERR_LIMIT, and so does a load
 * whose recipe grew past it under a job's saved modifiers. */
#define PRODI_MAX_JOB_QTY 1000000000u
_Static_assert(PRODI_MAX_QTY <= PRODI_MAX_JOB_QTY, "a recipe at modifier 1 must fit a job");

prod_modifiers prodi_mods_identity(void);
/* 1 when every factor is finite and within [0, PRODI_MODIFIER_MAX]. */
int prodi_mods_valid(const prod_modifiers *m);
/* Ask every host source in order and multiply. HOST (with text naming the
 * source and the bad value) when a source fails or answers out of range;
 * LIMIT (naming the item) when an effective quantity of the recipe would
 * pass PRODI_MAX_JOB_QTY. */
prod_status prodi_mods_resolve(const prod_ctx *ctx, uint64_t manager_tag, uint64_t owner,
                               uint64_t inventory, prod_recipe_ix recipe, int64_t now,
                               prod_modifiers *out, prodi_errbuf *err);
/* LIMIT (text naming the recipe, the item and the amount) when an
 * effective quantity of recipe r under m would pass PRODI_MAX_JOB_QTY. */
prod_status prodi_mods_check_qty(const prodi_registry *reg, const prodi_recipe *r,
                                 const prod_modifiers *m, prodi_errbuf *err);
/* ceil(base * cost), at least 1. Products within 1e-9 (relative) of an
 * integer count as that integer, so 100 x (0.9 x 0.8) is 72, not 73.
 * Saturates at UINT32_MAX (never wraps; a start is refused before that). */
uint32_t prodi_mods_input_qty(uint32_t base, double cost);
/* floor(base * yield), same snapping. */
uint32_t prodi_mods_output_qty(uint32_t base, double yield);
/* round(base * speed) (half up); a timed recipe (base > 0) never drops below
 * 1 ms, whatever the speed. */
int64_t prodi_mods_duration(int64_t base, double speed);

#endif
