/* ph_status.h - names for prod_status codes, for a host's messages (the
 * plugin gives numbers; a log line wants "PROD_ERR_INSUFFICIENT"). */
#ifndef PH_STATUS_H
#define PH_STATUS_H

#include "production.h"

/* "PROD_OK", "PROD_MORE", "PROD_ERR_INSUFFICIENT", ...; "unknown status" for
 * a code this header does not know. The string is static. */
const char *ph_status_name(prod_status st);

#endif
