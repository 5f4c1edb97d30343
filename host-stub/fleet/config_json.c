/* config_json.c - owns the table of configuration fields a fleet exposes
 * (seed 004's CLI names), and their forms: options, request JSON, the
 * members of a prod_coord_config, the text `fleet config show` prints. */
#include "config_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

const fleet_cfg_field FLEET_CFG_FIELDS[] = {
    {"--max-pipelines", "max_pipelines", PROD_COORD_FIELD_MAX_PIPELINES, FLEET_CFG_COUNT},
    {"--max-workers", "max_workers", PROD_COORD_FIELD_MAX_WORKERS, FLEET_CFG_COUNT},
    {"--collect-start-supply", "collect_start_supply", PROD_COORD_FIELD_COLLECT_START,
     FLEET_CFG_SUPPLY},
    {"--collect-execute-supply", "collect_execute_supply", PROD_COORD_FIELD_COLLECT_EXECUTE,
     FLEET_CFG_SUPPLY},
    {"--acquire-start-supply", "acquire_start_supply", PROD_COORD_FIELD_ACQUIRE_START,
     FLEET_CFG_SUPPLY},
    {"--acquire-execute-supply", "acquire_execute_supply", PROD_COORD_FIELD_ACQUIRE_EXECUTE,
     FLEET_CFG_SUPPLY},
    {"--min-purchase-price", "min_purchase_price", PROD_COORD_FIELD_MIN_PURCHASE_PRICE,
     FLEET_CFG_PRICE},
    {"--max-retries", "max_retries", PROD_COORD_FIELD_MAX_RETRIES, FLEET_CFG_COUNT},
    {"--margin-drop", "margin_drop_pct", PROD_COORD_FIELD_MARGIN_DROP, FLEET_CFG_COUNT},
    {"--preset", "preset", PROD_COORD_FIELD_PRESET, FLEET_CFG_PRESET},
};
const uint32_t FLEET_CFG_FIELD_COUNT = sizeof FLEET_CFG_FIELDS / sizeof FLEET_CFG_FIELDS[0];
const char *const FLEET_SUPPLY_NAMES[5] = {"SCARCE", "LIMITED", "MODERATE", "HIGH", "ABUNDANT"};
const char *const FLEET_PRESET_NAMES[3] = {"conservative", "balanced", "aggressive"};

const fleet_cfg_field *fleet_cfg_by_option(const char *option)
{
    for (uint32_t i = 0; i < FLEET_CFG_FIELD_COUNT; i++)
        if (strcmp(option, FLEET_CFG_FIELDS[i].option) == 0)
            return &FLEET_CFG_FIELDS[i];
    return NULL;
}

const char *fleet_cfg_key(uint32_t field)
{
    for (uint32_t i = 0; i < FLEET_CFG_FIELD_COUNT; i++)
        if (FLEET_CFG_FIELDS[i].field == field)
            return FLEET_CFG_FIELDS[i].key;
    return NULL;
}

/* The uint32_t member of a field, or NULL (min_purchase_price is a double). */
static uint32_t *u32_of(prod_coord_config *c, uint32_t field)
{
    switch (field) {
    case PROD_COORD_FIELD_PRESET: return &c->preset;
    case PROD_COORD_FIELD_MAX_PIPELINES: return &c->max_pipelines;
    case PROD_COORD_FIELD_MAX_WORKERS: return &c->max_workers;
    case PROD_COORD_FIELD_COLLECT_START: return &c->collect_start_supply;
    case PROD_COORD_FIELD_COLLECT_EXECUTE: return &c->collect_execute_supply;
    case PROD_COORD_FIELD_ACQUIRE_START: return &c->acquire_start_supply;
    case PROD_COORD_FIELD_ACQUIRE_EXECUTE: return &c->acquire_execute_supply;
    case PROD_COORD_FIELD_MAX_RETRIES: return &c->max_retries;
    case PROD_COORD_FIELD_MARGIN_DROP: return &c->margin_drop_pct;
    default: return NULL;
    }
}

void fleet_cfg_set(prod_coord_config *c, const fleet_cfg_field *f, double v)
{
    uint32_t *u = u32_of(c, f->field);
    if (u)
        *u = v < 0 ? 0 : v > 4294967295.0 ? UINT32_MAX : (uint32_t)v;
    else
        c->min_purchase_price = v;
    c->fields |= PROD_COORD_F(f->field);
}

double fleet_cfg_get(const prod_coord_config *c, uint32_t field)
{
    uint32_t *u = u32_of((prod_coord_config *)c, field);
    return u ? *u : c->min_purchase_price;
}

char *fleet_cfg_to_json(const prod_coord_config *c)
{
    cJSON *o = cJSON_CreateObject();
    for (uint32_t i = 0; o && i < FLEET_CFG_FIELD_COUNT; i++)
        if (c->fields & PROD_COORD_F(FLEET_CFG_FIELDS[i].field))
            cJSON_AddNumberToObject(o, FLEET_CFG_FIELDS[i].key,
                                    fleet_cfg_get(c, FLEET_CFG_FIELDS[i].field));
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

static const fleet_cfg_field *by_key(const char *key)
{
    for (uint32_t i = 0; key && i < FLEET_CFG_FIELD_COUNT; i++)
        if (strcmp(key, FLEET_CFG_FIELDS[i].key) == 0)
            return &FLEET_CFG_FIELDS[i];
    return NULL;
}

int fleet_cfg_from_json(const char *json, prod_coord_config *c)
{
    cJSON *o = cJSON_Parse(json);
    int rc = cJSON_IsObject(o) ? 0 : -1;
    const cJSON *v;
    cJSON_ArrayForEach(v, o)
    {
        const fleet_cfg_field *f = by_key(v->string);
        if (!f || !cJSON_IsNumber(v) || !isfinite(v->valuedouble))
            rc = -1;
        else
            fleet_cfg_set(c, f, v->valuedouble);
    }
    cJSON_Delete(o);
    return rc;
}

void fleet_cfg_print(FILE *out, const prod_coord_config *c)
{
    for (uint32_t i = 0; i < FLEET_CFG_FIELD_COUNT; i++) {
        const fleet_cfg_field *f = &FLEET_CFG_FIELDS[i];
        double v = fleet_cfg_get(c, f->field);
        if (f->kind == FLEET_CFG_SUPPLY && v >= 1 && v <= 5)
            fprintf(out, "%-24s %s\n", f->key, FLEET_SUPPLY_NAMES[(int)v - 1]);
        else if (f->kind == FLEET_CFG_PRESET && v >= 1 && v <= 3)
            fprintf(out, "%-24s %s\n", f->key, FLEET_PRESET_NAMES[(int)v - 1]);
        else if (f->kind != FLEET_CFG_PRESET)
            fprintf(out, "%-24s %g\n", f->key, v);
    }
}
