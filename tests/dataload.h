/* dataload.h - for the tests over the real game data: reading a file of
 * data/ (PROD_DATA_DIR) or a converted one (PROD_CONV_DIR, written by
 * the conv_* fixtures of tools/) with cJSON, and a context loaded from a
 * converted recipe file through the plugin. */
#ifndef PROD_DATALOAD_H
#define PROD_DATALOAD_H

#include <cjson/cJSON.h>

#include "testhost.h"

/* The JSON of file in the directory named by environment variable dir_env
 * ("PROD_DATA_DIR" or "PROD_CONV_DIR"); NULL after a failed check when it
 * cannot be read or parsed. Free with cJSON_Delete. */
cJSON *dl_json(const char *dir_env, const char *file);

/* A context over converted recipe file `file` of PROD_CONV_DIR (h->host is
 * the host); NULL after a failed check when init fails. Free with
 * h->api->shutdown. */
prod_ctx *dl_ctx(th_host *h, const char *file);

/* Member key of o; NULL when absent. */
const cJSON *dl_get(const cJSON *o, const char *key);

#endif
