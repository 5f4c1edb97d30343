/* config.h - a coordinator's runtime configuration (seed 004): the field
 * table (every member's range and the design's default), presets, whole
 * validation, partial updates over a base, the context-wide defaults, and
 * the application of a pending update by a tick (history and events). */
#ifndef PRODI_COORD_CONFIG_H
#define PRODI_COORD_CONFIG_H

#include "pipeline/coord.h"

/* The design's defaults, every field bit set. */
void prodi_coord_cfg_defaults(prod_coord_config *out);
/* Apply the members of `upd` given by its fields over *base (preset first,
 * the fields given beside it win), validate the result whole and store it
 * in *base; on error *base is unchanged and err says which field and why
 * (INVALID_ARGUMENT, VERSION). allow_tag: the tag may be given (create). */
prod_status prodi_coord_cfg_merge(prodi_errbuf *err, const char *who, prod_coord_config *base,
                                  const prod_coord_config *upd, int allow_tag);
/* A validated configuration's copy for coord_config_get: every bit set, the
 * preset the thresholds match (0 when none), copied out to the caller's size. */
void prodi_coord_cfg_out(const prod_coord_config *cfg, prod_coord_config *out);
/* Apply c->pending at a tick: each changed field into the history and a
 * CONFIG_CHANGED event. Returns the PROD_COORD_F_* bits that changed. */
uint64_t prodi_coord_cfg_apply(prod_coordinator *c);
/* The value of field f of cfg as a double (every field fits one exactly),
 * and the number of fields in the saved form. */
double prodi_coord_cfg_value(const prod_coord_config *cfg, uint32_t f);
/* Set field f from a double; 0, or -1 when v is outside its range. */
int prodi_coord_cfg_set_value(prod_coord_config *cfg, uint32_t f, double v);
/* 1 when field f is a setting kept in the configuration (not tag or preset). */
int prodi_coord_cfg_is_setting(uint32_t f);
/* INVALID_ARGUMENT naming the rule a complete configuration breaks, else OK. */
prod_status prodi_coord_cfg_check(prodi_errbuf *err, const char *who, const prod_coord_config *c);
/* Append one change to the history ring (oldest dropped past PROD_COORD_HISTORY). */
void prodi_coord_history_add(prod_coordinator *c, const prod_coord_config_change *ch);

/* Context-wide defaults from prod_init_params.coord_defaults (NULL: the
 * design's): validated, stored in ctx->coord_defaults. */
prod_status prodi_coord_defaults_init(prod_ctx *ctx, const prod_coord_config *defaults,
                                      prodi_errbuf *err);
void prodi_coord_defaults_free(prod_ctx *ctx);

#endif
