/* recipe_export.c - the registry written back as recipe JSON (cJSON), every
 * field explicit and probabilities printed so they read back exactly:
 * loading the output gives the same registry. */
#include "core/registry.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hostbuf.h"

/* A new {"item": ..., "qty": ...} appended to arr, or NULL when out of memory. */
static cJSON *export_entry(cJSON *arr, const prodi_registry *r, prod_item_id item, uint32_t qty)
{
    cJSON *e = cJSON_CreateObject();
    if (!e || !cJSON_AddItemToArray(arr, e)) {
        cJSON_Delete(e);
        return NULL;
    }
    if (!cJSON_AddStringToObject(e, "item", prodi_reg_item_name(r, item)) ||
        !cJSON_AddNumberToObject(e, "qty", qty))
        return NULL;
    return e;
}

static int export_io(cJSON *o, const prodi_registry *r, const prodi_recipe *rc)
{
    char num[32];
    cJSON *ins = cJSON_AddArrayToObject(o, "inputs"), *e;
    for (uint32_t i = 0; ins && i < rc->input_count; i++) {
        const prod_requirement *in = &rc->inputs[i];
        if (!(e = export_entry(ins, r, in->item, in->qty)) ||
            !cJSON_AddBoolToObject(e, "consume", in->consume != 0))
            return 0;
    }
    cJSON *outs = ins ? cJSON_AddArrayToObject(o, "outputs") : NULL;
    for (uint32_t i = 0; outs && i < rc->output_count; i++) {
        const prod_output *out = &rc->outputs[i];
        prodi_fmt_double(num, sizeof num, out->probability);
        if (!(e = export_entry(outs, r, out->item, out->qty)) ||
            !cJSON_AddRawToObject(e, "probability", num))
            return 0;
    }
    return outs != NULL;
}

/* One recipe as compact JSON text (cJSON-allocated) with every field explicit;
 * metadata is parsed back from its text, and left out when there is none. */
static prod_status export_recipe(const prodi_registry *r, const prodi_recipe *rc, char **text,
                                 prodi_errbuf *err)
{
    char num[32];
    cJSON *meta = NULL;
    if (rc->metadata[0] && !(meta = cJSON_ParseWithOpts(rc->metadata, NULL, 1)))
        return prodi_err_set(err, PROD_ERR_VALIDATION,
                             "export: recipe \"%s\": metadata is not valid JSON", rc->id);
    snprintf(num, sizeof num, "%" PRId64, rc->duration_ms);
    cJSON *o = cJSON_CreateObject();
    int ok = o && cJSON_AddStringToObject(o, "id", rc->id) &&
             cJSON_AddStringToObject(o, "name", rc->name) &&
             cJSON_AddStringToObject(o, "category", rc->category) &&
             cJSON_AddRawToObject(o, "duration_ms", num) && export_io(o, r, rc);
    if (ok && meta) {
        ok = cJSON_AddItemToObject(o, "metadata", meta);
        meta = ok ? NULL : meta;
    }
    *text = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(meta);
    cJSON_Delete(o);
    if (!*text)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "export: out of memory at recipe \"%s\"",
                             rc->id);
    return PROD_OK;
}

prod_status prodi_reg_export_json(const prodi_registry *r, char **out, size_t *len,
                                  prodi_errbuf *err)
{
    prodi_hostbuf b;
    prodi_hostbuf_init(&b, prodi_reg_mem(r));
    prod_status st = PROD_OK;
    *out = NULL;
    if (len)
        *len = 0;
    prodi_hostbuf_puts(&b, "{\"recipes\":[");
    for (prod_recipe_ix ix = 0; ix < prodi_reg_recipe_count(r) && st == PROD_OK; ix++) {
        char *text;
        st = export_recipe(r, prodi_reg_recipe(r, ix), &text, err);
        if (st != PROD_OK)
            break;
        prodi_hostbuf_puts(&b, ix ? ",\n" : "\n");
        prodi_hostbuf_puts(&b, text);
        cJSON_free(text);
    }
    prodi_hostbuf_puts(&b, "\n]}\n");
    size_t n = 0;
    if (st != PROD_OK) {
        prodi_hostbuf_free(&b);
        return st;
    }
    if (prodi_hostbuf_take(&b, out, &n) != 0)
        return prodi_err_set(err, PROD_ERR_NO_MEMORY, "export: out of memory");
    if (len)
        *len = n;
    return PROD_OK;
}
