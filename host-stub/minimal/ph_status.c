/* ph_status.c - the table of prod_status names, indexed by -status. */
#include "ph_status.h"

static const char *const NAMES[] = {
    "PROD_OK",             "PROD_ERR_INVALID_ARGUMENT", "PROD_ERR_NO_MEMORY",
    "PROD_ERR_NOT_FOUND",  "PROD_ERR_INSUFFICIENT",     "PROD_ERR_PARSE",
    "PROD_ERR_VALIDATION", "PROD_ERR_NOT_PROVIDED",     "PROD_ERR_HOST",
    "PROD_ERR_VERSION",    "PROD_ERR_IO",               "PROD_ERR_INVENTORY_FULL",
    "PROD_ERR_STATE",      "PROD_ERR_BUSY",             "PROD_ERR_TIME",
    "PROD_ERR_LIMIT",      "PROD_ERR_EXISTS",           "PROD_ERR_FORMAT",
    "PROD_ERR_CYCLE",
};

const char *ph_status_name(prod_status st)
{
    if (st == 1)
        return "PROD_MORE";
    if (st > 0 || -st >= (prod_status)(sizeof NAMES / sizeof NAMES[0]))
        return "unknown status";
    return NAMES[-st];
}
