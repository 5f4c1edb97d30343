/* status.c - the phrase for each prod_status code (prod_api.status_str):
 * what the code means to someone reading a message, not which call failed
 * (that is the error text of the context or the manager). */
#include "core/status.h"

/* Indexed by -status for the errors; PROD_OK and PROD_MORE are the two
 * codes >= 0. */
static const char *const ERRORS[] = {
    "not an error",
    "invalid argument",
    "out of memory",
    "not found",
    "not enough inputs in the inventory",
    "recipe file is not valid JSON",
    "recipe file breaks the recipe schema",
    "the host does not provide what this needs",
    "the host answered with an invalid value",
    "version or struct size not supported",
    "recipe file could not be read",
    "the inventory has no room for the items",
    "not possible in the current state",
    "busy: another call is using this manager",
    "time out of range or going backwards",
    "a size or count limit was exceeded",
    "already exists",
    "saved data is damaged or not a production save",
    "the recipes form a cycle",
};

const char *prodi_status_str(prod_status st)
{
    if (st == PROD_MORE)
        return "more work is due: call tick again";
    if (st > 0 || -(int64_t)st >= (int64_t)(sizeof ERRORS / sizeof ERRORS[0]))
        return "unknown status";
    return ERRORS[-st];
}
