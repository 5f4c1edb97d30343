/* status.h - what each prod_status code means, in words for a user. */
#ifndef PRODI_STATUS_H
#define PRODI_STATUS_H

#include "production.h"

/* prod_api.status_str: a static phrase for st; "unknown status" for a code
 * this plugin does not define. Never NULL. */
const char *prodi_status_str(prod_status st);

#endif
