/* status.h - names for prod_status codes in the host's messages. */
#ifndef PRODHOST_STATUS_H
#define PRODHOST_STATUS_H

#include "production.h"

/* "PROD_ERR_INSUFFICIENT" etc.; "unknown status" for codes this host does not know. */
const char *status_name(prod_status st);

#endif
