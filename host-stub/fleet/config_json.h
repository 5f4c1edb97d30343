/* config_json.h - the coordinator configuration fields a fleet exposes
 * (config_json.c): their option names, their JSON form in a request, and
 * their values in a prod_coord_config. */
#ifndef PRODHOST_FLEET_CONFIG_JSON_H
#define PRODHOST_FLEET_CONFIG_JSON_H

#include <stdio.h>

#include "production.h"

#define FLEET_CFG_COUNT 0u  /* a whole number */
#define FLEET_CFG_SUPPLY 1u /* SCARCE .. ABUNDANT */
#define FLEET_CFG_PRICE 2u  /* credits */
#define FLEET_CFG_PRESET 3u /* conservative, balanced, aggressive */

typedef struct fleet_cfg_field {
    const char *option;  /* "--max-pipelines" */
    const char *key;     /* "max_pipelines" */
    uint32_t field;      /* PROD_COORD_FIELD_* */
    uint32_t kind;       /* FLEET_CFG_* */
} fleet_cfg_field;

extern const fleet_cfg_field FLEET_CFG_FIELDS[];
extern const uint32_t FLEET_CFG_FIELD_COUNT;
extern const char *const FLEET_SUPPLY_NAMES[5]; /* PROD_SUPPLY_SCARCE - 1 .. */
extern const char *const FLEET_PRESET_NAMES[3]; /* PROD_COORD_PRESET_CONSERVATIVE - 1 .. */

/* The field of an option, or NULL. */
const fleet_cfg_field *fleet_cfg_by_option(const char *option);
/* The JSON key of a PROD_COORD_FIELD_*, or NULL when the fleet does not expose it. */
const char *fleet_cfg_key(uint32_t field);
/* Set f's member of *c to v (its value as a double) and its bit. */
void fleet_cfg_set(prod_coord_config *c, const fleet_cfg_field *f, double v);
double fleet_cfg_get(const prod_coord_config *c, uint32_t field);
/* The given members of *c as a JSON object (malloc'd; NULL: out of memory). */
char *fleet_cfg_to_json(const prod_coord_config *c);
/* A request back into *c (fields set from its keys). 0, or -1 when it is
 * not an object of known keys with numbers. */
int fleet_cfg_from_json(const char *json, prod_coord_config *c);
/* One line per field: "max_pipelines 20". */
void fleet_cfg_print(FILE *out, const prod_coord_config *c);

#endif
